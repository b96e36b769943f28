package io.jobserver.store;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.jobserver.JobsConfig;
import io.jobserver.store.postgres.PostgresJobStore;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Creates the application's {@link InMemoryJobStore}, selects the {@link JobStore} that
 * {@code jobs.store} names, and sweeps expired finished jobs from it periodically, so that records
 * expire even while no job finishes.
 */
@Singleton
public class JobStoreProducer {

    /** Maximum time between two sweeps; reads never return an expired record whatever the interval. */
    private static final Duration MAX_SWEEP_INTERVAL = Duration.ofMinutes(1);

    private static final Logger LOG = Logger.getLogger(JobStoreProducer.class);

    private ScheduledExecutorService sweeper;

    @Produces
    @Singleton
    @Typed(InMemoryJobStore.class)
    InMemoryJobStore jobStore(JobsConfig config) {
        return new InMemoryJobStore(config.retention().ttl(), config.retention().maxFinished(), Clock.systemUTC());
    }

    @Produces
    @Singleton
    JobStore selectedStore(JobsConfig config, InMemoryJobStore memoryStore, PostgresJobStore postgresStore) {
        return config.store() == JobsConfig.StoreKind.POSTGRES ? postgresStore : memoryStore;
    }

    void onStart(@Observes StartupEvent event, InMemoryJobStore memoryStore, PostgresJobStore postgresStore,
            JobsConfig config) {
        Runnable sweep;
        if (config.store() == JobsConfig.StoreKind.POSTGRES) {
            sweep = () -> deleteExpired(postgresStore);
        } else {
            sweep = memoryStore::evictFinished;
        }
        Duration ttl = config.retention().ttl();
        long intervalMillis = Math.max(1, Math.min(ttl.toMillis(), MAX_SWEEP_INTERVAL.toMillis()));
        sweeper = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "job-retention-sweeper");
            thread.setDaemon(true);
            return thread;
        });
        sweeper.scheduleWithFixedDelay(sweep, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
    }

    private static void deleteExpired(PostgresJobStore store) {
        try {
            store.deleteExpired();
        } catch (StoreUnavailableException e) {
            // The store logged the outage; the next sweep retries.
            LOG.debugf("Retention sweep skipped: %s", e.getMessage());
        } catch (RuntimeException e) {
            LOG.errorf(e, "Retention sweep failed; the next one retries");
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        if (sweeper != null) {
            sweeper.shutdownNow();
        }
    }
}
