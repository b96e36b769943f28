package io.jobserver.client.simulate;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * State of a simulation at one moment.
 *
 * @param elapsed time since the simulation started
 * @param submitted submissions that got an answer or failed, accepted or not
 * @param byState accepted jobs by what the clients last saw of them
 * @param rejectedByReason submissions the server rejected, by HTTP status
 * @param submitFailuresByReason submissions that got no usable response, by client-side failure such as
 *     connection refused or invalid response
 * @param pollErrorsByReason status requests that got neither a status nor a 404, by reason
 * @param timesToCompletion time from acceptance to completion of every completed job
 */
public record SimulationSnapshot(
        Duration elapsed,
        int submitted,
        Map<SimulatedJobState, Integer> byState,
        Map<String, Integer> rejectedByReason,
        Map<String, Integer> submitFailuresByReason,
        Map<String, Integer> pollErrorsByReason,
        List<Duration> timesToCompletion) {

    /** Returns the number of jobs in one state. */
    public int count(SimulatedJobState state) {
        return byState.getOrDefault(state, 0);
    }

    /** Returns the number of submissions the server accepted. */
    public int accepted() {
        return byState.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Returns the number of submissions the server rejected. */
    public int rejected() {
        return rejectedByReason.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Returns the number of submissions that failed on the client side, without a usable response. */
    public int failedToSubmit() {
        return submitFailuresByReason.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Returns the number of accepted jobs that reached a final state. */
    public int finished() {
        return count(SimulatedJobState.COMPLETED) + count(SimulatedJobState.FAILED) + count(SimulatedJobState.EXPIRED);
    }

    /** Returns the number of accepted jobs that were not final yet. */
    public int unfinished() {
        return accepted() - finished();
    }
}
