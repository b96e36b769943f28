package io.jobserver.client.http;

/** Thrown when the server's response does not follow the job-server API, for example a body that is not JSON. */
public final class UnexpectedResponseException extends RuntimeException {

    UnexpectedResponseException(String message) {
        super(message);
    }
}
