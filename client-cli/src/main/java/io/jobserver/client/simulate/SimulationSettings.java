package io.jobserver.client.simulate;

import java.time.Duration;

/**
 * Parameters of a client simulation.
 *
 * @param clients number of concurrent simulated clients
 * @param jobsPerClient number of jobs each client submits
 * @param pollInterval time between two rounds of status requests of one client
 * @param timeout time after which the simulation stops and reports unfinished jobs
 */
public record SimulationSettings(int clients, int jobsPerClient, Duration pollInterval, Duration timeout) {

    /** Returns the number of jobs all clients submit together. */
    public int totalJobs() {
        return clients * jobsPerClient;
    }
}
