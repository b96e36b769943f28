package io.jobserver.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.jobserver.store.JobRecord;
import io.jobserver.store.JobStatus;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Body of {@code GET /status/{job_id}}. Timestamps are ISO-8601 in UTC; fields that do not apply
 * yet are left out.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@RegisterForReflection
public record JobStatusResponse(
        @JsonProperty("job_id") long jobId,
        @JsonProperty("status") JobStatus status,
        @JsonProperty("created_at") @Schema(format = "date-time") String createdAt,
        @JsonProperty("started_at") @Schema(format = "date-time", description = "Absent while pending") String startedAt,
        @JsonProperty("finished_at") @Schema(format = "date-time", description = "Absent until completed or failed")
        String finishedAt,
        @JsonProperty("error") @Schema(description = "Why the job failed; absent unless failed") String error,
        @JsonProperty("attempts") @Schema(description = "Times a worker started the job, counting reruns after a crash;"
                + " only with the PostgreSQL store, and absent until the first start") Integer attempts) {

    public static JobStatusResponse of(JobRecord record) {
        return new JobStatusResponse(
                record.id(),
                record.status(),
                record.createdAt().toString(),
                record.startedAt() == null ? null : record.startedAt().toString(),
                record.finishedAt() == null ? null : record.finishedAt().toString(),
                record.error(),
                record.attempts() == 0 ? null : record.attempts());
    }
}
