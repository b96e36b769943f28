package io.jobserver.store.postgres;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import io.jobserver.processing.Job;
import io.jobserver.store.StoreUnavailableException;

/**
 * Fills a dispatcher's queue from PostgreSQL and keeps the claimed jobs' leases alive.
 * <p>
 * The claim loop takes only as many pending jobs as there are idle workers, so that a replica
 * never holds jobs that another replica could start sooner. It claims again as soon as it is woken
 * (a worker finished, or this replica committed new jobs) and otherwise every
 * {@code jobs.claim.poll-interval}. The same loop returns jobs with expired leases to pending.
 * Lease renewal runs on its own thread, because it must go on after claiming stops, until the last
 * running job has finished.
 */
public final class JobClaimer {

    private static final Logger LOG = Logger.getLogger(JobClaimer.class);

    /** How often expired leases are looked for: a dead replica's jobs rerun at most this long after the lease ends. */
    private static final Duration REQUEUE_INTERVAL = Duration.ofSeconds(1);
    /** Wait between attempts while the database is unavailable. */
    private static final Duration OUTAGE_RETRY = Duration.ofSeconds(1);

    private final PostgresJobStore store;
    private final Duration pollInterval;
    private final Duration renewInterval;
    private final Semaphore wakeups = new Semaphore(0);

    private BlockingQueue<Job> queue;
    private IntSupplier idleWorkers;
    private Supplier<Collection<Long>> heldJobIds;
    private Thread claimLoop;
    private ScheduledExecutorService renewer;
    private volatile boolean claiming;

    public JobClaimer(PostgresJobStore store, Duration pollInterval, Duration leaseTimeout) {
        this.store = store;
        this.pollInterval = pollInterval;
        this.renewInterval = leaseTimeout.dividedBy(3);
    }

    /**
     * Starts claiming into {@code queue} up to {@code idleWorkers} jobs at a time, and renewing the
     * leases of the jobs that {@code heldJobIds} lists: those queued or running on this replica.
     */
    public void start(BlockingQueue<Job> queue, IntSupplier idleWorkers, Supplier<Collection<Long>> heldJobIds) {
        this.queue = queue;
        this.idleWorkers = idleWorkers;
        this.heldJobIds = heldJobIds;
        claiming = true;
        claimLoop = new Thread(this::runClaimLoop, "job-claimer");
        claimLoop.setDaemon(true);
        claimLoop.start();

        renewer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "job-lease-renewer");
            thread.setDaemon(true);
            return thread;
        });
        long millis = renewInterval.toMillis();
        renewer.scheduleWithFixedDelay(this::renewLeases, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** Makes the claim loop look for jobs now instead of at its next poll. */
    public void wake() {
        if (wakeups.availablePermits() == 0) {
            wakeups.release();
        }
    }

    /** Stops claiming and waits for a claim in progress, so that no job reaches the queue afterwards. */
    public void stopClaiming() {
        claiming = false;
        if (claimLoop == null) {
            return;
        }
        wake();
        try {
            claimLoop.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops renewing leases; call it once no claimed job is running any more. */
    public void stopRenewing() {
        if (renewer != null) {
            renewer.shutdownNow();
        }
    }

    private void runClaimLoop() {
        long nextRequeueNanos = System.nanoTime();
        while (claiming) {
            try {
                if (System.nanoTime() - nextRequeueNanos >= 0) {
                    requeueExpiredLeases();
                    nextRequeueNanos = System.nanoTime() + REQUEUE_INTERVAL.toNanos();
                }
                int wanted = idleWorkers.getAsInt();
                if (wanted > 0 && claimInto(wanted) == wanted) {
                    continue;
                }
                wakeups.tryAcquire(pollInterval.toMillis(), TimeUnit.MILLISECONDS);
                wakeups.drainPermits();
            } catch (StoreUnavailableException e) {
                // The store logged the outage; retry at a slower pace until it ends.
                sleep(OUTAGE_RETRY);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.errorf(e, "Claiming jobs failed; retrying in %s", OUTAGE_RETRY);
                sleep(OUTAGE_RETRY);
            }
        }
    }

    private int claimInto(int wanted) {
        List<Job> claimed = store.claim(wanted);
        // The queue has room: it holds at most as many jobs as there are workers, and claims fill only idle ones.
        queue.addAll(claimed);
        if (!claimed.isEmpty()) {
            LOG.debugf("Claimed %d jobs (IDs %d to %d)", claimed.size(), claimed.get(0).id(), claimed.get(claimed.size() - 1).id());
        }
        return claimed.size();
    }

    private void requeueExpiredLeases() {
        List<Long> requeued = store.requeueExpiredLeases();
        if (!requeued.isEmpty()) {
            LOG.warnf("Returned %d jobs to pending because their replica's lease expired (IDs %s); they will run again",
                    requeued.size(), requeued);
        }
    }

    private void renewLeases() {
        try {
            int renewed = store.renewLeases(heldJobIds.get());
            LOG.tracef("Renewed the leases of %d jobs", renewed);
        } catch (StoreUnavailableException e) {
            LOG.debugf("Could not renew leases: %s", e.getMessage());
        } catch (RuntimeException e) {
            LOG.errorf(e, "Renewing leases failed");
        }
    }

    private void sleep(Duration duration) {
        try {
            wakeups.tryAcquire(duration.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            claiming = false;
        }
    }
}
