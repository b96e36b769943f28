package io.jobserver.store.postgres;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Typed;

import org.eclipse.microprofile.config.ConfigProvider;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.jboss.logging.Logger;

import io.agroal.api.AgroalDataSource;
import io.jobserver.HumanDuration;
import io.jobserver.JobsConfig;
import io.jobserver.processing.Job;
import io.jobserver.store.JobRecord;
import io.jobserver.store.JobStatus;
import io.jobserver.store.JobStore;
import io.jobserver.store.StoreUnavailableException;
import io.quarkus.arc.InactiveBeanException;
import io.quarkus.runtime.configuration.ConfigurationException;

/**
 * Job store in PostgreSQL, shared by every replica that uses the same database.
 * <p>
 * A replica claims pending jobs with {@code FOR UPDATE SKIP LOCKED}, so no two replicas claim the
 * same job, and holds each claimed job under a lease that it renews. Every later write about a
 * claimed job names the replica and the attempt, so a replica whose lease expired and whose job
 * was claimed again cannot overwrite the newer attempt's outcome.
 * <p>
 * Each method runs at most one writing statement, in autocommit mode. A failure to reach the
 * database marks the store unavailable, which readiness reports, and raises
 * {@link StoreUnavailableException}; the next successful call marks it available again. The bean is created on first use, so the memory
 * mode never touches the datasource. Its only bean type is this class, so that injecting
 * {@link JobStore} gets the store that {@code jobs.store} selects.
 */
@ApplicationScoped
@Typed(PostgresJobStore.class)
public class PostgresJobStore implements JobStore {

    private static final Logger LOG = Logger.getLogger(PostgresJobStore.class);

    /** Maximum status reads waiting for a query. Beyond it, reads fail at once instead of queueing without bound. */
    static final int MAX_WAITING_READS = 10_000;
    /** While the database is unreachable, how often one call tries it; the other calls fail at once. */
    static final Duration PROBE_INTERVAL = Duration.ofSeconds(1);
    /** Maximum jobs that one status query reads. */
    static final int MAX_READ_BATCH = 500;
    /** Maximum rows that one retention statement deletes, so that no statement keeps its locks for long. */
    static final int RETENTION_BATCH = 1000;

    private static final String INSERT = "INSERT INTO jobs (id, payload) SELECT * FROM unnest(?::bigint[], ?::bytea[])";
    private static final String NEXT_IDS = "SELECT nextval('job_id_seq') FROM generate_series(1, ?)";
    private static final String CLAIM = """
            UPDATE jobs SET status = 'processing', claimed_by = ?, attempts = attempts + 1,
                   started_at = clock_timestamp(), lease_expires_at = clock_timestamp() + ?::interval
            WHERE id IN (SELECT id FROM jobs WHERE status = 'pending' ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED)
            RETURNING id, payload, created_at, attempts""";
    // Lease renewal and requeuing lock with SKIP LOCKED, so they never wait for an outcome batch or a
    // release and cannot deadlock with one. Outcomes and releases touch disjoint jobs.
    private static final String FINISH = """
            UPDATE jobs SET status = outcome.status, error = outcome.error, finished_at = clock_timestamp(),
                   claimed_by = NULL, lease_expires_at = NULL
            FROM unnest(?::bigint[], ?::integer[], ?::text[], ?::text[]) AS outcome (id, attempt, status, error)
            WHERE jobs.id = outcome.id AND jobs.attempts = outcome.attempt AND jobs.claimed_by = ?
                  AND jobs.status = 'processing'
            RETURNING jobs.id, jobs.attempts""";
    private static final String RELEASE = """
            UPDATE jobs SET status = 'pending', claimed_by = NULL, lease_expires_at = NULL, started_at = NULL,
                   attempts = attempts - ?
            WHERE id = ANY (?) AND claimed_by = ? AND status = 'processing'""";
    private static final String RENEW = """
            UPDATE jobs SET lease_expires_at = clock_timestamp() + ?::interval
            WHERE id IN (SELECT id FROM jobs WHERE id = ANY (?) AND claimed_by = ? AND status = 'processing'
                         FOR UPDATE SKIP LOCKED)""";
    private static final String REQUEUE_EXPIRED = """
            UPDATE jobs SET status = 'pending', claimed_by = NULL, lease_expires_at = NULL, started_at = NULL
            WHERE id IN (SELECT id FROM jobs WHERE status = 'processing' AND lease_expires_at < clock_timestamp()
                         FOR UPDATE SKIP LOCKED)
            RETURNING id""";
    private static final String FIND = """
            SELECT id, status, created_at, started_at, finished_at, error, attempts FROM jobs
            WHERE id = ANY (?) AND (finished_at IS NULL OR finished_at > clock_timestamp() - ?::interval)""";
    private static final String LAST_ISSUED_ID = "SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM job_id_seq";
    private static final String DELETE_EXPIRED = """
            DELETE FROM jobs WHERE id IN (
                SELECT id FROM jobs WHERE finished_at <= clock_timestamp() - ?::interval LIMIT ?)""";
    private static final String DELETE_BEYOND_MAX = """
            DELETE FROM jobs WHERE id IN (
                SELECT id FROM jobs WHERE finished_at IS NOT NULL ORDER BY finished_at DESC, id DESC OFFSET ? LIMIT ?)""";

    private final Instance<AgroalDataSource> dataSources;
    private final Instance<Flyway> flyways;
    private final JobsConfig config;
    private final String replicaId = newReplicaId();

    private volatile boolean available = true;
    /** While the store is unavailable: when the next call may try the database, in {@link System#nanoTime()} units. */
    private final AtomicLong nextProbeNanos = new AtomicLong();
    /** Whether a call is trying the database while the store is unavailable. */
    private final AtomicBoolean probing = new AtomicBoolean();
    private Batcher<Long, Optional<JobRecord>> reader;

    public PostgresJobStore(Instance<AgroalDataSource> dataSources, Instance<Flyway> flyways, JobsConfig config) {
        this.dataSources = dataSources;
        this.flyways = flyways;
        this.config = config;
    }

    @PostConstruct
    void startReader() {
        // Two readers: one collects a batch of status reads while the other waits for its query.
        reader = new Batcher<>("job-status-reader", 2, MAX_WAITING_READS, MAX_READ_BATCH, this::findAll, () -> { });
        reader.start();
    }

    @PreDestroy
    void stopReader() {
        reader.stop();
    }

    /**
     * Creates or upgrades the schema with the Flyway migrations in {@code db/migration}.
     *
     * @throws ConfigurationException if no datasource URL is configured, or the database cannot be
     *         reached or migrated; Quarkus then reports the message without a stack trace
     */
    public void migrate() {
        Flyway flyway;
        try {
            flyway = flyways.get();
        } catch (InactiveBeanException e) {
            throw new ConfigurationException("jobs.store=postgres needs a database: set quarkus.datasource.jdbc.url"
                    + " (QUARKUS_DATASOURCE_JDBC_URL), quarkus.datasource.username and quarkus.datasource.password");
        }
        MigrateResult result;
        try {
            result = flyway.migrate();
        } catch (FlywayException e) {
            throw new ConfigurationException("Could not create or upgrade the job store's schema at "
                    + datasourceAddress() + ": " + rootMessageOf(e)
                    + ". Check that the database is running and reachable, and the datasource URL, user and password.");
        }
        LOG.infof("Job store schema is at version %s (%d migrations applied now); this replica is %s",
                result.targetSchemaVersion == null ? flyway.info().current().getVersion() : result.targetSchemaVersion,
                result.migrationsExecuted, replicaId);
    }

    /** Returns the datasource URL without its query string, which may carry a password. */
    private static String datasourceAddress() {
        return ConfigProvider.getConfig().getOptionalValue("quarkus.datasource.jdbc.url", String.class)
                .map(url -> url.contains("?") ? url.substring(0, url.indexOf('?')) : url)
                .orElse("the configured datasource");
    }

    private static String rootMessageOf(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? "" : root.getMessage().strip();
        return message.isEmpty() ? "no reason given" : message;
    }

    /** Identity of this process in the {@code claimed_by} column: host name, process ID and a random suffix. */
    public String replicaId() {
        return replicaId;
    }

    public boolean isAvailable() {
        return available;
    }

    @Override
    public boolean isBlocking() {
        return true;
    }

    @Override
    public boolean isDurable() {
        return true;
    }

    /**
     * Inserts one pending job per payload with one statement and returns their IDs in the order
     * of {@code payloads}. The jobs are committed when this method returns.
     */
    public List<Long> insert(List<String> payloads) {
        return withConnection("insert jobs", connection -> {
            Long[] ids = new Long[payloads.size()];
            try (PreparedStatement next = connection.prepareStatement(NEXT_IDS)) {
                next.setInt(1, payloads.size());
                try (ResultSet rows = next.executeQuery()) {
                    for (int i = 0; rows.next(); i++) {
                        ids[i] = rows.getLong(1);
                    }
                }
            }
            byte[][] bytes = new byte[payloads.size()][];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = payloads.get(i).getBytes(StandardCharsets.UTF_8);
            }
            try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
                insert.setArray(1, connection.createArrayOf("bigint", ids));
                insert.setArray(2, connection.createArrayOf("bytea", bytes));
                insert.executeUpdate();
            }
            return List.of(ids);
        });
    }

    /** Claims up to {@code max} of the oldest pending jobs for this replica, marking them processing. */
    public List<Job> claim(int max) {
        return withConnection("claim jobs", connection -> {
            List<Job> jobs = new ArrayList<>(max);
            try (PreparedStatement claim = connection.prepareStatement(CLAIM)) {
                claim.setString(1, replicaId);
                claim.setString(2, leaseInterval());
                claim.setInt(3, max);
                try (ResultSet rows = claim.executeQuery()) {
                    while (rows.next()) {
                        jobs.add(new Job(rows.getLong(1), new String(rows.getBytes(2), StandardCharsets.UTF_8),
                                instantOf(rows, 3), rows.getInt(4)));
                    }
                }
            }
            // UPDATE ... RETURNING gives no order; workers should see the oldest jobs first.
            jobs.sort((a, b) -> Long.compare(a.id(), b.id()));
            return jobs;
        });
    }

    /**
     * Records the outcomes of this replica's attempts with one statement. Returns, for each
     * outcome in order, whether it was recorded: false if the attempt no longer held its job,
     * because the lease expired and the job returned to pending.
     */
    public List<Boolean> finish(List<JobOutcome> outcomes) {
        return withConnection("record the outcome of " + (outcomes.size() == 1 ? "job " + outcomes.get(0).job().id()
                : outcomes.size() + " jobs"), connection -> {
            int size = outcomes.size();
            Long[] ids = new Long[size];
            Integer[] attempts = new Integer[size];
            String[] statuses = new String[size];
            String[] errors = new String[size];
            for (int i = 0; i < size; i++) {
                JobOutcome outcome = outcomes.get(i);
                ids[i] = outcome.job().id();
                attempts[i] = outcome.job().attempt();
                statuses[i] = outcome.status().wireName();
                errors[i] = outcome.error();
            }
            Set<JobAttempt> recorded = new HashSet<>();
            try (PreparedStatement finish = connection.prepareStatement(FINISH)) {
                finish.setArray(1, connection.createArrayOf("bigint", ids));
                finish.setArray(2, connection.createArrayOf("integer", attempts));
                finish.setArray(3, connection.createArrayOf("text", statuses));
                finish.setArray(4, connection.createArrayOf("text", errors));
                finish.setString(5, replicaId);
                try (ResultSet rows = finish.executeQuery()) {
                    while (rows.next()) {
                        recorded.add(new JobAttempt(rows.getLong(1), rows.getInt(2)));
                    }
                }
            }
            return outcomes.stream()
                    .map(outcome -> recorded.contains(new JobAttempt(outcome.job().id(), outcome.job().attempt())))
                    .toList();
        });
    }

    /**
     * Returns jobs that this replica claimed but will not finish to pending, so that any replica
     * can run them. Jobs that never {@code started} do not count as an attempt. Returns the number
     * of jobs released.
     */
    public int release(List<Long> ids, boolean started) {
        if (ids.isEmpty()) {
            return 0;
        }
        return withConnection("release jobs", connection -> {
            try (PreparedStatement release = connection.prepareStatement(RELEASE)) {
                release.setInt(1, started ? 0 : 1);
                release.setArray(2, connection.createArrayOf("bigint", ids.toArray()));
                release.setString(3, replicaId);
                return release.executeUpdate();
            }
        });
    }

    /**
     * Extends by {@code jobs.lease.timeout} the leases of the jobs in {@code ids} that this replica
     * still holds; returns how many. A job that this replica claimed but no longer works on is left
     * out, so that its lease expires and it runs again.
     */
    public int renewLeases(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return 0;
        }
        return withConnection("renew leases", connection -> {
            try (PreparedStatement renew = connection.prepareStatement(RENEW)) {
                renew.setString(1, leaseInterval());
                renew.setArray(2, connection.createArrayOf("bigint", ids.toArray()));
                renew.setString(3, replicaId);
                return renew.executeUpdate();
            }
        });
    }

    /** Returns jobs whose lease expired, because their replica died or lost the database, to pending. */
    public List<Long> requeueExpiredLeases() {
        return withConnection("requeue jobs with expired leases", connection -> {
            List<Long> ids = new ArrayList<>();
            try (PreparedStatement requeue = connection.prepareStatement(REQUEUE_EXPIRED);
                    ResultSet rows = requeue.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getLong(1));
                }
            }
            return ids;
        });
    }

    @Override
    public Optional<JobRecord> find(long id) {
        return findAll(List.of(id)).get(0);
    }

    /**
     * Reads the job's status in the next batch of status reads, without blocking: reads that
     * arrive together share one query. The stage fails with {@link StoreUnavailableException} if
     * the database cannot be reached or too many reads are waiting already.
     */
    @Override
    public CompletionStage<Optional<JobRecord>> findAsync(long id) {
        return reader.offer(id).orElseGet(() -> CompletableFuture.failedFuture(new StoreUnavailableException(
                "The job store is overloaded: " + MAX_WAITING_READS + " status reads are waiting already.")));
    }

    /** Reads the status of each job in {@code ids} with one query; returns them in the order of {@code ids}. */
    List<Optional<JobRecord>> findAll(List<Long> ids) {
        Map<Long, JobRecord> found = withConnection(ids.size() == 1 ? "read job " + ids.get(0) : "read " + ids.size() + " jobs",
                connection -> {
                    Map<Long, JobRecord> records = new HashMap<>();
                    try (PreparedStatement find = connection.prepareStatement(FIND)) {
                        find.setArray(1, connection.createArrayOf("bigint", ids.toArray()));
                        find.setString(2, intervalOf(config.retention().ttl()));
                        try (ResultSet rows = find.executeQuery()) {
                            while (rows.next()) {
                                records.put(rows.getLong(1), new JobRecord(rows.getLong(1),
                                        JobStatus.valueOf(rows.getString(2).toUpperCase(Locale.ROOT)),
                                        instantOf(rows, 3), instantOf(rows, 4), instantOf(rows, 5), rows.getString(6),
                                        rows.getInt(7)));
                            }
                        }
                    }
                    return records;
                });
        return ids.stream().map(id -> Optional.ofNullable(found.get(id))).toList();
    }

    @Override
    public long lastIssuedId() {
        return withConnection("read the last job ID", connection -> {
            try (PreparedStatement last = connection.prepareStatement(LAST_ISSUED_ID);
                    ResultSet rows = last.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        });
    }

    /**
     * Deletes finished jobs older than {@code jobs.retention.ttl}, then the oldest finished jobs
     * beyond {@code jobs.retention.max-finished}, in batches of {@value #RETENTION_BATCH} rows, one
     * transaction each. Returns the number of jobs deleted.
     */
    public int deleteExpired() {
        int deleted = 0;
        int batch;
        do {
            batch = deleteBatch(DELETE_EXPIRED, intervalOf(config.retention().ttl()));
            deleted += batch;
        } while (batch == RETENTION_BATCH);
        do {
            batch = deleteBatch(DELETE_BEYOND_MAX, config.retention().maxFinished());
            deleted += batch;
        } while (batch == RETENTION_BATCH);
        if (deleted > 0) {
            LOG.debugf("Deleted %d finished jobs", deleted);
        }
        return deleted;
    }

    private int deleteBatch(String sql, Object bound) {
        return withConnection("delete finished jobs", connection -> {
            try (PreparedStatement delete = connection.prepareStatement(sql)) {
                delete.setObject(1, bound);
                delete.setInt(2, RETENTION_BATCH);
                return delete.executeUpdate();
            }
        });
    }

    /**
     * Runs {@code work} on a pooled connection in autocommit mode: every method here needs at most
     * one writing statement, so each statement is its own transaction and no separate commit is
     * sent.
     */
    private <T> T withConnection(String action, SqlWork<T> work) {
        boolean probe = false;
        if (!available) {
            probe = takeProbeTurn();
            if (!probe) {
                throw new StoreUnavailableException("The job store is unavailable: did not try to " + action
                        + ", since the database was unreachable less than " + HumanDuration.format(PROBE_INTERVAL) + " ago.");
            }
        }
        try {
            T result;
            try (Connection connection = dataSources.get().getConnection()) {
                if (!connection.getAutoCommit()) {
                    connection.setAutoCommit(true);
                }
                result = work.run(connection);
            } catch (SQLException e) {
                markUnavailable(action, e);
                throw new StoreUnavailableException("The job store is unavailable: could not " + action + ".", e);
            }
            markAvailable();
            return result;
        } finally {
            if (probe) {
                probing.set(false);
            }
        }
    }

    private void markAvailable() {
        if (!available) {
            available = true;
            LOG.info("The job store's database is reachable again");
        }
    }

    /**
     * Tells whether this call may try the database while the store is unavailable: one call at a
     * time, at most once per {@link #PROBE_INTERVAL}, does, so that other calls fail at once instead of each waiting for a
     * connection attempt, and the first probe that succeeds ends the outage.
     */
    private boolean takeProbeTurn() {
        long now = System.nanoTime();
        if (now - nextProbeNanos.get() < 0 || !probing.compareAndSet(false, true)) {
            return false;
        }
        nextProbeNanos.set(now + PROBE_INTERVAL.toNanos());
        return true;
    }

    private void markUnavailable(String action, SQLException e) {
        nextProbeNanos.set(System.nanoTime() + PROBE_INTERVAL.toNanos());
        if (available) {
            available = false;
            LOG.warnf("The job store's database is unavailable (could not %s: %s); POST /job and GET /status answer 503"
                    + " and readiness is DOWN until it returns", action, e.getMessage());
        } else {
            LOG.debugf("Job store still unavailable (could not %s: %s)", action, e.getMessage());
        }
    }

    private String leaseInterval() {
        return intervalOf(config.lease().timeout());
    }

    private static String intervalOf(Duration duration) {
        return duration.toMillis() + " milliseconds";
    }

    private static Instant instantOf(ResultSet rows, int column) throws SQLException {
        OffsetDateTime value = rows.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static String newReplicaId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "unknown-host";
        }
        return host + "-" + ProcessHandle.current().pid() + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000));
    }

    private record JobAttempt(long id, int attempt) {
    }

    @FunctionalInterface
    private interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }
}
