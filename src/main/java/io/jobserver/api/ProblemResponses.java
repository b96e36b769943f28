package io.jobserver.api;

import jakarta.ws.rs.core.Response;

/** Builds problem-details answers, shared by the exception mappers and the HTTP-level error handlers. */
final class ProblemResponses {

    private ProblemResponses() {
    }

    static Response.ResponseBuilder builder(int status, String detail, String path) {
        ProblemDetail body = new ProblemDetail("about:blank", titleOf(status), status, detail, path);
        return Response.status(status).type(ProblemDetail.MEDIA_TYPE).entity(body);
    }

    static String titleOf(int status) {
        Response.Status known = Response.Status.fromStatusCode(status);
        return known != null ? known.getReasonPhrase() : "HTTP " + status;
    }

    static String notFoundDetail(String path) {
        return "Nothing is served at " + path + ". The API has POST /job and GET /status/{job_id}.";
    }
}
