package io.jobserver.processing;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.jobserver.JobsConfig;

/**
 * Simulates work on a string job by sleeping a uniformly random time between
 * {@code jobs.processing-time.min} and {@code jobs.processing-time.max}, both inclusive.
 */
@ApplicationScoped
public class StringJobProcessor implements JobProcessor {

    private static final Logger LOG = Logger.getLogger(StringJobProcessor.class);

    private final long minNanos;
    private final long maxNanos;

    public StringJobProcessor(JobsConfig config) {
        this.minNanos = config.processingTime().min().toNanos();
        this.maxNanos = config.processingTime().max().toNanos();
    }

    @Override
    public void process(Job job) throws InterruptedException {
        long nanos = minNanos >= maxNanos ? minNanos : ThreadLocalRandom.current().nextLong(minNanos, maxNanos + 1);
        LOG.debugf("Job %d: processing %d characters for %s", job.id(), job.payload().length(), Duration.ofNanos(nanos));
        TimeUnit.NANOSECONDS.sleep(nanos);
    }
}
