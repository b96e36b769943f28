package io.jobserver.client.load;

import io.jobserver.client.http.ClientFailure;
import io.jobserver.client.http.JobServerClient;
import io.jobserver.client.http.SubmitOutcome;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;

/**
 * Runs a load test: splits the load over one generator per event loop, waits for them and merges their results.
 * The generators share one Vert.x TCP client and speak HTTP/1.1 on their own keep-alive connections. Vert.x's full
 * HTTP client used about three times more CPU per request in the measurements that BENCHMARKS.md records, and on a
 * machine shared with the server that CPU is taken from the server.
 */
public final class LoadTest {

    /** Extra time, beyond the request timeout, that the run waits for requests still in flight at its end. */
    private static final Duration DRAIN_MARGIN = Duration.ofSeconds(10);

    private final JobServerClient client;
    private final NetClient netClient;
    private final LoadSettings settings;
    private final int generatorCount;
    private final Duration progressInterval;
    private final Consumer<LoadProgress> progressListener;

    /**
     * Creates a load test.
     *
     * @param generatorCount number of generators, each on its own event loop
     * @param progressInterval how often {@code progressListener} receives the running totals
     */
    public LoadTest(JobServerClient client, LoadSettings settings, int generatorCount, Duration progressInterval,
            Consumer<LoadProgress> progressListener) {
        this.client = client;
        this.netClient = client.vertx().createNetClient(new NetClientOptions()
                .setConnectTimeout(Math.toIntExact(client.settings().connectTimeout().toMillis()))
                .setTcpNoDelay(true)
                .setSsl(client.server().secure())
                .setHostnameVerificationAlgorithm(client.server().secure() ? "HTTPS" : ""));
        this.settings = settings;
        this.generatorCount = generatorCount;
        this.progressInterval = progressInterval;
        this.progressListener = progressListener;
    }

    /**
     * Runs the test to its end.
     *
     * @throws LoadTestException when the seed job that status requests ask about could not be submitted
     * @throws io.jobserver.client.http.RequestFailedException when the seed request got no response
     */
    public LoadResult run() throws InterruptedException {
        AcceptedJobIds jobIds = new AcceptedJobIds();
        if (settings.mix().hasStatusRequests()) {
            jobIds.add(submitSeedJob());
        }
        if (!settings.warmup().isZero()) {
            runPhase(settings.forWarmup(), jobIds, progress -> { });
        }
        return runPhase(settings, jobIds, progressListener);
    }

    private LoadResult runPhase(LoadSettings phase, AcceptedJobIds jobIds, Consumer<LoadProgress> progressListener)
            throws InterruptedException {
        Buffer postBody = new JsonObject().put("payload", "x".repeat(phase.payloadSize())).toBuffer();
        RequestTemplates templates = new RequestTemplates(client.server(), postBody);
        LongAdder liveResponses = new LongAdder();
        LongAdder liveErrors = new LongAdder();
        AtomicLong requestBudget = new AtomicLong(phase.requests().orElse(Long.MAX_VALUE));
        long startNanos = System.nanoTime();
        long endNanos = phase.requests().isPresent() ? Long.MAX_VALUE : startNanos + phase.duration().toNanos();

        List<LoadGenerator> generators = new ArrayList<>();
        List<LoadRecorder> recorders = new ArrayList<>();
        List<Future<Void>> finished = new ArrayList<>();
        int count = phase.isOpenModel() ? generatorCount : Math.min(generatorCount, phase.concurrency());
        List<Context> contexts = client.newEventLoopContexts(count);
        for (int index = 0; index < count; index++) {
            LoadRecorder recorder = new LoadRecorder(liveResponses, liveErrors);
            LoadGenerator generator = new LoadGenerator(client, netClient, contexts.get(index),
                    share(phase, index, count, startNanos, endNanos), phase.mix(), templates,
                    phase.requestTimeout().toNanos(), jobIds, recorder, requestBudget);
            generators.add(generator);
            recorders.add(recorder);
            finished.add(generator.start());
        }
        awaitWithProgress(Future.all(finished).toCompletionStage().toCompletableFuture(), startNanos, endNanos,
                liveResponses, liveErrors, progressListener);
        return merge(phase, generators, recorders, startNanos);
    }

    private long submitSeedJob() throws InterruptedException {
        SubmitOutcome outcome = client.await(client.submit("load-test seed job"));
        if (outcome instanceof SubmitOutcome.Rejected rejected) {
            throw new LoadTestException("could not submit the job that status requests ask about: "
                    + rejected.problem().describeAsSentence() + " Wait until the server accepts jobs, or use --mix post=100.");
        }
        return ((SubmitOutcome.Accepted) outcome).jobId();
    }

    /** Splits rate, connections and users evenly; generator {@code index} starts a fraction of an interval later. */
    private static LoadGenerator.Share share(LoadSettings settings, int index, int count, long startNanos, long endNanos) {
        int connections = spread(settings.connections(), index, count);
        if (settings.isOpenModel()) {
            double intervalNanos = 1e9 * count / settings.rate();
            long offset = (long) (intervalNanos * index / count);
            return new LoadGenerator.Share(startNanos + offset, endNanos, intervalNanos, Math.max(1, connections), 0);
        }
        return new LoadGenerator.Share(startNanos, endNanos, 0, 0, spread(settings.concurrency(), index, count));
    }

    private static int spread(int total, int index, int count) {
        return total / count + (index < total % count ? 1 : 0);
    }

    private void awaitWithProgress(CompletableFuture<?> allFinished, long startNanos, long endNanos,
            LongAdder liveResponses, LongAdder liveErrors, Consumer<LoadProgress> progressListener)
            throws InterruptedException {
        long drain = settings.requestTimeout().plus(DRAIN_MARGIN).toNanos();
        long deadline = endNanos == Long.MAX_VALUE ? Long.MAX_VALUE : endNanos + drain;
        while (true) {
            long wait = Math.min(progressInterval.toNanos(), Math.max(1, deadline - System.nanoTime()));
            try {
                allFinished.get(wait, TimeUnit.NANOSECONDS);
                return;
            } catch (TimeoutException e) {
                if (System.nanoTime() - deadline >= 0) {
                    // Every request has an idle timeout, so this is reached only if the event loops stalled.
                    return;
                }
                Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);
                progressListener.accept(new LoadProgress(elapsed, liveResponses.sum(), liveErrors.sum()));
            } catch (ExecutionException e) {
                // A generator fails its future only when it could not start, which is a bug in this client.
                if (e.getCause() instanceof RuntimeException cause) {
                    throw cause;
                }
                throw new IllegalStateException(e.getCause());
            }
        }
    }

    private static LoadResult merge(LoadSettings settings, List<LoadGenerator> generators, List<LoadRecorder> recorders, long startNanos) {
        Histogram latency = new Histogram(3);
        Map<Integer, Long> byStatus = LoadRecorder.emptyStatusCounts();
        Map<ClientFailure, Long> failures = new EnumMap<>(ClientFailure.class);
        for (LoadRecorder recorder : recorders) {
            recorder.addTo(latency, byStatus, failures);
        }
        long sent = generators.stream().mapToLong(LoadGenerator::issued).sum();
        long lastCompletion = generators.stream().mapToLong(LoadGenerator::lastCompletionNanos).max().orElse(startNanos);
        long unsent = 0;
        if (settings.isOpenModel()) {
            long due = settings.requests().orElseGet(() -> (long) (settings.duration().toNanos() / 1e9 * settings.rate()));
            unsent = Math.max(0, due - sent);
        }
        return new LoadResult(settings, Duration.ofNanos(lastCompletion - startNanos), sent, unsent, latency, byStatus, failures);
    }
}
