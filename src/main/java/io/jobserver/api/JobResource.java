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

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import io.jobserver.HumanDuration;
import io.jobserver.JobsConfig;
import io.jobserver.dispatch.JobDispatcher;
import io.jobserver.dispatch.JobRejectedException;
import io.jobserver.metrics.JobMetrics;
import io.jobserver.store.JobStore;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * The job API: {@code POST /job} accepts a job and {@code GET /status/{job_id}} reports its status.
 * Errors are sent as problem details by {@link ProblemMappers}. Both endpoints run on the I/O
 * threads and never block. With the in-memory store they only parse a buffered body, take a short
 * lock or read a map. With the PostgreSQL store a submission waits for its batch's commit, and a
 * status read for its batch's query, without holding a thread.
 */
@Path("/")
@NonBlocking
public class JobResource {

    /** A positive decimal integer of at most 19 digits; the range check against long follows. */
    private static final Pattern JOB_ID = Pattern.compile("[0-9]{1,19}");

    private final JobDispatcher dispatcher;
    private final JobStore store;
    private final JobRequestParser parser;
    private final JobsConfig config;
    private final JobMetrics metrics;

    public JobResource(JobDispatcher dispatcher, JobStore store, JobRequestParser parser, JobsConfig config,
            JobMetrics metrics) {
        this.dispatcher = dispatcher;
        this.store = store;
        this.parser = parser;
        this.config = config;
        this.metrics = metrics;
    }

    @POST
    @Path("job")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Submit a job", description = "Queues the job and responds at once; a worker processes it later.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = SubmitJobRequest.class),
            examples = @ExampleObject(name = "job", value = "{\"payload\": \"Process this job!\"}")))
    @APIResponse(responseCode = "202", description = "Accepted: the job is queued",
            headers = @Header(name = HttpHeaders.LOCATION, description = "Where to read the job's status, as in /status/1",
                    schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = JobAcceptedResponse.class),
                    examples = @ExampleObject(name = "accepted", value = "{\"job_id\": 1}")))
    @APIResponse(responseCode = "400", description = "The body is not a JSON object with a string payload",
            content = @Content(mediaType = ProblemDetail.MEDIA_TYPE, schema = @Schema(implementation = ProblemDetail.class),
                    examples = @ExampleObject(name = "payload not a string", value = ProblemExamples.PAYLOAD_NOT_STRING)))
    @APIResponse(responseCode = "413", description = "The payload or the body is too large",
            content = @Content(mediaType = ProblemDetail.MEDIA_TYPE, schema = @Schema(implementation = ProblemDetail.class),
                    examples = @ExampleObject(name = "payload too large", value = ProblemExamples.PAYLOAD_TOO_LARGE)))
    @APIResponse(responseCode = "415", description = "The body is not declared as application/json",
            content = @Content(mediaType = ProblemDetail.MEDIA_TYPE, schema = @Schema(implementation = ProblemDetail.class),
                    examples = @ExampleObject(name = "not JSON", value = ProblemExamples.NOT_JSON)))
    @APIResponse(responseCode = "503", description = "The queue is full, the server is shutting down or the job store is"
            + " unavailable; retry after Retry-After seconds",
            headers = @Header(name = HttpHeaders.RETRY_AFTER, description = "Seconds to wait before retrying",
                    schema = @Schema(type = SchemaType.INTEGER)),
            content = @Content(mediaType = ProblemDetail.MEDIA_TYPE, schema = @Schema(implementation = ProblemDetail.class),
                    examples = @ExampleObject(name = "queue full", value = ProblemExamples.QUEUE_FULL)))
    public Uni<Response> submit(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, byte[] body)
            throws JobRejectedException {
        String payload;
        try {
            payload = parsePayload(contentType, body);
        } catch (ProblemException e) {
            metrics.recordRejected(JobMetrics.RejectionTag.INVALID);
            throw e;
        }
        return Uni.createFrom().completionStage(dispatcher.submitAsync(payload))
                .map(id -> Response.accepted(new JobAcceptedResponse(id))
                        .header(HttpHeaders.LOCATION, "/status/" + id)
                        .build());
    }

    @GET
    @Path("status/{job_id}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Read a job's status")
    @APIResponse(responseCode = "200", description = "The job's current status",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = JobStatusResponse.class),
                    examples = @ExampleObject(name = "completed", value = ProblemExamples.COMPLETED_STATUS)))
    @APIResponse(responseCode = "400", description = "The job ID is not a positive 64-bit integer",
            content = @Content(mediaType = ProblemDetail.MEDIA_TYPE, schema = @Schema(implementation = ProblemDetail.class),
                    examples = @ExampleObject(name = "invalid ID", value = ProblemExamples.INVALID_ID)))
    @APIResponse(responseCode = "404", description = "No such job: never submitted, or finished and expired",
            content = @Content(mediaType = ProblemDetail.MEDIA_TYPE, schema = @Schema(implementation = ProblemDetail.class),
                    examples = @ExampleObject(name = "unknown job", value = ProblemExamples.UNKNOWN_JOB)))
    @APIResponse(responseCode = "503", description = "The job store is unavailable; retry after Retry-After seconds",
            headers = @Header(name = HttpHeaders.RETRY_AFTER, description = "Seconds to wait before retrying",
                    schema = @Schema(type = SchemaType.INTEGER)),
            content = @Content(mediaType = ProblemDetail.MEDIA_TYPE, schema = @Schema(implementation = ProblemDetail.class)))
    public Uni<JobStatusResponse> status(
            @Parameter(description = "The ID that POST /job returned", example = "1",
                    schema = @Schema(type = SchemaType.INTEGER, format = "int64", minimum = "1"))
            @PathParam("job_id") String jobId) {
        long id = parseJobId(jobId);
        return Uni.createFrom().completionStage(() -> store.findAsync(id))
                .onItem().transformToUni(found -> found.isPresent()
                        ? Uni.createFrom().item(JobStatusResponse.of(found.get()))
                        : notFound(id));
    }

    /** Fails with the 404 for {@code id}, whose detail may need a store read, off the event loop if that blocks. */
    private Uni<JobStatusResponse> notFound(long id) {
        Uni<JobStatusResponse> failure = Uni.createFrom().failure(() -> jobNotFound(id));
        return store.isBlocking() ? failure.runSubscriptionOn(Infrastructure.getDefaultWorkerPool()) : failure;
    }

    private String parsePayload(String contentType, byte[] body) {
        if (contentType == null || contentType.isBlank()) {
            // Quarkus REST lets a request without Content-Type through to a JSON-only method.
            throw new ProblemException(Response.Status.UNSUPPORTED_MEDIA_TYPE,
                    "The request has no Content-Type. Send the job as JSON with the header Content-Type: application/json.");
        }
        return parser.parsePayload(body);
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
        if (store.isDurable()) {
            detail = id > store.lastIssuedId()
                    ? "Job " + id + " does not exist: no job with this ID was submitted."
                    : "Job " + id + " was not found: it finished and its record expired, or its submission failed before"
                            + " it was accepted. Finished jobs are kept for " + HumanDuration.format(config.retention().ttl())
                            + ", and at most " + config.retention().maxFinished() + " of them.";
        } else if (id > store.lastIssuedId()) {
            detail = "Job " + id + " does not exist: no job with this ID was submitted to this server since it started.";
        } else {
            detail = "Job " + id + " was not found: it finished and its record expired. Finished jobs are kept for "
                    + HumanDuration.format(config.retention().ttl()) + ", and at most " + config.retention().maxFinished() + " of them.";
        }
        return new ProblemException(Response.Status.NOT_FOUND, detail);
    }
}
