package io.jobserver.client.load;

import java.time.Duration;
import java.util.OptionalLong;

/**
 * Parameters of a load test.
 *
 * @param rate requests per second in the open model, or 0 for the closed model
 * @param concurrency number of requests kept in flight in the closed model, or 0 for the open model
 * @param connections maximum number of open HTTP connections
 * @param duration how long requests are sent, unless {@code requests} ends the run first
 * @param requests total number of requests to send, or empty to run for {@code duration}
 * @param mix share of each request kind
 * @param payloadSize number of characters in each POST payload
 * @param requestTimeout how long to wait for each response before counting a timeout
 * @param warmup how long to send the same load before the measured run, without recording it, so that the JIT
 *     compilers of client and server have compiled the request path
 */
public record LoadSettings(
        double rate,
        int concurrency,
        int connections,
        Duration duration,
        OptionalLong requests,
        RequestMix mix,
        int payloadSize,
        Duration requestTimeout,
        Duration warmup) {

    /** Returns whether requests are sent at a fixed rate, independent of responses. */
    public boolean isOpenModel() {
        return rate > 0;
    }

    /** Returns the settings of the warm-up phase: the same load for the warm-up's duration. */
    LoadSettings forWarmup() {
        return new LoadSettings(rate, concurrency, connections, warmup, OptionalLong.empty(), mix, payloadSize,
                requestTimeout, Duration.ZERO);
    }
}
