package io.jobserver.client.simulate;

import io.jobserver.client.http.JobStatus;

/** What a simulated client knows about one of its accepted jobs. */
public enum SimulatedJobState {
    PENDING,
    PROCESSING,
    COMPLETED,
    FAILED,
    /** The server answered 404 for a job this client submitted: its record expired or was lost. */
    EXPIRED;

    /** Returns whether the job can no longer change state. */
    public boolean isFinal() {
        return this == COMPLETED || this == FAILED || this == EXPIRED;
    }

    static SimulatedJobState of(JobStatus status) {
        return switch (status) {
            case PENDING -> PENDING;
            case PROCESSING -> PROCESSING;
            case COMPLETED -> COMPLETED;
            case FAILED -> FAILED;
        };
    }
}
