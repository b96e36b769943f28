package io.jobserver.client.load;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.random.RandomGenerator;

/**
 * The most recent job IDs accepted during a load test, which status requests ask about. It keeps a fixed number
 * of IDs in a ring, so recent jobs, whose records have not expired, are the ones asked about.
 */
final class AcceptedJobIds {

    static final int CAPACITY = 65_536;

    private final AtomicLongArray ring = new AtomicLongArray(CAPACITY);
    private final AtomicLong added = new AtomicLong();

    void add(long jobId) {
        long index = added.getAndIncrement();
        ring.set((int) (index % CAPACITY), jobId);
    }

    boolean isEmpty() {
        return added.get() == 0;
    }

    /** Returns one of the stored IDs at random; call only when not empty. */
    long pick(RandomGenerator random) {
        long count = Math.min(added.get(), CAPACITY);
        long id = ring.get(random.nextInt((int) count));
        // A slot claimed by a concurrent add but not yet written reads 0; any stored ID serves as well.
        return id != 0 ? id : ring.get(0);
    }
}
