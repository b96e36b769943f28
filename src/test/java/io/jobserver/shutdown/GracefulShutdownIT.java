package io.jobserver.shutdown;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sends SIGTERM to the packaged server, as Kubernetes and Ctrl+C do, and checks the whole drain:
 * intake closes while the HTTP server still serves requests, accepted jobs finish or are reported as
 * abandoned, and the process exits 0 without a stack trace.
 */
class GracefulShutdownIT {

    private static final Path SERVER_JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(60);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path tempDir;

    private Process server;
    private Path log;
    private URI base;

    @AfterEach
    void stopServer() throws IOException {
        if (server != null && server.isAlive()) {
            server.destroyForcibly();
        }
        if (log != null && Files.exists(log)) {
            System.out.println("--- server output ---\n" + Files.readString(log, StandardCharsets.UTF_8));
        }
    }

    @Test
    void sigtermFinishesQueuedAndRunningJobs() throws Exception {
        startServer("-Djobs.workers=2", "-Djobs.processing-time.min=1s", "-Djobs.processing-time.max=2s");
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            ids.add(submit("job " + i).jobId());
        }

        server.destroy();

        // While draining, the HTTP server still responds: readiness is down and new jobs are rejected.
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> get("/q/health/ready").statusCode() == 503);
        HttpResponse<String> rejected = submitRaw("too late");
        assertThat(rejected.statusCode()).isEqualTo(503);
        assertThat(rejected.headers().firstValue("Retry-After")).isPresent();
        assertThat(get("/status/" + ids.get(0)).statusCode()).isEqualTo(200);

        assertThat(server.waitFor(EXIT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as("server exited").isTrue();
        assertThat(server.exitValue()).isZero();
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(output).contains("Draining jobs:");
        assertThat(output).contains("Drain finished in");
        assertThat(output).contains("6 jobs completed, 0 failed, none abandoned");
        assertThat(output).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void sigtermAfterDrainTimeoutAbandonsUnfinishedJobs() throws Exception {
        startServer("-Djobs.workers=1", "-Djobs.processing-time.min=1m", "-Djobs.processing-time.max=1m",
                "-Djobs.shutdown.drain-timeout=1s");
        for (int i = 0; i < 3; i++) {
            submit("job " + i);
        }
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> get("/status/1").body().contains("processing"));

        server.destroy();

        assertThat(server.waitFor(EXIT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as("server exited").isTrue();
        assertThat(server.exitValue()).isZero();
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(output).contains("Drain timeout of 1s passed with 2 queued and 1 running jobs");
        assertThat(output).contains("0 jobs completed, 0 failed, 3 abandoned (IDs 1-3)");
        assertThat(output).doesNotContain("Exception").doesNotContain("\tat ");
    }

    private void startServer(String... properties) throws Exception {
        assumeTrue(Files.exists(SERVER_JAR), "the JVM package is built by 'mvnw package'");
        int port = freePort();
        base = URI.create("http://127.0.0.1:" + port);
        log = tempDir.resolve("server.log");

        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Dquarkus.http.host=127.0.0.1");
        command.add("-Dquarkus.http.port=" + port);
        command.addAll(List.of(properties));
        command.add("-jar");
        command.add(SERVER_JAR.toString());
        server = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();

        Awaitility.await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> get("/q/health/ready").statusCode() == 200);
    }

    private Accepted submit(String payload) throws Exception {
        HttpResponse<String> response = submitRaw(payload);
        assertThat(response.statusCode()).isEqualTo(202);
        String digits = response.body().replaceAll("[^0-9]", "");
        return new Accepted(Long.parseLong(digits));
    }

    private HttpResponse<String> submitRaw(String payload) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/job"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"payload\": \"" + payload + "\"}"))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(base.resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private record Accepted(long jobId) {
    }
}
