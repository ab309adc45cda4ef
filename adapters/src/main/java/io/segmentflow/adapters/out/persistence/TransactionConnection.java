package io.segmentflow.adapters.out.persistence;

import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collections;

/**
 * The JDBC connection EclipseLink holds for the current transaction, for the set-wise statements of the
 * accept path (JDBC batches, IN lists). Statements on it are part of the very transaction the JPA work of
 * the same request runs in; it belongs to EclipseLink, so it is never closed here.
 */
final class TransactionConnection {
    /** A bound on the parameters of one IN list, well under what either database allows. */
    static final int MAX_IN_LIST = 500;

    private TransactionConnection() {
    }

    static Connection of(EntityManager em) {
        Connection connection = em.unwrap(Connection.class);
        if (connection == null) {
            throw new IllegalStateException("set-wise statements need an active transaction");
        }
        return connection;
    }

    /** {@code ?, ?, ?} for an IN list of {@code count} values. */
    static String placeholders(int count) {
        return String.join(", ", Collections.nCopies(count, "?"));
    }

    static PreparedStatement prepare(EntityManager em, String sql) {
        try {
            return of(em).prepareStatement(sql);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    static PersistenceException failed(SQLException e) {
        return new PersistenceException(e.getMessage(), e);
    }
}
