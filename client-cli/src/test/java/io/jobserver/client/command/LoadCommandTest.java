package io.jobserver.client.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobserver.client.testing.CommandRun;
import io.jobserver.client.testing.StubJobServer;
import io.jobserver.client.testing.StubJobServer.RecordedRequest;
import io.jobserver.client.testing.StubJobServer.StubResponse;
import io.vertx.core.json.JsonObject;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LoadCommandTest {

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
    void loadClosedModelSendsRequestedCountAndPasses() {
        CommandRun run = CommandRun.of("load", "--url", server.url(), "--concurrency", "4", "--requests", "200",
                "--mix", "post=50,status=50");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("closed model with 4 concurrent requests, mix post=50,status=50, 200 requests")
                .contains("  requests:     200 sent, 200 responses, 0 client-side failures")
                .contains("error rate:   0.00% (limit 1.00%): passed");
        // One extra POST is the seed job that status requests can ask about from the start.
        assertThat(server.requests()).hasSize(201);
    }

    @Test
    void loadOpenModelSendsRequestedCount() {
        CommandRun run = CommandRun.of("load", "--url", server.url(), "--rate", "500", "--requests", "100",
                "--mix", "post=100");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("open model at 500.0 req/s over at most 64 connections")
                .contains("  requests:     100 sent, 100 responses")
                .contains("req/s achieved, 500.0 req/s target")
                .contains("by status:    202: 100");
        assertThat(server.requests("POST", "/job")).hasSize(100);
    }

    @Test
    void loadStatusRequestsAskAboutAcceptedJobs() {
        Set<Long> acceptedIds = ConcurrentHashMap.newKeySet();
        server.onSubmit(body -> {
            long id = 1000 + server.nextJobId();
            acceptedIds.add(id);
            return StubResponse.accepted(id);
        });

        CommandRun run = CommandRun.of("load", "--url", server.url(), "--concurrency", "8", "--requests", "300");

        assertThat(run.exitCode()).isZero();
        assertThat(server.requests("GET", "/status/")).isNotEmpty().allSatisfy(request ->
                assertThat(acceptedIds).contains(Long.parseLong(request.path().substring("/status/".length()))));
    }

    @Test
    void loadJsonPrintsOneObjectWithAllFigures() {
        CommandRun run = CommandRun.of("load", "--url", server.url(), "--concurrency", "2", "--requests", "50", "--json");

        assertThat(run.exitCode()).isZero();
        JsonObject json = new JsonObject(run.out());
        assertThat(json.getString("model")).isEqualTo("closed");
        assertThat(json.getLong("sent")).isEqualTo(50);
        assertThat(json.getLong("responses")).isEqualTo(50);
        assertThat(json.getJsonObject("latency_ms").fieldNames()).containsExactly("p50", "p90", "p99", "p99_9", "max", "mean");
        assertThat(json.getJsonObject("status_counts").fieldNames()).isSubsetOf("200", "202");
        assertThat(json.getJsonObject("client_failures").isEmpty()).isTrue();
        assertThat(json.getBoolean("passed")).isTrue();
    }

    @Test
    void loadExitsOneWhenErrorRateExceedsLimit() {
        AtomicInteger posts = new AtomicInteger();
        server.onSubmit(body -> posts.getAndIncrement() % 2 == 0 ? StubResponse.unavailable(1) : StubResponse.accepted(server.nextJobId()));

        CommandRun run = CommandRun.of("load", "--url", server.url(), "--concurrency", "2", "--requests", "100",
                "--mix", "post=100");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("by status:    202: 50, 503: 50").contains("error rate:   50.00% (limit 1.00%): FAILED");
        assertThat(run.errLines()).containsExactly("job-client: load test failed: error rate 50.00% exceeds --max-error-rate"
                + " 1.00%; see the report above");
    }

    @Test
    void loadPassesWhenErrorRateWithinRaisedLimit() {
        AtomicInteger posts = new AtomicInteger();
        server.onSubmit(body -> posts.getAndIncrement() % 10 == 0 ? StubResponse.unavailable(1) : StubResponse.accepted(server.nextJobId()));

        CommandRun run = CommandRun.of("load", "--url", server.url(), "--concurrency", "1", "--requests", "100",
                "--mix", "post=100", "--max-error-rate", "10%");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("error rate:   10.00% (limit 10.00%): passed");
    }

    @Test
    void loadCountsClientFailuresApartFromServerAnswers() throws Exception {
        String url = StubJobServer.refusingUrl();

        CommandRun run = CommandRun.of("load", "--url", url, "--concurrency", "2", "--requests", "20", "--mix", "post=100");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("  requests:     20 sent, 0 responses, 20 client-side failures")
                .contains("by status:    none")
                .contains("client-side:  connection refused: 20");
        assertThat(run.errLines()).singleElement().asString().contains("error rate 100.00%")
                .contains("client-side: connection refused: 20");
    }

    @Test
    void loadCountsSlowResponsesAsTimedOut() {
        server.onSubmit(body -> {
            try {
                Thread.sleep(1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return StubResponse.accepted(server.nextJobId());
        });

        CommandRun run = CommandRun.of("load", "--url", server.url(), "--concurrency", "2", "--requests", "2",
                "--mix", "post=100", "--request-timeout", "200ms", "--json");

        assertThat(run.exitCode()).isEqualTo(1);
        JsonObject json = new JsonObject(run.out());
        assertThat(json.getJsonObject("client_failures").getLong("response timed out")).isEqualTo(2);
        assertThat(json.getLong("responses")).isZero();
    }

    @Test
    void loadFailsFastWithoutSeedJob() throws Exception {
        String url = StubJobServer.refusingUrl();

        CommandRun run = CommandRun.of("load", "--url", url, "--requests", "20");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.errLines()).singleElement().asString().contains("connection refused, nothing answers at " + url);
    }

    @Test
    void loadCountsResponsesThatAreNotJson() {
        server.onSubmit(body -> StubResponse.notJson(202));

        CommandRun run = CommandRun.of("load", "--url", server.url(), "--concurrency", "1", "--requests", "10",
                "--mix", "post=100", "--json");

        assertThat(run.exitCode()).isEqualTo(1);
        JsonObject json = new JsonObject(run.out());
        assertThat(json.getJsonObject("client_failures").getLong("invalid response")).isEqualTo(10);
    }

    @Test
    void loadRejectsRateTogetherWithConcurrency() {
        CommandRun run = CommandRun.of("load", "--url", server.url(), "--rate", "10", "--concurrency", "4");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).singleElement().asString().contains("mutually exclusive");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void loadRejectsUnknownRequestKind() {
        CommandRun run = CommandRun.of("load", "--url", server.url(), "--mix", "post=80,delete=20");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).containsExactly("job-client: Invalid value for option '--mix': unknown request kind"
                + " 'delete'; the kinds are post and status; see 'job-client load --help'");
    }

    @Test
    void loadRejectsConnectionsInClosedModel() {
        CommandRun run = CommandRun.of("load", "--url", server.url(), "--concurrency", "4", "--connections", "8");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).singleElement().asString().contains("--connections applies to the open model only");
    }

    @Test
    void loadSendsPayloadOfRequestedSize() {
        CommandRun.of("load", "--url", server.url(), "--concurrency", "1", "--requests", "1", "--mix", "post=100",
                "--payload-size", "10");

        RecordedRequest post = server.requests("POST", "/job").get(0);
        assertThat(new JsonObject(post.body()).getString("payload")).isEqualTo("xxxxxxxxxx");
    }

    @Test
    void closedModelLatencyFromSendTime() {
        CommandRun run = CommandRun.of("load", "--url", server.url(), "--concurrency", "2", "--requests", "20",
                "--mix", "post=100");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("(ms, from actual send time)").doesNotContain("intended");
    }

    @Test
    void openModelLatencyFromIntendedTime() {
        CommandRun run = CommandRun.of("load", "--url", server.url(), "--rate", "500", "--requests", "20",
                "--mix", "post=100");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("(ms, from intended send time)");
    }

    @Test
    void jsonNamesLatencyOrigin() {
        CommandRun closed = CommandRun.of("load", "--url", server.url(), "--concurrency", "1", "--requests", "5",
                "--mix", "post=100", "--json");
        CommandRun open = CommandRun.of("load", "--url", server.url(), "--rate", "500", "--requests", "5",
                "--mix", "post=100", "--json");

        assertThat(new JsonObject(closed.out()).getString("latency_measured_from")).isEqualTo("actual_send_time");
        assertThat(new JsonObject(open.out()).getString("latency_measured_from")).isEqualTo("intended_send_time");
    }

    @Test
    void loadReportUsesSingularForOne() {
        CommandRun run = CommandRun.of("load", "--url", server.url(), "--concurrency", "1", "--requests", "1",
                "--mix", "post=100");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("closed model with 1 concurrent request, mix post=100,status=0, 1 request")
                .contains("  requests:     1 sent, 1 response, 0 client-side failures");
    }
}
