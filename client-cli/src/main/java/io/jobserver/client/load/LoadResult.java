package io.jobserver.client.load;

import io.jobserver.client.http.ClientFailure;
import java.time.Duration;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Everything a load test measured.
 *
 * @param settings the parameters of the run
 * @param elapsed time from the first intended send time to the last completed request
 * @param sent requests sent
 * @param unsent requests that fell due in the open model but were never sent, because every connection was busy
 *     until the run ended
 * @param latencyMicros latency of every HTTP response in microseconds, from its intended send time in the open model
 *     and from its actual send time in the closed model
 * @param countsByStatus HTTP responses by status code
 * @param failures requests that got no HTTP response, by kind
 */
public record LoadResult(
        LoadSettings settings,
        Duration elapsed,
        long sent,
        long unsent,
        Histogram latencyMicros,
        Map<Integer, Long> countsByStatus,
        Map<ClientFailure, Long> failures) {

    /** Returns the number of HTTP responses of any status. */
    public long responses() {
        return countsByStatus.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Returns the number of requests that got no HTTP response. */
    public long clientFailures() {
        return failures.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Returns the number of responses with a status other than 2xx. */
    public long errorResponses() {
        return countsByStatus.entrySet().stream()
                .filter(entry -> entry.getKey() / 100 != 2)
                .mapToLong(Map.Entry::getValue)
                .sum();
    }

    /** Returns the responses received per second. */
    public double achievedRate() {
        double seconds = elapsed.toNanos() / 1e9;
        return seconds <= 0 ? 0 : responses() / seconds;
    }

    /**
     * Returns the share of sent requests that failed, from 0 to 1: responses other than 2xx plus client-side
     * failures. A run that sent nothing counts as failed completely.
     */
    public double errorRate() {
        if (sent == 0) {
            return 1;
        }
        return Math.min(1, (errorResponses() + clientFailures()) / (double) sent);
    }
}
