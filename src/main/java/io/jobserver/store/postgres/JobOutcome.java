package io.jobserver.store.postgres;

import io.jobserver.processing.Job;
import io.jobserver.store.JobStatus;

/** How a replica's attempt at a job ended: completed, or failed with {@code error}. */
public record JobOutcome(Job job, JobStatus status, String error) {
}
