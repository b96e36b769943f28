package io.jobserver.store;

import java.time.Instant;
import java.util.Objects;

/**
 * Immutable snapshot of one job's status. Each change of status replaces the whole record, so a
 * reader sees either the old record or the new one, never a mix.
 *
 * @param startedAt null until the job is processing
 * @param finishedAt null until the job is completed or failed
 * @param error null unless the job failed
 * @param attempts number of times a worker started the job; the in-memory store, which never
 *        reruns a job, leaves it at 0
 */
public record JobRecord(long id, JobStatus status, Instant createdAt, Instant startedAt, Instant finishedAt, String error,
        int attempts) {

    public JobRecord {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    public JobRecord(long id, JobStatus status, Instant createdAt, Instant startedAt, Instant finishedAt, String error) {
        this(id, status, createdAt, startedAt, finishedAt, error, 0);
    }

    public static JobRecord pending(long id, Instant createdAt) {
        return new JobRecord(id, JobStatus.PENDING, createdAt, null, null, null);
    }

    public JobRecord processing(Instant now) {
        return new JobRecord(id, JobStatus.PROCESSING, createdAt, now, null, null);
    }

    public JobRecord completed(Instant now) {
        return new JobRecord(id, JobStatus.COMPLETED, createdAt, startedAt, now, null);
    }

    public JobRecord failed(Instant now, String message) {
        return new JobRecord(id, JobStatus.FAILED, createdAt, startedAt, now, message);
    }

    public boolean isFinished() {
        return status.isFinal();
    }
}
