package io.jobserver.dispatch;

import java.util.Map;
import java.util.Set;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The {@link GatedJobProcessor} in place of the real one, with two workers and a queue of three;
 * subclasses override the configuration.
 */
public class GatedProcessorProfile implements QuarkusTestProfile {

    @Override
    public Set<Class<?>> getEnabledAlternatives() {
        return Set.of(GatedJobProcessor.class);
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("jobs.workers", "2", "jobs.queue.capacity", "3");
    }
}
