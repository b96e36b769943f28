package io.jobserver.store.postgres;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

import io.jobserver.store.StoreUnavailableException;

/**
 * Writes submitted jobs to PostgreSQL in batches (group commit): each writer thread takes every
 * submission waiting at that moment and inserts them in one transaction, so the commit cost is
 * shared under load while a lone submission is written at once.
 */
public final class JobInserter {

    private static final Logger LOG = Logger.getLogger(JobInserter.class);

    /** Writer threads: one collects a batch while another waits for its commit. */
    private static final int WRITERS = 2;
    /** Maximum jobs in one insert transaction. */
    static final int MAX_BATCH = 500;
    /** How long an idle writer waits for a submission before it checks whether it should stop. */
    private static final Duration IDLE_POLL = Duration.ofMillis(100);

    private final PostgresJobStore store;
    private final BlockingQueue<Submission> waiting;
    private final Runnable afterCommit;
    private final List<Thread> writers = new ArrayList<>();
    private volatile boolean stopping;

    /**
     * @param capacity maximum submissions waiting for their insert; beyond it {@link #insert} rejects
     * @param afterCommit run after each committed batch, to let a claimer look for the new jobs
     */
    public JobInserter(PostgresJobStore store, int capacity, Runnable afterCommit) {
        this.store = store;
        this.waiting = new ArrayBlockingQueue<>(capacity);
        this.afterCommit = afterCommit;
    }

    public void start() {
        for (int i = 0; i < WRITERS; i++) {
            Thread writer = new Thread(this::runWriter, "job-inserter-" + (i + 1));
            writer.setDaemon(true);
            writers.add(writer);
            writer.start();
        }
    }

    /**
     * Queues {@code payload} for the next batch. The returned stage completes with the job's ID
     * once the job is committed, or fails with {@link StoreUnavailableException} if the insert
     * failed. Returns empty if {@code capacity} submissions are already waiting.
     */
    public Optional<CompletionStage<Long>> insert(String payload) {
        Submission submission = new Submission(payload, new CompletableFuture<>());
        if (!waiting.offer(submission)) {
            return Optional.empty();
        }
        return Optional.of(submission.id());
    }

    /** Writes what is still waiting, then stops the writers; the caller must have stopped calling {@link #insert}. */
    public void stop() {
        stopping = true;
        for (Thread writer : writers) {
            try {
                writer.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void runWriter() {
        List<Submission> batch = new ArrayList<>(MAX_BATCH);
        try {
            while (true) {
                Submission first = waiting.poll(IDLE_POLL.toMillis(), TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (stopping) {
                        return;
                    }
                    continue;
                }
                batch.add(first);
                waiting.drainTo(batch, MAX_BATCH - 1);
                write(batch);
                batch.clear();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void write(List<Submission> batch) {
        List<Long> ids;
        try {
            ids = store.insert(batch.stream().map(Submission::payload).toList());
        } catch (StoreUnavailableException e) {
            batch.forEach(submission -> submission.id().completeExceptionally(e));
            return;
        } catch (RuntimeException e) {
            LOG.errorf(e, "Inserting %d jobs failed", batch.size());
            batch.forEach(submission -> submission.id().completeExceptionally(e));
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).id().complete(ids.get(i));
        }
        afterCommit.run();
    }

    private record Submission(String payload, CompletableFuture<Long> id) {
    }
}
