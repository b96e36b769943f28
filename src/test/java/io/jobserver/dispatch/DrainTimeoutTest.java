package io.jobserver.dispatch;

import static io.jobserver.JobRequests.statusDocument;
import static io.jobserver.JobRequests.submit;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/** A drain that reaches its deadline: the running job is interrupted and nothing is left processing. */
@QuarkusTest
@TestProfile(DrainTimeoutTest.Profile.class)
class DrainTimeoutTest {

    public static class Profile extends GatedProcessorProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("jobs.workers", "1", "jobs.queue.capacity", "5", "jobs.shutdown.drain-timeout", "300ms");
        }
    }

    @Inject
    GatedJobProcessor processor;

    @Inject
    JobDispatcher dispatcher;

    @Test
    void deadlineAbandonsRunningAndQueuedJobs() {
        processor.close();
        long running = submit("never finishes");
        long queued = submit("never starts");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> processor.running() == 1);

        dispatcher.drain();

        JsonPath runningStatus = statusDocument(running);
        assertThat(runningStatus.getString("status")).isEqualTo("failed");
        assertThat(runningStatus.getString("error")).isEqualTo(JobDispatcher.ABANDONED_RUNNING);
        JsonPath queuedStatus = statusDocument(queued);
        assertThat(queuedStatus.getString("status")).isEqualTo("failed");
        assertThat(queuedStatus.getString("error")).isEqualTo(JobDispatcher.ABANDONED_QUEUED);
        assertThat(dispatcher.state()).isEqualTo(DispatcherState.STOPPED);
        assertThat(dispatcher.liveWorkers()).isZero();
        assertThat(processor.running()).isZero();
    }
}
