package io.jobserver.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.jobserver.store.StoreUnavailableException;

@Timeout(10)
class BatcherTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    /** Every batch that reached the call, in order. */
    private final List<List<Integer>> batches = new CopyOnWriteArrayList<>();
    /** Holds the first batch inside the call until the test releases it. */
    private final CountDownLatch firstBatchReleased = new CountDownLatch(1);
    private Batcher<Integer, String> batcher;

    @AfterEach
    void stopBatcher() {
        firstBatchReleased.countDown();
        if (batcher != null) {
            batcher.stop();
        }
    }

    private Batcher<Integer, String> start(int capacity, int maxBatch, Function<List<Integer>, List<String>> call) {
        batcher = new Batcher<>("test-batcher", 1, capacity, maxBatch, call, () -> { });
        batcher.start();
        return batcher;
    }

    /** Records each batch and returns "item:N"; the first batch waits for {@link #firstBatchReleased}. */
    private List<String> recordAndEcho(List<Integer> items) {
        batches.add(items);
        if (batches.size() == 1) {
            awaitQuietly(firstBatchReleased);
        }
        return items.stream().map(item -> "item:" + item).toList();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void offerBatchesItemsArrivingDuringCall() throws Exception {
        start(100, 100, this::recordAndEcho);
        CompletionStage<String> first = batcher.offer(0).orElseThrow();
        Awaitility.await().atMost(WAIT).until(() -> batches.size() == 1);

        List<CompletionStage<String>> later = List.of(batcher.offer(1).orElseThrow(), batcher.offer(2).orElseThrow(),
                batcher.offer(3).orElseThrow());
        firstBatchReleased.countDown();

        assertThat(first.toCompletableFuture().get()).isEqualTo("item:0");
        assertThat(later.get(0).toCompletableFuture().get()).isEqualTo("item:1");
        assertThat(later.get(2).toCompletableFuture().get()).isEqualTo("item:3");
        assertThat(batches).containsExactly(List.of(0), List.of(1, 2, 3));
    }

    @Test
    void offerSplitsBatchesAtMaxBatch() throws Exception {
        start(100, 2, this::recordAndEcho);
        batcher.offer(0).orElseThrow();
        Awaitility.await().atMost(WAIT).until(() -> batches.size() == 1);
        List<CompletableFuture<String>> later = List.of(1, 2, 3, 4, 5).stream()
                .map(item -> batcher.offer(item).orElseThrow().toCompletableFuture())
                .toList();

        firstBatchReleased.countDown();
        CompletableFuture.allOf(later.toArray(CompletableFuture[]::new)).get();

        assertThat(batches).containsExactly(List.of(0), List.of(1, 2), List.of(3, 4), List.of(5));
    }

    @Test
    void offerRejectsBeyondCapacity() {
        start(2, 10, this::recordAndEcho);
        batcher.offer(0).orElseThrow();
        Awaitility.await().atMost(WAIT).until(() -> batches.size() == 1);

        assertThat(batcher.offer(1)).isPresent();
        assertThat(batcher.offer(2)).isPresent();
        assertThat(batcher.offer(3)).isEmpty();
    }

    @Test
    void failedCallFailsOnlyItsBatch() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        start(10, 10, items -> {
            if (calls.incrementAndGet() == 1) {
                throw new StoreUnavailableException("database down");
            }
            return items.stream().map(item -> "item:" + item).toList();
        });

        assertThatThrownBy(() -> batcher.submitAndWait(1))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessage("database down");
        assertThat(batcher.submitAndWait(2)).isEqualTo("item:2");
    }

    @Test
    void errorInCallFailsOnlyItsBatch() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        start(10, 10, items -> {
            if (calls.incrementAndGet() == 1) {
                throw new StackOverflowError("deep recursion");
            }
            return items.stream().map(item -> "item:" + item).toList();
        });

        assertThatThrownBy(() -> batcher.submitAndWait(1))
                .isInstanceOf(IllegalStateException.class)
                .hasRootCauseInstanceOf(StackOverflowError.class);
        assertThat(batcher.submitAndWait(2)).isEqualTo("item:2");
    }

    @Test
    void offerFailsWithCallException() {
        start(10, 10, items -> {
            throw new StoreUnavailableException("database down");
        });

        CompletableFuture<String> result = batcher.offer(1).orElseThrow().toCompletableFuture();

        assertThatThrownBy(result::get)
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(StoreUnavailableException.class);
    }

    @Test
    void stopHandlesWaitingItemsFirst() throws Exception {
        // Room for every offer the wait below makes, so that only stopping can reject one
        start(1000, 10, this::recordAndEcho);
        batcher.offer(0).orElseThrow();
        Awaitility.await().atMost(WAIT).until(() -> batches.size() == 1);
        CompletableFuture<String> waiting = batcher.offer(1).orElseThrow().toCompletableFuture();

        CompletableFuture<Void> stopped = CompletableFuture.runAsync(batcher::stop);
        // Once stop has begun, offers are rejected; only then is the running batch let go.
        Awaitility.await().atMost(WAIT).until(() -> batcher.offer(99).isEmpty());
        firstBatchReleased.countDown();
        stopped.get(5, TimeUnit.SECONDS);

        assertThat(waiting.get()).isEqualTo("item:1");
    }

    @Test
    void stoppedBatcherRejectsItems() {
        start(10, 10, this::recordAndEcho);
        batcher.stop();

        assertThat(batcher.offer(1)).isEmpty();
        assertThatThrownBy(() -> batcher.submitAndWait(2))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("test-batcher has stopped");
    }
}
