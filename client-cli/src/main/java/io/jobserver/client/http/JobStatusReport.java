package io.jobserver.client.http;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Body of a {@code GET /status/{job_id}} response.
 *
 * @param jobId the job's ID
 * @param status the job's current status
 * @param createdAt when the server accepted the job, if it said
 * @param startedAt when a worker started the job, if it did
 * @param finishedAt when the job completed or failed, if it did
 * @param error the failure message of a failed job, if any
 */
public record JobStatusReport(
        long jobId,
        JobStatus status,
        Optional<Instant> createdAt,
        Optional<Instant> startedAt,
        Optional<Instant> finishedAt,
        Optional<String> error) {

    /** Returns the server-side time from acceptance to the final state, when both timestamps are known. */
    public Optional<Duration> timeToFinish() {
        if (createdAt.isEmpty() || finishedAt.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(Duration.between(createdAt.get(), finishedAt.get()));
    }
}
