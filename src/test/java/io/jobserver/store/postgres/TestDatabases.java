package io.jobserver.store.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * Gives each test a fresh, empty PostgreSQL database on a real server.
 * <p>
 * The server is the one at {@code JOBS_TEST_POSTGRES_URL} (a JDBC URL of a database that the user
 * {@code JOBS_TEST_POSTGRES_USER}, password {@code JOBS_TEST_POSTGRES_PASSWORD}, may create
 * databases from) when that environment variable or system property is set. Otherwise one embedded
 * server is started from Maven artifacts for the whole test JVM and stopped when it exits.
 */
public final class TestDatabases {

    public static final String URL_VARIABLE = "JOBS_TEST_POSTGRES_URL";

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgres embedded;

    private TestDatabases() {
    }

    /** Tells whether the tests use an external server, which they cannot stop and start. */
    public static boolean isExternal() {
        return setting(URL_VARIABLE).isPresent();
    }

    /** Creates an empty database and returns its connection settings. */
    public static synchronized Database create() {
        String name = "jobs_test_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        String adminUrl;
        String user;
        String password;
        if (isExternal()) {
            adminUrl = setting(URL_VARIABLE).orElseThrow();
            user = setting("JOBS_TEST_POSTGRES_USER").orElse("postgres");
            password = setting("JOBS_TEST_POSTGRES_PASSWORD").orElse("");
        } else {
            EmbeddedPostgres server = embedded();
            adminUrl = server.getJdbcUrl("postgres", "postgres");
            user = "postgres";
            password = "";
        }
        try (Connection connection = DriverManager.getConnection(adminUrl, user, password);
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create the test database " + name + " at " + adminUrl, e);
        }
        return new Database(replaceDatabase(adminUrl, name), user, password);
    }

    private static EmbeddedPostgres embedded() {
        if (embedded == null) {
            try {
                embedded = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException("Could not start the embedded PostgreSQL server", e);
            }
        }
        return embedded;
    }

    /** Replaces the database name in a URL of the form {@code jdbc:postgresql://host:port/name?options}. */
    static String replaceDatabase(String url, String database) {
        int hostStart = url.indexOf("//") + 2;
        int pathStart = url.indexOf('/', hostStart);
        int query = url.indexOf('?', hostStart);
        String prefix = pathStart < 0 || (query >= 0 && query < pathStart)
                ? url.substring(0, query < 0 ? url.length() : query)
                : url.substring(0, pathStart);
        String options = query < 0 ? "" : url.substring(query);
        return prefix + "/" + database + options;
    }

    private static Optional<String> setting(String name) {
        String value = System.getProperty(name, System.getenv(name));
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
    }

    /** Connection settings of one test database. */
    public record Database(String url, String user, String password) {

        /** Returns the Quarkus properties that point the server at this database in postgres mode. */
        public Map<String, String> serverProperties() {
            Map<String, String> properties = new LinkedHashMap<>();
            properties.put("jobs.store", "postgres");
            properties.put("quarkus.datasource.jdbc.url", url);
            properties.put("quarkus.datasource.username", user);
            if (!password.isEmpty()) {
                properties.put("quarkus.datasource.password", password);
            }
            return properties;
        }

        public Connection connect() throws SQLException {
            return DriverManager.getConnection(url, user, password);
        }
    }
}
