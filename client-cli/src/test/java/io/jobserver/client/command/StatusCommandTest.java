package io.jobserver.client.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobserver.client.testing.CommandRun;
import io.jobserver.client.testing.StubJobServer;
import io.jobserver.client.testing.StubJobServer.StubResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StatusCommandTest {

    private StubJobServer server;

    @BeforeEach
    void startServer() throws Exception {
        server = StubJobServer.start();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void statusPrintsOneLinePerJob() {
        server.onStatus(id -> StubResponse.status(id, id == 1 ? "pending" : "completed"));

        CommandRun run = CommandRun.of("status", "1", "2", "--url", server.url());

        assertThat(run.exitCode()).isZero();
        assertThat(run.out().lines()).containsExactly(
                "job 1: pending  created_at=2025-01-01T10:00:00Z",
                "job 2: completed  created_at=2025-01-01T10:00:00Z  started_at=2025-01-01T10:00:01Z"
                        + "  finished_at=2025-01-01T10:00:03.500Z  took=3.5 s");
    }

    @Test
    void statusOfUnknownJobExitsOne() {
        server.onStatus(id -> id == 3 ? StubResponse.problem(404, "Not Found", "Job 3 does not exist")
                : StubResponse.status(id, "completed"));

        CommandRun run = CommandRun.of("status", "2", "3", "--url", server.url());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("job 2: completed").contains("job 3: not found");
        assertThat(run.errLines()).containsExactly("job-client: job 3 was not found. Check the IDs; finished jobs expire"
                + " after the server's retention time.");
    }

    @Test
    void statusNotFoundPrintsServerDetail() {
        server.onStatus(id -> StubResponse.problem(404, "Not Found", "Job " + id + " was not found: it finished and its"
                + " record expired."));

        CommandRun run = CommandRun.of("status", "999", "--url", server.url());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out().lines()).containsExactly("job 999: not found (Job 999 was not found: it finished and its"
                + " record expired.)");
    }

    @Test
    void statusNotFoundWithoutDetailNamesBothCauses() {
        server.onStatus(id -> new StubResponse(404, "text/plain", "", Map.of()));

        CommandRun run = CommandRun.of("status", "998", "--url", server.url());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out().lines()).containsExactly("job 998: not found (unknown ID, or the job finished and its record expired)");
    }

    @Test
    void statusListsEveryJobNotFound() {
        server.onStatus(id -> StubResponse.problem(404, "Not Found", "Job " + id + " does not exist."));

        CommandRun run = CommandRun.of("status", "7", "8", "--url", server.url());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.errLines()).containsExactly("job-client: jobs 7, 8 were not found. Check the IDs; finished jobs"
                + " expire after the server's retention time.");
    }

    @Test
    void statusWatchPrintsChangesUntilAllFinal() {
        Map<Long, AtomicInteger> polls = new ConcurrentHashMap<>();
        List<String> progression = List.of("pending", "processing", "processing", "completed");
        server.onStatus(id -> {
            int poll = polls.computeIfAbsent(id, key -> new AtomicInteger()).getAndIncrement();
            return StubResponse.status(id, progression.get(Math.min(poll, progression.size() - 1)));
        });

        CommandRun run = CommandRun.of("status", "4", "5", "--watch", "--poll-interval", "10ms", "--url", server.url());

        assertThat(run.exitCode()).isZero();
        assertThat(run.out().lines().map(line -> line.split(" {2}")[0]).toList()).containsExactly(
                "job 4: pending", "job 5: pending",
                "job 4: processing", "job 5: processing",
                "job 4: completed", "job 5: completed");
    }

    @Test
    void statusWatchStopsPollingFinishedJobs() {
        server.onStatus(id -> StubResponse.status(id, id == 6 ? "failed" : "completed"));

        CommandRun run = CommandRun.of("status", "6", "--watch", "--url", server.url());

        assertThat(run.exitCode()).isZero();
        assertThat(server.requests("GET", "/status/6")).hasSize(1);
    }

    @Test
    void statusWithNonPositiveIdIsUsageError() {
        CommandRun run = CommandRun.of("status", "0", "--url", server.url());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).containsExactly("job-client: Invalid value for positional parameter at index 0..*"
                + " (ID): '0' is not a job ID; job IDs are positive whole numbers such as 42; see 'job-client status --help'");
    }

    @Test
    void statusReportsResponseThatIsNotJson() {
        server.onStatus(id -> StubResponse.notJson(200));

        CommandRun run = CommandRun.of("status", "1", "--url", server.url());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.errLines()).singleElement().asString().contains("invalid response").contains("GET /status");
    }
}
