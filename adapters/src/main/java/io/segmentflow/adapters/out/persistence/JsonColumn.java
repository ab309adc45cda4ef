package io.segmentflow.adapters.out.persistence;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * How a JSON column is declared and written on each database: {@code jsonb} on PostgreSQL (so that it can be
 * indexed and queried), {@code VARCHAR} on the embedded H2, which would keep a bound string in a JSON column as a
 * JSON string rather than as the object it holds. Migrations name the type {@code ${json_type}}; statements bind a
 * JSON text with {@link #bind}.
 */
final class JsonColumn {
    private JsonColumn() {}

    /** The column type on the database of this connection. */
    static String type(Connection connection) {
        try {
            return "PostgreSQL".equals(connection.getMetaData().getDatabaseProductName()) ? "jsonb" : "VARCHAR";
        } catch (SQLException e) {
            throw TransactionConnection.failed(e);
        }
    }

    /** A parameter that binds a JSON text into a column of {@code type}. */
    static String bind(String type) {
        return "CAST(? AS " + type + ")";
    }
}
