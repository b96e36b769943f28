package io.jobserver.dispatch;

import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

import io.jobserver.processing.Job;
import io.jobserver.processing.JobProcessor;

/**
 * A processor that tests control: each job waits for a permit, and a payload of the form
 * {@code fail:MESSAGE} throws with MESSAGE. It records how many jobs ran at once.
 */
@Alternative
@ApplicationScoped
public class GatedJobProcessor implements JobProcessor {

    private final Semaphore permits = new Semaphore(0);
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger maxRunning = new AtomicInteger();
    private volatile boolean open;

    @Override
    public void process(Job job) throws Exception {
        maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
        try {
            if (job.payload().startsWith("fail:")) {
                throw new IllegalStateException(job.payload().substring("fail:".length()));
            }
            if (!open) {
                permits.acquire();
            }
        } finally {
            running.decrementAndGet();
        }
    }

    /** Lets {@code count} waiting or future jobs finish. */
    public void release(int count) {
        permits.release(count);
    }

    /** Lets every job finish from now on. */
    public void open() {
        open = true;
        permits.release(Integer.MAX_VALUE / 2);
    }

    /** Makes jobs wait for permits again and resets the counters. */
    public void close() {
        open = false;
        permits.drainPermits();
        maxRunning.set(running.get());
    }

    public int running() {
        return running.get();
    }

    public int maxRunning() {
        return maxRunning.get();
    }
}
