package io.jobserver.client.load;

import java.time.Duration;

/**
 * Running totals of a load test, reported every few seconds.
 *
 * @param elapsed time since the first request
 * @param responses HTTP responses received so far, of any status
 * @param errors responses with a status other than 2xx plus client-side failures so far
 */
public record LoadProgress(Duration elapsed, long responses, long errors) {
}
