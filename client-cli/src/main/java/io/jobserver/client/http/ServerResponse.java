package io.jobserver.client.http;

import io.vertx.core.buffer.Buffer;
import java.time.Duration;
import java.util.Optional;

/**
 * An HTTP response read in full.
 *
 * @param statusCode the HTTP status code
 * @param contentType the Content-Type header, or empty
 * @param retryAfter the delay the Retry-After header asks for, when it holds a number of seconds
 * @param body the response body, possibly empty
 */
public record ServerResponse(int statusCode, String contentType, Optional<Duration> retryAfter, Buffer body) {

    /** Returns the delay a Retry-After header asks for, or empty when the header is missing or not a number of seconds. */
    static Optional<Duration> parseRetryAfter(String header) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        try {
            long seconds = Long.parseLong(header.strip());
            return seconds < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(seconds));
        } catch (NumberFormatException e) {
            // An HTTP date is also allowed by RFC 9110, but job-server sends seconds; callers then use their own backoff.
            return Optional.empty();
        }
    }

    /** Returns the start of the body as text for error messages, cut to a readable length. */
    public String bodyExcerpt() {
        String text = body == null ? "" : body.toString().strip().replaceAll("\\s+", " ");
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }
}
