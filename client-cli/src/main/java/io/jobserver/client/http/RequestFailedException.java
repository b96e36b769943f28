package io.jobserver.client.http;

/** Thrown when a request got no HTTP response; the message says what failed and what to check. */
public final class RequestFailedException extends RuntimeException {

    private final ClientFailure failure;

    RequestFailedException(ClientFailure failure, String message, Throwable cause) {
        super(message, cause);
        this.failure = failure;
    }

    /** Returns the kind of client-side failure. */
    public ClientFailure failure() {
        return failure;
    }

    /** Wraps a failure of a request to {@code server} in an exception whose message a user can act on. */
    static RequestFailedException of(Throwable cause, String request, ServerAddress server) {
        if (cause instanceof RequestFailedException already) {
            return already;
        }
        ClientFailure failure = ClientFailure.classify(cause);
        String message = switch (failure) {
            case CONNECTION_REFUSED -> request + " failed: connection refused, nothing answers at " + server
                    + "; check that job-server runs there and that --url is right";
            case CONNECT_TIMED_OUT -> request + " failed: connecting to " + server
                    + " timed out; check that the host is reachable and that --url is right";
            case UNKNOWN_HOST -> request + " failed: unknown host '" + server.host() + "'; check --url";
            case TIMED_OUT -> request + " to " + server + " timed out waiting for a response; the server may be overloaded";
            case TOO_MANY_OPEN_FILES -> request + " failed: too many open files; raise 'ulimit -n' or use fewer connections";
            case CONNECTION_CLOSED -> request + " failed: " + server + " closed the connection before responding";
            case CLIENT_QUEUE_FULL -> request + " failed: too many requests are waiting for a connection; use fewer clients";
            case INVALID_RESPONSE -> cause.getMessage();
            case OTHER -> request + " to " + server + " failed: " + describe(cause);
        };
        return new RequestFailedException(failure, message, cause);
    }

    private static String describe(Throwable cause) {
        for (Throwable current = cause; current != null; current = current.getCause()) {
            if (current.getMessage() != null && !current.getMessage().isBlank()) {
                return current.getMessage();
            }
        }
        return "I/O error without a message (run again with --verbose for details)";
    }
}
