package io.jobserver.dispatch;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.context.ManagedExecutor;
import org.eclipse.microprofile.context.ThreadContext;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import io.jobserver.HumanDuration;
import io.jobserver.JobsConfig;
import io.jobserver.JobsConfigValidator;
import io.jobserver.metrics.JobMetrics;
import io.jobserver.processing.Job;
import io.jobserver.processing.JobProcessor;
import io.jobserver.store.InMemoryJobStore;
import io.jobserver.store.JobRecord;
import io.jobserver.store.JobStatus;
import io.jobserver.store.StoreUnavailableException;
import io.jobserver.store.postgres.Batcher;
import io.jobserver.store.postgres.JobClaimer;
import io.jobserver.store.postgres.JobOutcome;
import io.jobserver.store.postgres.PostgresJobStore;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.context.SmallRyeManagedExecutor;

/**
 * Accepts jobs into a bounded queue and runs them on its own pool of {@code jobs.workers} threads.
 * <p>
 * Admission never blocks: a full queue or a draining dispatcher rejects at once. On shutdown the
 * dispatcher first stops intake, then lets workers finish the queue until
 * {@code jobs.shutdown.drain-timeout}, then interrupts what is still running and records the
 * unfinished jobs as abandoned.
 * <p>
 * With {@code jobs.store=postgres} the database is the queue: accepted jobs are committed there
 * in batches, a {@link JobClaimer} fills the local queue with jobs claimed for this replica, and
 * the workers' outcomes are written in batches too. A drain then gives unstarted and interrupted
 * jobs back to pending instead of abandoning them, since another replica can run them.
 */
@ApplicationScoped
public class JobDispatcher {

    private static final Logger LOG = Logger.getLogger(JobDispatcher.class);

    /** How long an idle worker waits for a job before it checks whether intake has stopped. */
    private static final Duration IDLE_POLL = Duration.ofMillis(100);
    /** Time that interrupted workers get to record their jobs as abandoned before the drain gives up. */
    private static final Duration INTERRUPT_GRACE = Duration.ofSeconds(10);
    /** Suggested wait before a client retries while the server drains: a restart usually takes this long. */
    private static final Duration RETRY_AFTER_SHUTDOWN = Duration.ofSeconds(5);
    /** Suggested wait when too many submissions wait for their insert: a few batches' commits. */
    private static final Duration RETRY_AFTER_INSERT_BACKLOG = Duration.ofSeconds(1);
    /** Wait between attempts to record a job's outcome while the database is unavailable. */
    private static final Duration OUTCOME_RETRY = Duration.ofMillis(500);
    /** Maximum submissions in one insert, and maximum outcomes in one update. */
    private static final int MAX_BATCH = 500;
    /** Most ID ranges that the drain's summary line lists; the rest are counted. */
    private static final int MAX_LOGGED_ID_RANGES = 20;

    static final String ABANDONED_QUEUED = "abandoned: the server shut down before the job started";
    static final String ABANDONED_RUNNING = "abandoned: the server shut down before the job finished";
    static final String INTERRUPTED = "interrupted before the job finished";
    static final String FAILED_WITHOUT_MESSAGE = "processing failed";
    /** Maximum length of the error message stored for a failed job, in characters. */
    static final int MAX_ERROR_LENGTH = 500;

    private final JobsConfig config;
    private final JobProcessor processor;
    private final InMemoryJobStore store;
    private final PostgresJobStore postgresStore;
    private final boolean durable;
    private final JobMetrics metrics;

    private final ReentrantLock admissionLock = new ReentrantLock();
    private final AtomicInteger busyWorkers = new AtomicInteger();
    private final AtomicInteger liveWorkers = new AtomicInteger();
    private final AtomicLong completedCount = new AtomicLong();
    private final AtomicLong failedCount = new AtomicLong();
    /** Jobs that finished but whose outcome the PostgreSQL store did not record, so that they run again. */
    private final AtomicLong unrecordedCount = new AtomicLong();
    private final AtomicLong releasedCount = new AtomicLong();
    private final Set<Long> runningJobIds = ConcurrentHashMap.newKeySet();

    private volatile DispatcherState state = DispatcherState.STARTING;
    private volatile BlockingQueue<Job> queue = new LinkedBlockingQueue<>(1);
    private ManagedExecutor executor;
    private Batcher<String, Long> inserter;
    private Batcher<JobOutcome, Boolean> outcomeWriter;
    private JobClaimer claimer;

    public JobDispatcher(JobsConfig config, JobProcessor processor, InMemoryJobStore store, PostgresJobStore postgresStore,
            JobMetrics metrics) {
        this.config = config;
        this.processor = processor;
        this.store = store;
        this.postgresStore = postgresStore;
        this.durable = config.store() == JobsConfig.StoreKind.POSTGRES;
        this.metrics = metrics;
    }

    void onStart(@Observes StartupEvent event) {
        start();
    }

    /**
     * Drains while the HTTP server still serves requests: Quarkus fires this event before it stops the
     * HTTP server, when {@code quarkus.shutdown.delay-enabled} is set at build time.
     */
    void onShutdownDelay(@Observes ShutdownDelayInitiatedEvent event) {
        drain();
    }

    /** Drains if {@link #onShutdownDelay} did not run, as in dev mode, tests and builds without the delay. */
    void onStop(@Observes ShutdownEvent event) {
        drain();
    }

    @PreDestroy
    void onDestroy() {
        drain();
    }

    /** Validates the configuration, then starts the workers; a second call does nothing. */
    public void start() {
        admissionLock.lock();
        try {
            if (state != DispatcherState.STARTING) {
                return;
            }
            JobsConfigValidator.requireValid(config);

            int workers = config.workers();
            if (durable) {
                postgresStore.migrate();
                // Claims fill idle workers only, so the local queue never contains more jobs than there are workers.
                queue = new LinkedBlockingQueue<>(workers);
            } else {
                queue = new LinkedBlockingQueue<>(config.queue().capacity());
            }
            executor = buildWorkerExecutor(workers);
            for (int i = 0; i < workers; i++) {
                liveWorkers.incrementAndGet();
                executor.execute(this::runWorker);
            }
            metrics.registerGauges(this::queuedJobs, this::busyWorkers);
            if (durable) {
                startClaiming();
            }
            state = DispatcherState.RUNNING;
            LOG.infof("Job dispatcher started: %s, queue capacity %d, drain timeout %s, %s store",
                    workers == 1 ? "1 worker" : workers + " workers", config.queue().capacity(),
                    HumanDuration.format(config.shutdown().drainTimeout()), durable ? "PostgreSQL" : "in-memory");
            warnIfDrainOutlastsGracePeriod();
        } finally {
            admissionLock.unlock();
        }
    }

    private void startClaiming() {
        claimer = new JobClaimer(postgresStore, config.claim().pollInterval(), config.lease().timeout());
        // Two inserters: one collects a batch while the other waits for its commit.
        inserter = new Batcher<>("job-inserter", 2, config.queue().capacity(), MAX_BATCH, postgresStore::insert,
                claimer::wake);
        // Each worker waits for its own outcome, so at most one outcome per worker is ever waiting.
        outcomeWriter = new Batcher<>("job-outcome-writer", 1, config.workers(), MAX_BATCH, postgresStore::finish,
                () -> { });
        inserter.start();
        outcomeWriter.start();
        claimer.start(queue, this::idleWorkers, this::heldJobIds);
    }

    /** Returns the IDs of the claimed jobs that this replica still works on: queued, running or being recorded. */
    private Collection<Long> heldJobIds() {
        List<Long> ids = new ArrayList<>(runningJobIds);
        queue.forEach(job -> ids.add(job.id()));
        return ids;
    }

    /** Returns how many more jobs the local queue should take: one for each worker with nothing to do. */
    private int idleWorkers() {
        int idle = config.workers() - busyWorkers.get() - queue.size();
        return Math.max(0, Math.min(idle, queue.remainingCapacity()));
    }

    /**
     * Builds a ManagedExecutor on a thread pool of its own. Without an executor service of its
     * own, the builder runs tasks on Quarkus's shared worker pool, which caps how many worker
     * loops run (50 on a 2-core machine) and takes threads from blocking HTTP requests.
     */
    private static ManagedExecutor buildWorkerExecutor(int workers) {
        AtomicInteger threadNumber = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(workers, workers, 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), runnable -> {
                    Thread thread = new Thread(runnable, "job-worker-" + threadNumber.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        return ((SmallRyeManagedExecutor.Builder) ManagedExecutor.builder())
                .withExecutorService(pool)
                .maxAsync(workers)
                .maxQueued(workers)
                .propagated(ThreadContext.NONE)
                .cleared(ThreadContext.ALL_REMAINING)
                .build();
    }

    /**
     * Returns the longest a drain can take: the drain timeout, then the time interrupted jobs get
     * to be recorded as abandoned.
     */
    public Duration drainBudget() {
        return config.shutdown().drainTimeout().plus(INTERRUPT_GRACE);
    }

    private void warnIfDrainOutlastsGracePeriod() {
        config.shutdown().gracePeriod()
                .filter(gracePeriod -> drainBudget().compareTo(gracePeriod) > 0)
                .ifPresent(gracePeriod -> LOG.warnf("A drain can take up to %s (jobs.shutdown.drain-timeout of %s plus %s),"
                        + " longer than the grace period of %s (jobs.shutdown.grace-period): the process may be killed"
                        + " mid-drain and its queued jobs lost. Lower the drain timeout or raise the grace period.",
                        HumanDuration.format(drainBudget()), HumanDuration.format(config.shutdown().drainTimeout()),
                        HumanDuration.format(INTERRUPT_GRACE), HumanDuration.format(gracePeriod)));
    }

    /**
     * Accepts a job for {@code payload}; never blocks. With the in-memory store the returned stage
     * is already complete. With the PostgreSQL store it completes once the job is committed, or
     * fails with a {@link JobRejectedException} if the database is unavailable.
     *
     * @throws JobRejectedException if the job cannot be accepted right now; then no job was created
     */
    public CompletionStage<Long> submitAsync(String payload) throws JobRejectedException {
        if (!durable) {
            return CompletableFuture.completedFuture(submit(payload));
        }
        CompletionStage<Long> committed;
        admissionLock.lock();
        try {
            rejectUnlessRunning();
            // The inserter's capacity bounds the submissions waiting for their commit; the database holds the backlog.
            committed = inserter.offer(payload).orElseThrow(() -> {
                metrics.recordRejected(JobMetrics.RejectionTag.QUEUE_FULL);
                return new JobRejectedException(RejectionReason.QUEUE_FULL, RETRY_AFTER_INSERT_BACKLOG,
                        "Too many jobs (" + config.queue().capacity() + ") are waiting to be written to the database. Retry later.");
            });
        } finally {
            admissionLock.unlock();
        }
        // Counted on the insert's own stage, which completes even if the client has gone and the
        // stage returned below was cancelled: the job exists either way.
        committed.whenComplete((id, failure) -> {
            if (failure == null) {
                metrics.recordSubmitted();
            } else {
                metrics.recordRejected(JobMetrics.RejectionTag.STORE_UNAVAILABLE);
            }
        });
        return committed.handle((id, failure) -> {
            if (failure == null) {
                return id;
            }
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            if (cause instanceof StoreUnavailableException unavailable) {
                throw new CompletionException(new JobRejectedException(RejectionReason.STORE_UNAVAILABLE,
                        unavailable.retryAfter(), "The job store is unavailable, so the job was not accepted. Retry later."));
            }
            throw new CompletionException(cause);
        });
    }

    private void rejectUnlessRunning() throws JobRejectedException {
        if (state != DispatcherState.RUNNING) {
            metrics.recordRejected(JobMetrics.RejectionTag.DRAINING);
            throw new JobRejectedException(RejectionReason.SHUTTING_DOWN, RETRY_AFTER_SHUTDOWN,
                    "The server is shutting down and accepts no new jobs. Retry against another instance or after the restart.");
        }
    }

    /**
     * Creates a pending job for {@code payload} and queues it; never blocks. Only for the
     * in-memory store: the PostgreSQL store accepts jobs through {@link #submitAsync}.
     *
     * @return the new job's ID
     * @throws JobRejectedException if the queue is full or the dispatcher is not running; then no
     *         job, status entry or ID was created
     */
    public long submit(String payload) throws JobRejectedException {
        if (durable) {
            throw new IllegalStateException("submit is for the in-memory store; use submitAsync with jobs.store=postgres");
        }
        admissionLock.lock();
        try {
            rejectUnlessRunning();
            if (queue.remainingCapacity() == 0) {
                metrics.recordRejected(JobMetrics.RejectionTag.QUEUE_FULL);
                Duration retryAfter = retryAfterQueueFull();
                throw new JobRejectedException(RejectionReason.QUEUE_FULL, retryAfter,
                        "The job queue is full (" + jobs(config.queue().capacity()) + " waiting). Retry after "
                                + HumanDuration.format(retryAfter) + ".");
            }
            JobRecord record = store.createPending();
            // Only submitters add to the queue and they hold the lock, so the capacity checked above is still there.
            queue.add(new Job(record.id(), payload, record.createdAt()));
            metrics.recordSubmitted();
            return record.id();
        } finally {
            admissionLock.unlock();
        }
    }

    /**
     * Suggests a wait after which a queue slot is likely free: the mean processing time divided
     * among the workers, rounded up to whole seconds.
     */
    private Duration retryAfterQueueFull() {
        Duration mean = config.processingTime().min().plus(config.processingTime().max()).dividedBy(2);
        long seconds = (mean.dividedBy(config.workers()).toMillis() + 999) / 1000;
        return Duration.ofSeconds(Math.max(1, seconds));
    }

    private void runWorker() {
        try {
            while (true) {
                Job job = queue.poll(IDLE_POLL.toMillis(), TimeUnit.MILLISECONDS);
                if (job == null) {
                    // Workers start before start() sets RUNNING, so only a drain may end an idle worker.
                    if (isDrainingOrStopped()) {
                        return;
                    }
                    continue;
                }
                process(job);
                if (Thread.currentThread().isInterrupted()) {
                    warnIfInterruptedWhileRunning();
                    return;
                }
            }
        } catch (InterruptedException e) {
            warnIfInterruptedWhileRunning();
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            LOG.errorf(e, "A worker thread stopped because of an unexpected error; the job-workers liveness check reports it");
        } finally {
            liveWorkers.decrementAndGet();
        }
    }

    private boolean isDrainingOrStopped() {
        return state == DispatcherState.DRAINING || state == DispatcherState.STOPPED;
    }

    /** Only a drain interrupts workers, so an interrupt at any other time comes from a fault worth logging. */
    private void warnIfInterruptedWhileRunning() {
        if (state == DispatcherState.RUNNING) {
            LOG.warn("A worker thread was interrupted while the dispatcher is running, so it stops; the job-workers"
                    + " liveness check reports it");
        }
    }

    private void process(Job job) {
        // A PostgreSQL claim marks the job processing, so only the in-memory store records the start here.
        Instant startedAt = durable ? Instant.now() : store.markProcessing(job.id())
                .map(JobRecord::startedAt)
                .filter(Objects::nonNull)
                .orElseGet(Instant::now);
        metrics.recordQueueTime(Duration.between(job.createdAt(), startedAt));
        runningJobIds.add(job.id());
        busyWorkers.incrementAndGet();
        MDC.put("job_id", job.id());
        long startNanos = System.nanoTime();
        try {
            // Only the processor's own exceptions decide the outcome; recording it happens outside this try.
            String error = null;
            boolean interrupted = false;
            try {
                processor.process(job);
            } catch (InterruptedException e) {
                interrupted = true;
            } catch (Throwable e) {
                error = errorMessageOf(e);
                LOG.warnf(e, "Job %d failed", job.id());
            }
            if (interrupted) {
                LOG.warnf("Job %d was interrupted before it finished", job.id());
                handleInterrupted(job, startNanos);
                Thread.currentThread().interrupt();
            } else {
                finish(job, error == null ? JobStatus.COMPLETED : JobStatus.FAILED, error, startNanos);
            }
        } finally {
            busyWorkers.decrementAndGet();
            runningJobIds.remove(job.id());
            MDC.remove("job_id");
            if (durable) {
                claimer.wake();
            }
        }
    }

    /**
     * Records an interrupted job: failed while the dispatcher runs, since only a fault interrupts
     * then, and otherwise (a drain reached its timeout) abandoned, or given back to pending for
     * another replica with the PostgreSQL store.
     */
    private void handleInterrupted(Job job, long startNanos) {
        if (state == DispatcherState.RUNNING) {
            finish(job, JobStatus.FAILED, INTERRUPTED, startNanos);
        } else if (durable) {
            releaseInterrupted(job);
        } else {
            store.markFailed(job.id(), ABANDONED_RUNNING);
            metrics.recordAbandoned();
        }
    }

    /**
     * Records a job's outcome, {@code completed} or {@code failed} with {@code error}, and counts
     * it. An outcome that the PostgreSQL store did not record is counted apart, because the job
     * runs again.
     */
    private void finish(Job job, JobStatus status, String error, long startNanos) {
        boolean recorded = true;
        if (durable) {
            recorded = writeOutcome(new JobOutcome(job, status, error));
        } else if (status == JobStatus.COMPLETED) {
            store.markCompleted(job.id());
        } else {
            store.markFailed(job.id(), error);
        }
        Duration processingTime = Duration.ofNanos(System.nanoTime() - startNanos);
        if (!recorded) {
            unrecordedCount.incrementAndGet();
        } else if (status == JobStatus.COMPLETED) {
            completedCount.incrementAndGet();
            metrics.recordCompleted(processingTime);
            LOG.debugf("Job %d completed", job.id());
        } else {
            failedCount.incrementAndGet();
            metrics.recordFailed(processingTime);
        }
    }

    /**
     * Writes a job's outcome to PostgreSQL in the next batch and waits for it, retrying while the
     * database is unavailable for as long as the job's lease could still be valid. After that the
     * job returns to pending and runs again, so giving up loses no job but repeats one.
     *
     * @return whether the outcome is known to be recorded
     */
    private boolean writeOutcome(JobOutcome outcome) {
        Job job = outcome.job();
        long deadline = System.nanoTime() + config.lease().timeout().toNanos();
        try {
            while (true) {
                try {
                    if (outcomeWriter.submitAndWait(outcome)) {
                        return true;
                    }
                    LOG.warnf("Job %d: attempt %d lost its lease before it finished, so its outcome was not recorded;"
                            + " the job returned to pending and runs again", job.id(), job.attempt());
                    return false;
                } catch (StoreUnavailableException e) {
                    if (System.nanoTime() - deadline >= 0) {
                        LOG.warnf("Job %d: gave up recording the outcome of attempt %d after %s of database outage;"
                                + " the job returns to pending when its lease expires and runs again",
                                job.id(), job.attempt(), HumanDuration.format(config.lease().timeout()));
                        return false;
                    }
                }
                TimeUnit.MILLISECONDS.sleep(OUTCOME_RETRY.toMillis());
            }
        } catch (InterruptedException e) {
            // An interrupt in submitAndWait leaves the outcome queued, and the writer still records it.
            LOG.warnf("Job %d: interrupted while waiting for its outcome to be recorded. If the database does not record"
                    + " it, the job returns to pending when its lease expires and runs again", job.id());
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Gives an interrupted job back to pending, so that another replica reruns it; called on the worker thread. */
    private void releaseInterrupted(Job job) {
        try {
            releasedCount.addAndGet(postgresStore.release(List.of(job.id()), true));
        } catch (StoreUnavailableException e) {
            LOG.warnf("Job %d: could not return it to pending because the database is unavailable;"
                    + " it returns to pending when its lease expires", job.id());
        }
    }

    /** Gives the claimed jobs that no worker started back to pending at once. */
    private void releaseQueued() {
        List<Job> queued = new ArrayList<>();
        queue.drainTo(queued);
        if (queued.isEmpty()) {
            return;
        }
        List<Long> ids = queued.stream().map(Job::id).toList();
        try {
            int released = postgresStore.release(ids, false);
            releasedCount.addAndGet(released);
            LOG.infof("Returned %d claimed but unstarted jobs to pending for another replica (IDs %s)",
                    released, JobIdRanges.format(ids, MAX_LOGGED_ID_RANGES));
        } catch (StoreUnavailableException e) {
            LOG.warnf("Could not return %d unstarted jobs to pending because the database is unavailable (IDs %s);"
                    + " they return to pending when their leases expire, within %s",
                    ids.size(), JobIdRanges.format(ids, MAX_LOGGED_ID_RANGES), HumanDuration.format(config.lease().timeout()));
        }
    }

    /** Returns the text stored as a failed job's error: the exception's own message, never its class name. */
    static String errorMessageOf(Throwable e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            return FAILED_WITHOUT_MESSAGE;
        }
        // PostgreSQL text cannot hold NUL, and a processor may echo a payload that contains it.
        message = message.strip().replace('\u0000', '\uFFFD');
        return message.length() <= MAX_ERROR_LENGTH ? message : message.substring(0, MAX_ERROR_LENGTH - 3) + "...";
    }

    /**
     * Stops intake, lets queued and running jobs finish until the drain timeout, then interrupts
     * the rest and marks them failed as abandoned. Safe to call more than once; later calls return
     * at once.
     */
    public void drain() {
        admissionLock.lock();
        try {
            if (state != DispatcherState.RUNNING) {
                if (state == DispatcherState.STARTING) {
                    state = DispatcherState.STOPPED;
                }
                return;
            }
            state = DispatcherState.DRAINING;
        } finally {
            admissionLock.unlock();
        }

        long startNanos = System.nanoTime();
        long completedBefore = completedCount.get();
        long failedBefore = failedCount.get();
        long unrecordedBefore = unrecordedCount.get();
        long releasedBefore = releasedCount.get();
        Duration timeout = config.shutdown().drainTimeout();
        LOG.infof("Draining jobs: %d queued and %d running; new jobs are rejected. Waiting up to %s for them to finish.",
                queue.size(), busyWorkers.get(), HumanDuration.format(timeout));

        if (durable) {
            // Commits the jobs already accepted, so that their 202 holds, then stops claiming more.
            inserter.stop();
            claimer.stopClaiming();
            releaseQueued();
        }
        executor.shutdown();
        List<Long> abandoned = new ArrayList<>();
        if (!awaitWorkers(timeout)) {
            abandonUnfinishedJobs(abandoned);
        }
        if (durable) {
            // The workers have written their outcomes. Renewal stops last: a running job's lease must
            // not expire while its worker still finishes it.
            outcomeWriter.stop();
            claimer.stopRenewing();
        }
        state = DispatcherState.STOPPED;

        Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);
        long completed = completedCount.get() - completedBefore;
        long failed = failedCount.get() - failedBefore;
        long unrecorded = unrecordedCount.get() - unrecordedBefore;
        if (durable && unrecorded > 0) {
            LOG.infof("Drain finished in %s: %s completed, %d failed, %d returned to pending for another replica,"
                    + " %d finished without a recorded outcome (they run again once their leases expire)",
                    HumanDuration.format(elapsed), jobs(completed), failed, releasedCount.get() - releasedBefore, unrecorded);
        } else if (durable) {
            LOG.infof("Drain finished in %s: %s completed, %d failed, %d returned to pending for another replica",
                    HumanDuration.format(elapsed), jobs(completed), failed, releasedCount.get() - releasedBefore);
        } else if (abandoned.isEmpty()) {
            LOG.infof("Drain finished in %s: %s completed, %d failed, none abandoned",
                    HumanDuration.format(elapsed), jobs(completed), failed);
        } else {
            LOG.infof("Drain finished in %s: %s completed, %d failed, %d abandoned (IDs %s)",
                    HumanDuration.format(elapsed), jobs(completed), failed, abandoned.size(),
                    JobIdRanges.format(abandoned, MAX_LOGGED_ID_RANGES));
        }
    }

    /**
     * Marks queued jobs failed before any worker can start them, then interrupts the running ones,
     * whose workers mark them failed. Adds every abandoned ID to {@code abandoned}.
     */
    private void abandonUnfinishedJobs(List<Long> abandoned) {
        List<Job> queued = new ArrayList<>();
        queue.drainTo(queued);
        List<Long> running = new ArrayList<>(runningJobIds);
        LOG.warnf("Drain timeout of %s passed with %d queued and %d running jobs; interrupting the running jobs",
                HumanDuration.format(config.shutdown().drainTimeout()), queued.size(), running.size());

        for (Job job : queued) {
            store.markFailed(job.id(), ABANDONED_QUEUED);
            metrics.recordAbandoned();
            abandoned.add(job.id());
        }
        if (!durable) {
            abandoned.addAll(running);
        }

        executor.shutdownNow();
        if (!awaitWorkers(INTERRUPT_GRACE)) {
            LOG.warnf("%d workers ignored the interrupt and were still running %s later; their jobs stay processing until the process exits",
                    liveWorkers.get(), HumanDuration.format(INTERRUPT_GRACE));
        }
    }

    private static String jobs(long count) {
        return count == 1 ? "1 job" : count + " jobs";
    }

    private boolean awaitWorkers(Duration timeout) {
        try {
            return executor.awaitTermination(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public DispatcherState state() {
        return state;
    }

    /** Returns the number of jobs waiting for a worker. */
    public int queuedJobs() {
        return queue.size();
    }

    public int queueCapacity() {
        return config.queue().capacity();
    }

    /** Returns the number of workers processing a job right now. */
    public int busyWorkers() {
        return busyWorkers.get();
    }

    /** Returns the number of worker threads whose loop is running. */
    public int liveWorkers() {
        return liveWorkers.get();
    }

    public int configuredWorkers() {
        return config.workers();
    }
}
