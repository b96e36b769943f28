package io.jobserver.client.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobserver.client.testing.CommandRun;
import io.jobserver.client.testing.StubJobServer;
import io.jobserver.client.testing.StubJobServer.RecordedRequest;
import io.jobserver.client.testing.StubJobServer.StubResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SubmitCommandTest {

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
    void submitPrintsJobIdAndExitsZero() {
        server.onSubmit(body -> StubResponse.accepted(17));

        CommandRun run = CommandRun.of("submit", "hello world", "--url", server.url());

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo("17" + System.lineSeparator());
        assertThat(run.err()).isEmpty();
    }

    @Test
    void submitSendsPayloadAsJson() {
        CommandRun.of("submit", "say \"hi\"", "--url", server.url());

        RecordedRequest post = server.requests("POST", "/job").get(0);
        assertThat(post.contentType()).startsWith("application/json");
        assertThat(post.body()).isEqualTo("{\"payload\":\"say \\\"hi\\\"\"}");
    }

    @Test
    void submitWaitExitsZeroWhenJobCompletes() {
        AtomicInteger polls = new AtomicInteger();
        List<String> progression = List.of("pending", "processing", "completed");
        server.onSubmit(body -> StubResponse.accepted(5))
                .onStatus(id -> StubResponse.status(id, progression.get(Math.min(polls.getAndIncrement(), 2))));

        CommandRun run = CommandRun.of("submit", "work", "--wait", "--poll-interval", "20ms", "--url", server.url());

        assertThat(run.err()).isEmpty();
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("5" + System.lineSeparator());
        assertThat(run.out()).contains("job 5: completed");
        assertThat(run.out()).contains("took=3.5 s");
        assertThat(server.requests("GET", "/status/5")).hasSize(3);
    }

    @Test
    void submitWaitExitsOneWhenJobFails() {
        server.onSubmit(body -> StubResponse.accepted(6)).onStatus(id -> StubResponse.status(id, "failed"));

        CommandRun run = CommandRun.of("submit", "work", "--wait", "--url", server.url());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("job 6: failed").contains("error=\"payload rejected by processor\"");
        assertThat(run.errLines()).containsExactly("job-client: job 6 failed on the server: payload rejected by processor");
    }

    @Test
    void submitWaitExitsOneWhenJobExpires() {
        server.onSubmit(body -> StubResponse.accepted(7))
                .onStatus(id -> StubResponse.problem(404, "Not Found", "Job 7 does not exist"));

        CommandRun run = CommandRun.of("submit", "work", "--wait", "--url", server.url());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("job 7: not found");
        assertThat(run.errLines()).singleElement().asString().contains("job 7 was not found while waiting");
    }

    @Test
    void submitWaitTimesOutWhileJobRuns() {
        server.onSubmit(body -> StubResponse.accepted(8)).onStatus(id -> StubResponse.status(id, "processing"));

        CommandRun run = CommandRun.of("submit", "work", "--wait", "--timeout", "200ms", "--poll-interval", "20ms",
                "--url", server.url());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.errLines()).singleElement().asString()
                .contains("timed out after 200ms waiting for job 8 (last status: processing)")
                .contains("job-client status 8");
    }

    @Test
    void submitWaitHonoursRetryAfterOfStatus503() {
        AtomicInteger polls = new AtomicInteger();
        server.onSubmit(body -> StubResponse.accepted(9))
                .onStatus(id -> polls.getAndIncrement() == 0 ? StubResponse.unavailable(1) : StubResponse.status(id, "completed"));

        CommandRun run = CommandRun.of("submit", "work", "--wait", "--poll-interval", "10ms", "--url", server.url());

        assertThat(run.exitCode()).isZero();
        List<RecordedRequest> polled = server.requests("GET", "/status/9");
        assertThat(polled).hasSize(2);
        Duration gap = Duration.ofNanos(polled.get(1).receivedAtNanos() - polled.get(0).receivedAtNanos());
        assertThat(gap).isGreaterThanOrEqualTo(Duration.ofMillis(950));
    }

    @Test
    void submitRejectedWith503SaysWhenToRetry() {
        server.onSubmit(body -> StubResponse.unavailable(7));

        CommandRun run = CommandRun.of("submit", "work", "--url", server.url());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.errLines()).containsExactly("job-client: job-server rejected the job: 503 Service Unavailable:"
                + " the job queue is full. The server is busy or shutting down, so retry in 7 s.");
    }

    @Test
    void rejectionJoinsServerSentence() {
        server.onSubmit(body -> new StubResponse(503, "application/problem+json",
                "{\"title\":\"Service Unavailable\",\"detail\":\"The job queue is full (1 jobs waiting). Retry later.\"}",
                java.util.Map.of("Retry-After", "2")));

        CommandRun run = CommandRun.of("submit", "work", "--url", server.url());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.errLines()).containsExactly("job-client: job-server rejected the job: 503 Service Unavailable:"
                + " The job queue is full (1 jobs waiting). Retry later. The server is busy or shutting down, so retry in 2 s.");
        assertThat(run.err()).doesNotContain(".;").doesNotContain("..");
    }

    @Test
    void submitRejectedWith413ShowsServerDetail() {
        server.onSubmit(body -> StubResponse.problem(413, "Payload Too Large", "payload exceeds 262144 bytes"));

        CommandRun run = CommandRun.of("submit", "work", "--url", server.url());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.errLines()).containsExactly("job-client: job-server rejected the job: 413 Payload Too Large:"
                + " payload exceeds 262144 bytes. Send a smaller payload.");
    }

    @Test
    void submitRejectedWith400ShowsServerDetail() {
        server.onSubmit(body -> StubResponse.problem(400, "Bad Request", "payload must be a string"));

        CommandRun run = CommandRun.of("submit", "work", "--url", server.url());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.errLines()).singleElement().asString().contains("400 Bad Request: payload must be a string");
    }

    @Test
    void submitToClosedPortSaysNothingAnswers() throws Exception {
        String url = StubJobServer.refusingUrl();

        CommandRun run = CommandRun.of("submit", "work", "--url", url);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.errLines()).containsExactly("job-client: POST /job failed: connection refused, nothing answers at "
                + url + "; check that job-server runs there and that --url is right");
    }

    @Test
    void verboseAddsStackTraceToFailure() throws Exception {
        CommandRun run = CommandRun.of("submit", "work", "--verbose", "--url", StubJobServer.refusingUrl());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.errLines().get(0)).contains("connection refused");
        assertThat(run.err()).contains("RequestFailedException").contains("\tat ");
    }

    @Test
    void submitReportsResponseThatIsNotJson() {
        server.onSubmit(body -> StubResponse.notJson(202));

        CommandRun run = CommandRun.of("submit", "work", "--url", server.url());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.errLines()).singleElement().asString()
                .contains("invalid response from " + server.url() + " to POST /job (HTTP 202)")
                .contains("not a JSON object: '<html><body>It works!</body></html>'")
                .contains("check that --url points to job-server");
    }

    @Test
    void submitRejectsZeroTimeoutAsUsageError() {
        CommandRun run = CommandRun.of("submit", "work", "--wait", "--timeout", "0s", "--url", server.url());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).singleElement().asString().contains("--timeout").contains("more than zero");
        assertThat(server.requests()).isEmpty();
    }
}
