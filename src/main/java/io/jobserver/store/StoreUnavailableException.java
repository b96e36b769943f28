package io.jobserver.store;

import java.time.Duration;

/**
 * Thrown when the job store cannot be reached, as during a database outage. The request created
 * nothing that the client can see and may succeed after {@link #retryAfter()}.
 */
public class StoreUnavailableException extends RuntimeException {

    /** Suggested wait before a retry: long enough for a database failover or restart to make progress. */
    public static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreUnavailableException(String message) {
        super(message);
    }

    public Duration retryAfter() {
        return RETRY_AFTER;
    }
}
