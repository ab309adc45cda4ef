package io.segmentflow.adapters.out.persistence;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Columns a JDBC statement writes from a value of {@code T}, each with its SQL type, in one list from which both the
 * statement's text and its binding come: a column is added in one place, and a null is bound with its type.
 */
final class RowBinder<T> {
    /** A column: its name, its {@link java.sql.Types} type, and how its value is taken from a {@code T}. */
    record Column<T>(String name, int sqlType, Function<T, Object> value) {}

    private final List<Column<T>> columns;

    private RowBinder(List<Column<T>> columns) {
        this.columns = List.copyOf(columns);
    }

    @SafeVarargs
    static <T> RowBinder<T> of(Column<T>... columns) {
        return new RowBinder<>(List.of(columns));
    }

    static <T> Column<T> column(String name, int sqlType, Function<T, Object> value) {
        return new Column<>(name, sqlType, value);
    }

    /** These columns followed by {@code more}'s. */
    RowBinder<T> and(RowBinder<T> more) {
        List<Column<T>> all = new ArrayList<>(columns);
        all.addAll(more.columns);
        return new RowBinder<>(all);
    }

    /** {@code INSERT INTO table (the columns) VALUES (?, ...)}. */
    String insertInto(String table) {
        return "INSERT INTO " + table + " ("
                + columns.stream().map(Column::name).collect(Collectors.joining(", ")) + ") VALUES ("
                + String.join(", ", Collections.nCopies(columns.size(), "?")) + ")";
    }

    /** {@code INSERT INTO table (the columns) VALUES (?, ...), (?, ...), ...} then {@code tail}, for many rows. */
    MultiRowInsert insertsInto(String table, String tail) {
        return new MultiRowInsert(
                "INSERT INTO " + table + " ("
                        + columns.stream().map(Column::name).collect(Collectors.joining(", ")) + ") VALUES ",
                "(" + String.join(", ", Collections.nCopies(columns.size(), "?")) + ")",
                tail);
    }

    /** {@code UPDATE table SET column = ?, ...}, to which the caller adds its WHERE clause. */
    String update(String table) {
        return "UPDATE " + table + " SET "
                + columns.stream().map(c -> c.name() + " = ?").collect(Collectors.joining(", "));
    }

    /**
     * Binds {@code row}'s value of each column, in order, from parameter {@code first} on.
     *
     * @return the first parameter after them, for the caller's own (a WHERE clause)
     */
    int bind(PreparedStatement statement, int first, T row) throws SQLException {
        int parameter = first;
        for (Column<T> column : columns) {
            statement.setObject(parameter++, column.value().apply(row), column.sqlType());
        }
        return parameter;
    }
}
