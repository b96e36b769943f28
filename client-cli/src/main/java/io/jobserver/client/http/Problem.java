package io.jobserver.client.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/**
 * An RFC 9457 problem detail sent by the server with an error status.
 *
 * @param status the HTTP status code of the response
 * @param title short summary of the problem type, or the standard reason phrase when the body had none
 * @param detail explanation specific to this request, or empty
 */
public record Problem(int status, String title, String detail) {

    /**
     * Reads a problem detail from an error response, falling back to the status line when the body is
     * not a problem document, because proxies and old servers answer with plain text or HTML.
     */
    public static Problem from(ServerResponse response) {
        String title = reasonPhrase(response.statusCode());
        String detail = "";
        Buffer body = response.body();
        if (body != null && body.length() > 0) {
            try {
                JsonObject json = new JsonObject(body);
                title = json.getValue("title") instanceof String text && !text.isBlank() ? text : title;
                detail = json.getValue("detail") instanceof String text ? text : "";
            } catch (DecodeException | ClassCastException e) {
                detail = "";
            }
        }
        return new Problem(response.statusCode(), title, detail);
    }

    /** Returns a one-line description such as {@code 413 Payload Too Large: payload exceeds 262144 bytes}. */
    public String describe() {
        String head = status + " " + title;
        return detail.isBlank() ? head : head + ": " + detail;
    }

    /**
     * Returns {@link #describe()} as a sentence, ending in a period unless the server's detail already ends a
     * sentence, so that a caller can append further sentences with a space.
     */
    public String describeAsSentence() {
        return endSentence(describe());
    }

    /** Returns the text with a period added unless it already ends in a period, question mark or exclamation mark. */
    public static String endSentence(String text) {
        String stripped = text.strip();
        return stripped.endsWith(".") || stripped.endsWith("?") || stripped.endsWith("!") ? stripped : stripped + ".";
    }

    /** Returns the standard reason phrase of the statuses job-server uses, or a generic one. */
    static String reasonPhrase(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 413 -> "Payload Too Large";
            case 415 -> "Unsupported Media Type";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> status >= 500 ? "Server Error" : status >= 400 ? "Client Error" : "Unexpected Status";
        };
    }
}
