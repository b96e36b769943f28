package io.jobserver.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.jobserver.JobsConfig;
import io.jobserver.store.postgres.PostgresJobStore;

/**
 * DOWN while the PostgreSQL store cannot be reached, so that a load balancer sends jobs to a
 * replica that can commit them. It reads the outcome of the store's latest database call, which
 * the claim loop makes at least every {@code jobs.claim.poll-interval} (every second during an
 * outage), so a probe costs no query. Always UP with the in-memory store. Liveness ignores the
 * store: a restart does not bring a database back.
 */
@Readiness
@ApplicationScoped
public class JobStoreReadinessCheck implements HealthCheck {

    private final JobsConfig config;
    private final PostgresJobStore postgresStore;

    public JobStoreReadinessCheck(JobsConfig config, PostgresJobStore postgresStore) {
        this.config = config;
        this.postgresStore = postgresStore;
    }

    @Override
    public HealthCheckResponse call() {
        boolean postgres = config.store() == JobsConfig.StoreKind.POSTGRES;
        return HealthCheckResponse.named("job-store")
                .status(!postgres || postgresStore.isAvailable())
                .withData("store", postgres ? "postgres" : "memory")
                .build();
    }
}
