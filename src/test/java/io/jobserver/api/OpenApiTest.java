package io.jobserver.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** The OpenAPI document describes both endpoints, every answer they give, and examples. */
@QuarkusTest
class OpenApiTest {

    @Test
    void documentDescribesBothEndpoints() {
        given().queryParam("format", "json")
                .when().get("/q/openapi")
                .then().statusCode(200)
                .body("paths.'/job'.post.responses.keySet()", hasItems("202", "400", "413", "415", "503"))
                .body("paths.'/status/{job_id}'.get.responses.keySet()", hasItems("200", "400", "404"))
                .body("paths.'/job'.post.requestBody.content.'application/json'.examples", notNullValue())
                .body("paths.'/job'.post.responses.'503'.headers.'Retry-After'", notNullValue())
                .body("paths.'/job'.post.responses.'400'.content.'application/problem+json'.examples", notNullValue())
                .body("components.schemas.JobStatus.enum",
                        hasItems("pending", "processing", "completed", "failed"))
                .body("components.schemas.JobAcceptedResponse.properties.job_id.type", equalTo("integer"));
    }

    @Test
    void swaggerUiIsServed() {
        given().when().get("/q/swagger-ui/").then().statusCode(200);
    }
}
