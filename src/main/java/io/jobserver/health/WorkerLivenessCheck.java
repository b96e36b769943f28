package io.jobserver.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

import io.jobserver.dispatch.DispatcherState;
import io.jobserver.dispatch.JobDispatcher;

/**
 * DOWN when a running dispatcher has lost worker threads, which only a fault in the server itself
 * can cause; a restart is then the cure. A busy or full server stays live.
 */
@Liveness
@ApplicationScoped
public class WorkerLivenessCheck implements HealthCheck {

    private final JobDispatcher dispatcher;

    public WorkerLivenessCheck(JobDispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    @Override
    public HealthCheckResponse call() {
        int live = dispatcher.liveWorkers();
        int configured = dispatcher.configuredWorkers();
        boolean workersLost = dispatcher.state() == DispatcherState.RUNNING && live < configured;
        return HealthCheckResponse.named("job-workers")
                .status(!workersLost)
                .withData("live_workers", live)
                .withData("workers", configured)
                .build();
    }
}
