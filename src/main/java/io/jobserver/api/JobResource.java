package io.jobserver.api;

import java.util.regex.Pattern;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.jobserver.HumanDuration;
import io.jobserver.JobsConfig;
import io.jobserver.dispatch.JobDispatcher;
import io.jobserver.dispatch.JobRejectedException;
import io.jobserver.store.InMemoryJobStore;
import io.smallrye.common.annotation.NonBlocking;

/**
 * The job API: {@code POST /job} accepts a job and {@code GET /status/{job_id}} reports its status.
 * Errors are sent as problem details by {@link ProblemMappers}. Both endpoints run on the I/O
 * threads: they only parse a buffered body, take a short lock or read a map, and never block.
 */
@Path("/")
@NonBlocking
public class JobResource {

    /** A positive decimal integer of at most 19 digits; the range check against long follows. */
    private static final Pattern JOB_ID = Pattern.compile("[0-9]{1,19}");

    private final JobDispatcher dispatcher;
    private final InMemoryJobStore store;
    private final JobRequestParser parser;
    private final JobsConfig config;

    public JobResource(JobDispatcher dispatcher, InMemoryJobStore store, JobRequestParser parser, JobsConfig config) {
        this.dispatcher = dispatcher;
        this.store = store;
        this.parser = parser;
        this.config = config;
    }

    @POST
    @Path("job")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response submit(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, byte[] body)
            throws JobRejectedException {
        if (contentType == null || contentType.isBlank()) {
            // Quarkus REST lets a request without Content-Type through to a JSON-only method.
            throw new ProblemException(Response.Status.UNSUPPORTED_MEDIA_TYPE,
                    "The request has no Content-Type. Send the job as JSON with the header Content-Type: application/json.");
        }
        String payload = parser.parsePayload(body);
        long id = dispatcher.submit(payload);
        return Response.accepted(new JobAcceptedResponse(id))
                .header(HttpHeaders.LOCATION, "/status/" + id)
                .build();
    }

    @GET
    @Path("status/{job_id}")
    @Produces(MediaType.APPLICATION_JSON)
    public JobStatusResponse status(@PathParam("job_id") String jobId) {
        long id = parseJobId(jobId);
        return store.find(id)
                .map(JobStatusResponse::of)
                .orElseThrow(() -> jobNotFound(id));
    }

    private static long parseJobId(String text) {
        if (JOB_ID.matcher(text).matches()) {
            try {
                long id = Long.parseLong(text);
                if (id > 0) {
                    return id;
                }
            } catch (NumberFormatException e) {
                // 19 digits can still exceed Long.MAX_VALUE; rejected below like any other bad ID.
            }
        }
        throw ProblemException.badRequest("The job ID must be a positive integer no greater than "
                + Long.MAX_VALUE + ", but is \"" + text + "\".");
    }

    private ProblemException jobNotFound(long id) {
        String detail;
        if (id > store.lastIssuedId()) {
            detail = "Job " + id + " does not exist: no job with this ID was submitted to this server since it started.";
        } else {
            detail = "Job " + id + " was not found: it finished and its record expired. Finished jobs are kept for "
                    + HumanDuration.format(config.retention().ttl()) + ", and at most " + config.retention().maxFinished() + " of them.";
        }
        return new ProblemException(Response.Status.NOT_FOUND, detail);
    }
}
