package io.jobserver.store;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.jobserver.JobsConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Creates the application's {@link InMemoryJobStore} and sweeps expired finished jobs from it
 * periodically, so that records expire even while no job finishes.
 */
@Singleton
public class JobStoreProducer {

    /** Longest time between two sweeps; reads never return an expired record whatever the interval. */
    private static final Duration MAX_SWEEP_INTERVAL = Duration.ofMinutes(1);

    private ScheduledExecutorService sweeper;

    @Produces
    @Singleton
    InMemoryJobStore jobStore(JobsConfig config) {
        return new InMemoryJobStore(config.retention().ttl(), config.retention().maxFinished(), Clock.systemUTC());
    }

    void onStart(@Observes StartupEvent event, InMemoryJobStore store, JobsConfig config) {
        Duration ttl = config.retention().ttl();
        long intervalMillis = Math.max(1, Math.min(ttl.toMillis(), MAX_SWEEP_INTERVAL.toMillis()));
        sweeper = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "job-retention-sweeper");
            thread.setDaemon(true);
            return thread;
        });
        sweeper.scheduleWithFixedDelay(store::evictFinished, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (sweeper != null) {
            sweeper.shutdownNow();
        }
    }
}
