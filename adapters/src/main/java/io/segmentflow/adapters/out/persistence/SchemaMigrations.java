package io.segmentflow.adapters.out.persistence;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Brings the schema to the newest version with the versioned migrations under {@code db/migration}. In Liberty,
 * Flyway finds a classpath location only by an empty {@code flyway.location} file in it: {@code db/migration} has
 * one, and so has {@code db/callback}, where Flyway always looks for callbacks (none yet) and would otherwise log
 * an error on every start.
 */
@ApplicationScoped
public class SchemaMigrations {
    private static final Logger LOG = Logger.getLogger(SchemaMigrations.class.getName());

    @Resource(lookup = "jdbc/segmentflow")
    DataSource dataSource;

    public void migrate() {
        MigrateResult result = Flyway.configure(SchemaMigrations.class.getClassLoader())
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .load()
                .migrate();
        LOG.info(() -> "Schema at version " + result.targetSchemaVersion + " (" + result.migrationsExecuted
                + " migrations applied now)");
    }
}
