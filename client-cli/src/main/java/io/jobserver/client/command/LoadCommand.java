package io.jobserver.client.command;

import io.jobserver.client.DurationText;
import io.jobserver.client.Plural;
import io.jobserver.client.http.JobServerClient;
import io.jobserver.client.load.LoadReport;
import io.jobserver.client.load.LoadResult;
import io.jobserver.client.load.LoadSettings;
import io.jobserver.client.load.LoadTest;
import io.jobserver.client.load.LoadTestException;
import io.jobserver.client.load.RequestMix;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The {@code load} command: a high-volume load test with latency percentiles and counts by status. */
@Command(name = "load",
        mixinStandardHelpOptions = true,
        versionProvider = JobClientVersion.class,
        description = {
                "Load-tests job-server with a mix of POST /job and GET /status/{job_id} requests.",
                "Open model (--rate): requests are due at a fixed rate and latency counts from each request's intended"
                        + " send time, so a slow server cannot hide its latency (no coordinated omission).",
                "Closed model (--concurrency, the default): a fixed number of requests in flight, each sent as soon"
                        + " as the previous one completed, like wrk.",
                "Status requests ask about a random one of the last 65536 jobs accepted during the run; before the"
                        + " run, one seed job is submitted so there is an ID from the start.",
                "An error is a response other than 2xx (including 503) or a client-side failure (refused, timed out,"
                        + " too many open files). Exit code 1 when the error rate exceeds --max-error-rate."
        })
public class LoadCommand implements Callable<Integer> {

    static final int DEFAULT_CONCURRENCY = 64;
    private static final Duration DEFAULT_DURATION = Duration.ofSeconds(10);
    private static final int MAX_RATE = 10_000_000;
    private static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(5);

    @Spec
    CommandSpec spec;

    @Mixin
    ServerOptions server;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Model model = new Model();

    /** The load model: open with a rate, or closed with a concurrency. */
    static class Model {
        @Option(names = "--rate", paramLabel = "REQ_PER_S",
                description = "Open model: requests per second to send, independent of responses.")
        Double rate;

        @Option(names = "--concurrency", paramLabel = "N",
                description = "Closed model: number of requests in flight at all times, one connection each"
                        + " (default when --rate is not given: " + DEFAULT_CONCURRENCY + ").")
        Integer concurrency;
    }

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Length length = new Length();

    /** The length of the run: a duration or a number of requests. */
    static class Length {
        @Option(names = "--duration", converter = DurationConverter.class, paramLabel = "DURATION",
                description = "How long to send requests (default when --requests is not given: 10s).")
        Duration duration;

        @Option(names = "--requests", paramLabel = "N", description = "Total number of requests to send.")
        Long requests;
    }

    @Option(names = "--mix", defaultValue = "post=80,status=20", converter = RequestMixConverter.class, paramLabel = "MIX",
            description = "Relative weights of the request kinds post and status (default: ${DEFAULT-VALUE}).")
    RequestMix mix;

    @Option(names = "--connections", defaultValue = "64", paramLabel = "N",
            description = "Open model: maximum number of open connections, which caps the requests in flight;"
                    + " requests that fall due while all are busy wait for one (default: ${DEFAULT-VALUE})."
                    + " The closed model opens one connection per concurrent request.")
    int connections;

    @Option(names = "--payload-size", defaultValue = "64", paramLabel = "CHARS",
            description = "Length of each POST payload in characters (default: ${DEFAULT-VALUE}).")
    int payloadSize;

    @Option(names = "--request-timeout", defaultValue = "5s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "How long to wait for a response before counting the request as timed out"
                    + " (default: ${DEFAULT-VALUE}).")
    Duration requestTimeout;

    @Option(names = "--max-error-rate", defaultValue = "1%", converter = PercentConverter.class, paramLabel = "PERCENT",
            description = "Highest error rate, in percent of sent requests, at which the run exits 0 (default: 1%%).")
    double maxErrorRate;

    @Option(names = "--warmup", defaultValue = "0s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "Send the same load for this long before the measured run and discard its results, so that"
                    + " the JIT compilers of client and server have warmed up (default: ${DEFAULT-VALUE}).")
    Duration warmup;

    @Option(names = "--threads", paramLabel = "N",
            description = "Number of event-loop threads that send requests and read responses (default: one per CPU core).")
    Integer threads;

    @Option(names = "--json", description = "Print the report as one JSON object instead of text; no progress lines.")
    boolean json;

    @Override
    public Integer call() throws InterruptedException {
        LoadSettings settings = settings();
        int threadCount = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        PrintWriter out = spec.commandLine().getOut();
        // The HTTP client sends only the seed job; the generators open their own connections over its event loops.
        JobServerClient.Settings clientSettings = new JobServerClient.Settings(
                1, 1_024, Duration.ofSeconds(5), requestTimeout, threadCount);
        try (JobServerClient client = JobServerClient.create(server.url(), clientSettings)) {
            LoadTest loadTest = new LoadTest(client, settings, threadCount, PROGRESS_INTERVAL, progress -> {
                if (!json) {
                    out.printf(Locale.ROOT, "  after %s: %s, %s%n", DurationText.format(progress.elapsed()),
                            Plural.of(progress.responses(), "response"), Plural.of(progress.errors(), "error"));
                    out.flush();
                }
            });
            LoadResult result;
            try {
                result = loadTest.run();
            } catch (LoadTestException e) {
                throw new CommandFailedException(e.getMessage());
            }
            LoadReport report = new LoadReport(result, maxErrorRate, server.url().text());
            if (json) {
                out.println(report.toJson().encodePrettily());
                out.flush();
            } else {
                report.printText(out);
            }
            if (!report.isPassed()) {
                throw new CommandFailedException(report.failureMessage());
            }
            return 0;
        }
    }

    private LoadSettings settings() {
        boolean open = model.rate != null;
        int concurrency = 0;
        if (open) {
            validateRate(model.rate);
        } else {
            concurrency = model.concurrency == null ? DEFAULT_CONCURRENCY : model.concurrency;
            validateClosedModel(concurrency);
        }
        if (connections < 1) {
            throw usage("--connections", connections + " is less than 1");
        }

        Duration duration = length.duration == null ? DEFAULT_DURATION : length.duration;
        if (duration.isZero()) {
            throw usage("--duration", "must be more than zero");
        }
        if (length.requests != null && length.requests < 1) {
            throw usage("--requests", length.requests + " is less than 1");
        }
        OptionalLong requests = length.requests == null ? OptionalLong.empty() : OptionalLong.of(length.requests);

        if (payloadSize < 0) {
            throw usage("--payload-size", payloadSize + " is negative");
        }
        if (threads != null && threads < 1) {
            throw usage("--threads", threads + " is less than 1");
        }
        if (requestTimeout.isZero()) {
            throw usage("--request-timeout", "must be more than zero");
        }
        int openConnections = open ? connections : concurrency;
        return new LoadSettings(open ? model.rate : 0, concurrency, openConnections, duration, requests, mix, payloadSize,
                requestTimeout, warmup);
    }

    private void validateRate(double rate) {
        if (!(rate > 0 && rate <= MAX_RATE)) {
            throw usage("--rate", formatRate(rate) + " is out of range; give requests per second above 0 and at most "
                    + MAX_RATE + ", such as 100 or 0.5");
        }
    }

    /** Formats a rate as the user likely typed it: {@code 0} rather than {@code 0.0}. */
    private static String formatRate(double rate) {
        boolean whole = rate == Math.rint(rate) && !Double.isInfinite(rate) && Math.abs(rate) < 1e15;
        return whole ? String.valueOf((long) rate) : String.valueOf(rate);
    }

    private void validateClosedModel(int concurrency) {
        if (concurrency < 1) {
            throw usage("--concurrency", concurrency + " is less than 1");
        }
        if (spec.commandLine().getParseResult().hasMatchedOption("--connections")) {
            throw new ParameterException(spec.commandLine(),
                    "--connections applies to the open model only; with --concurrency each request in flight has its own connection");
        }
    }

    private ParameterException usage(String option, String problem) {
        return new ParameterException(spec.commandLine(), "Invalid value for option '" + option + "': " + problem);
    }
}
