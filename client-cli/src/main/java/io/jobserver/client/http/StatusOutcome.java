package io.jobserver.client.http;

/** Result of {@code GET /status/{job_id}}. */
public sealed interface StatusOutcome {

    /**
     * The server returned the job's status.
     *
     * @param report the parsed status body
     */
    record Found(JobStatusReport report) implements StatusOutcome {
    }

    /**
     * The server does not know the job: it never existed, or it finished and its record expired.
     *
     * @param problem the problem detail the server sent
     */
    record NotFound(Problem problem) implements StatusOutcome {
    }

    /**
     * The server answered with any other error status, such as 503 while it drains.
     *
     * @param problem the problem detail the server sent
     * @param response the full response, for the Retry-After delay of a 503
     */
    record Failed(Problem problem, ServerResponse response) implements StatusOutcome {
    }
}
