package io.jobserver.client;

import io.quarkus.test.junit.main.QuarkusMainIntegrationTest;

/** Reruns {@link JobClientQuarkusTest} against the packaged uber-jar. */
@QuarkusMainIntegrationTest
class JobClientPackagedIT extends JobClientQuarkusTest {
}
