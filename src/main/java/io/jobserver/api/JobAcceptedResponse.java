package io.jobserver.api;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Body of a {@code 202 Accepted} answer to {@code POST /job}. */
@RegisterForReflection
public record JobAcceptedResponse(@JsonProperty("job_id") long jobId) {
}
