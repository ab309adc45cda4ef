package io.segmentflow.adapters.out.persistence;

import io.segmentflow.adapters.shared.DatabaseDialect;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Brings the schema to the newest version with the versioned migrations under {@code db/migration}. In Liberty,
 * Flyway finds a classpath location only by an empty {@code flyway.location} file in it: {@code db/migration} has
 * one, and so has {@code db/callback}, where Flyway always looks for callbacks (none yet) and would otherwise log
 * an error on every start. Migrations name the JSON column type {@code ${json_type}} ({@link DatabaseDialect#jsonColumnType});
 * PostgreSQL's own (its indexes on JSON) are under {@code db/postgresql}, with a marker of their own.
 */
@ApplicationScoped
public class SchemaMigrations {
    private static final Logger LOG = Logger.getLogger(SchemaMigrations.class.getName());

    @Resource(lookup = "jdbc/segmentflow")
    DataSource dataSource;

    public void migrate() {
        DatabaseDialect dialect = dialect();
        MigrateResult result = Flyway.configure(SchemaMigrations.class.getClassLoader())
                .dataSource(dataSource)
                .locations(dialect.migrationLocations().toArray(String[]::new))
                .placeholders(Map.of("json_type", dialect.jsonColumnType()))
                .load()
                .migrate();
        LOG.info(() -> "Schema at version " + result.targetSchemaVersion + " (" + result.migrationsExecuted
                + " migrations applied now)");
    }

    private DatabaseDialect dialect() {
        try (Connection connection = dataSource.getConnection()) {
            return DatabaseDialect.of(connection);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reach the database to migrate it", e);
        }
    }
}
