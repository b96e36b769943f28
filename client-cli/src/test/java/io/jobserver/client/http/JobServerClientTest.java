package io.jobserver.client.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobserver.client.testing.StubJobServer;
import io.jobserver.client.testing.StubJobServer.StubResponse;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class JobServerClientTest {

    private StubJobServer server;
    private JobServerClient client;

    @BeforeEach
    void start() throws Exception {
        server = StubJobServer.start();
        client = JobServerClient.create(ServerAddress.parse(server.url()), JobServerClient.Settings.interactive(Duration.ofSeconds(5)));
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    @Test
    void sequentialRequestsFromPlainThreadKeepTheirBodies() throws Exception {
        // Before requests from outside Vert.x were moved onto the client's context, a few in 3000 lost their body.
        int emptyBodies = 0;
        for (int i = 0; i < 3_000; i++) {
            ServerResponse response = client.await(client.send(HttpMethod.GET, "/status/1", null));
            emptyBodies += response.body().length() == 0 ? 1 : 0;
        }

        assertThat(emptyBodies).isZero();
    }

    @Test
    void statusParsesEveryField() throws Exception {
        server.onStatus(id -> StubResponse.status(id, "failed"));

        StatusOutcome outcome = client.await(client.status(12));

        assertThat(outcome).isInstanceOfSatisfying(StatusOutcome.Found.class, found -> {
            JobStatusReport report = found.report();
            assertThat(report.jobId()).isEqualTo(12);
            assertThat(report.status()).isEqualTo(JobStatus.FAILED);
            assertThat(report.createdAt()).isPresent();
            assertThat(report.startedAt()).isPresent();
            assertThat(report.timeToFinish()).contains(Duration.ofMillis(3_500));
            assertThat(report.error()).contains("payload rejected by processor");
        });
    }

    @Test
    void unavailableCarriesRetryAfter() throws Exception {
        server.onSubmit(body -> StubResponse.unavailable(3));

        SubmitOutcome outcome = client.await(client.submit("x"));

        assertThat(outcome).isInstanceOfSatisfying(SubmitOutcome.Rejected.class, rejected -> {
            assertThat(rejected.problem()).isEqualTo(new Problem(503, "Service Unavailable", "the job queue is full"));
            assertThat(rejected.response().retryAfter()).isEqualTo(Optional.of(Duration.ofSeconds(3)));
        });
    }

    @Test
    void plainTextErrorUsesReasonPhrase() throws Exception {
        server.onSubmit(body -> new StubResponse(502, "text/plain", "upstream down", java.util.Map.of()));

        SubmitOutcome outcome = client.await(client.submit("x"));

        assertThat(outcome).isInstanceOfSatisfying(SubmitOutcome.Rejected.class, rejected ->
                assertThat(rejected.problem().describe()).isEqualTo("502 Bad Gateway"));
    }

    @Test
    void unknownStatusValueIsInvalidResponse() {
        server.onStatus(id -> new StubResponse(200, "application/json", "{\"job_id\":1,\"status\":\"paused\"}", java.util.Map.of()));

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> client.await(client.status(1)))
                .isInstanceOf(RequestFailedException.class)
                .hasMessageContaining("unknown status 'paused'");
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void unstartableRequestFailsFuture() {
        // ServerAddress.parse rejects this port; the record is built directly to reach the path where Vert.x throws
        // instead of failing the future.
        ServerAddress outOfRange = new ServerAddress("http://127.0.0.1:99999", "127.0.0.1", 99_999, false, "");
        try (JobServerClient unreachable = JobServerClient.create(outOfRange, JobServerClient.Settings.interactive(Duration.ofSeconds(5)))) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> unreachable.await(unreachable.submit("x")))
                    .isInstanceOf(RequestFailedException.class)
                    .hasMessageStartingWith("POST /job to http://127.0.0.1:99999 failed: ");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> unreachable.await(unreachable.status(1)))
                    .isInstanceOf(RequestFailedException.class)
                    .hasMessageStartingWith("GET /status/1 to http://127.0.0.1:99999 failed: ");
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void unstartableRequestFromEventLoopFails() throws Exception {
        ServerAddress outOfRange = new ServerAddress("http://127.0.0.1:99999", "127.0.0.1", 99_999, false, "");
        try (JobServerClient unreachable = JobServerClient.create(outOfRange, JobServerClient.Settings.interactive(Duration.ofSeconds(5)))) {
            CompletableFuture<Future<SubmitOutcome>> sentFromContext = new CompletableFuture<>();
            unreachable.vertx().getOrCreateContext().runOnContext(ignored -> sentFromContext.complete(unreachable.submit("x")));

            Future<SubmitOutcome> outcome = sentFromContext.get();

            org.assertj.core.api.Assertions.assertThatThrownBy(() -> unreachable.await(outcome))
                    .isInstanceOf(RequestFailedException.class);
        }
    }
}
