package io.jobserver.client.http;

import java.util.Locale;
import java.util.Optional;

/** Lifecycle state of a job as job-server reports it; a job only moves forward through these. */
public enum JobStatus {
    PENDING,
    PROCESSING,
    COMPLETED,
    FAILED;

    /** Returns whether the job can no longer change state. */
    public boolean isFinal() {
        return this == COMPLETED || this == FAILED;
    }

    /** Returns the name the server uses in JSON, such as {@code processing}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Returns the status with the given wire name, or empty when the server sent an unknown one. */
    public static Optional<JobStatus> fromWireName(String wireName) {
        for (JobStatus status : values()) {
            if (status.wireName().equals(wireName)) {
                return Optional.of(status);
            }
        }
        return Optional.empty();
    }
}
