package io.jobserver.store;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Read side of the configured job store, as the status API sees it: {@link InMemoryJobStore} or
 * the PostgreSQL store.
 */
public interface JobStore {

    /**
     * Returns the job's current status, or empty if it never existed or has expired.
     *
     * @throws StoreUnavailableException if the store cannot be reached
     */
    Optional<JobRecord> find(long id);

    /**
     * Returns a stage with what {@link #find} returns, without blocking the calling thread. The
     * stage fails with {@link StoreUnavailableException} if the store cannot be reached.
     */
    default CompletionStage<Optional<JobRecord>> findAsync(long id) {
        try {
            return CompletableFuture.completedFuture(find(id));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Returns the highest ID issued so far, or 0 if none was.
     *
     * @throws StoreUnavailableException if the store cannot be reached
     */
    long lastIssuedId();

    /**
     * Tells whether {@link #find} and {@link #lastIssuedId} wait for I/O, so that callers on an
     * event-loop thread must move them to a worker thread.
     */
    boolean isBlocking();

    /** Tells whether jobs outlive the process and are shared by every replica on the same store. */
    boolean isDurable();
}
