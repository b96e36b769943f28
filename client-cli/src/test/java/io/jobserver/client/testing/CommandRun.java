package io.jobserver.client.testing;

import io.jobserver.client.command.JobClientCommandLine;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/**
 * Result of running job-client in-process through picocli, with the output captured from the command's own writers.
 *
 * @param exitCode the exit code {@code execute} returned
 * @param out what the command printed to stdout
 * @param err what the command printed to stderr
 */
public record CommandRun(int exitCode, String out, String err) {

    /** Runs job-client with the given arguments. */
    public static CommandRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = JobClientCommandLine.create();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(args);
        return new CommandRun(exitCode, out.toString(), err.toString());
    }

    /** Returns the lines printed to stderr. */
    public java.util.List<String> errLines() {
        return err.lines().toList();
    }
}
