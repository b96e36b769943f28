package io.jobserver.client.command;

import io.jobserver.client.http.JobServerClient;
import io.jobserver.client.http.StatusOutcome;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Polls the status of a set of jobs until each is final (completed, failed or not found) or a timeout
 * passes. A 503 from the server delays the next round by its Retry-After, or by a doubling backoff when
 * the header is missing.
 */
final class JobWatcher {

    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final JobServerClient client;
    private final Duration pollInterval;
    private final Duration timeout;

    /** Receives each status that differs from the one seen before for the same job. */
    interface Listener {
        void onChange(long jobId, StatusOutcome outcome);
    }

    /**
     * Outcome of a watch.
     *
     * @param latest the last status seen for each job, in the order the IDs were given
     * @param unfinished the jobs that were not final when the timeout passed
     */
    record Result(Map<Long, StatusOutcome> latest, Set<Long> unfinished) {

        boolean isTimedOut() {
            return !unfinished.isEmpty();
        }
    }

    JobWatcher(JobServerClient client, Duration pollInterval, Duration timeout) {
        this.client = client;
        this.pollInterval = pollInterval;
        this.timeout = timeout;
    }

    /**
     * Polls until every job is final or the timeout passed.
     *
     * @throws CommandFailedException when the server answers with an error other than 404 or 503
     * @throws io.jobserver.client.http.RequestFailedException when a request gets no response
     */
    Result watch(List<Long> jobIds, Listener listener) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<Long, StatusOutcome> latest = new LinkedHashMap<>();
        Set<Long> open = new LinkedHashSet<>(jobIds);
        Duration backoff = pollInterval;
        while (true) {
            Optional<Duration> unavailableDelay = pollOnce(open, latest, listener, backoff);
            if (open.isEmpty()) {
                return new Result(latest, Set.of());
            }
            backoff = unavailableDelay.orElse(pollInterval);
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                return new Result(latest, Collections.unmodifiableSet(open));
            }
            Thread.sleep(Math.max(1, Math.min(backoff.toMillis(), remaining / 1_000_000)));
        }
    }

    /** Queries every open job once; returns the delay before the next round when the server answered 503. */
    private Optional<Duration> pollOnce(Set<Long> open, Map<Long, StatusOutcome> latest, Listener listener,
            Duration previousDelay) throws InterruptedException {
        List<Long> ids = new ArrayList<>(open);
        List<Future<StatusOutcome>> requests = new ArrayList<>(ids.size());
        for (long id : ids) {
            requests.add(client.status(id));
        }
        Optional<Duration> unavailableDelay = Optional.empty();
        for (int i = 0; i < ids.size(); i++) {
            long id = ids.get(i);
            StatusOutcome outcome = client.await(requests.get(i));
            if (outcome instanceof StatusOutcome.Failed failed) {
                if (failed.problem().status() != 503) {
                    throw new CommandFailedException("GET /status/" + id + " failed: " + failed.problem().describe());
                }
                Duration delay = nextBackoff(failed.response().retryAfter(), previousDelay);
                unavailableDelay = Optional.of(unavailableDelay.map(d -> max(d, delay)).orElse(delay));
                continue;
            }
            StatusOutcome previous = latest.put(id, outcome);
            if (isChange(previous, outcome)) {
                listener.onChange(id, outcome);
            }
            if (isFinal(outcome)) {
                open.remove(id);
            }
        }
        return unavailableDelay;
    }

    private Duration nextBackoff(Optional<Duration> retryAfter, Duration previousDelay) {
        Duration doubled = previousDelay.multipliedBy(2);
        Duration backoff = doubled.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : doubled;
        return retryAfter.map(requested -> max(requested, pollInterval)).orElse(backoff);
    }

    static boolean isFinal(StatusOutcome outcome) {
        return outcome instanceof StatusOutcome.NotFound
                || outcome instanceof StatusOutcome.Found found && found.report().status().isFinal();
    }

    private static boolean isChange(StatusOutcome previous, StatusOutcome current) {
        if (previous == null || previous.getClass() != current.getClass()) {
            return true;
        }
        if (previous instanceof StatusOutcome.Found before && current instanceof StatusOutcome.Found after) {
            return before.report().status() != after.report().status();
        }
        return false;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
