package io.jobserver.client.simulate;

import io.jobserver.client.http.JobServerClient;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Runs many simulated clients against one server at once and collects what they saw. */
public final class Simulation {

    private final JobServerClient client;
    private final SimulationSettings settings;
    private final ProgressDisplay display;

    /**
     * Outcome of a simulation.
     *
     * @param snapshot the final counts
     * @param timedOut whether the timeout stopped the simulation before every accepted job was final
     */
    public record Result(SimulationSnapshot snapshot, boolean timedOut) {
    }

    public Simulation(JobServerClient client, SimulationSettings settings, ProgressDisplay display) {
        this.client = client;
        this.settings = settings;
        this.display = display;
    }

    /** Runs all clients until every accepted job is final or the timeout passes, updating the display meanwhile. */
    public Result run() throws InterruptedException {
        SimulationProgress progress = new SimulationProgress();
        long startNanos = System.nanoTime();
        List<SimulatedClient> clients = new ArrayList<>(settings.clients());
        List<Future<Void>> finished = new ArrayList<>(settings.clients());
        List<Context> contexts = client.newEventLoopContexts(Math.min(settings.clients(), client.settings().eventLoops()));
        for (int i = 1; i <= settings.clients(); i++) {
            SimulatedClient simulated = new SimulatedClient(i, settings, client, progress, contexts.get(i % contexts.size()));
            clients.add(simulated);
            finished.add(simulated.start());
        }
        CompletableFuture<?> allFinished = Future.all(finished).toCompletionStage().toCompletableFuture();
        boolean timedOut = !awaitWithUpdates(allFinished, progress, startNanos);
        clients.forEach(SimulatedClient::stop);
        SimulationSnapshot last = progress.snapshot(elapsedSince(startNanos));
        display.finish(last, settings.totalJobs());
        return new Result(last, timedOut);
    }

    /** Waits for all clients, refreshing the display; returns false when the timeout passed first. */
    private boolean awaitWithUpdates(CompletableFuture<?> allFinished, SimulationProgress progress, long startNanos)
            throws InterruptedException {
        long deadline = startNanos + settings.timeout().toNanos();
        while (true) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                return false;
            }
            try {
                allFinished.get(Math.min(remaining, ProgressDisplay.BAR_REFRESH.toNanos()), TimeUnit.NANOSECONDS);
                return true;
            } catch (TimeoutException e) {
                display.update(progress.snapshot(elapsedSince(startNanos)), settings.totalJobs());
            } catch (ExecutionException e) {
                // Clients complete their futures only normally, so this means a bug; the summary still reports counts.
                return true;
            }
        }
    }

    private static Duration elapsedSince(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }
}
