package io.jobserver;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.quarkus.runtime.configuration.ConfigurationException;

/**
 * Checks a {@link JobsConfig} for values the server cannot run with, so that start-up fails with a
 * message naming each bad property instead of failing later in an obscure way.
 */
public final class JobsConfigValidator {

    /** Shortest lease: renewals every third of it must fit between two database round trips under load. */
    static final Duration MIN_LEASE_TIMEOUT = Duration.ofSeconds(1);

    private JobsConfigValidator() {
    }

    /**
     * Throws a {@link ConfigurationException} that lists every invalid property of {@code config}.
     */
    public static void requireValid(JobsConfig config) {
        List<String> problems = new ArrayList<>();

        if (config.workers() < 1) {
            problems.add("jobs.workers must be at least 1, but is " + config.workers());
        }
        if (config.queue().capacity() < 1) {
            problems.add("jobs.queue.capacity must be at least 1, but is " + config.queue().capacity());
        }
        if (config.processingTime().min().isNegative()) {
            problems.add("jobs.processing-time.min must not be negative, but is " + HumanDuration.format(config.processingTime().min()));
        }
        if (config.processingTime().max().compareTo(config.processingTime().min()) < 0) {
            problems.add("jobs.processing-time.max (" + HumanDuration.format(config.processingTime().max())
                    + ") must not be less than jobs.processing-time.min (" + HumanDuration.format(config.processingTime().min()) + ")");
        }
        if (config.payload().maxSize().asLongValue() < 1) {
            problems.add("jobs.payload.max-size must be at least 1 byte, but is " + config.payload().maxSize().asLongValue());
        }
        if (config.retention().ttl().isNegative() || config.retention().ttl().isZero()) {
            problems.add("jobs.retention.ttl must be more than zero, but is " + HumanDuration.format(config.retention().ttl()));
        }
        if (config.retention().maxFinished() < 0) {
            problems.add("jobs.retention.max-finished must be at least 0, but is " + config.retention().maxFinished());
        }
        if (config.shutdown().drainTimeout().isNegative()) {
            problems.add("jobs.shutdown.drain-timeout must not be negative, but is " + HumanDuration.format(config.shutdown().drainTimeout()));
        }
        if (config.lease().timeout().compareTo(MIN_LEASE_TIMEOUT) < 0) {
            problems.add("jobs.lease.timeout must be at least " + MIN_LEASE_TIMEOUT.toSeconds() + "s, but is "
                    + config.lease().timeout());
        }
        if (config.claim().pollInterval().isNegative() || config.claim().pollInterval().isZero()) {
            problems.add("jobs.claim.poll-interval must be more than zero, but is " + config.claim().pollInterval());
        }

        if (!problems.isEmpty()) {
            throw new ConfigurationException("Invalid job server configuration: " + String.join("; ", problems));
        }
    }
}
