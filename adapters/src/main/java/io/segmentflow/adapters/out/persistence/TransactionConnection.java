package io.segmentflow.adapters.out.persistence;

import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The JDBC connection EclipseLink holds for the current transaction, for the tables written with JDBC batches (see
 * {@link RowBinder}) and the set-wise reads (IN lists). Statements on it are part of the very transaction the JPA
 * work of the same request runs in; it belongs to EclipseLink, so it is never closed here.
 */
final class TransactionConnection {
    /** A bound on the parameters of one IN list, well under what either database allows. */
    static final int MAX_IN_LIST = 500;

    private TransactionConnection() {}

    static Connection of(EntityManager em) {
        Connection connection = em.unwrap(Connection.class);
        if (connection == null) {
            throw new IllegalStateException("set-wise statements need an active transaction");
        }
        return connection;
    }

    /** Binds a statement's parameters. */
    interface Parameters {
        void bind(PreparedStatement statement) throws SQLException;
    }

    /** Binds the parameters of one row of a batch. */
    interface BatchRow<T> {
        void bind(PreparedStatement statement, T row) throws SQLException;
    }

    /**
     * Runs {@code sql} once for each of {@code rows} in one JDBC batch: one round trip, whatever their number.
     *
     * @return the rows each statement changed, in order (or {@link java.sql.Statement#SUCCESS_NO_INFO})
     */
    static <T> int[] batch(EntityManager em, String sql, List<T> rows, BatchRow<T> binder) {
        if (rows.isEmpty()) {
            return new int[0];
        }
        try (PreparedStatement statement = prepare(em, sql)) {
            for (T row : rows) {
                binder.bind(statement, row);
                statement.addBatch();
            }
            return statement.executeBatch();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    /**
     * Updates {@code rows} by their key, {@code columns}' first column, in one statement (see
     * {@link RowBinder#mergeByFirstColumn}).
     *
     * @return how many rows it changed
     */
    static <T> int updateRows(EntityManager em, String merge, RowBinder<T> columns, List<T> rows) {
        if (rows.isEmpty()) {
            return 0;
        }
        try (PreparedStatement statement = prepare(em, merge)) {
            columns.bindArrays(of(em), statement, rows);
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    /** Binds one row's values from parameter {@code first} on and answers the parameter after them. */
    interface RowAt<T> {
        int bind(PreparedStatement statement, int first, T row) throws SQLException;
    }

    /**
     * Inserts {@code rows} with {@code statement}'s multi-row texts: the database takes one statement of many rows far
     * faster than as many one-row statements, even in one JDBC batch. Returns how many rows went in: fewer than given
     * where an {@code ON CONFLICT DO NOTHING} left some out.
     */
    static <T> int insertRows(EntityManager em, MultiRowInsert statement, List<T> rows, RowAt<T> binder) {
        int inserted = 0;
        int from = 0;
        while (from < rows.size()) {
            int size = Math.min(MultiRowInsert.MAX_ROWS, Integer.highestOneBit(rows.size() - from));
            List<T> chunk = rows.subList(from, from + size);
            inserted += update(em, statement.withRows(size), insert -> {
                int next = 1;
                for (T row : chunk) {
                    next = binder.bind(insert, next, row);
                }
            });
            from += size;
        }
        return inserted;
    }

    /** Runs one statement that changes rows, in the current transaction; returns how many it changed. */
    static int update(EntityManager em, String sql, Parameters parameters) {
        try (PreparedStatement update = prepare(em, sql)) {
            parameters.bind(update);
            return update.executeUpdate();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    /** Runs a query in the current transaction and reads every row. */
    static <T> List<T> select(EntityManager em, String sql, Parameters parameters, RowReader<T> reader) {
        try (PreparedStatement select = prepare(em, sql)) {
            return readAll(select, parameters, reader);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    /**
     * Runs a query in the current transaction, or, outside any (a read of the API), on a connection of its own from
     * {@code pool}, given back at once; and reads every row.
     */
    static <T> List<T> selectInOrOutOfTransaction(
            EntityManager em, DataSource pool, String sql, Parameters parameters, RowReader<T> reader) {
        if (inTransaction(em)) {
            return select(em, sql, parameters, reader);
        }
        try (Connection connection = pool.getConnection();
                PreparedStatement select = connection.prepareStatement(sql)) {
            return readAll(select, parameters, reader);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    /**
     * The row {@code sql} selects by id within a workspace (its parameters: the id, then the workspace), read in or out
     * of a transaction as {@link #selectInOrOutOfTransaction} does.
     */
    static <T> Optional<T> findInWorkspace(
            EntityManager em, DataSource pool, String sql, String id, String workspaceId, RowReader<T> reader) {
        return selectInOrOutOfTransaction(
                        em,
                        pool,
                        sql,
                        select -> {
                            select.setString(1, id);
                            select.setString(2, workspaceId);
                        },
                        reader)
                .stream()
                .findFirst();
    }

    private static boolean inTransaction(EntityManager em) {
        try {
            return em.isJoinedToTransaction();
        } catch (IllegalStateException e) {
            return false;
        }
    }

    private static <T> List<T> readAll(PreparedStatement select, Parameters parameters, RowReader<T> reader)
            throws SQLException {
        parameters.bind(select);
        List<T> read = new ArrayList<>();
        try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                read.add(reader.read(rows));
            }
        }
        return read;
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

    /** How many parameters an IN list for {@code count} values holds: a few sizes only (see above). */
    static int inListSize(int count) {
        for (int size : IN_LIST_SIZES) {
            if (count <= size) {
                return size;
            }
        }
        throw new IllegalArgumentException("an IN list holds at most " + MAX_IN_LIST + " values");
    }

    /** Reads one row of a result into a value. */
    interface RowReader<T> {
        T read(ResultSet row) throws SQLException;
    }

    /**
     * Runs {@code prefix} (a select whose one parameter is the workspace, ending in {@code IN (}) for all of
     * {@code values}, in IN lists of at most {@link #MAX_IN_LIST}, and reads every row; no query for no values.
     */
    static <T> List<T> selectIn(
            EntityManager em, String prefix, String workspaceId, Collection<String> values, RowReader<T> reader) {
        return selectIn(em, prefix, "", workspaceId, values, reader);
    }

    /** {@link #selectIn} with {@code suffix} after the IN list (an order, a lock). */
    static <T> List<T> selectIn(
            EntityManager em,
            String prefix,
            String suffix,
            String workspaceId,
            Collection<String> values,
            RowReader<T> reader) {
        List<String> all = List.copyOf(new LinkedHashSet<>(values));
        List<T> read = new ArrayList<>();
        for (int from = 0; from < all.size(); from += MAX_IN_LIST) {
            List<String> chunk = all.subList(from, Math.min(all.size(), from + MAX_IN_LIST));
            try (PreparedStatement select = prepare(em, withInList(prefix, chunk.size()) + suffix)) {
                select.setString(1, workspaceId);
                bindInList(select, 2, chunk);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        read.add(reader.read(rows));
                    }
                }
            } catch (SQLException e) {
                throw failed(e);
            }
        }
        return read;
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
