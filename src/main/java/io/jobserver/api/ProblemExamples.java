package io.jobserver.api;

/** Example responses shown in the OpenAPI document. */
final class ProblemExamples {

    static final String PAYLOAD_NOT_STRING = "{\"type\": \"about:blank\", \"title\": \"Bad Request\", \"status\": 400,"
            + " \"detail\": \"The field \\\"payload\\\" must be a JSON string, but it is a number.\", \"instance\": \"/job\"}";
    static final String PAYLOAD_TOO_LARGE = "{\"type\": \"about:blank\", \"title\": \"Request Entity Too Large\", \"status\": 413,"
            + " \"detail\": \"The payload is 300000 bytes long in UTF-8, but the maximum is 262144 bytes.\", \"instance\": \"/job\"}";
    static final String NOT_JSON = "{\"type\": \"about:blank\", \"title\": \"Unsupported Media Type\", \"status\": 415,"
            + " \"detail\": \"The request body must be JSON: send it with the header Content-Type: application/json.\","
            + " \"instance\": \"/job\"}";
    static final String QUEUE_FULL = "{\"type\": \"about:blank\", \"title\": \"Service Unavailable\", \"status\": 503,"
            + " \"detail\": \"The job queue is full (10000 jobs waiting). Retry later.\", \"instance\": \"/job\"}";
    static final String COMPLETED_STATUS = "{\"job_id\": 1, \"status\": \"completed\", \"created_at\": \"2026-12-04T20:20:01.123Z\","
            + " \"started_at\": \"2026-12-04T20:20:01.125Z\", \"finished_at\": \"2026-12-04T20:20:19.870Z\"}";
    static final String INVALID_ID = "{\"type\": \"about:blank\", \"title\": \"Bad Request\", \"status\": 400,"
            + " \"detail\": \"The job ID must be a positive integer no greater than 9223372036854775807, but is \\\"abc\\\".\","
            + " \"instance\": \"/status/abc\"}";
    static final String UNKNOWN_JOB = "{\"type\": \"about:blank\", \"title\": \"Not Found\", \"status\": 404,"
            + " \"detail\": \"Job 7 does not exist: no job with this ID was submitted to this server since it started.\","
            + " \"instance\": \"/status/7\"}";

    private ProblemExamples() {
    }
}
