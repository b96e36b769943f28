package io.jobserver.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

class InMemoryJobStoreTest {

    private static final Duration TTL = Duration.ofMinutes(10);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

    @Test
    void idsStartAtOneAndIncrease() {
        InMemoryJobStore store = new InMemoryJobStore(TTL, 100, clock);

        assertThat(store.lastIssuedId()).isZero();
        assertThat(store.createPending().id()).isEqualTo(1);
        assertThat(store.createPending().id()).isEqualTo(2);
        assertThat(store.lastIssuedId()).isEqualTo(2);
    }

    @Test
    void statusMovesForwardWithTimestamps() {
        InMemoryJobStore store = new InMemoryJobStore(TTL, 100, clock);
        long id = store.createPending().id();

        clock.advance(Duration.ofSeconds(1));
        store.markProcessing(id);
        clock.advance(Duration.ofSeconds(2));
        store.markCompleted(id);

        JobRecord record = store.find(id).orElseThrow();
        assertThat(record.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(record.createdAt()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(record.startedAt()).isEqualTo(Instant.parse("2026-01-01T00:00:01Z"));
        assertThat(record.finishedAt()).isEqualTo(Instant.parse("2026-01-01T00:00:03Z"));
        assertThat(record.error()).isNull();
    }

    @Test
    void finalStatusNeverChanges() {
        InMemoryJobStore store = new InMemoryJobStore(TTL, 100, clock);
        long completed = store.createPending().id();
        long failed = store.createPending().id();
        store.markProcessing(completed);
        store.markCompleted(completed);
        store.markProcessing(failed);
        store.markFailed(failed, "broken");

        store.markProcessing(completed);
        store.markFailed(completed, "late failure");
        store.markCompleted(failed);

        assertThat(store.find(completed).orElseThrow().status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(store.find(completed).orElseThrow().error()).isNull();
        assertThat(store.find(failed).orElseThrow().status()).isEqualTo(JobStatus.FAILED);
        assertThat(store.find(failed).orElseThrow().error()).isEqualTo("broken");
    }

    @Test
    void processingNeverGoesBackToPending() {
        InMemoryJobStore store = new InMemoryJobStore(TTL, 100, clock);
        long id = store.createPending().id();
        store.markProcessing(id);
        Instant firstStart = store.find(id).orElseThrow().startedAt();

        clock.advance(Duration.ofSeconds(5));
        store.markProcessing(id);

        assertThat(store.find(id).orElseThrow().startedAt()).isEqualTo(firstStart);
    }

    @Test
    void unknownIdIsEmpty() {
        InMemoryJobStore store = new InMemoryJobStore(TTL, 100, clock);

        assertThat(store.find(42)).isEmpty();
        assertThat(store.markProcessing(42)).isEmpty();
    }

    @Test
    void finishedJobExpiresAfterTtl() {
        InMemoryJobStore store = new InMemoryJobStore(TTL, 100, clock);
        long id = store.createPending().id();
        store.markProcessing(id);
        store.markCompleted(id);

        clock.advance(TTL.minusSeconds(1));
        assertThat(store.find(id)).isPresent();

        clock.advance(Duration.ofSeconds(1));
        assertThat(store.find(id)).isEmpty();

        store.evictFinished();
        assertThat(store.size()).isZero();
    }

    @Test
    void unfinishedJobsNeverExpire() {
        InMemoryJobStore store = new InMemoryJobStore(TTL, 0, clock);
        long pending = store.createPending().id();
        long processing = store.createPending().id();
        store.markProcessing(processing);

        clock.advance(TTL.multipliedBy(10));
        store.evictFinished();

        assertThat(store.find(pending)).isPresent();
        assertThat(store.find(processing)).isPresent();
    }

    @Test
    void oldestFinishedEvictedBeyondMaxFinished() {
        InMemoryJobStore store = new InMemoryJobStore(TTL, 2, clock);
        long first = finish(store);
        long second = finish(store);
        long running = store.createPending().id();
        store.markProcessing(running);
        long third = finish(store);

        assertThat(store.find(first)).isEmpty();
        assertThat(store.find(second)).isPresent();
        assertThat(store.find(third)).isPresent();
        assertThat(store.find(running)).isPresent();
        assertThat(store.size()).isEqualTo(3);
    }

    private long finish(InMemoryJobStore store) {
        long id = store.createPending().id();
        store.markProcessing(id);
        clock.advance(Duration.ofMillis(1));
        store.markCompleted(id);
        return id;
    }

    /** A clock that tests move by hand. */
    static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
