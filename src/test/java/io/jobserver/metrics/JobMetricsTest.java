package io.jobserver.metrics;

import static io.restassured.RestAssured.given;
import static io.jobserver.JobRequests.metricValue;
import static io.jobserver.JobRequests.scrapeMetrics;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** The job metrics at /q/metrics move with the jobs they count. */
@QuarkusTest
class JobMetricsTest {

    @Test
    void countersMoveWithJobs() {
        String before = scrapeMetrics();
        double submitted = metricValue(before, "jobs_submitted_total");
        double completed = metricValue(before, "jobs_completed_total");
        double invalid = metricValue(before, "jobs_rejected_total{reason=\"invalid\"}");

        given().contentType(ContentType.JSON).body("{\"payload\": \"counted\"}").post("/job").then().statusCode(202);
        given().contentType(ContentType.JSON).body("{\"payload\": 1}").post("/job").then().statusCode(400);
        given().contentType(ContentType.TEXT).body("text").post("/job").then().statusCode(415);

        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> metricValue(scrapeMetrics(), "jobs_completed_total") >= completed + 1);
        String after = scrapeMetrics();
        assertThat(metricValue(after, "jobs_submitted_total")).isEqualTo(submitted + 1);
        assertThat(metricValue(after, "jobs_rejected_total{reason=\"invalid\"}")).isEqualTo(invalid + 2);
    }

    @Test
    void gaugesAndHistogramsArePublished() {
        given().contentType(ContentType.JSON).body("{\"payload\": \"timed\"}").post("/job").then().statusCode(202);

        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> metricValue(scrapeMetrics(), "jobs_processing_time_seconds_count") >= 1);
        String metrics = scrapeMetrics();
        assertThat(metrics).contains("jobs_queue_depth ");
        assertThat(metrics).contains("jobs_workers_busy ");
        assertThat(metrics).contains("jobs_rejected_total{reason=\"queue_full\"}");
        assertThat(metrics).contains("jobs_rejected_total{reason=\"draining\"}");
        assertThat(metrics).contains("jobs_failed_total{cause=\"error\"}");
        assertThat(metrics).contains("jobs_queue_time_seconds_bucket{le=");
        assertThat(metrics).contains("jobs_processing_time_seconds_bucket{le=");
        assertThat(metrics).contains("http_server_requests_seconds_count");
    }
}
