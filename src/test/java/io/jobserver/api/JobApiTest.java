package io.jobserver.api;

import static io.jobserver.JobRequests.submit;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.awaitility.Awaitility;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** The HTTP contract of POST /job and GET /status/{job_id}, with processing times of milliseconds. */
@QuarkusTest
class JobApiTest {

    @TestHTTPResource
    URL url;

    private static final String PROBLEM_JSON = "application/problem+json";
    private static final String ISO_INSTANT = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z";

    @Test
    void submitAnswers202WithIdAndLocation() {
        Response response = given().contentType(ContentType.JSON).body("{\"payload\": \"Process this job!\"}")
                .when().post("/job");

        response.then()
                .statusCode(202)
                .contentType(ContentType.JSON)
                .body("job_id", greaterThan(0));
        long id = response.jsonPath().getLong("job_id");
        assertThat(response.header("Location")).isEqualTo("/status/" + id);
    }

    @Test
    void idsIncreaseByOne() {
        long first = submit("a");
        long second = submit("b");

        assertThat(second).isEqualTo(first + 1);
    }

    @Test
    void jobCompletesWithTimestamps() {
        long id = submit("Process this job!");

        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given()
                .when().get("/status/" + id)
                .then().statusCode(200).body("status", equalTo("completed")));

        given().when().get("/status/" + id)
                .then()
                .contentType(ContentType.JSON)
                .body("job_id", equalTo((int) id))
                .body("created_at", matchesPattern(ISO_INSTANT))
                .body("started_at", matchesPattern(ISO_INSTANT))
                .body("finished_at", matchesPattern(ISO_INSTANT))
                .body("error", nullValue());
    }

    @Test
    void newJobReportsPendingOrLater() {
        long id = submit("x");

        given().when().get("/status/" + id)
                .then().statusCode(200)
                .body("status", matchesPattern("pending|processing|completed"))
                .body("created_at", notNullValue());
    }

    @Test
    void contentTypeWithCharsetIsAccepted() {
        given().contentType("application/json; charset=UTF-8").body("{\"payload\": \"caf\u00e9\"}")
                .when().post("/job")
                .then().statusCode(202);
    }

    @Test
    void unknownFieldsAreIgnored() {
        given().contentType(ContentType.JSON).body("{\"payload\": \"x\", \"priority\": 3}")
                .when().post("/job")
                .then().statusCode(202);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"payload\": ",
            "not json",
            "[\"payload\"]",
            "\"just a string\"",
            "42",
            "null",
            "{}",
            "{\"payload\": null}",
            "{\"payload\": 42}",
            "{\"payload\": 4.2}",
            "{\"payload\": true}",
            "{\"payload\": {\"text\": \"x\"}}",
            "{\"payload\": [\"x\"]}",
            "{\"payload\": \"x\", \"payload\": \"y\"}",
            "{\"payload\": \"x\"} {\"payload\": \"y\"}",
            "   ",
    })
    void invalidBodyAnswers400(String body) {
        given().contentType(ContentType.JSON).body(body)
                .when().post("/job")
                .then()
                .statusCode(400)
                .contentType(PROBLEM_JSON)
                .body("status", equalTo(400))
                .body("title", equalTo("Bad Request"))
                .body("detail", not(containsString("Exception")))
                .body("detail", not(containsString("com.fasterxml")))
                .body("detail", not(containsString("java.")));
    }

    @Test
    void emptyBodyAnswers400() {
        given().contentType(ContentType.JSON)
                .when().post("/job")
                .then().statusCode(400).contentType(PROBLEM_JSON)
                .body("detail", containsString("empty"));
    }

    @Test
    void numberPayloadIsNotCoerced() {
        given().contentType(ContentType.JSON).body("{\"payload\": 123}")
                .when().post("/job")
                .then().statusCode(400)
                .body("detail", equalTo("The field \"payload\" must be a JSON string, but it is a number."));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\\uD800", "x\\uDC00", "\\uD83Dx", "\\uDE00\\uD83D"})
    void unpairedSurrogateAnswers400(String escapedPayload) {
        given().contentType(ContentType.JSON).body("{\"payload\": \"" + escapedPayload + "\"}")
                .when().post("/job")
                .then().statusCode(400).contentType(PROBLEM_JSON)
                .body("detail", containsString("unpaired surrogate"));
    }

    @Test
    void surrogatePairIsAccepted() {
        given().contentType(ContentType.JSON).body("{\"payload\": \"\\uD83D\\uDE00\"}")
                .when().post("/job")
                .then().statusCode(202);
    }

    @Test
    void deeplyNestedJsonAnswers400() {
        String nested = "[".repeat(5000) + "]".repeat(5000);

        given().contentType(ContentType.JSON).body("{\"payload\": \"x\", \"extra\": " + nested + "}")
                .when().post("/job")
                .then().statusCode(400).contentType(PROBLEM_JSON)
                .body("detail", containsString("nested"));
    }

    @Test
    void textPlainAnswers415() {
        given().contentType(ContentType.TEXT).body("{\"payload\": \"x\"}")
                .when().post("/job")
                .then().statusCode(415).contentType(PROBLEM_JSON)
                .body("status", equalTo(415))
                .body("detail", containsString("application/json"));
    }

    @Test
    void missingContentTypeAnswers415() throws Exception {
        // RestAssured always sends a Content-Type with a body, so the JDK client sends this one.
        HttpRequest request = HttpRequest.newBuilder(url.toURI().resolve("/job"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"payload\": \"x\"}"))
                .build();

        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(response.headers().firstValue("Content-Type")).hasValue(PROBLEM_JSON);
        assertThat(response.body()).contains("\"status\":415");
    }

    @Test
    void payloadOverMaxSizeAnswers413() {
        String payload = "a".repeat(256 * 1024 + 1);

        given().contentType(ContentType.JSON).body("{\"payload\": \"" + payload + "\"}")
                .when().post("/job")
                .then().statusCode(413).contentType(PROBLEM_JSON)
                .body("status", equalTo(413))
                .body("detail", containsString("262144 bytes"));
    }

    @Test
    void payloadAtMaxSizeIsAccepted() {
        String payload = "a".repeat(256 * 1024);

        given().contentType(ContentType.JSON).body("{\"payload\": \"" + payload + "\"}")
                .when().post("/job")
                .then().statusCode(202);
    }

    @Test
    void bodyOverHttpLimitAnswers413AsJson() {
        String payload = "a".repeat(3 * 1024 * 1024);

        given().contentType(ContentType.JSON).body("{\"payload\": \"" + payload + "\"}")
                .when().post("/job")
                .then().statusCode(413).contentType(PROBLEM_JSON)
                .body("status", equalTo(413));
    }

    @Test
    void rejectedRequestsCreateNoJob() {
        long before = submit("before");
        given().contentType(ContentType.JSON).body("{\"payload\": 1}").post("/job").then().statusCode(400);
        given().contentType(ContentType.TEXT).body("x").post("/job").then().statusCode(415);
        given().contentType(ContentType.JSON).body("{\"payload\": \"" + "a".repeat(300_000) + "\"}").post("/job")
                .then().statusCode(413);

        long after = submit("after");

        assertThat(after).isEqualTo(before + 1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "0", "-1", "1abc", "99999999999999999999", "9223372036854775808", "1.5", "+1"})
    void invalidJobIdAnswers400(String jobId) {
        given().when().get("/status/" + jobId)
                .then().statusCode(400).contentType(PROBLEM_JSON)
                .body("status", equalTo(400))
                .body("detail", containsString("positive integer"));
    }

    @Test
    void neverIssuedIdAnswers404() {
        given().when().get("/status/9223372036854775807")
                .then().statusCode(404).contentType(PROBLEM_JSON)
                .body("status", equalTo(404))
                .body("title", equalTo("Not Found"))
                .body("detail", containsString("does not exist"));
    }

    @Test
    void unknownPathAnswers404AsJson() {
        given().when().get("/jobs/1")
                .then().statusCode(404).contentType(PROBLEM_JSON)
                .body("status", equalTo(404));
    }

    @Test
    void wrongMethodAnswers405AsJson() {
        given().when().get("/job")
                .then().statusCode(405).contentType(PROBLEM_JSON)
                .header("Allow", "POST, OPTIONS")
                .body("status", equalTo(405));
        given().when().delete("/status/1")
                .then().statusCode(405).contentType(PROBLEM_JSON)
                .header("Allow", "GET, HEAD, OPTIONS");
    }

    @Test
    void healthEndpointsAreUp() {
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().when().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'job-dispatcher' }.data.state", equalTo("running"));
    }
}
