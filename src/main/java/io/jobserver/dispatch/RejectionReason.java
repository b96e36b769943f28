package io.jobserver.dispatch;

/** Reason the dispatcher rejected a job without creating it. */
public enum RejectionReason {
    /** The queue already contains {@code jobs.queue.capacity} jobs. */
    QUEUE_FULL,
    /** The server is draining for shutdown and accepts no new jobs. */
    SHUTTING_DOWN,
    /** The PostgreSQL store could not be reached, so the job could not be committed. */
    STORE_UNAVAILABLE
}
