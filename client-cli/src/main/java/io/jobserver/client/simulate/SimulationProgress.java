package io.jobserver.client.simulate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Counters that all simulated clients update from their event loops and the display reads from the main thread. */
final class SimulationProgress {

    private final AtomicInteger submitted = new AtomicInteger();
    private final Map<SimulatedJobState, AtomicInteger> byState = new EnumMap<>(SimulatedJobState.class);
    private final Map<String, Integer> rejectedByReason = new TreeMap<>();
    private final Map<String, Integer> submitFailuresByReason = new TreeMap<>();
    private final Map<String, Integer> pollErrorsByReason = new TreeMap<>();
    private final List<Duration> timesToCompletion = new ArrayList<>();

    SimulationProgress() {
        for (SimulatedJobState state : SimulatedJobState.values()) {
            byState.put(state, new AtomicInteger());
        }
    }

    void recordAccepted() {
        submitted.incrementAndGet();
        byState.get(SimulatedJobState.PENDING).incrementAndGet();
    }

    synchronized void recordRejected(String reason) {
        submitted.incrementAndGet();
        rejectedByReason.merge(reason, 1, Integer::sum);
    }

    /** Records a submission that got no usable response, such as a refused connection. */
    synchronized void recordSubmitFailure(String reason) {
        submitted.incrementAndGet();
        submitFailuresByReason.merge(reason, 1, Integer::sum);
    }

    synchronized void recordPollError(String reason) {
        pollErrorsByReason.merge(reason, 1, Integer::sum);
    }

    void recordTransition(SimulatedJobState from, SimulatedJobState to) {
        byState.get(from).decrementAndGet();
        byState.get(to).incrementAndGet();
    }

    synchronized void recordCompletion(Duration timeToCompletion) {
        timesToCompletion.add(timeToCompletion);
    }

    synchronized SimulationSnapshot snapshot(Duration elapsed) {
        Map<SimulatedJobState, Integer> counts = new EnumMap<>(SimulatedJobState.class);
        byState.forEach((state, count) -> counts.put(state, count.get()));
        return new SimulationSnapshot(
                elapsed,
                submitted.get(),
                counts,
                new TreeMap<>(rejectedByReason),
                new TreeMap<>(submitFailuresByReason),
                new TreeMap<>(pollErrorsByReason),
                List.copyOf(timesToCompletion));
    }
}
