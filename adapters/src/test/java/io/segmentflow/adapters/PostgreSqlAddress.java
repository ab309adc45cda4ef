package io.segmentflow.adapters;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Properties;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/** Where a PostgreSQL database is and who to be there; user and password may be null (the driver's defaults). */
public record PostgreSqlAddress(String url, String user, String password) {
    /**
     * The database the environment names, for tests of what only PostgreSQL does (LISTEN and NOTIFY):
     * {@code SEGMENTFLOW_TEST_DB_URL}, else {@code SEGMENTFLOW_DB_URL} when it is a PostgreSQL URL, with
     * {@code SEGMENTFLOW_DB_USER} and {@code SEGMENTFLOW_DB_PASSWORD}. Such tests use no table of it. None when
     * {@code SEGMENTFLOW_TEST_DB=h2} (or {@code -Dsegmentflow.test.db=h2}) asks for the embedded database.
     */
    public static Optional<PostgreSqlAddress> fromEnvironment() {
        if ("h2".equalsIgnoreCase(System.getProperty("segmentflow.test.db", System.getenv("SEGMENTFLOW_TEST_DB")))) {
            System.out.println("The embedded database is asked for: the tests of LISTEN and NOTIFY are skipped");
            return Optional.empty();
        }
        String url = Optional.ofNullable(System.getenv("SEGMENTFLOW_TEST_DB_URL"))
                .orElse(System.getenv("SEGMENTFLOW_DB_URL"));
        if (url == null || !url.startsWith("jdbc:postgresql:")) {
            System.out.println("No PostgreSQL URL in SEGMENTFLOW_TEST_DB_URL or SEGMENTFLOW_DB_URL: the tests of"
                    + " LISTEN and NOTIFY are skipped");
            return Optional.empty();
        }
        return Optional.of(new PostgreSqlAddress(
                url, System.getenv("SEGMENTFLOW_DB_USER"), System.getenv("SEGMENTFLOW_DB_PASSWORD")));
    }

    public Connection connect() throws SQLException {
        Properties properties = new Properties();
        if (user != null) {
            properties.setProperty("user", user);
        }
        if (password != null) {
            properties.setProperty("password", password);
        }
        return DriverManager.getConnection(url, properties);
    }

    public DataSource dataSource() {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(url);
        if (user != null) {
            dataSource.setUser(user);
        }
        if (password != null) {
            dataSource.setPassword(password);
        }
        return dataSource;
    }
}
