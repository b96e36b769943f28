package io.jobserver.client.load;

/** Thrown when a load test cannot start; the message says why and what to do. */
public final class LoadTestException extends RuntimeException {

    LoadTestException(String message) {
        super(message);
    }
}
