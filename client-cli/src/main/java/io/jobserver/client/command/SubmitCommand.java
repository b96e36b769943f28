package io.jobserver.client.command;

import io.jobserver.client.DurationText;
import io.jobserver.client.http.JobServerClient;
import io.jobserver.client.http.JobStatus;
import io.jobserver.client.http.JobStatusReport;
import io.jobserver.client.http.Problem;
import io.jobserver.client.http.StatusOutcome;
import io.jobserver.client.http.SubmitOutcome;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** The {@code submit} command: sends one job and optionally waits for its final status. */
@Command(name = "submit",
        mixinStandardHelpOptions = true,
        versionProvider = JobClientVersion.class,
        description = {
                "Submits one job and prints its ID.",
                "With --wait, polls until the job is final and prints its final status.",
                "Exit code 0 when the job was accepted (with --wait: completed); 1 when it was rejected,"
                        + " failed, expired or the wait timed out."
        })
public class SubmitCommand implements Callable<Integer> {

    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    @Spec
    CommandSpec spec;

    @Mixin
    ServerOptions server;

    @Parameters(paramLabel = "PAYLOAD", description = "The job's payload, sent as a JSON string.")
    String payload;

    @Option(names = "--wait", description = "Poll until the job is completed or failed, then print its final status.")
    boolean waitForResult;

    @Option(names = "--timeout", defaultValue = "10m", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "With --wait: how long to wait for the final status (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--poll-interval", defaultValue = "1s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "With --wait: time between two status requests (default: ${DEFAULT-VALUE}).")
    Duration pollInterval;

    @Override
    public Integer call() throws InterruptedException {
        requirePositive(timeout, "--timeout");
        requirePositive(pollInterval, "--poll-interval");
        PrintWriter out = spec.commandLine().getOut();
        try (JobServerClient client = JobServerClient.create(server.url(), JobServerClient.Settings.interactive(REQUEST_TIMEOUT))) {
            SubmitOutcome outcome = client.await(client.submit(payload));
            if (outcome instanceof SubmitOutcome.Rejected rejected) {
                throw new CommandFailedException("job-server rejected the job: " + rejected.problem().describeAsSentence()
                        + " " + nextStep(rejected));
            }
            long jobId = ((SubmitOutcome.Accepted) outcome).jobId();
            out.println(jobId);
            out.flush();
            if (!waitForResult) {
                return 0;
            }
            return awaitFinalStatus(client, jobId, out);
        }
    }

    private int awaitFinalStatus(JobServerClient client, long jobId, PrintWriter out) throws InterruptedException {
        JobWatcher.Result result = new JobWatcher(client, pollInterval, timeout).watch(List.of(jobId), (id, status) -> { });
        StatusOutcome last = result.latest().get(jobId);
        if (result.isTimedOut()) {
            String lastStatus = last instanceof StatusOutcome.Found found ? found.report().status().wireName() : "unknown";
            throw new CommandFailedException("timed out after " + DurationText.formatOption(timeout) + " waiting for job "
                    + jobId + " (last status: " + lastStatus + "); check it later with 'job-client status " + jobId + "'");
        }
        new JobStatusPrinter(out).print(jobId, last);
        if (last instanceof StatusOutcome.NotFound) {
            throw new CommandFailedException("job " + jobId + " was not found while waiting for it: its record expired"
                    + " or the server restarted and lost it");
        }
        JobStatusReport report = ((StatusOutcome.Found) last).report();
        if (report.status() == JobStatus.FAILED) {
            throw new CommandFailedException("job " + jobId + " failed on the server: " + report.error().orElse("no error message given"));
        }
        return 0;
    }

    /** Returns what the user can do about a rejection, as one sentence that follows the server's problem detail. */
    private static String nextStep(SubmitOutcome.Rejected rejected) {
        Problem problem = rejected.problem();
        return switch (problem.status()) {
            case 503 -> rejected.response().retryAfter()
                    .map(delay -> "The server is busy or shutting down, so retry in " + delay.toSeconds() + " s.")
                    .orElse("The server is busy or shutting down, so retry later.");
            case 413 -> "Send a smaller payload.";
            case 400 -> "Check the payload.";
            case 404, 405, 415 -> "Check that --url points to job-server.";
            default -> problem.status() >= 500 ? "Check the server's log." : "Check the request.";
        };
    }

    private void requirePositive(Duration value, String option) {
        if (value.isZero()) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '" + option + "': must be more than zero");
        }
    }
}
