package io.jobserver.api;

import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.core.HttpHeaders;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.jobserver.metrics.JobMetrics;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * Rejects a request body over {@code quarkus.http.limits.max-body-size} with a JSON 413, before
 * Quarkus's own limit check responds with an empty body. A declared Content-Length is checked
 * at once; a chunked body is read here, up to the limit.
 */
@ApplicationScoped
public class BodySizeLimitRoute {

    private final long maxBodyBytes;
    private final ObjectMapper mapper;
    private final JobMetrics metrics;

    public BodySizeLimitRoute(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize,
            ObjectMapper mapper, JobMetrics metrics) {
        this.maxBodyBytes = maxBodySize.asLongValue();
        this.mapper = mapper;
        this.metrics = metrics;
    }

    void install(@Observes Router router) {
        BodyHandler chunkedBodyReader = BodyHandler.create(false).setBodyLimit(maxBodyBytes);
        router.route().order(Integer.MIN_VALUE).handler(context -> {
            String declaredLength = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (declaredLength == null && isChunked(context)) {
                // A chunked body's size is known only once read, so it is read here up to the limit.
                chunkedBodyReader.handle(context);
            } else if (declaredLength != null && parseLength(declaredLength) > maxBodyBytes) {
                sendTooLarge(context, "The request body is " + declaredLength + " bytes long, but the maximum is "
                        + maxBodyBytes + " bytes.");
            } else {
                context.next();
            }
        });
        router.route().order(Integer.MIN_VALUE).failureHandler(context -> {
            if (context.statusCode() == 413) {
                sendTooLarge(context, "The request body is longer than the maximum of " + maxBodyBytes + " bytes.");
            } else {
                context.next();
            }
        });
    }

    private void sendTooLarge(RoutingContext context, String detail) {
        if ("/job".equals(context.request().path())) {
            metrics.recordRejected(JobMetrics.RejectionTag.INVALID);
        }
        ProblemDetail problem = new ProblemDetail("about:blank", "Request Entity Too Large", 413, detail,
                context.request().path());
        String body;
        try {
            body = mapper.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Problem details could not be serialized", e);
        }
        // The unread body is still on the connection, so it cannot carry another request.
        context.response()
                .setStatusCode(413)
                .putHeader(HttpHeaders.CONTENT_TYPE, ProblemDetail.MEDIA_TYPE)
                .putHeader("Connection", "close")
                .end(body);
    }

    private static boolean isChunked(RoutingContext context) {
        String transferEncoding = context.request().getHeader("Transfer-Encoding");
        return transferEncoding != null && transferEncoding.toLowerCase(Locale.ROOT).contains("chunked");
    }

    private static long parseLength(String text) {
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
