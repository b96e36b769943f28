package io.jobserver.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;

import org.jboss.logging.Logger;

/**
 * Thread-safe, in-memory store of job statuses with bounded retention.
 * <p>
 * Reads are a single {@link ConcurrentHashMap#get} and take no lock. Status changes replace the
 * immutable {@link JobRecord} atomically and only move it forward. Finished jobs are evicted once
 * they are older than the TTL, and oldest first while more than {@code maxFinished} are kept;
 * pending and processing jobs are never evicted.
 * <p>
 * Everything here is lost when the process exits.
 */
public class InMemoryJobStore implements JobStore {

    private static final Logger LOG = Logger.getLogger(InMemoryJobStore.class);

    private final ConcurrentHashMap<Long, JobRecord> records = new ConcurrentHashMap<>();
    private final AtomicLong lastIssuedId = new AtomicLong();
    private final Duration ttl;
    private final int maxFinished;
    private final Clock clock;

    /** Finished jobs in the order they finished, so that eviction looks only at the head. */
    private final Queue<FinishedJob> finishedOrder = new ConcurrentLinkedQueue<>();
    private final AtomicInteger finishedCount = new AtomicInteger();
    private final ReentrantLock evictionLock = new ReentrantLock();

    public InMemoryJobStore(Duration ttl, int maxFinished, Clock clock) {
        this.ttl = ttl;
        this.maxFinished = maxFinished;
        this.clock = clock;
    }

    /** Creates a pending job with the next ID; IDs start at 1 and are never reused. */
    public JobRecord createPending() {
        JobRecord record = JobRecord.pending(lastIssuedId.incrementAndGet(), clock.instant());
        records.put(record.id(), record);
        return record;
    }

    /** Returns the job's current status, or empty if it never existed or has been evicted. */
    @Override
    public Optional<JobRecord> find(long id) {
        JobRecord record = records.get(id);
        if (record != null && isExpired(record, clock.instant())) {
            return Optional.empty();
        }
        return Optional.ofNullable(record);
    }

    /** Returns the highest ID issued so far, or 0 if none was. */
    @Override
    public long lastIssuedId() {
        return lastIssuedId.get();
    }

    @Override
    public boolean isBlocking() {
        return false;
    }

    @Override
    public boolean isDurable() {
        return false;
    }

    public int size() {
        return records.size();
    }

    public Optional<JobRecord> markProcessing(long id) {
        Instant now = clock.instant();
        return transition(id, JobStatus.PROCESSING, record -> record.processing(now));
    }

    public Optional<JobRecord> markCompleted(long id) {
        Instant now = clock.instant();
        return transition(id, JobStatus.COMPLETED, record -> record.completed(now));
    }

    public Optional<JobRecord> markFailed(long id, String message) {
        Instant now = clock.instant();
        return transition(id, JobStatus.FAILED, record -> record.failed(now, message));
    }

    /**
     * Applies {@code change} if the job exists and may move to {@code next}; returns the record
     * as it is afterwards, changed or not.
     */
    private Optional<JobRecord> transition(long id, JobStatus next, UnaryOperator<JobRecord> change) {
        JobRecord updated = records.computeIfPresent(id,
                (key, current) -> current.status().canMoveTo(next) ? change.apply(current) : current);
        if (updated != null && updated.status() == next && next.isFinal()) {
            finishedOrder.add(new FinishedJob(id, updated.finishedAt()));
            finishedCount.incrementAndGet();
            evictFinished();
        }
        return Optional.ofNullable(updated);
    }

    /**
     * Evicts finished jobs past the TTL or beyond {@code maxFinished}. Runs after every finish and
     * from a periodic sweep; a caller that finds another thread evicting leaves the work to it.
     */
    public void evictFinished() {
        if (!evictionLock.tryLock()) {
            return;
        }
        try {
            Instant now = clock.instant();
            int evicted = 0;
            FinishedJob oldest;
            while ((oldest = finishedOrder.peek()) != null
                    && (finishedCount.get() > maxFinished || isPastTtl(oldest.finishedAt(), now))) {
                finishedOrder.poll();
                finishedCount.decrementAndGet();
                records.remove(oldest.id());
                evicted++;
            }
            if (evicted > 0) {
                LOG.debugf("Evicted %d finished jobs; %d finished jobs kept", evicted, finishedCount.get());
            }
        } finally {
            evictionLock.unlock();
        }
    }

    private boolean isExpired(JobRecord record, Instant now) {
        return record.isFinished() && isPastTtl(record.finishedAt(), now);
    }

    private boolean isPastTtl(Instant finishedAt, Instant now) {
        return !finishedAt.plus(ttl).isAfter(now);
    }

    private record FinishedJob(long id, Instant finishedAt) {
    }
}
