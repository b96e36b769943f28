package io.jobserver.client.command;

/** Thrown by a command that failed at run time; its message is printed as the one line the user sees. */
public final class CommandFailedException extends RuntimeException {

    /** Creates a failure whose message says what went wrong and what to check. */
    public CommandFailedException(String message) {
        super(message);
    }
}
