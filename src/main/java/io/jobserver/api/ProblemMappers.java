package io.jobserver.api;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.jobserver.dispatch.JobRejectedException;
import io.jobserver.metrics.JobMetrics;
import io.jobserver.store.StoreUnavailableException;

/**
 * Turns every exception that reaches the API into a problem-details response. Client mistakes are
 * logged at DEBUG at most; only unexpected failures are logged at ERROR, with their stack trace,
 * which never reaches the client.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    private final JobMetrics metrics;

    public ProblemMappers(JobMetrics metrics) {
        this.metrics = metrics;
    }

    @ServerExceptionMapper
    public Response mapProblem(ProblemException e, UriInfo uriInfo) {
        LOG.debugf("Rejected request to %s with %d: %s", uriInfo.getPath(), e.status().getStatusCode(), e.getMessage());
        return problem(e.status().getStatusCode(), e.getMessage(), uriInfo).build();
    }

    @ServerExceptionMapper
    public Response mapRejected(JobRejectedException e, UriInfo uriInfo) {
        LOG.debugf("Rejected job (%s): %s", e.reason(), e.getMessage());
        return problem(Response.Status.SERVICE_UNAVAILABLE.getStatusCode(), e.getMessage(), uriInfo)
                .header(HttpHeaders.RETRY_AFTER, Math.max(1, e.retryAfter().toSeconds()))
                .build();
    }

    @ServerExceptionMapper
    public Response mapStoreUnavailable(StoreUnavailableException e, UriInfo uriInfo) {
        // The store logged the outage once; one line per request would flood the log.
        LOG.debugf("Answered 503 to %s: %s", uriInfo.getPath(), e.getMessage());
        return problem(Response.Status.SERVICE_UNAVAILABLE.getStatusCode(),
                "The job store is unavailable, so the request could not be served. Retry later.", uriInfo)
                .header(HttpHeaders.RETRY_AFTER, Math.max(1, e.retryAfter().toSeconds()))
                .build();
    }

    @ServerExceptionMapper
    public Response mapWebApplication(WebApplicationException e, UriInfo uriInfo, Request request) {
        int status = e.getResponse().getStatus();
        if (status == 415 && "POST".equals(request.getMethod()) && pathOf(uriInfo).equals("/job")) {
            metrics.recordRejected(JobMetrics.RejectionTag.INVALID);
        }
        Response.ResponseBuilder builder = problem(status, detailFor(status, request.getMethod(), uriInfo), uriInfo);
        if (status == 405) {
            builder.header(HttpHeaders.ALLOW, allowedMethods(pathOf(uriInfo)));
        }
        if (status >= 500) {
            LOG.errorf(e, "Request to %s failed", uriInfo.getPath());
        }
        return builder.build();
    }

    @ServerExceptionMapper
    public Response mapUnexpected(Throwable e, UriInfo uriInfo) {
        LOG.errorf(e, "Unexpected error while handling a request to %s", uriInfo.getPath());
        return problem(500, "The server failed to handle the request. The error was logged; retry later.", uriInfo).build();
    }

    /** Returns the methods the API serves on {@code path}, for the Allow header that a 405 must carry. */
    private static String allowedMethods(String path) {
        return path.equals("/job") ? "POST, OPTIONS" : "GET, HEAD, OPTIONS";
    }

    private static String detailFor(int status, String method, UriInfo uriInfo) {
        switch (status) {
            case 404:
                return ProblemResponses.notFoundDetail(pathOf(uriInfo));
            case 405:
                return method + " is not allowed on " + pathOf(uriInfo) + ". The API has POST /job and GET /status/{job_id}.";
            case 406:
                return "This API responds only with application/json.";
            case 415:
                return "The request body must be JSON: send it with the header Content-Type: application/json.";
            case 400:
                return "The request is invalid.";
            default:
                return ProblemResponses.titleOf(status) + ".";
        }
    }

    private static Response.ResponseBuilder problem(int status, String detail, UriInfo uriInfo) {
        return ProblemResponses.builder(status, detail, pathOf(uriInfo));
    }

    private static String pathOf(UriInfo uriInfo) {
        String path = uriInfo.getPath();
        return path.startsWith("/") ? path : "/" + path;
    }
}
