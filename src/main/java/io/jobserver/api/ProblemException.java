package io.jobserver.api;

import jakarta.ws.rs.core.Response;

/**
 * Thrown by the API to answer a request with a problem-details error; the message becomes the
 * {@code detail} shown to the client, so it must explain what to fix.
 */
public class ProblemException extends RuntimeException {

    private final Response.Status status;

    public ProblemException(Response.Status status, String detail) {
        super(detail, null, false, false);
        this.status = status;
    }

    public Response.Status status() {
        return status;
    }

    public static ProblemException badRequest(String detail) {
        return new ProblemException(Response.Status.BAD_REQUEST, detail);
    }
}
