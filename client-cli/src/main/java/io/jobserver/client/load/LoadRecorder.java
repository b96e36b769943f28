package io.jobserver.client.load;

import io.jobserver.client.http.ClientFailure;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;

/**
 * Results of one load generator: latency of every response in microseconds, counts by HTTP status and client-side
 * failures. Only its generator's event loop writes to it; the totals used for live progress are thread-safe.
 */
final class LoadRecorder {

    private static final int SIGNIFICANT_DIGITS = 3;

    private final Histogram latencyMicros = new Histogram(SIGNIFICANT_DIGITS);
    private final long[] countsByStatus = new long[600];
    private final Map<ClientFailure, Long> failures = new EnumMap<>(ClientFailure.class);
    private final LongAdder liveResponses;
    private final LongAdder liveErrors;

    LoadRecorder(LongAdder liveResponses, LongAdder liveErrors) {
        this.liveResponses = liveResponses;
        this.liveErrors = liveErrors;
    }

    void recordResponse(int statusCode, long latencyNanos) {
        latencyMicros.recordValue(Math.max(0, latencyNanos / 1_000));
        if (statusCode >= 0 && statusCode < countsByStatus.length) {
            countsByStatus[statusCode]++;
        }
        liveResponses.increment();
        if (statusCode / 100 != 2) {
            liveErrors.increment();
        }
    }

    void recordFailure(ClientFailure failure) {
        failures.merge(failure, 1L, Long::sum);
        liveErrors.increment();
    }

    /** Adds this recorder's results to the totals; call only after its generator finished. */
    void addTo(Histogram totalLatency, Map<Integer, Long> totalByStatus, Map<ClientFailure, Long> totalFailures) {
        totalLatency.add(latencyMicros);
        for (int status = 0; status < countsByStatus.length; status++) {
            if (countsByStatus[status] > 0) {
                totalByStatus.merge(status, countsByStatus[status], Long::sum);
            }
        }
        failures.forEach((failure, count) -> totalFailures.merge(failure, count, Long::sum));
    }

    static Map<Integer, Long> emptyStatusCounts() {
        return new TreeMap<>();
    }
}
