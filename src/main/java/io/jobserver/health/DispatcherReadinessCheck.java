package io.jobserver.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.jobserver.dispatch.DispatcherState;
import io.jobserver.dispatch.JobDispatcher;

/**
 * Ready while the dispatcher accepts jobs; DOWN from the moment a shutdown starts draining, so a
 * load balancer stops sending new jobs. A full queue does not make the server unready: statuses
 * of its jobs are only readable here, and the 503 it answers tells clients to retry.
 */
@Readiness
@ApplicationScoped
public class DispatcherReadinessCheck implements HealthCheck {

    private final JobDispatcher dispatcher;

    public DispatcherReadinessCheck(JobDispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    @Override
    public HealthCheckResponse call() {
        DispatcherState state = dispatcher.state();
        return HealthCheckResponse.named("job-dispatcher")
                .status(state == DispatcherState.RUNNING)
                .withData("state", state.displayName())
                .withData("queued_jobs", dispatcher.queuedJobs())
                .withData("queue_capacity", dispatcher.queueCapacity())
                .withData("busy_workers", dispatcher.busyWorkers())
                .withData("workers", dispatcher.configuredWorkers())
                .build();
    }
}
