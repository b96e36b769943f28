package io.jobserver.store.postgres;

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
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.awaitility.Awaitility;

import io.jobserver.JobRequests;

/** The packaged server running as a separate process on a free loopback port, as a replica would. */
final class ServerProcess {

    private static final Path SERVER_JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");
    private static final Pattern JOB_ID = Pattern.compile("\"job_id\"\\s*:\\s*(\\d+)");

    private final String name;
    private final Process process;
    private final Path log;
    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private ServerProcess(String name, Process process, Path log, URI base) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.base = base;
    }

    /** Starts the server with {@code properties} as system properties and waits until it is ready. */
    static ServerProcess start(String name, Path logDirectory, Map<String, String> properties) throws IOException {
        ServerProcess server = launch(name, logDirectory, properties);
        Awaitility.await("readiness of " + name).atMost(Duration.ofSeconds(60)).ignoreExceptions()
                .until(() -> server.get("/q/health/ready").statusCode() == 200);
        return server;
    }

    /** Starts the server with {@code properties} and returns at once, ready or not. */
    static ServerProcess launch(String name, Path logDirectory, Map<String, String> properties) throws IOException {
        assumeTrue(Files.exists(SERVER_JAR), "the JVM package is built by 'mvnw package'");
        int port = freePort();
        Path log = logDirectory.resolve(name + ".log");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Dquarkus.http.host=127.0.0.1");
        command.add("-Dquarkus.http.port=" + port);
        properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-jar");
        command.add(SERVER_JAR.toString());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new ServerProcess(name, process, log, URI.create("http://127.0.0.1:" + port));
    }

    /** Waits for the process to exit by itself and returns its exit code. */
    int awaitExit() throws InterruptedException {
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("%s exited by itself", name).isTrue();
        return process.exitValue();
    }

    /** Submits a job and returns its ID, failing unless the server responded 202. */
    long submit(String payload) throws IOException, InterruptedException {
        HttpResponse<String> response = submitRaw(payload);
        assertThat(response.statusCode()).as("POST /job on %s: %s", name, response.body()).isEqualTo(202);
        Matcher matcher = JOB_ID.matcher(response.body());
        assertThat(matcher.find()).as("job_id in %s", response.body()).isTrue();
        return Long.parseLong(matcher.group(1));
    }

    HttpResponse<String> submitRaw(String payload) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/job"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"payload\": \"" + payload + "\"}"))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(base.resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Returns the {@code status} field of the job's status, or the HTTP status code when it is not 200. */
    String statusOf(long id) throws IOException, InterruptedException {
        HttpResponse<String> response = get("/status/" + id);
        if (response.statusCode() != 200) {
            return "HTTP " + response.statusCode();
        }
        Matcher matcher = Pattern.compile("\"status\"\\s*:\\s*\"([a-z]+)\"").matcher(response.body());
        return matcher.find() ? matcher.group(1) : response.body();
    }

    /** Returns the value of a counter or gauge series at {@code /q/metrics}, such as {@code jobs_completed_total}. */
    double metric(String series) throws IOException, InterruptedException {
        return JobRequests.metricValue(get("/q/metrics").body(), series);
    }

    /** Sends SIGTERM and waits for the drain and the exit; returns the exit code. */
    int terminate() throws InterruptedException {
        process.destroy();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("%s exited after SIGTERM", name).isTrue();
        return process.exitValue();
    }

    /** Sends SIGKILL, as an OOM kill or a crash would end the process: no drain, no cleanup. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    String output() throws IOException {
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }

    /** Kills the process if it still runs and prints its output, for the test report. */
    void stopAndReport() throws IOException {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
        System.out.println("--- output of " + name + " ---\n" + output());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
