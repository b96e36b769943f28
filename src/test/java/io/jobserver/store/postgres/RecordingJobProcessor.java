package io.jobserver.store.postgres;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

import io.jobserver.processing.Job;
import io.jobserver.processing.JobProcessor;

/** A processor that returns at once and records every job it was given, with its payload and attempt. */
@Alternative
@ApplicationScoped
public class RecordingJobProcessor implements JobProcessor {

    private final Map<Long, List<Job>> runs = new ConcurrentHashMap<>();

    @Override
    public void process(Job job) {
        runs.computeIfAbsent(job.id(), id -> new CopyOnWriteArrayList<>()).add(job);
    }

    /** Returns every run of job {@code id}, in order; empty if it never ran. */
    public List<Job> runsOf(long id) {
        return runs.getOrDefault(id, List.of());
    }
}
