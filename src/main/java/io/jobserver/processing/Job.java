package io.jobserver.processing;

import java.time.Instant;

/**
 * A job accepted by the server: its ID, the string to process, the time it was accepted, and
 * which attempt this run is. The attempt is 1 unless the PostgreSQL store reruns a job whose
 * replica died, so a processor can use it to detect a possible repeat.
 */
public record Job(long id, String payload, Instant createdAt, int attempt) {

    public Job(long id, String payload, Instant createdAt) {
        this(id, payload, createdAt, 1);
    }
}
