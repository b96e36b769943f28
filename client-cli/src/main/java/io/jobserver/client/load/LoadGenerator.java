package io.jobserver.client.load;

import io.jobserver.client.http.ClientFailure;
import io.jobserver.client.http.JobServerClient;
import io.jobserver.client.http.ServerResponse;
import io.jobserver.client.http.SubmitOutcome;
import io.jobserver.client.http.UnexpectedResponseException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends one share of a load test's requests from one Vert.x context, so its fields need no locking.
 *
 * <p>In the open model, request {@code i} has the intended send time {@code start + i / rate}; it is sent at that
 * time, or as soon as a connection is free when all are busy, and its latency is measured from the intended time.
 * This way a slow server cannot slow the schedule down and hide its own latency (coordinated omission). In the
 * closed model, each virtual user sends its next request as soon as the previous one completed, so the intended
 * time is the actual send time.
 *
 * <p>Each connection of the generator carries one request at a time: every virtual user of the closed model has its
 * own, and the open model takes a free one from its set for each request that falls due.
 */
final class LoadGenerator {

    /** Pause of a closed-model user after a client-side failure, so a dead server does not spin the CPU. */
    private static final long FAILURE_PAUSE_MILLIS = 10;

    /** Period of the timer that sends the requests that fell due in the open model; 1 ms is Vert.x's minimum. */
    private static final long SCHEDULER_PERIOD_MILLIS = 1;

    /** Period of the sweep that fails requests older than the request timeout. */
    private static final long TIMEOUT_SWEEP_MILLIS = 100;

    private final JobServerClient client;
    private final NetClient netClient;
    private final Context context;
    private final Share share;
    private final RequestMix mix;
    private final RequestTemplates requests;
    private final long requestTimeoutNanos;
    private final AcceptedJobIds jobIds;
    private final LoadRecorder recorder;
    private final AtomicLong requestBudget;
    private final SplittableRandom random = new SplittableRandom();
    private final Promise<Void> finished = Promise.promise();
    private final List<LoadConnection> connections = new ArrayList<>();
    private final Deque<LoadConnection> idleConnections = new ArrayDeque<>();

    private long issued;
    private int inFlight;
    private boolean sending = true;
    private long schedulerTimer = -1;
    private long timeoutSweepTimer = -1;
    private long lastCompletionNanos;

    /**
     * The part of the load one generator sends.
     *
     * @param startNanos the intended send time of this generator's first request
     * @param endNanos the time after which no request is sent
     * @param intervalNanos time between intended send times in the open model, or 0 in the closed model
     * @param maxInFlight cap on this generator's requests in flight in the open model
     * @param users number of virtual users in the closed model
     */
    record Share(long startNanos, long endNanos, double intervalNanos, int maxInFlight, int users) {

        boolean isOpenModel() {
            return intervalNanos > 0;
        }
    }

    LoadGenerator(JobServerClient client, NetClient netClient, Context context, Share share, RequestMix mix,
            RequestTemplates requests, long requestTimeoutNanos, AcceptedJobIds jobIds, LoadRecorder recorder,
            AtomicLong requestBudget) {
        this.client = client;
        this.netClient = netClient;
        this.context = context;
        this.share = share;
        this.mix = mix;
        this.requests = requests;
        this.requestTimeoutNanos = requestTimeoutNanos;
        this.jobIds = jobIds;
        this.recorder = recorder;
        this.requestBudget = requestBudget;
        this.lastCompletionNanos = share.startNanos();
    }

    /**
     * Starts sending; the future completes once sending stopped and every request in flight completed, and fails
     * when the generator could not start.
     */
    Future<Void> start() {
        context.runOnContext(ignored -> {
            try {
                begin();
            } catch (RuntimeException e) {
                abort(e);
            }
        });
        return finished.future();
    }

    /** Returns how many requests this generator sent; read only after it finished. */
    long issued() {
        return issued;
    }

    /** Returns when this generator's last request completed; read only after it finished. */
    long lastCompletionNanos() {
        return lastCompletionNanos;
    }

    private void begin() {
        timeoutSweepTimer = context.owner().setPeriodic(TIMEOUT_SWEEP_MILLIS, ignored -> expireOldRequests());
        if (share.isOpenModel()) {
            for (int i = 0; i < share.maxInFlight(); i++) {
                idleConnections.add(newConnection());
            }
            schedulerTimer = context.owner().setPeriodic(SCHEDULER_PERIOD_MILLIS, ignored -> sendDueRequests());
            sendDueRequests();
            return;
        }
        for (int user = 0; user < share.users(); user++) {
            sendNextClosed(newConnection());
        }
        finishIfDrained();
    }

    private LoadConnection newConnection() {
        LoadConnection connection = new LoadConnection(netClient, client.server());
        connections.add(connection);
        return connection;
    }

    private void sendDueRequests() {
        if (!sending) {
            return;
        }
        long now = System.nanoTime();
        if (now >= share.endNanos()) {
            stopSending();
            return;
        }
        while (!idleConnections.isEmpty()) {
            long intended = share.startNanos() + (long) (issued * share.intervalNanos());
            if (intended > now) {
                return;
            }
            if (!takeFromBudget()) {
                stopSending();
                return;
            }
            send(idleConnections.poll(), intended);
        }
    }

    private void sendNextClosed(LoadConnection connection) {
        if (!sending) {
            return;
        }
        long now = System.nanoTime();
        if (now >= share.endNanos() || !takeFromBudget()) {
            stopSending();
            return;
        }
        send(connection, now);
    }

    private void send(LoadConnection connection, long intendedNanos) {
        issued++;
        inFlight++;
        boolean post = jobIds.isEmpty() || mix.nextIsPost(random);
        Buffer request = post ? requests.post() : requests.status(jobIds.pick(random));
        connection.send(request, post, new LoadConnection.Listener() {
            @Override
            public void onResponse(int statusCode, Buffer body) {
                long now = System.nanoTime();
                recorder.recordResponse(statusCode, now - intendedNanos);
                if (post && statusCode / 100 == 2) {
                    rememberJobId(statusCode, body);
                }
                onComplete(connection, now, false);
            }

            @Override
            public void onFailure(ClientFailure failure) {
                recorder.recordFailure(failure);
                onComplete(connection, System.nanoTime(), true);
            }
        });
    }

    private void onComplete(LoadConnection connection, long now, boolean clientFailure) {
        inFlight--;
        lastCompletionNanos = Math.max(lastCompletionNanos, now);
        if (share.isOpenModel()) {
            idleConnections.add(connection);
            sendDueRequests();
        } else if (clientFailure && sending) {
            context.owner().setTimer(FAILURE_PAUSE_MILLIS, ignored -> {
                sendNextClosed(connection);
                finishIfDrained();
            });
            return;
        } else {
            sendNextClosed(connection);
        }
        finishIfDrained();
    }

    private void rememberJobId(int statusCode, Buffer body) {
        try {
            ServerResponse response = new ServerResponse(statusCode, "application/json", Optional.empty(), body);
            if (client.toSubmitOutcome(response) instanceof SubmitOutcome.Accepted accepted) {
                jobIds.add(accepted.jobId());
            }
        } catch (UnexpectedResponseException e) {
            recorder.recordFailure(ClientFailure.INVALID_RESPONSE);
        }
    }

    private void expireOldRequests() {
        long now = System.nanoTime();
        for (LoadConnection connection : connections) {
            connection.expireIfOlderThan(now, requestTimeoutNanos);
        }
    }

    private boolean takeFromBudget() {
        return requestBudget.getAndDecrement() > 0;
    }

    private void stopSending() {
        if (!sending) {
            return;
        }
        sending = false;
        if (schedulerTimer != -1) {
            context.owner().cancelTimer(schedulerTimer);
        }
        finishIfDrained();
    }

    private void abort(RuntimeException failure) {
        sending = false;
        if (schedulerTimer != -1) {
            context.owner().cancelTimer(schedulerTimer);
        }
        if (timeoutSweepTimer != -1) {
            context.owner().cancelTimer(timeoutSweepTimer);
        }
        connections.forEach(LoadConnection::close);
        finished.tryFail(failure);
    }

    private void finishIfDrained() {
        if (!sending && inFlight == 0 && !finished.future().isComplete()) {
            context.owner().cancelTimer(timeoutSweepTimer);
            connections.forEach(LoadConnection::close);
            finished.tryComplete();
        }
    }
}
