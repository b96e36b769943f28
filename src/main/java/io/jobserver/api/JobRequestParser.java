package io.jobserver.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import jakarta.inject.Singleton;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

import io.jobserver.JobsConfig;

/**
 * Reads the payload out of a {@code POST /job} body, {@code {"payload": "..."}}, and rejects
 * everything else with a problem whose detail explains what to fix. The payload must be a JSON string:
 * numbers, booleans and objects are rejected rather than converted. Other fields are ignored.
 */
@Singleton
public class JobRequestParser {

    /** Deepest JSON nesting accepted; a valid request needs one level. */
    static final int MAX_NESTING_DEPTH = 32;

    private static final String EXAMPLE = "{\"payload\": \"Process this job!\"}";

    private final ObjectReader reader;
    private final long maxPayloadBytes;

    public JobRequestParser(JobsConfig config) {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        this.reader = new ObjectMapper(factory).reader();
        this.maxPayloadBytes = config.payload().maxSize().asLongValue();
    }

    /**
     * Returns the payload of {@code body}.
     *
     * @throws ProblemException with 400 for a body that is not a JSON object with a string
     *         {@code payload}, or with 413 for a payload over {@code jobs.payload.max-size}
     */
    public String parsePayload(byte[] body) {
        JsonNode root = readJson(body);
        if (!root.isObject()) {
            throw ProblemException.badRequest("The request body must be a JSON object such as " + EXAMPLE
                    + ", but it is " + describe(root) + ".");
        }

        JsonNode payload = root.get("payload");
        if (payload == null) {
            throw ProblemException.badRequest("The field \"payload\" is missing. Send a JSON object such as " + EXAMPLE + ".");
        }
        if (!payload.isTextual()) {
            throw ProblemException.badRequest("The field \"payload\" must be a JSON string, but it is " + describe(payload) + ".");
        }

        String text = payload.textValue();
        int unpaired = indexOfUnpairedSurrogate(text);
        if (unpaired >= 0) {
            // Such a string has no UTF-8 form, so a store would have to alter it.
            throw ProblemException.badRequest(String.format(Locale.ROOT, "The payload is not valid Unicode text:"
                    + " character %d is the unpaired surrogate \\u%04X. Escape characters outside the Basic"
                    + " Multilingual Plane as a complete pair, such as \\uD83D\\uDE00, or send them as UTF-8.",
                    unpaired, (int) text.charAt(unpaired)));
        }
        if (body.length > maxPayloadBytes) {
            long payloadBytes = text.getBytes(StandardCharsets.UTF_8).length;
            if (payloadBytes > maxPayloadBytes) {
                throw new ProblemException(Response.Status.REQUEST_ENTITY_TOO_LARGE, "The payload is " + payloadBytes
                        + " bytes long in UTF-8, but the maximum is " + maxPayloadBytes + " bytes.");
            }
        }
        return text;
    }

    /** Returns the index of the first surrogate in {@code text} that is not part of a pair, or -1. */
    static int indexOfUnpairedSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    private JsonNode readJson(byte[] body) {
        if (body == null || body.length == 0) {
            throw ProblemException.badRequest("The request body is empty. Send a JSON object such as " + EXAMPLE + ".");
        }
        JsonNode root;
        try (JsonParser parser = reader.createParser(body)) {
            root = reader.readTree(parser);
            if (root != null && parser.nextToken() != null) {
                throw ProblemException.badRequest("The request body has more content after the JSON value"
                        + locationOf(parser.currentTokenLocation()) + ". Send exactly one JSON object.");
            }
        } catch (StreamConstraintsException e) {
            throw ProblemException.badRequest("The JSON body is nested more than " + MAX_NESTING_DEPTH + " levels deep.");
        } catch (JsonProcessingException e) {
            throw ProblemException.badRequest("The request body is not valid JSON: " + e.getOriginalMessage() + locationOf(e.getLocation()) + ".");
        } catch (IOException e) {
            throw ProblemException.badRequest("The request body could not be read as JSON.");
        }
        if (root == null || root.isMissingNode()) {
            throw ProblemException.badRequest("The request body is empty. Send a JSON object such as " + EXAMPLE + ".");
        }
        return root;
    }

    private static String locationOf(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    private static String describe(JsonNode node) {
        switch (node.getNodeType()) {
            case ARRAY:
                return "an array";
            case OBJECT:
                return "an object";
            case NUMBER:
                return "a number";
            case BOOLEAN:
                return "a boolean";
            case NULL:
                return "null";
            case STRING:
                return "a string";
            default:
                return "not a JSON value";
        }
    }
}
