package io.jobserver.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * Replicas of the packaged server sharing one real PostgreSQL database: jobs survive a restart
 * and a kill -9, two replicas share the work without running a job twice, and a database outage
 * is answered with 503 until the database returns.
 */
class PostgresReplicasIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path tempDir;

    private final List<ServerProcess> servers = new ArrayList<>();
    private EmbeddedPostgres ownDatabase;

    @AfterEach
    void stopEverything() throws IOException {
        for (ServerProcess server : servers) {
            server.stopAndReport();
        }
        if (ownDatabase != null) {
            ownDatabase.close();
        }
    }

    @Test
    void acceptedJobsSurviveRestart() throws Exception {
        TestDatabases.Database database = TestDatabases.create();
        ServerProcess first = start("first", database, "jobs.workers", "1", "jobs.processing-time.min", "2s",
                "jobs.processing-time.max", "2s");
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(first.submit("job " + i));
        }

        // WHEN the server stops before most jobs ran
        assertThat(first.terminate()).isZero();

        // THEN nothing is left processing and the jobs that did not run wait as pending
        Map<String, Integer> counts = countByStatus(database);
        assertThat(counts).doesNotContainKey("processing");
        assertThat(counts.getOrDefault("pending", 0)).isGreaterThanOrEqualTo(3);
        assertThat(first.output()).contains("returned to pending for another replica");

        // AND a new server on the same database completes every one of them, each in one attempt
        ServerProcess second = start("second", database, "jobs.processing-time.min", "10ms", "jobs.processing-time.max", "10ms");
        for (long id : ids) {
            Awaitility.await("job " + id).atMost(WAIT).until(() -> second.statusOf(id).equals("completed"));
        }
        assertThat(query(database, "SELECT count(*) FROM jobs WHERE attempts <> 1")).isZero();
    }

    @Test
    void twoReplicasRunEveryJobExactlyOnce() throws Exception {
        TestDatabases.Database database = TestDatabases.create();
        String[] settings = {"jobs.workers", "4", "jobs.processing-time.min", "0ms", "jobs.processing-time.max", "5ms"};
        ServerProcess left = start("left", database, settings);
        ServerProcess right = start("right", database, settings);

        List<Long> ids = Collections.synchronizedList(new ArrayList<>());
        ExecutorService clients = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> submissions = new ArrayList<>();
            for (ServerProcess server : List.of(left, right)) {
                for (int client = 0; client < 4; client++) {
                    submissions.add(clients.submit(() -> {
                        for (int i = 0; i < 50; i++) {
                            ids.add(server.submit("job " + i));
                        }
                        return null;
                    }));
                }
            }
            for (Future<?> submission : submissions) {
                submission.get();
            }
        } finally {
            clients.shutdownNow();
        }
        assertThat(ids).hasSize(400).doesNotHaveDuplicates();

        Awaitility.await("all 400 jobs completed").atMost(WAIT)
                .until(() -> query(database, "SELECT count(*) FROM jobs WHERE status = 'completed'") == 400);
        for (long id : ids) {
            assertThat(left.statusOf(id)).as("job %d read on left", id).isEqualTo("completed");
            assertThat(right.statusOf(id)).as("job %d read on right", id).isEqualTo("completed");
        }
        assertThat(query(database, "SELECT count(*) FROM jobs")).isEqualTo(400);
        assertThat(query(database, "SELECT count(*) FROM jobs WHERE attempts <> 1")).isZero();
        double leftRuns = left.metric("jobs_completed_total");
        double rightRuns = right.metric("jobs_completed_total");
        assertThat(leftRuns + rightRuns).as("processor runs on both replicas").isEqualTo(400.0);
        assertThat(leftRuns).as("runs on left").isPositive();
        assertThat(rightRuns).as("runs on right").isPositive();
    }

    @Test
    void jobOfKilledReplicaRunsAgainAfterLease() throws Exception {
        TestDatabases.Database database = TestDatabases.create();
        ServerProcess doomed = start("doomed", database, "jobs.workers", "1", "jobs.lease.timeout", "2s",
                "jobs.processing-time.min", "5m", "jobs.processing-time.max", "5m");
        long id = doomed.submit("long job");
        Awaitility.await().atMost(WAIT).until(() -> doomed.statusOf(id).equals("processing"));

        doomed.kill();

        ServerProcess survivor = start("survivor", database, "jobs.lease.timeout", "2s",
                "jobs.processing-time.min", "10ms", "jobs.processing-time.max", "10ms");
        Awaitility.await().atMost(WAIT).until(() -> survivor.statusOf(id).equals("completed"));
        HttpResponse<String> status = survivor.get("/status/" + id);
        assertThat(status.body()).contains("\"attempts\":2");
        assertThat(survivor.output()).contains("Returned 1 jobs to pending because their replica's lease expired");
    }

    @Test
    void databaseOutageAnswers503AndLosesNoJob() throws Exception {
        assumeFalse(TestDatabases.isExternal(), "the test stops and starts the database, so it needs the embedded one");
        Path dataDirectory = tempDir.resolve("pgdata");
        ownDatabase = EmbeddedPostgres.builder().setDataDirectory(dataDirectory).setCleanDataDirectory(false).start();
        int port = ownDatabase.getPort();
        TestDatabases.Database database = new TestDatabases.Database(ownDatabase.getJdbcUrl("postgres", "postgres"), "postgres", "");
        ServerProcess server = start("server", database, "jobs.workers", "2",
                "jobs.processing-time.min", "300ms", "jobs.processing-time.max", "300ms");
        List<Long> accepted = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            accepted.add(server.submit("before outage " + i));
        }

        // WHEN the database stops
        ownDatabase.close();
        ownDatabase = null;

        // THEN readiness is DOWN, liveness is not, and both endpoints respond 503 with Retry-After
        Awaitility.await().atMost(WAIT).until(() -> server.get("/q/health/ready").statusCode() == 503);
        assertThat(server.get("/q/health/ready").body()).contains("job-store");
        assertThat(server.get("/q/health/live").statusCode()).isEqualTo(200);
        HttpResponse<String> rejected = server.submitRaw("during outage");
        assertThat(rejected.statusCode()).isEqualTo(503);
        assertThat(rejected.headers().firstValue("Retry-After")).isPresent();
        assertThat(rejected.body()).doesNotContain("Exception").doesNotContain("org.postgresql");
        HttpResponse<String> unreadable = server.get("/status/" + accepted.get(0));
        assertThat(unreadable.statusCode()).isEqualTo(503);
        assertThat(unreadable.headers().firstValue("Retry-After")).isPresent();

        // WHEN the database returns
        ownDatabase = EmbeddedPostgres.builder().setDataDirectory(dataDirectory).setCleanDataDirectory(false)
                .setPort(port).start();

        // THEN the server recovers by itself and every job accepted before the outage completes
        Awaitility.await().atMost(WAIT).until(() -> server.get("/q/health/ready").statusCode() == 200);
        for (long id : accepted) {
            Awaitility.await("job " + id).atMost(WAIT).until(() -> server.statusOf(id).equals("completed"));
        }
        long after = server.submit("after outage");
        Awaitility.await().atMost(WAIT).until(() -> server.statusOf(after).equals("completed"));
    }

    @Test
    void startWithoutDatabaseUrlFailsWithOneLine() throws Exception {
        ServerProcess server = ServerProcess.launch("no-url", tempDir, Map.of("jobs.store", "postgres"));
        servers.add(server);

        assertThat(server.awaitExit()).isEqualTo(1);
        assertThat(server.output())
                .contains("jobs.store=postgres needs a database: set quarkus.datasource.jdbc.url")
                .doesNotContain("\tat ");
    }

    @Test
    void startWithUnreachableDatabaseFailsWithOneLine() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        ServerProcess server = ServerProcess.launch("unreachable", tempDir, Map.of("jobs.store", "postgres",
                "quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:" + closedPort + "/jobs?password=secret"));
        servers.add(server);

        assertThat(server.awaitExit()).isEqualTo(1);
        assertThat(server.output())
                .contains("Could not create or upgrade the job store's schema at jdbc:postgresql://127.0.0.1:" + closedPort
                        + "/jobs: Connection refused")
                .doesNotContain("\tat ")
                .doesNotContain("secret");
    }

    private ServerProcess start(String name, TestDatabases.Database database, String... settings) throws IOException {
        Map<String, String> properties = new HashMap<>(database.serverProperties());
        for (int i = 0; i < settings.length; i += 2) {
            properties.put(settings[i], settings[i + 1]);
        }
        ServerProcess server = ServerProcess.start(name, tempDir, properties);
        servers.add(server);
        return server;
    }

    private static Map<String, Integer> countByStatus(TestDatabases.Database database) throws SQLException {
        Map<String, Integer> counts = new HashMap<>();
        try (Connection connection = database.connect(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT status, count(*) FROM jobs GROUP BY status")) {
            while (rows.next()) {
                counts.put(rows.getString(1), rows.getInt(2));
            }
        }
        return counts;
    }

    private static long query(TestDatabases.Database database, String sql) throws SQLException {
        try (Connection connection = database.connect(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
