package io.jobserver;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** HTTP calls that the server's tests share, each asserting the status code it expects. */
public final class JobRequests {

    private JobRequests() {
    }

    /** Submits a job with {@code payload} and returns its ID, failing unless the server accepted it with 202. */
    public static long submit(String payload) {
        return given().contentType(ContentType.JSON).body("{\"payload\": \"" + payload + "\"}")
                .when().post("/job")
                .then().statusCode(202)
                .extract().jsonPath().getLong("job_id");
    }

    /** Returns the whole status document of job {@code id}, failing unless the server returned 200. */
    public static JsonPath statusDocument(long id) {
        return given().when().get("/status/" + id).then().statusCode(200).extract().jsonPath();
    }

    /** Returns the status of job {@code id}, such as {@code "pending"}. */
    public static String statusOf(long id) {
        return statusDocument(id).getString("status");
    }

    /** Returns the Prometheus text at /q/metrics. */
    public static String scrapeMetrics() {
        return given().when().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    /** Returns the value of {@code series}, such as {@code jobs_submitted_total}, in a scrape; fails if it is missing. */
    public static double metricValue(String metrics, String series) {
        Matcher matcher = Pattern.compile("^" + Pattern.quote(series) + " ([0-9.eE+-]+)$", Pattern.MULTILINE).matcher(metrics);
        assertThat(matcher.find()).as("series %s in /q/metrics", series).isTrue();
        return Double.parseDouble(matcher.group(1));
    }
}
