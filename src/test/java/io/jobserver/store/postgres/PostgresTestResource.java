package io.jobserver.store.postgres;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** Points a {@code @QuarkusTest} at a fresh PostgreSQL database, with {@code jobs.store=postgres}. */
public class PostgresTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return TestDatabases.create().serverProperties();
    }

    @Override
    public void stop() {
        // The database belongs to the server that TestDatabases shares among tests; it is dropped with that server.
    }
}
