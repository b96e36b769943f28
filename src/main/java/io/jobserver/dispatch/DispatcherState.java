package io.jobserver.dispatch;

import java.util.Locale;

/** Lifecycle of the {@link JobDispatcher}; it only moves forward. */
public enum DispatcherState {
    /** Not started yet: jobs are rejected. */
    STARTING,
    /** Accepting and processing jobs. */
    RUNNING,
    /** Shutting down: new jobs are rejected while queued and running jobs finish. */
    DRAINING,
    /** Workers have stopped. */
    STOPPED;

    /** Name of this state in health-check data, such as {@code "draining"}. */
    public String displayName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
