package io.jobserver.client.http;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Verticle;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.FileSystemOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Non-blocking client for the job-server API: one pool of keep-alive connections shared by every request
 * of a command, with a cap on open connections and on requests waiting for one.
 */
public final class JobServerClient implements AutoCloseable {

    private static final String JSON = "application/json";
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private final Vertx vertx;
    private final Context ownContext;
    private final HttpClient http;
    private final ServerAddress server;
    private final Settings settings;

    /**
     * Connection settings of a client.
     *
     * @param maxConnections the maximum number of open connections; it is also the maximum number of requests in flight
     * @param maxWaitingRequests the maximum number of requests waiting for a free connection before new ones fail
     * @param connectTimeout how long to wait for a TCP connection
     * @param requestTimeout how long to wait for a response once a request was sent
     * @param eventLoops number of event-loop threads that perform the I/O
     */
    public record Settings(int maxConnections, int maxWaitingRequests, Duration connectTimeout, Duration requestTimeout,
            int eventLoops) {

        /** Settings for commands that send a handful of requests at a time. */
        public static Settings interactive(Duration requestTimeout) {
            return new Settings(16, 10_000, Duration.ofSeconds(5), requestTimeout, 1);
        }
    }

    private JobServerClient(Vertx vertx, HttpClient http, ServerAddress server, Settings settings) {
        this.vertx = vertx;
        this.ownContext = vertx.getOrCreateContext();
        this.http = http;
        this.server = server;
        this.settings = settings;
    }

    /** Creates a client with its own event loops; {@link #close()} releases them. */
    public static JobServerClient create(ServerAddress server, Settings settings) {
        VertxOptions vertxOptions = new VertxOptions()
                .setEventLoopPoolSize(settings.eventLoops())
                .setWorkerPoolSize(1)
                // Opening thousands of connections at once can hold an event loop for seconds; Vert.x's default
                // 2 s warning about that is noise for a command-line user.
                .setMaxEventLoopExecuteTime(30)
                .setMaxEventLoopExecuteTimeUnit(TimeUnit.SECONDS)
                .setFileSystemOptions(new FileSystemOptions()
                        .setFileCachingEnabled(false)
                        .setClassPathResolvingEnabled(false));
        Vertx vertx = Vertx.vertx(vertxOptions);
        HttpClientOptions clientOptions = new HttpClientOptions()
                .setDefaultHost(server.host())
                .setDefaultPort(server.port())
                .setSsl(server.secure())
                .setKeepAlive(true)
                .setTcpNoDelay(true)
                .setConnectTimeout(Math.toIntExact(settings.connectTimeout().toMillis()));
        PoolOptions poolOptions = new PoolOptions()
                .setHttp1MaxSize(settings.maxConnections())
                .setMaxWaitQueueSize(settings.maxWaitingRequests());
        return new JobServerClient(vertx, vertx.createHttpClient(clientOptions, poolOptions), server, settings);
    }

    /** Returns the event loops this client runs on, for timers that schedule its requests. */
    public Vertx vertx() {
        return vertx;
    }

    /**
     * Creates {@code count} contexts spread round-robin over the event loops, for work that should run in parallel.
     * Vert.x gives every call to {@code getOrCreateContext} from one outside thread the same context, so separate
     * contexts come from deploying one small verticle per context.
     */
    public List<Context> newEventLoopContexts(int count) throws InterruptedException {
        List<Context> contexts = new CopyOnWriteArrayList<>();
        Supplier<Verticle> contextCapture = () -> new AbstractVerticle() {
            @Override
            public void start() {
                contexts.add(context);
            }
        };
        await(vertx.deployVerticle(contextCapture, new DeploymentOptions().setInstances(count)));
        return List.copyOf(contexts);
    }

    /** Returns the server this client sends to. */
    public ServerAddress server() {
        return server;
    }

    /** Returns the settings this client was created with. */
    public Settings settings() {
        return settings;
    }

    /**
     * Sends one request and reads the whole response. The future fails with {@link RequestFailedException}
     * when no response arrived; any HTTP status, error or not, completes it normally.
     */
    public Future<ServerResponse> send(HttpMethod method, String apiPath, Buffer body) {
        if (Vertx.currentContext() == null) {
            // Vert.x 4.5 sometimes drops the body of a response to a request sent from a thread outside Vert.x
            // (seen here: 4 empty bodies in 3000 requests), so such requests are sent from this client's own context.
            Promise<ServerResponse> response = Promise.promise();
            ownContext.runOnContext(ignored -> sendOnContext(method, apiPath, body).onComplete(response));
            return response.future();
        }
        return sendOnContext(method, apiPath, body);
    }

    /** Sends a request from a Vert.x context; the returned future completes on every path, exceptions included. */
    private Future<ServerResponse> sendOnContext(HttpMethod method, String apiPath, Buffer body) {
        String description = method.name() + " " + apiPath;
        try {
            return startRequest(method, apiPath, body)
                    .recover(failure -> Future.failedFuture(RequestFailedException.of(failure, description, server)));
        } catch (RuntimeException e) {
            // Vert.x throws some errors, such as a port out of range, instead of failing the future. Without this,
            // the caller would wait for a future that never completes.
            return Future.failedFuture(RequestFailedException.of(e, description, server));
        }
    }

    private Future<ServerResponse> startRequest(HttpMethod method, String apiPath, Buffer body) {
        RequestOptions options = new RequestOptions()
                .setMethod(method)
                .setURI(server.requestUri(apiPath))
                .setIdleTimeout(settings.requestTimeout().toMillis());
        if (body != null) {
            options.putHeader(HttpHeaders.CONTENT_TYPE, JSON);
        }
        options.putHeader(HttpHeaders.ACCEPT, JSON);
        return http.request(options)
                .compose(request -> body == null ? request.send() : request.send(body))
                .compose(response -> response.body().map(content -> new ServerResponse(
                        response.statusCode(),
                        response.getHeader(HttpHeaders.CONTENT_TYPE),
                        ServerResponse.parseRetryAfter(response.getHeader(HttpHeaders.RETRY_AFTER)),
                        content)));
    }

    /** Submits a job with {@code POST /job}. */
    public Future<SubmitOutcome> submit(String payload) {
        Buffer body = new JsonObject().put("payload", payload).toBuffer();
        return send(HttpMethod.POST, "/job", body)
                .map(this::toSubmitOutcome)
                .recover(failure -> Future.failedFuture(RequestFailedException.of(failure, "POST /job", server)));
    }

    /** Reads a job's status with {@code GET /status/{job_id}}. */
    public Future<StatusOutcome> status(long jobId) {
        String apiPath = "/status/" + jobId;
        return send(HttpMethod.GET, apiPath, null)
                .map(this::toStatusOutcome)
                .recover(failure -> Future.failedFuture(RequestFailedException.of(failure, "GET " + apiPath, server)));
    }

    /**
     * Blocks the calling thread until the future completes; never call it on an event loop.
     *
     * @throws RequestFailedException when no response arrived or the response broke the API contract
     */
    public <T> T await(Future<T> future) throws InterruptedException {
        try {
            return future.toCompletionStage().toCompletableFuture().get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Closes all connections and stops the event loops, waiting a few seconds at most. */
    @Override
    public void close() {
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            // The process exits right after a command, so a slow close loses nothing worth reporting.
        }
    }

    /**
     * Reads the outcome of a {@code POST /job} from its response.
     *
     * @throws UnexpectedResponseException when a success response carries no numeric job_id
     */
    public SubmitOutcome toSubmitOutcome(ServerResponse response) {
        if (response.statusCode() / 100 != 2) {
            return new SubmitOutcome.Rejected(Problem.from(response), response);
        }
        JsonObject json = parseJson(response, "POST /job");
        Object jobId = json.getValue("job_id");
        if (!(jobId instanceof Number number)) {
            throw invalid(response, "POST /job", "its JSON body has no numeric job_id");
        }
        return new SubmitOutcome.Accepted(number.longValue());
    }

    private StatusOutcome toStatusOutcome(ServerResponse response) {
        if (response.statusCode() == 404) {
            return new StatusOutcome.NotFound(Problem.from(response));
        }
        if (response.statusCode() != 200) {
            return new StatusOutcome.Failed(Problem.from(response), response);
        }
        String request = "GET /status";
        JsonObject json = parseJson(response, request);
        if (!(json.getValue("job_id") instanceof Number jobId)) {
            throw invalid(response, request, "its JSON body has no numeric job_id");
        }
        String wireStatus = json.getValue("status") instanceof String text ? text : "";
        JobStatus status = JobStatus.fromWireName(wireStatus)
                .orElseThrow(() -> invalid(response, request, "it reports the unknown status '" + wireStatus + "'"));
        return new StatusOutcome.Found(new JobStatusReport(
                jobId.longValue(),
                status,
                timestamp(json, "created_at"),
                timestamp(json, "started_at"),
                timestamp(json, "finished_at"),
                Optional.ofNullable(json.getValue("error") instanceof String error ? error : null)));
    }

    private JsonObject parseJson(ServerResponse response, String request) {
        try {
            return new JsonObject(response.body());
        } catch (DecodeException | ClassCastException e) {
            throw invalid(response, request, "its body is not a JSON object: '" + response.bodyExcerpt() + "'");
        }
    }

    private static Optional<Instant> timestamp(JsonObject json, String field) {
        if (!(json.getValue(field) instanceof String text)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(text));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private UnexpectedResponseException invalid(ServerResponse response, String request, String reason) {
        return new UnexpectedResponseException("invalid response from " + server + " to " + request + " (HTTP "
                + response.statusCode() + "): " + reason + "; check that --url points to job-server");
    }
}
