package io.jobserver.client.simulate;

import io.jobserver.client.http.ClientFailure;
import io.jobserver.client.http.JobServerClient;
import io.jobserver.client.http.Problem;
import io.jobserver.client.http.RequestFailedException;
import io.jobserver.client.http.StatusOutcome;
import io.jobserver.client.http.SubmitOutcome;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One simulated user of job-server: it submits its jobs one after another, then polls the status of those
 * not yet final every poll interval until all are final. All of its callbacks run on one Vert.x context,
 * so its fields need no locking.
 */
final class SimulatedClient {

    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final int clientNumber;
    private final SimulationSettings settings;
    private final JobServerClient client;
    private final SimulationProgress progress;
    private final Context context;
    private final Promise<Void> done = Promise.promise();
    private final List<TrackedJob> jobs = new ArrayList<>();
    private Duration backoff;
    private volatile boolean stopped;

    /** An accepted job and the last state this client saw for it. */
    private static final class TrackedJob {
        final long id;
        final long acceptedAtNanos;
        SimulatedJobState state = SimulatedJobState.PENDING;

        TrackedJob(long id, long acceptedAtNanos) {
            this.id = id;
            this.acceptedAtNanos = acceptedAtNanos;
        }
    }

    SimulatedClient(int clientNumber, SimulationSettings settings, JobServerClient client, SimulationProgress progress,
            Context context) {
        this.clientNumber = clientNumber;
        this.settings = settings;
        this.client = client;
        this.progress = progress;
        this.context = context;
        this.backoff = settings.pollInterval();
    }

    /** Starts the client; the future completes when every accepted job is final. */
    Future<Void> start() {
        context.runOnContext(ignored -> submit(0));
        return done.future();
    }

    /** Stops scheduling requests; responses still in flight are ignored. */
    void stop() {
        stopped = true;
    }

    private void submit(int jobNumber) {
        if (stopped) {
            return;
        }
        if (jobNumber == settings.jobsPerClient()) {
            schedule(settings.pollInterval(), this::pollOpenJobs);
            return;
        }
        String payload = "client-" + clientNumber + " job-" + jobNumber;
        client.submit(payload).onComplete(result -> {
            Duration delay = recordSubmission(result);
            schedule(delay, () -> submit(jobNumber + 1));
        });
    }

    /** Records the result of a submission and returns how long to wait before the next request. */
    private Duration recordSubmission(AsyncResult<SubmitOutcome> result) {
        if (result.failed()) {
            progress.recordSubmitFailure(failureLabel(result.cause()));
            return settings.pollInterval();
        }
        if (result.result() instanceof SubmitOutcome.Accepted accepted) {
            jobs.add(new TrackedJob(accepted.jobId(), System.nanoTime()));
            progress.recordAccepted();
            return Duration.ZERO;
        }
        SubmitOutcome.Rejected rejected = (SubmitOutcome.Rejected) result.result();
        progress.recordRejected(rejectionLabel(rejected.problem()));
        return rejected.response().retryAfter().orElse(Duration.ZERO);
    }

    private void pollOpenJobs() {
        if (stopped) {
            return;
        }
        List<TrackedJob> open = jobs.stream().filter(job -> !job.state.isFinal()).toList();
        if (open.isEmpty()) {
            done.tryComplete();
            return;
        }
        List<Future<StatusOutcome>> requests = new ArrayList<>(open.size());
        for (TrackedJob job : open) {
            requests.add(client.status(job.id));
        }
        Future.join(requests).onComplete(ignored -> {
            Optional<Duration> retryAfter = Optional.empty();
            boolean backOff = false;
            for (int i = 0; i < open.size(); i++) {
                Future<StatusOutcome> request = requests.get(i);
                if (request.failed()) {
                    progress.recordPollError(failureLabel(request.cause()));
                    backOff = true;
                    continue;
                }
                if (request.result() instanceof StatusOutcome.Failed failed) {
                    progress.recordPollError(rejectionLabel(failed.problem()));
                    backOff = true;
                    retryAfter = max(retryAfter, failed.response().retryAfter());
                    continue;
                }
                update(open.get(i), request.result());
            }
            schedule(nextPollDelay(backOff, retryAfter), this::pollOpenJobs);
        });
    }

    private void update(TrackedJob job, StatusOutcome outcome) {
        SimulatedJobState next;
        Optional<Duration> serverTime = Optional.empty();
        if (outcome instanceof StatusOutcome.Found found) {
            next = SimulatedJobState.of(found.report().status());
            serverTime = found.report().timeToFinish();
        } else {
            next = SimulatedJobState.EXPIRED;
        }
        if (next == job.state) {
            return;
        }
        progress.recordTransition(job.state, next);
        job.state = next;
        if (next == SimulatedJobState.COMPLETED) {
            Duration seenByClient = Duration.ofNanos(System.nanoTime() - job.acceptedAtNanos);
            progress.recordCompletion(serverTime.orElse(seenByClient));
        }
    }

    /**
     * Returns the poll interval after a clean round. After a 503 it returns the server's Retry-After (at least the
     * poll interval); after other errors, or a 503 without Retry-After, a delay that doubles each round up to 30 s.
     */
    private Duration nextPollDelay(boolean backOff, Optional<Duration> retryAfter) {
        if (!backOff) {
            backoff = settings.pollInterval();
            return backoff;
        }
        if (retryAfter.isPresent()) {
            Duration requested = retryAfter.get();
            return requested.compareTo(settings.pollInterval()) > 0 ? requested : settings.pollInterval();
        }
        Duration doubled = backoff.multipliedBy(2);
        backoff = doubled.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : doubled;
        return backoff;
    }

    private void schedule(Duration delay, Runnable action) {
        if (stopped) {
            return;
        }
        if (delay.isZero()) {
            context.runOnContext(ignored -> action.run());
        } else {
            context.owner().setTimer(Math.max(1, delay.toMillis()), ignored -> context.runOnContext(none -> action.run()));
        }
    }

    static String rejectionLabel(Problem problem) {
        return problem.status() + " " + problem.title();
    }

    static String failureLabel(Throwable failure) {
        ClientFailure kind = failure instanceof RequestFailedException requestFailed
                ? requestFailed.failure()
                : ClientFailure.classify(failure);
        return kind.label();
    }

    private static Optional<Duration> max(Optional<Duration> a, Optional<Duration> b) {
        if (a.isEmpty()) {
            return b;
        }
        if (b.isEmpty()) {
            return a;
        }
        return a.get().compareTo(b.get()) >= 0 ? a : b;
    }
}
