package io.jobserver;

import java.time.Duration;
import java.util.Optional;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Configuration of the job server, under the {@code jobs} prefix.
 * <p>
 * Every property can also be set through its environment-variable form, for example
 * {@code JOBS_WORKERS} or {@code JOBS_QUEUE_CAPACITY}. {@link JobsConfigValidator} checks the
 * values at start-up.
 */
@ConfigMapping(prefix = "jobs")
public interface JobsConfig {

    /**
     * Where jobs and their statuses are kept: {@code memory} (lost when the process exits, one
     * replica only) or {@code postgres} (durable and shared by replicas, configured with the
     * standard {@code quarkus.datasource.*} properties).
     */
    @WithDefault("memory")
    StoreKind store();

    /** Number of worker threads, and so the maximum number of jobs processed at once (at least 1). */
    @WithDefault("10")
    int workers();

    Queue queue();

    ProcessingTime processingTime();

    Payload payload();

    Retention retention();

    Shutdown shutdown();

    Lease lease();

    Claim claim();

    /** Kind of store that {@code jobs.store} selects. */
    enum StoreKind {
        MEMORY,
        POSTGRES
    }

    interface Queue {
        /**
         * Maximum number of jobs waiting for a worker (at least 1); a full queue rejects new jobs with 503. With
         * {@code jobs.store=postgres} the database keeps the backlog, and this bounds the jobs
         * waiting to be written to it instead.
         */
        @WithDefault("10000")
        int capacity();
    }

    interface ProcessingTime {
        /** Shortest simulated processing time of a job, inclusive (a duration such as 5s or 200ms). */
        @WithDefault("5s")
        Duration min();

        /** Longest simulated processing time of a job, inclusive; not less than the minimum. */
        @WithDefault("30s")
        Duration max();
    }

    interface Payload {
        /** Maximum size of a job's payload in UTF-8 bytes (such as 256K or 1M); a larger one is rejected with 413. */
        @WithDefault("256K")
        MemorySize maxSize();
    }

    interface Retention {
        /** Time a finished (completed or failed) job's status is kept after it finished (more than zero). */
        @WithDefault("1h")
        Duration ttl();

        /** Maximum number of finished jobs kept; beyond it the oldest finished are evicted first (at least 0). */
        @WithDefault("100000")
        int maxFinished();
    }

    interface Shutdown {
        /** Maximum time a shutdown waits for queued and running jobs before it interrupts and abandons them. */
        @WithDefault("5m")
        Duration drainTimeout();

        /**
         * Time the process supervisor allows between SIGTERM and SIGKILL, such as Kubernetes's
         * terminationGracePeriodSeconds; unset by default. When set, start-up logs a warning if the
         * drain could outlast it.
         */
        Optional<Duration> gracePeriod();
    }

    interface Lease {
        /**
         * With {@code jobs.store=postgres}: time after which a claimed job whose replica stopped
         * renewing its lease returns to pending and runs again (at least 1s). Replicas renew every
         * third of it, so a shorter lease costs more database writes and a longer one delays the
         * rerun of a crashed replica's jobs.
         */
        @WithDefault("30s")
        Duration timeout();
    }

    interface Claim {
        /**
         * With {@code jobs.store=postgres}: longest time an idle replica waits before it looks for
         * pending jobs again (more than zero). A job submitted to the same replica is claimed at
         * once; one submitted to another replica waits up to this long.
         */
        @WithDefault("50ms")
        Duration pollInterval();
    }
}
