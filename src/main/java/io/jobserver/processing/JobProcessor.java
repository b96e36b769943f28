package io.jobserver.processing;

/**
 * Processes one job; the dispatcher calls it on a worker thread, one job at a time per thread.
 * <p>
 * Contract:
 * <ul>
 * <li>Returning normally means the job completed; its status becomes {@code completed}.</li>
 * <li>Throwing anything (any {@link Throwable}) means the job failed; its status becomes
 * {@code failed}, the exception's message becomes the job's {@code error}, and the worker goes on
 * with the next job. The message is shown to clients, so it must not contain secrets.</li>
 * <li>The worker thread is interrupted only when a shutdown's drain timeout has passed. An
 * implementation should then stop promptly and throw {@link InterruptedException}; the job is
 * marked {@code failed} as abandoned. An implementation that swallows the interrupt delays the
 * shutdown until it returns.</li>
 * <li>Implementations are called from several worker threads at once and must be thread-safe.</li>
 * <li>With {@code jobs.store=postgres} delivery is at least once: a job whose replica died, or
 * whose drain timed out, runs again, with {@link Job#attempt()} above 1. Implementations must then
 * be idempotent, for example by keying their side effects on the job ID.</li>
 * </ul>
 */
public interface JobProcessor {

    /**
     * Processes {@code job}, throwing to report that it failed.
     *
     * @throws InterruptedException if the worker was interrupted because the server is shutting down
     * @throws Exception if processing failed
     */
    void process(Job job) throws Exception;
}
