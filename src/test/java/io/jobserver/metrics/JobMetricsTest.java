package io.jobserver.metrics;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** The job metrics at /q/metrics move with the jobs they count. */
@QuarkusTest
class JobMetricsTest {

    private static String scrape() {
        return given().when().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    private static double valueOf(String metrics, String series) {
        Matcher matcher = Pattern.compile("^" + Pattern.quote(series) + " ([0-9.eE+-]+)$", Pattern.MULTILINE).matcher(metrics);
        assertThat(matcher.find()).as("series %s in /q/metrics", series).isTrue();
        return Double.parseDouble(matcher.group(1));
    }

    @Test
    void countersMoveWithJobs() {
        String before = scrape();
        double submitted = valueOf(before, "jobs_submitted_total");
        double completed = valueOf(before, "jobs_completed_total");
        double invalid = valueOf(before, "jobs_rejected_total{reason=\"invalid\"}");

        given().contentType(ContentType.JSON).body("{\"payload\": \"counted\"}").post("/job").then().statusCode(202);
        given().contentType(ContentType.JSON).body("{\"payload\": 1}").post("/job").then().statusCode(400);
        given().contentType(ContentType.TEXT).body("text").post("/job").then().statusCode(415);

        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> valueOf(scrape(), "jobs_completed_total") >= completed + 1);
        String after = scrape();
        assertThat(valueOf(after, "jobs_submitted_total")).isEqualTo(submitted + 1);
        assertThat(valueOf(after, "jobs_rejected_total{reason=\"invalid\"}")).isEqualTo(invalid + 2);
    }

    @Test
    void gaugesAndHistogramsArePublished() {
        given().contentType(ContentType.JSON).body("{\"payload\": \"timed\"}").post("/job").then().statusCode(202);

        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> valueOf(scrape(), "jobs_processing_time_seconds_count") >= 1);
        String metrics = scrape();
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
