package io.jobserver.store.postgres;

import static io.jobserver.JobRequests.metricValue;
import static io.jobserver.JobRequests.scrapeMetrics;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.jobserver.processing.Job;
import io.jobserver.store.JobRecord;
import io.jobserver.store.JobStatus;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;

/**
 * The PostgreSQL store inside one server, against a real database: jobs are committed and run
 * once, statuses come from the database, expired leases are taken over, and retention deletes.
 */
@QuarkusTest
@TestProfile(PostgresStoreTest.Profile.class)
class PostgresStoreTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Set<Class<?>> getEnabledAlternatives() {
            return Set.of(RecordingJobProcessor.class);
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("jobs.workers", "4", "jobs.lease.timeout", "2s");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(PostgresTestResource.class));
        }
    }

    @Inject
    RecordingJobProcessor processor;

    @Inject
    PostgresJobStore store;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String url;

    @ConfigProperty(name = "quarkus.datasource.username")
    String user;

    @ConfigProperty(name = "quarkus.datasource.password")
    Optional<String> password;

    private static long submit(String payloadJson) {
        return given().contentType(ContentType.JSON).body("{\"payload\": " + payloadJson + "}")
                .when().post("/job")
                .then().statusCode(202)
                .extract().jsonPath().getLong("job_id");
    }

    private static String statusOf(long id) {
        return given().when().get("/status/" + id).then().statusCode(200).extract().jsonPath().getString("status");
    }

    @Test
    void acceptedJobIsCommittedAndRunsOnce() throws SQLException {
        long id = submit("\"durable\"");

        assertThat(statusInDatabase(id)).isIn("pending", "processing", "completed");
        Awaitility.await().atMost(WAIT).until(() -> statusOf(id).equals("completed"));
        given().when().get("/status/" + id)
                .then().statusCode(200)
                .body("attempts", equalTo(1))
                .body("started_at", org.hamcrest.Matchers.notNullValue())
                .body("finished_at", org.hamcrest.Matchers.notNullValue());
        assertThat(processor.runsOf(id)).hasSize(1);
    }

    @Test
    void payloadReachesProcessorUnchanged() {
        // NUL is valid in JSON but not in PostgreSQL text, which is why payloads are stored as bytes.
        long id = submit("\"nul \\u0000, accents éü, emoji \\ud83d\\ude00\"");

        Awaitility.await().atMost(WAIT).until(() -> !processor.runsOf(id).isEmpty());
        assertThat(processor.runsOf(id).get(0).payload()).isEqualTo("nul \u0000, accents éü, emoji \ud83d\ude00");
        assertThat(processor.runsOf(id).get(0).attempt()).isEqualTo(1);
    }

    @Test
    void idsIncreaseFromOneSequence() {
        long first = submit("\"a\"");
        long second = submit("\"b\"");

        assertThat(first).isPositive();
        assertThat(second).isGreaterThan(first);
    }

    @Test
    void unknownJobAnswers404() {
        given().when().get("/status/9000000000")
                .then().statusCode(404)
                .body("detail", equalTo("Job 9000000000 does not exist: no job with this ID was submitted."));
    }

    @Test
    void readinessReportsPostgresStoreUp() {
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("checks.find { it.name == 'job-store' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'job-store' }.data.store", equalTo("postgres"));
    }

    @Test
    void expiredLeaseOfDeadReplicaIsTakenOver() throws SQLException {
        // GIVEN a job that a replica which no longer exists claimed, whose lease has expired
        long id = insertProcessingJob("orphan", "dead-replica", "-1 second");

        // THEN this replica returns it to pending, runs it again and records the second attempt
        Awaitility.await().atMost(WAIT).until(() -> statusOf(id).equals("completed"));
        List<Job> runs = processor.runsOf(id);
        assertThat(runs).hasSize(1);
        assertThat(runs.get(0).attempt()).isEqualTo(2);
        given().when().get("/status/" + id).then().body("attempts", equalTo(2));
    }

    @Test
    void staleAttemptCannotOverwriteNewerOne() throws SQLException {
        long id = submit("\"fenced\"");
        Awaitility.await().atMost(WAIT).until(() -> statusOf(id).equals("completed"));

        Job staleAttempt = new Job(id, "fenced", Instant.now(), 0);

        List<Boolean> recorded = store.finish(List.of(new JobOutcome(staleAttempt, JobStatus.FAILED, "late outcome")));

        assertThat(recorded).containsExactly(false);
        assertThat(statusInDatabase(id)).isEqualTo("completed");
    }

    @Test
    void finishBatchSkipsStaleAttempts() throws SQLException {
        // GIVEN a job claimed by this replica as attempt 1, and a job that already completed
        long claimed = insertProcessingJob("claimed", store.replicaId(), "1 hour");
        long finished = submit("\"finished\"");
        Awaitility.await().atMost(WAIT).until(() -> statusOf(finished).equals("completed"));

        // WHEN both outcomes are written in one batch, the second by an attempt that lost its job
        // and a third by an earlier attempt at the first job
        List<Boolean> recorded = store.finish(List.of(
                new JobOutcome(new Job(claimed, "claimed", Instant.now(), 1), JobStatus.FAILED, "disk full"),
                new JobOutcome(new Job(finished, "finished", Instant.now(), 0), JobStatus.FAILED, "late outcome"),
                new JobOutcome(new Job(claimed, "claimed", Instant.now(), 0), JobStatus.COMPLETED, null)));

        // THEN only the current attempt's outcome is recorded, with its error
        assertThat(recorded).containsExactly(true, false, false);
        given().when().get("/status/" + claimed)
                .then().statusCode(200)
                .body("status", equalTo("failed"))
                .body("error", equalTo("disk full"));
        assertThat(statusInDatabase(finished)).isEqualTo("completed");
    }

    @Test
    void findAsyncBatchReturnsEachJob() throws Exception {
        List<Long> submitted = IntStream.range(0, 50).mapToObj(i -> submit("\"read " + i + "\"")).toList();
        // Newest first, with one ID twice, so that neither the database's order nor uniqueness is assumed
        List<Long> ids = new ArrayList<>(submitted);
        Collections.reverse(ids);
        ids.add(submitted.get(7));
        long unknown = Long.MAX_VALUE;

        // Issued without waiting, so that they share batches
        List<CompletableFuture<Optional<JobRecord>>> reads = Stream.concat(ids.stream(), Stream.of(unknown))
                .map(id -> store.findAsync(id).toCompletableFuture())
                .toList();

        for (int i = 0; i < ids.size(); i++) {
            assertThat(reads.get(i).get(15, TimeUnit.SECONDS)).map(JobRecord::id).contains(ids.get(i));
        }
        assertThat(reads.get(ids.size()).get(15, TimeUnit.SECONDS)).isEmpty();
    }

    @Test
    void jobOfDisconnectedClientIsCounted() throws Exception {
        double submittedBefore = metricValue(scrapeMetrics(), "jobs_submitted_total");
        long jobsBefore = countJobs();
        try (Connection locker = connect(); Statement statement = locker.createStatement()) {
            // GIVEN inserts that wait for a table lock
            locker.setAutoCommit(false);
            statement.execute("LOCK TABLE jobs IN EXCLUSIVE MODE");

            // WHEN a client sends a job and closes its connection while the insert waits
            try (Socket client = new Socket("127.0.0.1", RestAssured.port)) {
                String body = "{\"payload\": \"abandoned by its client\"}";
                client.getOutputStream().write(("POST /job HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                        + "Content-Length: " + body.length() + "\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII));
                client.getOutputStream().flush();
                Awaitility.await().atMost(WAIT).until(() -> insertsWaitingForLock(statement) > 0);
            }
            locker.commit();
        }

        // THEN the job is committed anyway, and counted as submitted
        Awaitility.await().atMost(WAIT).until(() -> countJobs() == jobsBefore + 1);
        Awaitility.await().atMost(WAIT).untilAsserted(() ->
                assertThat(metricValue(scrapeMetrics(), "jobs_submitted_total")).isEqualTo(submittedBefore + 1));
    }

    /**
     * Inserts a job that {@code replica} claimed as attempt 1, with a lease that ends
     * {@code leaseLeft} from now (negative if it has expired), and returns its ID.
     */
    private long insertProcessingJob(String payload, String replica, String leaseLeft) throws SQLException {
        try (Connection connection = connect();
                PreparedStatement insert = connection.prepareStatement("INSERT INTO jobs"
                        + " (id, payload, status, attempts, claimed_by, started_at, lease_expires_at)"
                        + " VALUES (nextval('job_id_seq'), ?, 'processing', 1, ?, now(), now() + ?::interval) RETURNING id")) {
            insert.setBytes(1, payload.getBytes(StandardCharsets.UTF_8));
            insert.setString(2, replica);
            insert.setString(3, leaseLeft);
            try (ResultSet rows = insert.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private static long insertsWaitingForLock(Statement statement) throws SQLException {
        try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM pg_stat_activity"
                + " WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE 'INSERT INTO jobs%'")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private long countJobs() throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT count(*) FROM jobs")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    @Test
    void outcomeOfTakenOverJobIsNotCounted() throws Exception {
        // GIVEN a job that runs here, then is taken over by another replica, as after an expired lease
        CountDownLatch release = processor.pause("taken over");
        long id;
        double completedBefore;
        double failedBefore;
        try {
            id = submit("\"taken over\"");
            Awaitility.await().atMost(WAIT).until(() -> !processor.runsOf(id).isEmpty());
            String metrics = scrapeMetrics();
            completedBefore = metricValue(metrics, "jobs_completed_total");
            failedBefore = metricValue(metrics, "jobs_failed_total{cause=\"error\"}");
            try (Connection connection = connect();
                    PreparedStatement takeOver = connection.prepareStatement(
                            "UPDATE jobs SET claimed_by = 'other-replica', attempts = attempts + 1,"
                                    + " lease_expires_at = now() + interval '1 hour' WHERE id = ?")) {
                takeOver.setLong(1, id);
                assertThat(takeOver.executeUpdate()).isEqualTo(1);
            }
        } finally {
            // WHEN this replica's attempt finishes
            release.countDown();
        }

        // THEN its outcome is neither recorded nor counted
        Awaitility.await().atMost(WAIT).until(() -> metricValue(scrapeMetrics(), "jobs_workers_busy") == 0);
        String metrics = scrapeMetrics();
        assertThat(metricValue(metrics, "jobs_completed_total")).isEqualTo(completedBefore);
        assertThat(metricValue(metrics, "jobs_failed_total{cause=\"error\"}")).isEqualTo(failedBefore);
        assertThat(statusInDatabase(id)).isEqualTo("processing");
    }

    @Test
    void claimedJobThatNoWorkerHoldsRunsAgain() throws SQLException {
        // GIVEN a job claimed in this replica's name that no worker here runs, as after a failed outcome write
        long id = insertProcessingJob("left behind", store.replicaId(), "1 second");

        // THEN its lease is not renewed: it expires, and the job runs again as attempt 2
        Awaitility.await().atMost(WAIT).until(() -> statusOf(id).equals("completed"));
        assertThat(processor.runsOf(id)).extracting(Job::attempt).containsExactly(2);
    }

    @Test
    void errorWithNulCharacterIsStored() {
        long id = submit("\"" + RecordingJobProcessor.FAIL_PREFIX + "bad\\u0000byte\"");

        Awaitility.await().atMost(WAIT).until(() -> statusOf(id).equals("failed"));
        given().when().get("/status/" + id).then().body("error", equalTo("bad\uFFFDbyte"));
    }

    @Test
    void retentionDeletesFinishedJobsPastTtl() throws SQLException {
        long old = submit("\"old\"");
        long recent = submit("\"recent\"");
        Awaitility.await().atMost(WAIT).until(() -> statusOf(old).equals("completed") && statusOf(recent).equals("completed"));
        try (Connection connection = connect();
                PreparedStatement age = connection.prepareStatement("UPDATE jobs SET finished_at = now() - interval '2 hours' WHERE id = ?")) {
            age.setLong(1, old);
            age.executeUpdate();
        }

        assertThat(store.deleteExpired()).isGreaterThanOrEqualTo(1);

        assertThat(statusInDatabase(old)).isNull();
        assertThat(statusInDatabase(recent)).isEqualTo("completed");
        given().when().get("/status/" + old)
                .then().statusCode(404)
                .body("detail", containsString("it finished and its record expired"));
    }

    private Connection connect() throws SQLException {
        return java.sql.DriverManager.getConnection(url, user, password.orElse(""));
    }

    private String statusInDatabase(long id) throws SQLException {
        try (Connection connection = connect();
                PreparedStatement select = connection.prepareStatement("SELECT status FROM jobs WHERE id = ?")) {
            select.setLong(1, id);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        }
    }
}
