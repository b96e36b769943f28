package io.jobserver.dispatch;

import static io.jobserver.JobRequests.statusOf;
import static io.jobserver.JobRequests.submit;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * A drain that finishes in time: intake stops at once, status reads go on, and every accepted job
 * completes. The drain stops this application's dispatcher, so it has a profile of its own.
 */
@QuarkusTest
@TestProfile(DrainTest.Profile.class)
class DrainTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    public static class Profile extends GatedProcessorProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("jobs.workers", "1", "jobs.queue.capacity", "5", "jobs.shutdown.drain-timeout", "30s");
        }
    }

    @Inject
    GatedJobProcessor processor;

    @Inject
    JobDispatcher dispatcher;

    @Test
    void drainRejectsNewJobsAndFinishesAcceptedOnes() {
        processor.close();
        long running = submit("running");
        long queuedFirst = submit("queued 1");
        long queuedSecond = submit("queued 2");
        Awaitility.await().atMost(WAIT).until(() -> processor.running() == 1);

        // GIVEN a drain in progress
        CompletableFuture<Void> drain = CompletableFuture.runAsync(dispatcher::drain);
        Awaitility.await().atMost(WAIT).until(() -> dispatcher.state() == DispatcherState.DRAINING);

        // THEN intake is closed and readiness is down, while status reads still work
        given().contentType(ContentType.JSON).body("{\"payload\": \"late\"}")
                .when().post("/job")
                .then()
                .statusCode(503)
                .header("Retry-After", equalTo("5"))
                .body("detail", containsString("shutting down"));
        given().when().get("/q/health/ready")
                .then().statusCode(503)
                .body("checks.find { it.name == 'job-dispatcher' }.data.state", equalTo("draining"));
        assertThat(statusOf(running)).isEqualTo("processing");
        assertThat(statusOf(queuedFirst)).isEqualTo("pending");
        assertThat(drain).isNotDone();

        // WHEN the jobs are let through
        processor.open();

        // THEN the drain ends with every accepted job completed and no worker left
        drain.join();
        assertThat(statusOf(running)).isEqualTo("completed");
        assertThat(statusOf(queuedFirst)).isEqualTo("completed");
        assertThat(statusOf(queuedSecond)).isEqualTo("completed");
        assertThat(dispatcher.state()).isEqualTo(DispatcherState.STOPPED);
        assertThat(dispatcher.liveWorkers()).isZero();

        // AND a second drain returns at once
        dispatcher.drain();
        assertThat(dispatcher.state()).isEqualTo(DispatcherState.STOPPED);
    }
}
