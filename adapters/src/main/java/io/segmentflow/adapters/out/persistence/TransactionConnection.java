package io.segmentflow.adapters.out.persistence;

import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collections;
import java.util.List;

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

    /** The IN-list sizes used: a few statement texts, so the server's statement cache keeps them all. */
    private static final int[] IN_LIST_SIZES = {1, 10, 100, MAX_IN_LIST};

    /** {@code prefix} followed by an IN list that holds {@code count} values, then {@code )}. */
    static String withInList(String prefix, int count) {
        return prefix + String.join(", ", Collections.nCopies(inListSize(count), "?")) + ")";
    }

    /**
     * Binds {@code values} to the IN list from parameter {@code first} on; the list is padded up to its size
     * by repeating the last value, which selects nothing more.
     */
    static void bindInList(PreparedStatement statement, int first, List<String> values) throws SQLException {
        int size = inListSize(values.size());
        for (int i = 0; i < size; i++) {
            statement.setString(first + i, values.get(Math.min(i, values.size() - 1)));
        }
    }

    private static int inListSize(int count) {
        for (int size : IN_LIST_SIZES) {
            if (count <= size) {
                return size;
            }
        }
        throw new IllegalArgumentException("an IN list holds at most " + MAX_IN_LIST + " values");
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
