package io.jobserver.client.command;

import io.jobserver.client.DurationText;
import io.jobserver.client.http.JobServerClient;
import io.jobserver.client.http.StatusOutcome;
import io.vertx.core.Future;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** The {@code status} command: prints the status of jobs, once or until they are final. */
@Command(name = "status",
        mixinStandardHelpOptions = true,
        versionProvider = JobClientVersion.class,
        description = {
                "Prints the status of each job, one line per job.",
                "With --watch, keeps polling and prints a line whenever a job's status changes, until all are final.",
                "Exit code 0 when every job was found; 1 when a job was not found (unknown or expired),"
                        + " a request failed or the watch timed out."
        })
public class StatusCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ServerOptions server;

    @Parameters(paramLabel = "ID", arity = "1..*", converter = JobIdConverter.class,
            description = "IDs of the jobs to report, as printed by submit.")
    List<Long> jobIds;

    @Option(names = "--watch", description = "Poll until every job is completed, failed or not found.")
    boolean watch;

    @Option(names = "--poll-interval", defaultValue = "1s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "With --watch: time between two rounds of status requests (default: ${DEFAULT-VALUE}).")
    Duration pollInterval;

    @Option(names = "--timeout", defaultValue = "10m", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "With --watch: how long to watch before giving up (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    public Integer call() throws InterruptedException {
        if (pollInterval.isZero() || timeout.isZero()) {
            throw new ParameterException(spec.commandLine(), "Invalid value: --poll-interval and --timeout must be more than zero");
        }
        List<Long> distinctIds = jobIds.stream().distinct().collect(Collectors.toList());
        JobStatusPrinter printer = new JobStatusPrinter(spec.commandLine().getOut());
        try (JobServerClient client = JobServerClient.create(server.url(),
                JobServerClient.Settings.interactive(SubmitCommand.REQUEST_TIMEOUT))) {
            Map<Long, StatusOutcome> latest = watch
                    ? watchUntilFinal(client, distinctIds, printer)
                    : queryOnce(client, distinctIds, printer);
            return exitCode(latest);
        }
    }

    private Map<Long, StatusOutcome> queryOnce(JobServerClient client, List<Long> ids, JobStatusPrinter printer)
            throws InterruptedException {
        List<Future<StatusOutcome>> requests = new ArrayList<>();
        for (long id : ids) {
            requests.add(client.status(id));
        }
        Map<Long, StatusOutcome> latest = new LinkedHashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            StatusOutcome outcome = client.await(requests.get(i));
            latest.put(ids.get(i), outcome);
            printer.print(ids.get(i), outcome);
        }
        return latest;
    }

    private Map<Long, StatusOutcome> watchUntilFinal(JobServerClient client, List<Long> ids, JobStatusPrinter printer)
            throws InterruptedException {
        JobWatcher.Result result = new JobWatcher(client, pollInterval, timeout).watch(ids, printer::print);
        if (result.isTimedOut()) {
            throw new CommandFailedException("timed out after " + DurationText.formatOption(timeout)
                    + " with jobs still running: " + result.unfinished().stream().map(String::valueOf)
                    .collect(Collectors.joining(", ")) + "; watch longer with --timeout");
        }
        return result.latest();
    }

    private int exitCode(Map<Long, StatusOutcome> latest) {
        List<String> notFound = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        latest.forEach((id, outcome) -> {
            if (outcome instanceof StatusOutcome.NotFound) {
                notFound.add(String.valueOf(id));
            } else if (outcome instanceof StatusOutcome.Failed failed) {
                problems.add("job " + id + ": " + failed.problem().describeAsSentence());
            }
        });
        if (notFound.isEmpty() && problems.isEmpty()) {
            return 0;
        }
        if (!notFound.isEmpty()) {
            String jobs = notFound.size() == 1 ? "job " + notFound.get(0) + " was" : "jobs " + String.join(", ", notFound) + " were";
            problems.add(jobs + " not found. Check the IDs; finished jobs expire after the server's retention time.");
        }
        PrintWriter err = spec.commandLine().getErr();
        err.println("job-client: " + String.join(" ", problems));
        err.flush();
        return 1;
    }
}
