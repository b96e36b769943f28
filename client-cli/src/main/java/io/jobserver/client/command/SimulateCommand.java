package io.jobserver.client.command;

import io.jobserver.client.http.JobServerClient;
import io.jobserver.client.simulate.ProgressDisplay;
import io.jobserver.client.simulate.Simulation;
import io.jobserver.client.simulate.SimulationReport;
import io.jobserver.client.simulate.SimulationSettings;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The {@code simulate} command: many concurrent clients that submit jobs and poll them until final. */
@Command(name = "simulate",
        mixinStandardHelpOptions = true,
        versionProvider = JobClientVersion.class,
        description = {
                "Simulates concurrent clients. Each client submits its jobs one after another with POST /job,"
                        + " then polls GET /status/{job_id} for those not yet final every poll interval.",
                "A 503 delays a client's next request by the server's Retry-After; status polling also backs off"
                        + " (doubling up to 30 s) after errors. Rejected jobs are counted, not resubmitted.",
                "Prints live progress and a summary. Exit code 0 only when at least one job was accepted and every"
                        + " accepted job completed; 1 otherwise."
        })
public class SimulateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ServerOptions server;

    @Option(names = "--clients", defaultValue = "10", paramLabel = "N",
            description = "Number of concurrent simulated clients (default: ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--jobs-per-client", defaultValue = "5", paramLabel = "N",
            description = "Number of jobs each client submits (default: ${DEFAULT-VALUE}).")
    int jobsPerClient;

    @Option(names = "--poll-interval", defaultValue = "1s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "Time between two rounds of status requests of one client (default: ${DEFAULT-VALUE}).")
    Duration pollInterval;

    @Option(names = "--timeout", defaultValue = "10m", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "Time after which the simulation stops and counts the jobs not yet final as unfinished"
                    + " (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--connections", defaultValue = "64", paramLabel = "N",
            description = "Maximum number of open HTTP connections, shared by all clients; it caps the requests"
                    + " in flight (default: ${DEFAULT-VALUE}).")
    int connections;

    @Option(names = "--progress", defaultValue = "auto", paramLabel = "MODE", converter = ProgressModeConverter.class,
            description = "Progress output: auto (a bar on a terminal, a line every 5 s otherwise), bar, lines or none"
                    + " (default: ${DEFAULT-VALUE}).")
    ProgressMode progressMode;

    @Override
    public Integer call() throws InterruptedException {
        validate();
        PrintWriter out = spec.commandLine().getOut();
        SimulationSettings settings = new SimulationSettings(clients, jobsPerClient, pollInterval, timeout);
        JobServerClient.Settings clientSettings = new JobServerClient.Settings(
                connections, Math.max(10_000, clients * jobsPerClient), Duration.ofSeconds(5), SubmitCommand.REQUEST_TIMEOUT,
                Runtime.getRuntime().availableProcessors());
        try (JobServerClient client = JobServerClient.create(server.url(), clientSettings)) {
            Simulation.Result result = new Simulation(client, settings, display(out)).run();
            SimulationReport report = new SimulationReport(settings, result);
            report.print(out, server.url().text());
            if (report.isSuccess()) {
                return 0;
            }
            throw new CommandFailedException(report.failureMessage(server.url().text()));
        }
    }

    private ProgressDisplay display(PrintWriter out) {
        return switch (progressMode) {
            case BAR -> ProgressDisplay.bar(out);
            case LINES -> ProgressDisplay.lines(out);
            case NONE -> ProgressDisplay.none();
            case AUTO -> System.console() != null ? ProgressDisplay.bar(out) : ProgressDisplay.lines(out);
        };
    }

    private void validate() {
        requireAtLeastOne(clients, "--clients");
        requireAtLeastOne(jobsPerClient, "--jobs-per-client");
        requireAtLeastOne(connections, "--connections");
        if (pollInterval.isZero() || timeout.isZero()) {
            throw new ParameterException(spec.commandLine(),
                    "Invalid value: --poll-interval and --timeout must be more than zero");
        }
    }

    private void requireAtLeastOne(int value, String option) {
        if (value < 1) {
            throw new ParameterException(spec.commandLine(),
                    "Invalid value for option '" + option + "': " + value + " is less than 1");
        }
    }
}
