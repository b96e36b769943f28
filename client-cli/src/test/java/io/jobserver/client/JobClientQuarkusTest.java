package io.jobserver.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobserver.client.testing.StubJobServer;
import io.quarkus.test.junit.main.Launch;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import org.junit.jupiter.api.Test;

/** Runs job-client through Quarkus's picocli integration, where CDI creates the commands. */
@QuarkusMainTest
class JobClientQuarkusTest {

    @Test
    @Launch("--help")
    void helpListsCommands(LaunchResult result) {
        assertThat(result.getOutput()).contains("Usage: job-client").contains("simulate").contains("load");
    }

    @Test
    void submitAgainstStubPrintsJobId(QuarkusMainLauncher launcher) throws Exception {
        try (StubJobServer server = StubJobServer.start()) {
            server.onSubmit(body -> StubJobServer.StubResponse.accepted(41));

            LaunchResult result = launcher.launch("submit", "hello", "--url", server.url());

            assertThat(result.exitCode()).isZero();
            assertThat(result.getOutput()).isEqualTo("41");
        }
    }

    @Test
    void connectionRefusedIsOneLineWithoutStackTrace(QuarkusMainLauncher launcher) throws Exception {
        LaunchResult result = launcher.launch("submit", "hello", "--url", StubJobServer.refusingUrl());

        assertThat(result.exitCode()).isEqualTo(1);
        // The packaged-jar launcher raises Quarkus's own log level, so startup lines may come before the error.
        assertThat(result.getErrorStream()).filteredOn(line -> line.contains("POST /job")).singleElement().asString()
                .startsWith("job-client: POST /job failed: connection refused");
        assertThat(result.getErrorStream()).noneMatch(line -> line.contains("Exception") || line.startsWith("\tat "));
    }

    @Test
    @Launch(value = {"simulate", "--timeout", "soon"}, exitCode = 2)
    void invalidDurationExitsTwo(LaunchResult result) {
        assertThat(result.getErrorOutput()).contains("'soon' is not a duration");
    }
}
