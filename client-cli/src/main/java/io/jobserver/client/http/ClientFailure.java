package io.jobserver.client.http;

import io.netty.channel.ConnectTimeoutException;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.core.VertxException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.util.Locale;
import java.util.concurrent.TimeoutException;

/** Kind of failure on the client side, where no HTTP response arrived from the server. */
public enum ClientFailure {
    CONNECTION_REFUSED("connection refused"),
    CONNECT_TIMED_OUT("connect timed out"),
    TIMED_OUT("response timed out"),
    TOO_MANY_OPEN_FILES("too many open files"),
    CONNECTION_CLOSED("connection closed"),
    UNKNOWN_HOST("unknown host"),
    CLIENT_QUEUE_FULL("client queue full"),
    INVALID_RESPONSE("invalid response"),
    OTHER("other I/O error");

    private final String label;

    ClientFailure(String label) {
        this.label = label;
    }

    /** Returns the short label used in summaries, such as {@code connection refused}. */
    public String label() {
        return label;
    }

    /** Classifies an exception from the HTTP client by walking its cause chain. */
    public static ClientFailure classify(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            String message = cause.getMessage() == null ? "" : cause.getMessage().toLowerCase(Locale.ROOT);
            if (message.contains("too many open files")) {
                return TOO_MANY_OPEN_FILES;
            }
            if (cause instanceof UnexpectedResponseException) {
                return INVALID_RESPONSE;
            }
            if (cause instanceof ConnectTimeoutException) {
                return CONNECT_TIMED_OUT;
            }
            if (cause instanceof ConnectException || cause instanceof NoRouteToHostException) {
                return CONNECTION_REFUSED;
            }
            if (cause instanceof UnknownHostException) {
                return UNKNOWN_HOST;
            }
            if (cause instanceof ConnectionPoolTooBusyException) {
                return CLIENT_QUEUE_FULL;
            }
            if (cause instanceof TimeoutException || message.contains("timeout period")) {
                return TIMED_OUT;
            }
            if (cause instanceof ClosedChannelException || message.contains("connection was closed")
                    || message.contains("connection reset")) {
                return CONNECTION_CLOSED;
            }
            if (cause instanceof VertxException && message.contains("closed")) {
                return CONNECTION_CLOSED;
            }
        }
        return OTHER;
    }
}
