package io.segmentflow.adapters.out.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
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

    /** Each column type's name in an array type (standard SQL, which both databases read) and for the driver. */
    private record ArrayType(String sqlName, String driverName) {}

    private static final Map<Integer, ArrayType> ARRAY_TYPES = Map.of(
            Types.VARCHAR, new ArrayType("VARCHAR", "varchar"),
            Types.INTEGER, new ArrayType("INTEGER", "int4"),
            Types.SMALLINT, new ArrayType("SMALLINT", "int2"),
            Types.BOOLEAN, new ArrayType("BOOLEAN", "bool"),
            Types.TIMESTAMP_WITH_TIMEZONE, new ArrayType("TIMESTAMP WITH TIME ZONE", "timestamptz"));

    private static ArrayType arrayType(Column<?> column) {
        ArrayType type = ARRAY_TYPES.get(column.sqlType());
        if (type == null) {
            throw new IllegalArgumentException("no array type for column " + column.name());
        }
        return type;
    }

    /**
     * {@code MERGE INTO table USING} the rows, one array per column, {@code ON table.key = ... WHEN MATCHED THEN
     * UPDATE SET} every other column: the updates of many rows in one statement, which both databases run as one
     * join over the key's index. Each one-row UPDATE, even in one JDBC batch, is a statement of its own to plan and
     * run. The first column is the key; {@link #bindArrays} binds the rows.
     */
    String mergeByFirstColumn(String table) {
        return mergeByFirstColumn(table, 0, "");
    }

    /**
     * As {@link #mergeByFirstColumn(String)}, for the rows that also meet {@code condition}, which reads the last
     * {@code conditionColumns} columns (as {@code changed.name}) and the stored row (as {@code table.name}); those
     * columns are not written.
     */
    String mergeByFirstColumn(String table, int conditionColumns, String condition) {
        Column<T> key = columns.get(0);
        List<Column<T>> set = columns.subList(1, columns.size() - conditionColumns);
        return "MERGE INTO " + table + " USING (SELECT * FROM UNNEST("
                + columns.stream()
                        .map(c -> "CAST(? AS " + arrayType(c).sqlName() + " ARRAY)")
                        .collect(Collectors.joining(", "))
                + ")) AS changed ("
                + columns.stream().map(Column::name).collect(Collectors.joining(", "))
                + ") ON " + table + "." + key.name() + " = changed." + key.name()
                + " WHEN MATCHED" + (condition.isEmpty() ? "" : " AND " + condition) + " THEN UPDATE SET "
                + set.stream().map(c -> c.name() + " = changed." + c.name()).collect(Collectors.joining(", "));
    }

    /** These columns, of the {@code T} that each {@code U} holds. */
    <U> RowBinder<U> from(Function<U, T> part) {
        return new RowBinder<>(columns.stream()
                .map(c -> new Column<U>(c.name(), c.sqlType(), u -> c.value().apply(part.apply(u))))
                .toList());
    }

    /** Binds {@code rows} as one array of values per column, for {@link #mergeByFirstColumn}. */
    void bindArrays(Connection connection, PreparedStatement statement, List<T> rows) throws SQLException {
        int parameter = 1;
        for (Column<T> column : columns) {
            Object[] values = new Object[rows.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = column.value().apply(rows.get(i));
            }
            statement.setArray(
                    parameter++, connection.createArrayOf(arrayType(column).driverName(), values));
        }
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
