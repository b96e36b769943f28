package io.jobserver.dispatch;

import java.time.Duration;

/**
 * Thrown when the dispatcher cannot accept a job right now. No job was created, and the same
 * request may succeed after {@link #retryAfter()}.
 */
public class JobRejectedException extends Exception {

    private final RejectionReason reason;
    private final Duration retryAfter;

    public JobRejectedException(RejectionReason reason, Duration retryAfter, String message) {
        super(message, null, false, false);
        this.reason = reason;
        this.retryAfter = retryAfter;
    }

    public RejectionReason reason() {
        return reason;
    }

    /** Suggested wait before the client tries again. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
