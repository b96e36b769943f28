package io.jobserver.store;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Lifecycle state of a job. A job only moves forward: pending, then processing, then completed or
 * failed, which are final. A pending job may also go straight to failed when it is abandoned.
 */
@RegisterForReflection
public enum JobStatus {
    PENDING,
    PROCESSING,
    COMPLETED,
    FAILED;

    /** Name of this status on the wire: lowercase, as in {@code "pending"}. */
    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean isFinal() {
        return this == COMPLETED || this == FAILED;
    }

    /** Tells whether a job in this status may move to {@code next}; final statuses never change. */
    public boolean canMoveTo(JobStatus next) {
        return !isFinal() && next.ordinal() > ordinal();
    }
}
