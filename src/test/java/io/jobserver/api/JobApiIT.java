package io.jobserver.api;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** Runs the API contract tests against the packaged application: the JVM jar, or the native executable with -Dnative. */
@QuarkusIntegrationTest
class JobApiIT extends JobApiTest {
}
