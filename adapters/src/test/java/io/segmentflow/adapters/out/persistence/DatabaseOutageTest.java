package io.segmentflow.adapters.out.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.segmentflow.adapters.shared.DatabaseOutage;
import io.segmentflow.application.error.StoreUnavailableException;
import io.segmentflow.domain.workspace.Workspace;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Persistence;
import jakarta.transaction.RollbackException;
import jakarta.transaction.TransactionalException;
import java.io.IOException;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Which failures an unreachable database explains, on the exceptions the PostgreSQL driver and EclipseLink really
 * throw: a refused connection, a connection the server terminated (as a restart does) and one found closed after
 * it; and which they do not (a duplicate key, a bad statement).
 */
@ExtendWith(TestDatabaseExtension.class)
class DatabaseOutageTest {
    private static final Instant NOW = Instant.parse("2030-01-15T10:00:00Z");

    private final TestDatabase db;

    DatabaseOutageTest(TestDatabase db) {
        this.db = db;
    }

    @Test
    void a_database_that_refuses_connections_is_an_outage() throws IOException {
        Throwable refused = catchThrowable(() -> unreachable().getConnection().close());

        assertThat(refused).isInstanceOf(SQLException.class);
        assertThat(DatabaseOutage.explains(refused)).isTrue();
        assertThat(DatabaseOutage.translated(new IllegalStateException("wrapped", refused)))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageStartingWith("the database cannot be reached: ")
                .hasRootCauseInstanceOf(java.net.ConnectException.class);
    }

    @Test
    void eclipselink_failing_to_reach_the_database_is_an_outage() throws IOException {
        Logger eclipseLink = Logger.getLogger("org.eclipse.persistence");
        Level before = eclipseLink.getLevel();
        eclipseLink.setLevel(Level.OFF);
        EntityManagerFactory factory = Persistence.createEntityManagerFactory(
                "segmentflow-test",
                Map.of(
                        "jakarta.persistence.jdbc.driver", "org.postgresql.Driver",
                        "jakarta.persistence.jdbc.url", "jdbc:postgresql://127.0.0.1:" + freePort() + "/segmentflow",
                        "eclipselink.logging.level", "OFF"));
        try {
            Throwable failure = catchThrowable(() -> {
                EntityManager em = factory.createEntityManager();
                em.createNativeQuery("SELECT 1").getSingleResult();
            });

            assertThat(failure).isNotNull();
            assertThat(DatabaseOutage.explains(failure)).isTrue();
        } finally {
            factory.close();
            eclipseLink.setLevel(before);
        }
    }

    @Test
    void a_connection_the_server_terminated_and_then_found_closed_is_an_outage() throws SQLException {
        assumeTrue(db.isPostgreSql(), "only PostgreSQL terminates a backend on request");
        TestDatabase.Transaction tx = db.begin();
        try {
            EntityManager em = tx.entityManager();
            Number pid =
                    (Number) em.createNativeQuery("SELECT pg_backend_pid()").getSingleResult();
            // What a restart does to every connection of the pool: "terminating connection due to administrator
            // command".
            try (Connection admin = db.dataSource().getConnection();
                    PreparedStatement terminate = admin.prepareStatement("SELECT pg_terminate_backend(?)")) {
                terminate.setInt(1, pid.intValue());
                terminate.execute();
            }

            Throwable terminated =
                    catchThrowable(() -> em.createNativeQuery("SELECT 1").getSingleResult());
            Throwable closed =
                    catchThrowable(() -> em.createNativeQuery("SELECT 1").getSingleResult());

            assertThat(sqlState(terminated)).isEqualTo("57P01");
            assertThat(DatabaseOutage.explains(terminated)).isTrue();
            assertThat(closed).isNotNull();
            assertThat(DatabaseOutage.explains(closed)).isTrue();
        } finally {
            // The rollback on a dead connection fails too; nothing is left to roll back.
            catchThrowable(tx::close);
        }
    }

    @Test
    void an_outage_behind_a_rolled_back_transaction_is_found() throws IOException {
        Throwable refused = catchThrowable(() -> unreachable().getConnection().close());
        RollbackException rollback = new RollbackException("transaction rolled back");
        rollback.initCause(refused);

        assertThat(DatabaseOutage.explains(new TransactionalException("commit failed", rollback)))
                .isTrue();
    }

    @Test
    void a_duplicate_key_is_no_outage() {
        Workspace acme = Workspace.create("Acme", NOW);
        db.commit(tx -> tx.workspaces().add(acme));

        Throwable duplicate = catchThrowable(() -> db.commit(tx -> {
            tx.workspaces().add(acme);
            tx.entityManager().flush();
        }));

        assertThat(duplicate).isNotNull();
        assertThat(DatabaseOutage.explains(duplicate)).isFalse();
        RuntimeException failure = new IllegalStateException(duplicate);
        assertThat(DatabaseOutage.translated(failure)).isSameAs(failure);
    }

    @Test
    void a_statement_the_database_refuses_is_no_outage() {
        Throwable refused = catchThrowable(() -> db.inTransaction(tx -> tx.entityManager()
                .createNativeQuery("SELECT no_such_column FROM workspaces")
                .getResultList()));

        assertThat(refused).isNotNull();
        assertThat(DatabaseOutage.explains(refused)).isFalse();
    }

    @Test
    void a_failure_without_any_database_in_it_is_no_outage() {
        assertThat(DatabaseOutage.explains(new IllegalArgumentException("bad input")))
                .isFalse();
        assertThat(DatabaseOutage.explains(null)).isFalse();
    }

    /** A data source whose port nothing listens on. */
    private static PGSimpleDataSource unreachable() throws IOException {
        PGSimpleDataSource source = new PGSimpleDataSource();
        source.setUrl("jdbc:postgresql://127.0.0.1:" + freePort() + "/segmentflow");
        source.setConnectTimeout(2);
        return source;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String sqlState(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql) {
                return sql.getSQLState();
            }
        }
        return null;
    }
}
