package io.jobserver.api;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Error body in the RFC 9457 problem-details form, sent as {@code application/problem+json}.
 *
 * @param type "about:blank", since the HTTP status and title say all there is to say
 * @param instance the request path that failed
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@RegisterForReflection
public record ProblemDetail(String type, String title, int status, String detail, String instance) {

    public static final String MEDIA_TYPE = "application/problem+json";
}
