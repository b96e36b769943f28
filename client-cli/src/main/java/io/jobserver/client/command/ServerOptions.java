package io.jobserver.client.command;

import io.jobserver.client.http.ServerAddress;
import picocli.CommandLine.Option;

/** Options every command shares: which server to talk to and how much to report on failure. */
public final class ServerOptions {

    /** Default base URL when neither {@code --url} nor {@code JOB_SERVER_URL} is given. */
    public static final String DEFAULT_URL = "http://localhost:8080";

    @Option(names = "--url",
            defaultValue = "${env:JOB_SERVER_URL:-" + DEFAULT_URL + "}",
            converter = ServerAddressConverter.class,
            paramLabel = "URL",
            description = "Base URL of job-server (default: ${DEFAULT-VALUE}, taken from the JOB_SERVER_URL environment variable when set).")
    ServerAddress url;

    @Option(names = "--verbose",
            description = "Print the stack trace of a failure in addition to the one-line message.")
    boolean verbose;

    /** Returns the server's base URL. */
    public ServerAddress url() {
        return url;
    }
}
