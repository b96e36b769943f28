package io.jobserver.client.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An in-process HTTP server that plays job-server's API with responses chosen by each test. By default it
 * accepts every job and reports every job as completed.
 */
public final class StubJobServer implements AutoCloseable {

    private static final Pattern STATUS_PATH = Pattern.compile("/status/(.+)");

    static {
        // Without TCP_NODELAY the JDK server's separate header and body writes meet delayed ACKs, about 40 ms a response.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(8);
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private final AtomicLong nextJobId = new AtomicLong(1);
    private volatile Function<String, StubResponse> submitHandler = body -> StubResponse.accepted(nextJobId.getAndIncrement());
    private volatile Function<Long, StubResponse> statusHandler = id -> StubResponse.status(id, "completed");

    /**
     * One request the stub received.
     *
     * @param method the HTTP method
     * @param path the request path
     * @param contentType the Content-Type header, or null
     * @param body the request body as text
     * @param receivedAtNanos when the stub received it, from {@link System#nanoTime()}
     */
    public record RecordedRequest(String method, String path, String contentType, String body, long receivedAtNanos) {
    }

    private StubJobServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** Starts a stub on a free loopback port. */
    public static StubJobServer start() throws IOException {
        return new StubJobServer();
    }

    /** Returns a loopback URL on which nothing listens, so that connecting is refused. */
    public static String refusingUrl() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return "http://127.0.0.1:" + socket.getLocalPort();
        }
    }

    /** Returns the stub's base URL. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Sets the response to {@code POST /job}; the handler receives the request body. */
    public StubJobServer onSubmit(Function<String, StubResponse> handler) {
        this.submitHandler = handler;
        return this;
    }

    /** Sets the response to {@code GET /status/{id}}; the handler receives the ID. */
    public StubJobServer onStatus(Function<Long, StubResponse> handler) {
        this.statusHandler = handler;
        return this;
    }

    /** Returns the next job ID the default submit handler assigns, and advances it. */
    public long nextJobId() {
        return nextJobId.getAndIncrement();
    }

    /** Returns every request received so far, in arrival order. */
    public List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    /** Returns the requests received for one method and path prefix. */
    public List<RecordedRequest> requests(String method, String pathPrefix) {
        return requests.stream()
                .filter(request -> request.method().equals(method) && request.path().startsWith(pathPrefix))
                .toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        requests.add(new RecordedRequest(method, path, exchange.getRequestHeaders().getFirst("Content-Type"), body,
                System.nanoTime()));
        StubResponse response = route(method, path, body);
        byte[] bytes = response.body().getBytes(StandardCharsets.UTF_8);
        if (response.contentType() != null) {
            exchange.getResponseHeaders().set("Content-Type", response.contentType());
        }
        response.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        exchange.sendResponseHeaders(response.status(), bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private StubResponse route(String method, String path, String body) {
        if (method.equals("POST") && path.equals("/job")) {
            return submitHandler.apply(body);
        }
        Matcher status = STATUS_PATH.matcher(path);
        if (method.equals("GET") && status.matches()) {
            try {
                return statusHandler.apply(Long.parseLong(status.group(1)));
            } catch (NumberFormatException e) {
                return StubResponse.problem(400, "Bad Request", "invalid job id");
            }
        }
        return StubResponse.problem(404, "Not Found", "no route for " + method + " " + path);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    /**
     * One scripted response.
     *
     * @param status the HTTP status code
     * @param contentType the Content-Type header, or null for none
     * @param body the response body
     * @param headers further response headers
     */
    public record StubResponse(int status, String contentType, String body, Map<String, String> headers) {

        /** Returns a {@code 202 Accepted} with the job's ID and Location, as job-server sends it. */
        public static StubResponse accepted(long jobId) {
            return new StubResponse(202, "application/json", "{\"job_id\":" + jobId + "}",
                    Map.of("Location", "/status/" + jobId));
        }

        /** Returns a {@code 200} status body with timestamps that fit the status. */
        public static StubResponse status(long jobId, String status) {
            StringBuilder json = new StringBuilder("{\"job_id\":").append(jobId)
                    .append(",\"status\":\"").append(status).append('"')
                    .append(",\"created_at\":\"2025-01-01T10:00:00Z\"");
            if (!status.equals("pending")) {
                json.append(",\"started_at\":\"2025-01-01T10:00:01Z\"");
            }
            if (status.equals("completed") || status.equals("failed")) {
                json.append(",\"finished_at\":\"2025-01-01T10:00:03.500Z\"");
            }
            if (status.equals("failed")) {
                json.append(",\"error\":\"payload rejected by processor\"");
            }
            return new StubResponse(200, "application/json", json.append('}').toString(), Map.of());
        }

        /** Returns an RFC 9457 problem detail. */
        public static StubResponse problem(int status, String title, String detail) {
            String json = "{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status
                    + ",\"detail\":\"" + detail + "\"}";
            return new StubResponse(status, "application/problem+json", json, Map.of());
        }

        /** Returns a {@code 503} problem detail with a Retry-After header in seconds. */
        public static StubResponse unavailable(long retryAfterSeconds) {
            StubResponse problem = problem(503, "Service Unavailable", "the job queue is full");
            return new StubResponse(503, problem.contentType(), problem.body(),
                    Map.of("Retry-After", String.valueOf(retryAfterSeconds)));
        }

        /** Returns a response whose body is HTML, as from a web server that is not job-server. */
        public static StubResponse notJson(int status) {
            return new StubResponse(status, "text/html", "<html><body>It works!</body></html>", Map.of());
        }
    }
}
