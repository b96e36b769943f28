package io.jobserver.processing;

import java.time.Instant;

/**
 * A job accepted by the server: its ID, the string to process and the time it was accepted.
 */
public record Job(long id, String payload, Instant createdAt) {
}
