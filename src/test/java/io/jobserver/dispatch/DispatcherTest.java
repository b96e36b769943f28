package io.jobserver.dispatch;

import static io.jobserver.JobRequests.statusOf;
import static io.jobserver.JobRequests.submit;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/** Worker pool, queue bound and failure handling, with jobs that finish only when a test lets them. */
@QuarkusTest
@TestProfile(GatedProcessorProfile.class)
class DispatcherTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    GatedJobProcessor processor;

    @Inject
    JobDispatcher dispatcher;

    @BeforeEach
    void closeGate() {
        processor.close();
    }

    @AfterEach
    void finishAllJobs() {
        processor.open();
        Awaitility.await().atMost(WAIT).until(() -> dispatcher.queuedJobs() == 0 && dispatcher.busyWorkers() == 0);
    }

    @Test
    void jobGoesFromProcessingToCompleted() {
        long id = submit("x");

        Awaitility.await().atMost(WAIT).until(() -> statusOf(id).equals("processing"));
        given().when().get("/status/" + id).then().body("started_at", org.hamcrest.Matchers.notNullValue());

        processor.release(1);

        Awaitility.await().atMost(WAIT).until(() -> statusOf(id).equals("completed"));
    }

    @Test
    void jobsBeyondWorkersStayPending() {
        long first = submit("1");
        long second = submit("2");
        long third = submit("3");

        Awaitility.await().atMost(WAIT).until(() -> processor.running() == 2);

        assertThat(statusOf(first)).isEqualTo("processing");
        assertThat(statusOf(second)).isEqualTo("processing");
        assertThat(statusOf(third)).isEqualTo("pending");
        Awaitility.await().during(Duration.ofMillis(300)).atMost(WAIT).until(() -> processor.running() == 2);
        assertThat(processor.maxRunning()).isEqualTo(2);
    }

    @Test
    void fullQueueAnswers503WithoutCreatingJob() {
        List<Long> accepted = new ArrayList<>();
        accepted.add(submit("1"));
        accepted.add(submit("2"));
        Awaitility.await().atMost(WAIT).until(() -> processor.running() == 2);
        for (int i = 0; i < 3; i++) {
            accepted.add(submit("queued " + i));
        }

        given().contentType(ContentType.JSON).body("{\"payload\": \"one too many\"}")
                .when().post("/job")
                .then()
                .statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", org.hamcrest.Matchers.matchesPattern("[1-9][0-9]*"))
                .body("status", equalTo(503))
                .body("detail", containsString("queue is full"));

        long lastAccepted = accepted.get(accepted.size() - 1);
        given().when().get("/status/" + (lastAccepted + 1))
                .then().statusCode(404).body("detail", containsString("does not exist"));

        processor.release(1);
        Awaitility.await().atMost(WAIT).until(() -> dispatcher.queuedJobs() < 3);
        assertThat(submit("after a slot freed")).isEqualTo(lastAccepted + 1);
    }

    @Test
    void throwingProcessorMarksJobFailed() {
        long failing = submit("fail:disk is full");
        long next = submit("fine");

        Awaitility.await().atMost(WAIT).until(() -> statusOf(failing).equals("failed"));
        given().when().get("/status/" + failing)
                .then()
                .body("error", equalTo("disk is full"))
                .body("error", not(containsString("IllegalStateException")))
                .body("finished_at", org.hamcrest.Matchers.notNullValue());

        processor.release(1);
        Awaitility.await().atMost(WAIT).until(() -> statusOf(next).equals("completed"));
        assertThat(dispatcher.liveWorkers()).isEqualTo(2);
    }
}
