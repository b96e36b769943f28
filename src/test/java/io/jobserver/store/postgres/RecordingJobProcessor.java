package io.jobserver.store.postgres;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

import io.jobserver.processing.Job;
import io.jobserver.processing.JobProcessor;

/**
 * A processor that records every job it was given, with its payload and attempt, and returns at
 * once unless a test has paused jobs with that payload. A payload that starts with
 * {@value #FAIL_PREFIX} makes it throw, with the rest of the payload as the message.
 */
@Alternative
@ApplicationScoped
public class RecordingJobProcessor implements JobProcessor {

    static final String FAIL_PREFIX = "fail:";

    private final Map<Long, List<Job>> runs = new ConcurrentHashMap<>();
    private final Map<String, CountDownLatch> pauses = new ConcurrentHashMap<>();

    @Override
    public void process(Job job) throws InterruptedException {
        runs.computeIfAbsent(job.id(), id -> new CopyOnWriteArrayList<>()).add(job);
        CountDownLatch pause = pauses.get(job.payload());
        if (pause != null) {
            pause.await();
        }
        if (job.payload().startsWith(FAIL_PREFIX)) {
            throw new IllegalStateException(job.payload().substring(FAIL_PREFIX.length()));
        }
    }

    /** Makes jobs with {@code payload} wait in {@link #process} until the returned latch is counted down. */
    public CountDownLatch pause(String payload) {
        return pauses.computeIfAbsent(payload, key -> new CountDownLatch(1));
    }

    /** Returns every run of job {@code id}, in order; empty if it never ran. */
    public List<Job> runsOf(long id) {
        return runs.getOrDefault(id, List.of());
    }
}
