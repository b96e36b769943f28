package io.jobserver.store.postgres;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import org.jboss.logging.Logger;

import io.jobserver.store.StoreUnavailableException;

/**
 * Hands items that many threads submit to one database call per batch: each batch thread takes
 * every item waiting at that moment, up to a maximum, and passes them to its function together.
 * Under load many items share one round trip, and for writes one commit (group commit), while a
 * lone item goes out at once.
 *
 * @param <T> what is submitted, such as a payload to insert
 * @param <R> the result for one item, such as the ID of the inserted row
 */
public final class Batcher<T, R> {

    private static final Logger LOG = Logger.getLogger(Batcher.class);

    /** How long an idle batch thread waits for an item before it checks whether it should stop. */
    private static final Duration IDLE_POLL = Duration.ofMillis(100);

    private final String name;
    private final int threadCount;
    private final int maxBatch;
    private final Function<List<T>, List<R>> call;
    private final Runnable afterCall;
    private final BlockingQueue<Pending<T, R>> waiting;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean stopping;
    private volatile boolean stopped;

    /**
     * @param name names the batch threads and the log messages
     * @param threadCount batch threads: with two, one collects a batch while the other waits for the database
     * @param capacity most items waiting for a batch thread; beyond it {@link #offer} rejects
     * @param maxBatch most items in one call of {@code call}
     * @param call handles a batch and returns one result per item, in the batch's order; throws
     *        {@link StoreUnavailableException} if the database cannot be reached
     * @param afterCall runs after each batch that {@code call} handled without an exception
     */
    public Batcher(String name, int threadCount, int capacity, int maxBatch, Function<List<T>, List<R>> call,
            Runnable afterCall) {
        this.name = name;
        this.threadCount = threadCount;
        this.maxBatch = maxBatch;
        this.call = call;
        this.afterCall = afterCall;
        this.waiting = new ArrayBlockingQueue<>(capacity);
    }

    public void start() {
        for (int i = 0; i < threadCount; i++) {
            Thread thread = new Thread(this::runBatches, name + "-" + (i + 1));
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
    }

    /**
     * Queues {@code item} for the next batch without blocking. The returned stage completes with
     * the item's result once its batch is done, or fails with the exception that the call raised.
     * Returns empty if {@code capacity} items are already waiting or the batcher has stopped.
     */
    public Optional<CompletionStage<R>> offer(T item) {
        Pending<T, R> pending = new Pending<>(item, new CompletableFuture<>());
        if (stopping || !waiting.offer(pending)) {
            return Optional.empty();
        }
        if (stopped && waiting.remove(pending)) {
            // The batch threads stopped between the check above and the offer.
            return Optional.empty();
        }
        return Optional.of(pending.result());
    }

    /**
     * Queues {@code item}, waiting for room if necessary, and waits until its batch is done.
     *
     * @return the item's result
     * @throws StoreUnavailableException if the database could not be reached
     * @throws IllegalStateException if the batcher has stopped
     */
    public R submitAndWait(T item) throws InterruptedException {
        if (stopping) {
            throw new IllegalStateException(name + " has stopped");
        }
        Pending<T, R> pending = new Pending<>(item, new CompletableFuture<>());
        waiting.put(pending);
        while (true) {
            try {
                return pending.result().get(IDLE_POLL.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException cause) {
                    throw cause;
                }
                throw new IllegalStateException(name + ": the batch failed", e.getCause());
            } catch (TimeoutException e) {
                // The batch threads may have stopped between the check above and the put.
                if (stopped && waiting.remove(pending)) {
                    throw new IllegalStateException(name + " has stopped");
                }
            }
        }
    }

    /** Handles what is still waiting, then stops the batch threads; callers must have stopped submitting. */
    public void stop() {
        stopping = true;
        try {
            for (Thread thread : threads) {
                thread.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            stopped = true;
        }
    }

    private void runBatches() {
        List<Pending<T, R>> batch = new ArrayList<>(maxBatch);
        try {
            while (true) {
                Pending<T, R> first = waiting.poll(IDLE_POLL.toMillis(), TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (stopping) {
                        return;
                    }
                    continue;
                }
                batch.add(first);
                waiting.drainTo(batch, maxBatch - 1);
                try {
                    handle(batch);
                } catch (Throwable e) {
                    // An Error fails only this batch too, because a dead batch thread would leave later callers waiting.
                    if (!(e instanceof StoreUnavailableException)) {
                        LOG.errorf(e, "%s: a batch of %d failed", name, batch.size());
                    }
                    batch.forEach(pending -> pending.result().completeExceptionally(e));
                }
                batch.clear();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void handle(List<Pending<T, R>> batch) {
        List<R> results = call.apply(batch.stream().map(Pending::item).toList());
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).result().complete(results.get(i));
        }
        afterCall.run();
    }

    private record Pending<T, R>(T item, CompletableFuture<R> result) {
    }
}
