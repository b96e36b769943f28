package io.jobserver.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Body of {@code POST /job}, as documented in the OpenAPI document. {@link JobRequestParser}
 * reads the body itself, so that it can reject what Jackson would silently convert.
 */
@Schema(name = "SubmitJobRequest", description = "A job to process")
public record SubmitJobRequest(
        @Schema(required = true, description = "The text to process; a JSON string of at most jobs.payload.max-size UTF-8 bytes",
                examples = "Process this job!") String payload) {
}
