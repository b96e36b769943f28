package io.jobserver.store.postgres;

import io.jobserver.processing.Job;
import io.jobserver.store.JobStatus;

/** The end of a replica's attempt at a job: completed, or failed with {@code error}. */
public record JobOutcome(Job job, JobStatus status, String error) {
}
