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
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Typed;

import org.flywaydb.core.Flyway;
import org.jboss.logging.Logger;

import io.agroal.api.AgroalDataSource;
import io.jobserver.JobsConfig;
import io.jobserver.processing.Job;
import io.jobserver.store.JobRecord;
import io.jobserver.store.JobStatus;
import io.jobserver.store.JobStore;
import io.jobserver.store.StoreUnavailableException;

/**
 * Job store in PostgreSQL, shared by every replica that uses the same database.
 * <p>
 * A replica claims pending jobs with {@code FOR UPDATE SKIP LOCKED}, so no two replicas claim the
 * same job, and holds each claimed job under a lease that it renews. Every later write about a
 * claimed job names the replica and the attempt, so a replica whose lease expired and whose job
 * was claimed again cannot overwrite the newer attempt's outcome.
 * <p>
 * Each method runs one short transaction. A failure to reach the database marks the store
 * unavailable, which readiness reports, and raises {@link StoreUnavailableException}; the next
 * successful call marks it available again. The bean is created on first use, so the memory
 * mode never touches the datasource. Its only bean type is this class, so that injecting
 * {@link JobStore} gets the store that {@code jobs.store} selects.
 */
@ApplicationScoped
@Typed(PostgresJobStore.class)
public class PostgresJobStore implements JobStore {

    private static final Logger LOG = Logger.getLogger(PostgresJobStore.class);

    /** Maximum rows that one retention statement deletes, so that no statement keeps its locks for long. */
    static final int RETENTION_BATCH = 1000;

    private static final String INSERT = "INSERT INTO jobs (id, payload) VALUES (?, ?)";
    private static final String NEXT_IDS = "SELECT nextval('job_id_seq') FROM generate_series(1, ?)";
    private static final String CLAIM = """
            UPDATE jobs SET status = 'processing', claimed_by = ?, attempts = attempts + 1,
                   started_at = clock_timestamp(), lease_expires_at = clock_timestamp() + ?::interval
            WHERE id IN (SELECT id FROM jobs WHERE status = 'pending' ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED)
            RETURNING id, payload, created_at, attempts""";
    private static final String FINISH = """
            UPDATE jobs SET status = ?, error = ?, finished_at = clock_timestamp(), claimed_by = NULL, lease_expires_at = NULL
            WHERE id = ? AND claimed_by = ? AND attempts = ? AND status = 'processing'""";
    private static final String RELEASE = """
            UPDATE jobs SET status = 'pending', claimed_by = NULL, lease_expires_at = NULL, started_at = NULL,
                   attempts = attempts - ?
            WHERE id = ANY (?) AND claimed_by = ? AND status = 'processing'""";
    private static final String RENEW = """
            UPDATE jobs SET lease_expires_at = clock_timestamp() + ?::interval
            WHERE status = 'processing' AND claimed_by = ?""";
    private static final String REQUEUE_EXPIRED = """
            UPDATE jobs SET status = 'pending', claimed_by = NULL, lease_expires_at = NULL, started_at = NULL
            WHERE status = 'processing' AND lease_expires_at < clock_timestamp()
            RETURNING id""";
    private static final String FIND = """
            SELECT id, status, created_at, started_at, finished_at, error, attempts FROM jobs
            WHERE id = ? AND (finished_at IS NULL OR finished_at > clock_timestamp() - ?::interval)""";
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

    public PostgresJobStore(Instance<AgroalDataSource> dataSources, Instance<Flyway> flyways, JobsConfig config) {
        this.dataSources = dataSources;
        this.flyways = flyways;
        this.config = config;
    }

    /**
     * Creates or upgrades the schema with the Flyway migrations in {@code db/migration}.
     *
     * @throws IllegalStateException if no datasource URL is configured or the migration fails
     */
    public void migrate() {
        if (!dataSources.isResolvable() || !flyways.isResolvable()) {
            throw new IllegalStateException(
                    "jobs.store=postgres needs a database: set quarkus.datasource.jdbc.url (QUARKUS_DATASOURCE_JDBC_URL),"
                            + " quarkus.datasource.username and quarkus.datasource.password");
        }
        var result = flyways.get().migrate();
        LOG.infof("Job store schema is at version %s (%d migrations applied now); this replica is %s",
                result.targetSchemaVersion == null ? flyways.get().info().current().getVersion() : result.targetSchemaVersion,
                result.migrationsExecuted, replicaId);
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
     * Inserts one pending job per payload in a single transaction and returns their IDs in the
     * order of {@code payloads}. The jobs are committed when this method returns.
     */
    public List<Long> insert(List<String> payloads) {
        return inTransaction("insert jobs", connection -> {
            List<Long> ids = new ArrayList<>(payloads.size());
            try (PreparedStatement next = connection.prepareStatement(NEXT_IDS)) {
                next.setInt(1, payloads.size());
                try (ResultSet rows = next.executeQuery()) {
                    while (rows.next()) {
                        ids.add(rows.getLong(1));
                    }
                }
            }
            try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
                for (int i = 0; i < payloads.size(); i++) {
                    insert.setLong(1, ids.get(i));
                    insert.setBytes(2, payloads.get(i).getBytes(StandardCharsets.UTF_8));
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            return ids;
        });
    }

    /** Claims up to {@code max} of the oldest pending jobs for this replica, marking them processing. */
    public List<Job> claim(int max) {
        return inTransaction("claim jobs", connection -> {
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
     * Records that this replica's attempt at {@code job} completed. Returns false if the attempt no
     * longer holds the job, because its lease expired and the job returned to pending.
     */
    public boolean markCompleted(Job job) {
        return finish(job, JobStatus.COMPLETED, null);
    }

    /** Records that this replica's attempt at {@code job} failed; returns false as {@link #markCompleted} does. */
    public boolean markFailed(Job job, String error) {
        return finish(job, JobStatus.FAILED, error);
    }

    private boolean finish(Job job, JobStatus status, String error) {
        return inTransaction("record the outcome of job " + job.id(), connection -> {
            try (PreparedStatement finish = connection.prepareStatement(FINISH)) {
                finish.setString(1, status.wireName());
                finish.setString(2, error);
                finish.setLong(3, job.id());
                finish.setString(4, replicaId);
                finish.setInt(5, job.attempt());
                return finish.executeUpdate() == 1;
            }
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
        return inTransaction("release jobs", connection -> {
            try (PreparedStatement release = connection.prepareStatement(RELEASE)) {
                release.setInt(1, started ? 0 : 1);
                release.setArray(2, connection.createArrayOf("bigint", ids.toArray()));
                release.setString(3, replicaId);
                return release.executeUpdate();
            }
        });
    }

    /** Extends the lease of every job this replica holds by {@code jobs.lease.timeout}; returns how many. */
    public int renewLeases() {
        return inTransaction("renew leases", connection -> {
            try (PreparedStatement renew = connection.prepareStatement(RENEW)) {
                renew.setString(1, leaseInterval());
                renew.setString(2, replicaId);
                return renew.executeUpdate();
            }
        });
    }

    /** Returns jobs whose lease expired, because their replica died or lost the database, to pending. */
    public List<Long> requeueExpiredLeases() {
        return inTransaction("requeue jobs with expired leases", connection -> {
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
        return inTransaction("read job " + id, connection -> {
            try (PreparedStatement find = connection.prepareStatement(FIND)) {
                find.setLong(1, id);
                find.setString(2, intervalOf(config.retention().ttl()));
                try (ResultSet rows = find.executeQuery()) {
                    if (!rows.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new JobRecord(rows.getLong(1),
                            JobStatus.valueOf(rows.getString(2).toUpperCase(Locale.ROOT)),
                            instantOf(rows, 3), instantOf(rows, 4), instantOf(rows, 5), rows.getString(6), rows.getInt(7)));
                }
            }
        });
    }

    @Override
    public long lastIssuedId() {
        return inTransaction("read the last job ID", connection -> {
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
        return inTransaction("delete finished jobs", connection -> {
            try (PreparedStatement delete = connection.prepareStatement(sql)) {
                delete.setObject(1, bound);
                delete.setInt(2, RETENTION_BATCH);
                return delete.executeUpdate();
            }
        });
    }

    private <T> T inTransaction(String action, SqlWork<T> work) {
        try (Connection connection = dataSources.get().getConnection()) {
            connection.setAutoCommit(false);
            T result;
            try {
                result = work.run(connection);
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(connection);
                throw e;
            }
            markAvailable();
            return result;
        } catch (SQLException e) {
            markUnavailable(action, e);
            throw new StoreUnavailableException("The job store is unavailable: could not " + action + ".", e);
        }
    }

    private static void rollbackQuietly(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            // The connection is broken; the pool discards it, and the caller reports the first error.
            LOG.debugf("Rollback failed: %s", e.getMessage());
        }
    }

    private void markAvailable() {
        if (!available) {
            available = true;
            LOG.info("The job store's database is reachable again");
        }
    }

    private void markUnavailable(String action, SQLException e) {
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

    @FunctionalInterface
    private interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }
}
