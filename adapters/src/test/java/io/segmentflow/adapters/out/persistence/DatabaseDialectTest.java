package io.segmentflow.adapters.out.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.fail;

import io.segmentflow.adapters.shared.DatabaseDialect;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.h2.tools.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The failures each database really reports, read by {@link DatabaseDialect}: on whichever database the store tests
 * run (run them with {@code SEGMENTFLOW_TEST_DB=h2} too), a key inserted twice, at once or while the first insert is
 * not committed, is a key held by another; a connection the database ended is an outage; a bad statement is neither.
 */
@ExtendWith(TestDatabaseExtension.class)
class DatabaseDialectTest {
    private static final String INSERT =
            "INSERT INTO workspaces (id, name, created_at) VALUES ('ws_dialect', 'Acme', CURRENT_TIMESTAMP)";

    private final TestDatabase db;
    private final ExecutorService otherTransaction = Executors.newSingleThreadExecutor();

    DatabaseDialectTest(TestDatabase db) {
        this.db = db;
    }

    @AfterEach
    void stopOtherTransaction() {
        otherTransaction.shutdownNow();
    }

    @Test
    void the_dialect_is_told_by_the_connection_and_keeps_json_where_it_can_be_queried() throws SQLException {
        try (Connection connection = db.dataSource().getConnection()) {
            DatabaseDialect dialect = DatabaseDialect.of(connection);
            assertThat(dialect).isEqualTo(db.isPostgreSql() ? DatabaseDialect.POSTGRESQL : DatabaseDialect.H2);
            assertThat(dialect.jsonColumnType()).isEqualTo(db.isPostgreSql() ? "jsonb" : "VARCHAR");
            try (PreparedStatement select =
                    connection.prepareStatement("SELECT " + dialect.jsonParameter() + " IS NOT NULL")) {
                select.setString(1, "{\"plan\":\"pro\"}");
                try (var row = select.executeQuery()) {
                    assertThat(row.next()).isTrue();
                    assertThat(row.getBoolean(1)).isTrue();
                }
            }
        }
    }

    @Test
    void a_key_inserted_twice_is_held_by_another_and_no_outage() throws SQLException {
        try (Connection connection = db.dataSource().getConnection();
                Statement statement = connection.createStatement()) {
            statement.executeUpdate(INSERT);

            SQLException duplicate = catchThrowableOfType(SQLException.class, () -> statement.executeUpdate(INSERT));

            assertThat(DatabaseDialect.reportsKeyHeldByAnother(duplicate)).isTrue();
            assertThat(DatabaseDialect.reportsOutage(duplicate)).isFalse();
        }
    }

    @Test
    void a_key_another_transaction_inserted_and_has_not_committed_is_held_by_another() throws Exception {
        try (Connection first = db.dataSource().getConnection();
                Statement insert = first.createStatement()) {
            first.setAutoCommit(false);
            insert.executeUpdate(INSERT);

            // PostgreSQL makes the second insert wait for the first transaction, H2 may refuse it at once: either
            // way it fails, and says that the key is taken.
            Future<SQLException> second = otherTransaction.submit(() -> {
                try (Connection connection = db.dataSource().getConnection();
                        Statement statement = connection.createStatement()) {
                    statement.executeUpdate(INSERT);
                    return null;
                } catch (SQLException e) {
                    return e;
                }
            });
            Thread.sleep(300);
            first.commit();

            SQLException failure = second.get(30, TimeUnit.SECONDS);
            if (failure == null) {
                fail("the second insert of the key was taken");
            }
            assertThat(DatabaseDialect.reportsKeyHeldByAnother(failure))
                    .as("SQLState %s", failure.getSQLState())
                    .isTrue();
        }
    }

    @Test
    void a_statement_the_database_refuses_is_neither() throws SQLException {
        try (Connection connection = db.dataSource().getConnection();
                Statement statement = connection.createStatement()) {
            SQLException refused = catchThrowableOfType(
                    SQLException.class, () -> statement.executeQuery("SELECT no_such_column FROM workspaces"));

            assertThat(DatabaseDialect.reportsKeyHeldByAnother(refused)).isFalse();
            assertThat(DatabaseDialect.reportsOutage(refused)).isFalse();
        }
    }

    @Test
    void a_connection_the_database_ended_is_an_outage() throws SQLException {
        SQLException ended = db.isPostgreSql() ? terminatedByPostgreSql() : brokenByH2();

        assertThat(DatabaseDialect.reportsOutage(ended))
                .as("SQLState %s", ended.getSQLState())
                .isTrue();
        assertThat(DatabaseDialect.reportsKeyHeldByAnother(ended)).isFalse();
    }

    /** What a restart does to every connection: "terminating connection due to administrator command". */
    private SQLException terminatedByPostgreSql() throws SQLException {
        try (Connection victim = db.dataSource().getConnection();
                Connection admin = db.dataSource().getConnection();
                Statement statement = victim.createStatement()) {
            int pid;
            try (var row = statement.executeQuery("SELECT pg_backend_pid()")) {
                row.next();
                pid = row.getInt(1);
            }
            try (PreparedStatement terminate = admin.prepareStatement("SELECT pg_terminate_backend(?)")) {
                terminate.setInt(1, pid);
                terminate.execute();
            }
            SQLException terminated =
                    catchThrowableOfType(SQLException.class, () -> statement.executeQuery("SELECT 1"));
            assertThat(terminated.getSQLState()).isEqualTo("57P01");
            return terminated;
        }
    }

    /** The embedded database served over TCP, as a client sees it when that server stops. */
    private static SQLException brokenByH2() throws SQLException {
        Server server = Server.createTcpServer("-tcpPort", "0", "-ifNotExists").start();
        Connection connection = null;
        try {
            connection = DriverManager.getConnection(
                    "jdbc:h2:tcp://localhost:" + server.getPort() + "/mem:dialect_outage", "sa", "");
            Statement statement = connection.createStatement();
            server.stop();
            SQLException broken = catchThrowableOfType(SQLException.class, () -> statement.executeQuery("SELECT 1"));
            assertThat(broken.getSQLState()).isEqualTo("90067");
            return broken;
        } finally {
            server.stop();
            if (connection != null) {
                // Closing a broken connection may fail too; there is nothing left to close.
                Connection broken = connection;
                catchThrowable(broken::close);
            }
        }
    }
}
