package io.jobserver.client.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobserver.client.testing.CommandRun;
import io.jobserver.client.testing.StubJobServer;
import io.jobserver.client.testing.StubJobServer.RecordedRequest;
import io.jobserver.client.testing.StubJobServer.StubResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SimulateCommandTest {

    private StubJobServer server;

    @BeforeEach
    void startServer() throws Exception {
        server = StubJobServer.start();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private CommandRun simulate(String... extraArgs) {
        List<String> args = new java.util.ArrayList<>(List.of("simulate", "--url", server.url(), "--poll-interval", "10ms",
                "--progress", "lines"));
        args.addAll(List.of(extraArgs));
        return CommandRun.of(args.toArray(String[]::new));
    }

    @Test
    void simulateCompletesEveryJobAndExitsZero() {
        Map<Long, AtomicInteger> polls = new ConcurrentHashMap<>();
        List<String> progression = List.of("pending", "processing", "completed");
        server.onStatus(id -> StubResponse.status(id,
                progression.get(Math.min(polls.computeIfAbsent(id, key -> new AtomicInteger()).getAndIncrement(), 2))));

        CommandRun run = simulate("--clients", "3", "--jobs-per-client", "2");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("Simulation of 3 clients x 2 jobs against " + server.url())
                .contains("  submitted:   6")
                .contains("  accepted:    6")
                .contains("  rejected:    0")
                .contains("  completed:   6")
                .contains("  failed:      0")
                .contains("  expired:     0")
                .contains("time to completion: min 3.5 s, median 3.5 s, p95 3.5 s, max 3.5 s");
        assertThat(server.requests("POST", "/job")).hasSize(6);
        assertThat(server.requests("GET", "/status/")).hasSize(18);
        assertThat(run.err()).isEmpty();
    }

    @Test
    void simulatePrintsPlainProgressLine() {
        CommandRun run = simulate("--clients", "1", "--jobs-per-client", "1");

        assertThat(run.out().lines().findFirst()).hasValueSatisfying(line -> assertThat(line)
                .startsWith("progress after ")
                .contains("submitted 1/1  pending 0  processing 0  completed 1  failed 0  expired 0  rejected 0"));
    }

    @Test
    void simulateCountsRejectedJobsByReason() {
        AtomicInteger posts = new AtomicInteger();
        server.onSubmit(body -> switch (posts.getAndIncrement() % 3) {
            case 0 -> StubResponse.unavailable(0);
            case 1 -> StubResponse.problem(413, "Payload Too Large", "too big");
            default -> StubResponse.accepted(server.nextJobId());
        });

        CommandRun run = simulate("--clients", "2", "--jobs-per-client", "3");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("  submitted:   6")
                .contains("  accepted:    2")
                .contains("  rejected:    4 (413 Payload Too Large: 2, 503 Service Unavailable: 2)")
                .contains("  completed:   2");
    }

    @Test
    void simulateExitsOneWhenJobFails() {
        server.onStatus(id -> StubResponse.status(id, id == 2 ? "failed" : "completed"));

        CommandRun run = simulate("--clients", "2", "--jobs-per-client", "2");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("  completed:   3").contains("  failed:      1");
        assertThat(run.errLines()).containsExactly("job-client: simulation failed: 1 of 4 accepted jobs did not complete"
                + " (failed 1, expired 0, unfinished 0); see the summary above");
    }

    @Test
    void simulateCountsExpiredJobs() {
        server.onStatus(id -> id == 1 ? StubResponse.problem(404, "Not Found", "Job 1 does not exist")
                : StubResponse.status(id, "completed"));

        CommandRun run = simulate("--clients", "1", "--jobs-per-client", "3");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("  expired:     1").contains("  completed:   2");
    }

    @Test
    void simulateHonoursRetryAfterWhenPolling() {
        AtomicInteger polls = new AtomicInteger();
        server.onStatus(id -> polls.getAndIncrement() == 0 ? StubResponse.unavailable(1) : StubResponse.status(id, "completed"));

        CommandRun run = simulate("--clients", "1", "--jobs-per-client", "1");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("status request errors: 1 (503 Service Unavailable: 1)");
        List<RecordedRequest> polled = server.requests("GET", "/status/");
        assertThat(polled).hasSize(2);
        Duration gap = Duration.ofNanos(polled.get(1).receivedAtNanos() - polled.get(0).receivedAtNanos());
        assertThat(gap).isGreaterThanOrEqualTo(Duration.ofMillis(950));
    }

    @Test
    void simulateWaitsRetryAfterBeforeNextSubmission() {
        AtomicInteger posts = new AtomicInteger();
        server.onSubmit(body -> posts.getAndIncrement() == 0 ? StubResponse.unavailable(1) : StubResponse.accepted(server.nextJobId()));

        CommandRun run = simulate("--clients", "1", "--jobs-per-client", "2");

        assertThat(run.exitCode()).isZero();
        List<RecordedRequest> submitted = server.requests("POST", "/job");
        assertThat(submitted).hasSize(2);
        Duration gap = Duration.ofNanos(submitted.get(1).receivedAtNanos() - submitted.get(0).receivedAtNanos());
        assertThat(gap).isGreaterThanOrEqualTo(Duration.ofMillis(950));
    }

    @Test
    void simulateStopsAtTimeoutAndCountsUnfinishedJobs() {
        server.onStatus(id -> StubResponse.status(id, "processing"));

        CommandRun run = simulate("--clients", "2", "--jobs-per-client", "1", "--timeout", "300ms");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("stopped by the timeout").contains("  unfinished:  2");
        assertThat(run.errLines()).singleElement().asString().contains("2 of 2 accepted jobs did not complete")
                .contains("raise --timeout");
    }

    @Test
    void simulateAgainstClosedPortSaysNothingAnswers() throws Exception {
        String url = StubJobServer.refusingUrl();

        CommandRun run = CommandRun.of("simulate", "--url", url, "--clients", "2", "--jobs-per-client", "1",
                "--poll-interval", "10ms", "--progress", "none");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("  rejected:    0" + System.lineSeparator())
                .contains("  failed to submit: 2 (connection refused: 2)");
        assertThat(run.errLines()).containsExactly("job-client: simulation failed: " + url + " accepted none of 2 submitted"
                + " jobs: failed to submit 2 (connection refused: 2); check that job-server runs there and that --url is right");
    }

    @Test
    void simulateCountsNonJsonAsInvalid() {
        server.onSubmit(body -> StubResponse.notJson(202));

        CommandRun run = simulate("--clients", "1", "--jobs-per-client", "2");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("  rejected:    0" + System.lineSeparator())
                .contains("  failed to submit: 2 (invalid response: 2)");
    }

    @Test
    void simulateRejectsZeroClientsAsUsageError() {
        CommandRun run = simulate("--clients", "0");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).singleElement().asString().contains("'--clients': 0 is less than 1");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void simulateSeparatesRejectionsFromFailures() {
        server.onSubmit(body -> StubResponse.unavailable(0));

        CommandRun run = simulate("--clients", "1", "--jobs-per-client", "1");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("  rejected:    1 (503 Service Unavailable: 1)").doesNotContain("failed to submit:");
        assertThat(run.errLines()).containsExactly("job-client: simulation failed: " + server.url() + " accepted none of"
                + " 1 submitted job: rejected 1 (503 Service Unavailable: 1); check that job-server runs there and that"
                + " --url is right");
    }

    @Test
    void simulateSummaryUsesSingularForOne() {
        CommandRun run = simulate("--clients", "1", "--jobs-per-client", "1");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("Simulation of 1 client x 1 job against " + server.url());
    }

    @Test
    void simulateAcceptsProgressModeInAnyCase() {
        CommandRun run = CommandRun.of("simulate", "--url", server.url(), "--clients", "1", "--jobs-per-client", "1",
                "--poll-interval", "10ms", "--progress", "NONE");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).doesNotContain("progress after");
    }

    @Test
    void simulateRejectsUnknownProgressModeInLowerCase() {
        CommandRun run = CommandRun.of("simulate", "--url", server.url(), "--progress", "fancy");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).containsExactly("job-client: Invalid value for option '--progress': 'fancy' is not a"
                + " progress mode; use one of auto, bar, lines or none; see 'job-client simulate --help'");
        assertThat(server.requests()).isEmpty();
    }
}
