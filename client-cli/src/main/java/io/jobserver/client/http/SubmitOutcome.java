package io.jobserver.client.http;

/** Result of {@code POST /job}: the job was either accepted or rejected by the server. */
public sealed interface SubmitOutcome {

    /**
     * The server accepted the job with {@code 202 Accepted}.
     *
     * @param jobId the ID the server assigned
     */
    record Accepted(long jobId) implements SubmitOutcome {
    }

    /**
     * The server rejected the job with an error status.
     *
     * @param problem the problem detail the server sent
     * @param response the full response, for the Retry-After delay of a 503
     */
    record Rejected(Problem problem, ServerResponse response) implements SubmitOutcome {
    }
}
