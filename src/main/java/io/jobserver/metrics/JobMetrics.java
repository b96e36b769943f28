package io.jobserver.metrics;

import java.time.Duration;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The job metrics published at {@code /q/metrics}. Prometheus names end in {@code _total} for
 * counters and {@code _seconds} for timers, as in {@code jobs_submitted_total}.
 */
@ApplicationScoped
public class JobMetrics {

    /** Value of the {@code reason} tag of {@code jobs.rejected}. */
    public enum RejectionTag {
        QUEUE_FULL("queue_full"),
        DRAINING("draining"),
        INVALID("invalid"),
        STORE_UNAVAILABLE("store_unavailable");

        private final String value;

        RejectionTag(String value) {
            this.value = value;
        }
    }

    private final MeterRegistry registry;
    private final Counter submitted;
    private final Counter rejectedQueueFull;
    private final Counter rejectedDraining;
    private final Counter rejectedInvalid;
    private final Counter rejectedStoreUnavailable;
    private final Counter completed;
    private final Counter failedWithError;
    private final Counter failedAbandoned;
    private final Timer queueTime;
    private final Timer processingTime;

    public JobMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.submitted = Counter.builder("jobs.submitted")
                .description("Jobs accepted by POST /job")
                .register(registry);
        this.rejectedQueueFull = rejectedCounter(RejectionTag.QUEUE_FULL);
        this.rejectedDraining = rejectedCounter(RejectionTag.DRAINING);
        this.rejectedInvalid = rejectedCounter(RejectionTag.INVALID);
        this.rejectedStoreUnavailable = rejectedCounter(RejectionTag.STORE_UNAVAILABLE);
        this.completed = Counter.builder("jobs.completed")
                .description("Jobs whose processor returned normally")
                .register(registry);
        this.failedWithError = failedCounter("error");
        this.failedAbandoned = failedCounter("abandoned");
        this.queueTime = Timer.builder("jobs.queue.time")
                .description("Time from acceptance until a worker took the job")
                .publishPercentileHistogram()
                .register(registry);
        this.processingTime = Timer.builder("jobs.processing.time")
                .description("Time a worker spent processing a job, whatever its outcome")
                .publishPercentileHistogram()
                .register(registry);
    }

    private Counter rejectedCounter(RejectionTag reason) {
        return Counter.builder("jobs.rejected")
                .description("POST /job requests that created no job, by reason")
                .tag("reason", reason.value)
                .register(registry);
    }

    private Counter failedCounter(String cause) {
        return Counter.builder("jobs.failed")
                .description("Jobs that ended failed, by cause: error when the processor threw,"
                        + " abandoned when a shutdown reached its drain timeout")
                .tag("cause", cause)
                .register(registry);
    }

    /** Registers the gauges of queue depth and busy workers, read from the dispatcher on each scrape. */
    public void registerGauges(Supplier<Number> queuedJobs, Supplier<Number> busyWorkers) {
        Gauge.builder("jobs.queue.depth", queuedJobs)
                .description("Jobs waiting for a worker")
                .strongReference(true)
                .register(registry);
        Gauge.builder("jobs.workers.busy", busyWorkers)
                .description("Workers processing a job right now")
                .strongReference(true)
                .register(registry);
    }

    public void recordSubmitted() {
        submitted.increment();
    }

    public void recordRejected(RejectionTag reason) {
        switch (reason) {
            case QUEUE_FULL -> rejectedQueueFull.increment();
            case DRAINING -> rejectedDraining.increment();
            case INVALID -> rejectedInvalid.increment();
            case STORE_UNAVAILABLE -> rejectedStoreUnavailable.increment();
        }
    }

    public void recordQueueTime(Duration queued) {
        queueTime.record(queued);
    }

    public void recordCompleted(Duration processing) {
        processingTime.record(processing);
        completed.increment();
    }

    public void recordFailed(Duration processing) {
        processingTime.record(processing);
        failedWithError.increment();
    }

    public void recordAbandoned() {
        failedAbandoned.increment();
    }
}
