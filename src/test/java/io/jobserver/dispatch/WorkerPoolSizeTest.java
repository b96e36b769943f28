package io.jobserver.dispatch;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/** A pool larger than Quarkus's shared worker pool (50 threads on 2 cores) still runs every worker at once. */
@QuarkusTest
@TestProfile(WorkerPoolSizeTest.Profile.class)
class WorkerPoolSizeTest {

    private static final int WORKERS = 60;

    public static class Profile extends GatedProcessorProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("jobs.workers", String.valueOf(WORKERS), "jobs.queue.capacity", "200");
        }
    }

    @Inject
    GatedJobProcessor processor;

    @Inject
    JobDispatcher dispatcher;

    @AfterEach
    void finishAllJobs() {
        processor.open();
    }

    @Test
    void everyWorkerProcessesAtOnce() {
        processor.close();
        for (int i = 0; i < WORKERS + 5; i++) {
            given().contentType(ContentType.JSON).body("{\"payload\": \"job " + i + "\"}")
                    .when().post("/job")
                    .then().statusCode(202);
        }

        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(processor.running())
                .as("jobs in the processor; busy workers %d, queued jobs %d, live workers %d",
                        dispatcher.busyWorkers(), dispatcher.queuedJobs(), dispatcher.liveWorkers())
                .isEqualTo(WORKERS));

        assertThat(dispatcher.busyWorkers()).isEqualTo(WORKERS);
        assertThat(dispatcher.queuedJobs()).isEqualTo(5);
        Awaitility.await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5))
                .until(() -> processor.running() == WORKERS);
    }
}
