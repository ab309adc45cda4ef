package io.segmentflow.adapters.out.persistence;

import io.segmentflow.adapters.PostgreSqlAddress;
import io.segmentflow.adapters.out.render.JsonStateDocuments;
import io.segmentflow.domain.workspace.Workspace;
import io.segmentflow.domain.workspace.WorkspaceId;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Persistence;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The real database the store tests run on, chosen once per test run in the order DESIGN.md ("Storage")
 * gives:
 * <ol>
 *   <li>a PostgreSQL URL from the environment: {@code SEGMENTFLOW_TEST_DB_URL}, else {@code SEGMENTFLOW_DB_URL}
 *       when it starts with {@code jdbc:postgresql:}, with {@code SEGMENTFLOW_DB_USER} and
 *       {@code SEGMENTFLOW_DB_PASSWORD}. The tests work in their own schema {@value #SCHEMA} of that
 *       database, dropped and created at the start of the run: nothing else in the database is touched;</li>
 *   <li>else a Testcontainers PostgreSQL, where a Docker engine answers;</li>
 *   <li>else the embedded H2 in PostgreSQL mode, in memory.</li>
 * </ol>
 * {@code SEGMENTFLOW_TEST_DB=h2} in the environment (or {@code -Dsegmentflow.test.db=h2}) forces the
 * embedded database even when a PostgreSQL URL is set. One line on standard output says which database
 * was chosen. The schema is built by the production {@link SchemaMigrations} (Flyway), not by EclipseLink.
 */
final class TestDatabase implements AutoCloseable {
    static final String SCHEMA = "segmentflow_adapter_test";
    private static final String H2_URL = "jdbc:h2:mem:segmentflow_adapter_test;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
            + "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1";
    /** Children before parents, for the foreign keys. */
    /** Held, so the level set on it stays: Flyway's INFO lines would bury the one line naming the database. */
    private static final Logger FLYWAY_LOG = Logger.getLogger("org.flywaydb");

    private static final List<String> TABLES = List.of(
            "operator_roles",
            "operators",
            "carrier_confirmations",
            "newsletter_issues",
            "newsletters",
            "broadcasts",
            "profile_import_errors",
            "profile_import_blocks",
            "profile_imports",
            "journey_runs",
            "journey_versions",
            "journeys",
            "user_events",
            "email_send_attempts",
            "email_sends",
            "fan_out_partitions",
            "idempotency_records",
            "profile_consents",
            "segments",
            "subscription_groups",
            "server_secrets",
            "sender_domains",
            "template_snapshots",
            "templates",
            "profiles",
            "api_keys",
            "suppressions",
            "workspaces");

    private final String description;
    private final boolean postgreSql;
    private final EntityManagerFactory entityManagers;
    private final AutoCloseable container;
    /** Plain connections, as the container's pool gives them to stores that read outside a transaction. */
    private final DataSource dataSource;

    private TestDatabase(
            String description, boolean postgreSql, String url, String user, String password, AutoCloseable container) {
        this.description = description;
        this.postgreSql = postgreSql;
        this.container = container;
        this.dataSource = postgreSql ? postgreSqlDataSource(url, user, password) : h2DataSource(url);
        migrate(dataSource);
        Map<String, Object> jdbc = new HashMap<>();
        jdbc.put("jakarta.persistence.jdbc.driver", postgreSql ? "org.postgresql.Driver" : "org.h2.Driver");
        jdbc.put("jakarta.persistence.jdbc.url", url);
        if (user != null) {
            jdbc.put("jakarta.persistence.jdbc.user", user);
        }
        if (password != null) {
            jdbc.put("jakarta.persistence.jdbc.password", password);
        }
        this.entityManagers = Persistence.createEntityManagerFactory("segmentflow-test", jdbc);
    }

    static TestDatabase choose() {
        TestDatabase database = select();
        System.out.println("Store tests run on " + database.description);
        return database;
    }

    private static TestDatabase select() {
        String forced = System.getProperty("segmentflow.test.db", System.getenv("SEGMENTFLOW_TEST_DB"));
        if ("h2".equalsIgnoreCase(forced)) {
            return h2("embedded H2 in PostgreSQL mode (forced by segmentflow.test.db / SEGMENTFLOW_TEST_DB=h2)");
        }
        String variable =
                System.getenv("SEGMENTFLOW_TEST_DB_URL") != null ? "SEGMENTFLOW_TEST_DB_URL" : "SEGMENTFLOW_DB_URL";
        String url = System.getenv(variable);
        if (url != null && url.startsWith("jdbc:postgresql:")) {
            return fromEnvironment(variable, url);
        }
        if (DockerClientFactory.instance().isDockerAvailable()) {
            return fromContainer();
        }
        return h2("embedded H2 in PostgreSQL mode (no PostgreSQL URL in the environment, no Docker engine)");
    }

    private static TestDatabase fromEnvironment(String variable, String url) {
        String user = System.getenv("SEGMENTFLOW_DB_USER");
        String password = System.getenv("SEGMENTFLOW_DB_PASSWORD");
        recreateSchema(url, user, password);
        return new TestDatabase(
                "PostgreSQL from " + variable + " (" + withoutParameters(url) + ", schema " + SCHEMA + ")",
                true,
                inSchema(url),
                user,
                password,
                null);
    }

    private static TestDatabase fromContainer() {
        PostgreSQLContainer container = new PostgreSQLContainer("postgres:15-alpine");
        container.start();
        try {
            recreateSchema(container.getJdbcUrl(), container.getUsername(), container.getPassword());
            return new TestDatabase(
                    "PostgreSQL in a Testcontainers container (" + container.getJdbcUrl() + ")",
                    true,
                    inSchema(container.getJdbcUrl()),
                    container.getUsername(),
                    container.getPassword(),
                    container::stop);
        } catch (RuntimeException e) {
            container.stop();
            throw e;
        }
    }

    private static TestDatabase h2(String description) {
        return new TestDatabase(description, false, H2_URL, "sa", "", null);
    }

    private static void recreateSchema(String url, String user, String password) {
        Properties credentials = new Properties();
        if (user != null) {
            credentials.setProperty("user", user);
        }
        if (password != null) {
            credentials.setProperty("password", password);
        }
        try (Connection connection = DriverManager.getConnection(url, credentials);
                Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
            statement.execute("CREATE SCHEMA " + SCHEMA);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot prepare schema " + SCHEMA + " at " + withoutParameters(url), e);
        }
    }

    private static String inSchema(String url) {
        return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + SCHEMA;
    }

    private static String withoutParameters(String url) {
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query);
    }

    private static DataSource postgreSqlDataSource(String url, String user, String password) {
        return new PostgreSqlAddress(url, user, password).dataSource();
    }

    private static DataSource h2DataSource(String url) {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL(url);
        dataSource.setUser("sa");
        dataSource.setPassword("");
        return dataSource;
    }

    private static void migrate(DataSource dataSource) {
        FLYWAY_LOG.setLevel(Level.WARNING);
        SchemaMigrations migrations = new SchemaMigrations();
        migrations.dataSource = dataSource;
        migrations.migrate();
    }

    boolean isPostgreSql() {
        return postgreSql;
    }

    /** Plain connections to the test database, outside any EntityManager. */
    DataSource dataSource() {
        return dataSource;
    }

    /** A new EntityManager in a new transaction, as the container gives each request or worker. */
    Transaction begin() {
        return new Transaction(entityManagers.createEntityManager(), dataSource);
    }

    /** Runs the work in a transaction of its own and commits it (rolls back if the work throws). */
    <T> T inTransaction(Function<Transaction, T> work) {
        try (Transaction transaction = begin()) {
            T result = work.apply(transaction);
            transaction.commit();
            return result;
        }
    }

    /** Two tenants, so that a test can show nothing crosses between them. */
    record TwoWorkspaces(WorkspaceId first, WorkspaceId second) {}

    TwoWorkspaces addTwoWorkspaces(Instant now) {
        Workspace first = Workspace.create("Acme", now);
        Workspace second = Workspace.create("Globex", now);
        commit(tx -> {
            tx.workspaces().add(first);
            tx.workspaces().add(second);
        });
        return new TwoWorkspaces(first.id(), second.id());
    }

    /** Runs the work in a transaction of its own and commits it (rolls back if the work throws). */
    void commit(Consumer<Transaction> work) {
        inTransaction(transaction -> {
            work.accept(transaction);
            return null;
        });
    }

    /** Empties every table, so each test starts from the migrated, empty schema. */
    void empty() {
        commit(transaction -> TABLES.forEach(table -> transaction
                .entityManager()
                .createNativeQuery("DELETE FROM " + table)
                .executeUpdate()));
    }

    @Override
    public void close() throws Exception {
        entityManagers.close();
        if (container != null) {
            container.close();
        }
    }

    /**
     * One transaction on its own EntityManager (and so its own connection), with the stores bound to it
     * the way the container injects them. Closing it rolls back whatever was not committed.
     */
    static final class Transaction implements AutoCloseable {
        private final EntityManager entityManager;
        private final DataSource dataSource;

        private Transaction(EntityManager entityManager, DataSource dataSource) {
            this.entityManager = entityManager;
            this.dataSource = dataSource;
            entityManager.getTransaction().begin();
        }

        EntityManager entityManager() {
            return entityManager;
        }

        JpaWorkspaces workspaces() {
            JpaWorkspaces store = new JpaWorkspaces();
            store.em = entityManager;
            return store;
        }

        JpaOperators operators() {
            JpaOperators store = new JpaOperators();
            store.em = entityManager;
            return store;
        }

        JpaApiKeys apiKeys() {
            JpaApiKeys store = new JpaApiKeys();
            store.em = entityManager;
            store.dataSource = dataSource;
            return store;
        }

        JpaTemplates templates() {
            JpaTemplates store = new JpaTemplates();
            store.em = entityManager;
            return store;
        }

        JpaProfiles profiles() {
            JpaProfiles store = new JpaProfiles();
            store.em = entityManager;
            store.dataSource = dataSource;
            return store;
        }

        JpaSenderDomains senderDomains() {
            JpaSenderDomains store = new JpaSenderDomains();
            store.em = entityManager;
            store.dataSource = dataSource;
            return store;
        }

        JdbcFanOutPartitions fanOutPartitions() {
            JdbcFanOutPartitions store = new JdbcFanOutPartitions();
            store.em = entityManager;
            return store;
        }

        JpaProfileImports profileImports() {
            JpaProfileImports store = new JpaProfileImports();
            store.em = entityManager;
            store.dataSource = dataSource;
            return store;
        }

        JpaEmailSends emailSends() {
            JpaEmailSends store = new JpaEmailSends();
            store.em = entityManager;
            store.dataSource = dataSource;
            return store;
        }

        JpaJourneys journeys() {
            JpaJourneys store = new JpaJourneys();
            store.em = entityManager;
            store.dataSource = dataSource;
            return store;
        }

        JpaJourneyRuns journeyRuns() {
            JpaJourneyRuns store = new JpaJourneyRuns();
            store.em = entityManager;
            store.dataSource = dataSource;
            return store;
        }

        JpaUserEvents userEvents() {
            JpaUserEvents store = new JpaUserEvents();
            store.em = entityManager;
            store.dataSource = dataSource;
            return store;
        }

        JpaIdempotencyRecords idempotencyRecords() {
            JpaIdempotencyRecords store = new JpaIdempotencyRecords();
            store.em = entityManager;
            return store;
        }

        JpaSubscriptionGroups subscriptionGroups() {
            JpaSubscriptionGroups store = new JpaSubscriptionGroups();
            store.em = entityManager;
            return store;
        }

        JpaSegments segments() {
            JpaSegments store = new JpaSegments();
            store.em = entityManager;
            return store;
        }

        JpaConsents consents() {
            JpaConsents store = new JpaConsents();
            store.em = entityManager;
            store.dataSource = dataSource;
            return store;
        }

        JpaAudiences audiences() {
            JpaAudiences store = new JpaAudiences();
            store.em = entityManager;
            store.dataSource = dataSource;
            store.documents = new JsonStateDocuments();
            return store;
        }

        JpaSuppressions suppressions() {
            JpaSuppressions store = new JpaSuppressions();
            store.em = entityManager;
            return store;
        }

        JpaBroadcasts broadcasts() {
            JpaBroadcasts store = new JpaBroadcasts();
            store.em = entityManager;
            store.dataSource = dataSource;
            return store;
        }

        JpaNewsletters newsletters() {
            JpaNewsletters store = new JpaNewsletters();
            store.em = entityManager;
            store.dataSource = dataSource;
            return store;
        }

        JpaNewsletterIssues newsletterIssues() {
            JpaNewsletterIssues store = new JpaNewsletterIssues();
            store.em = entityManager;
            store.dataSource = dataSource;
            return store;
        }

        JpaCarrierConfirmations carrierConfirmations() {
            JpaCarrierConfirmations store = new JpaCarrierConfirmations();
            store.em = entityManager;
            return store;
        }

        JpaSendStatistics sendStatistics() {
            JpaSendStatistics store = new JpaSendStatistics();
            store.em = entityManager;
            store.dataSource = dataSource;
            return store;
        }

        JpaCarrierSends carrierSends() {
            JpaCarrierSends store = new JpaCarrierSends();
            store.em = entityManager;
            store.dataSource = dataSource;
            return store;
        }

        JpaAudienceCarriers audienceCarriers() {
            JpaAudienceCarriers store = new JpaAudienceCarriers();
            store.em = entityManager;
            store.dataSource = dataSource;
            store.boundary = new JtaTransactionBoundary();
            return store;
        }

        void commit() {
            entityManager.getTransaction().commit();
        }

        void rollback() {
            entityManager.getTransaction().rollback();
        }

        @Override
        public void close() {
            try {
                if (entityManager.getTransaction().isActive()) {
                    entityManager.getTransaction().rollback();
                }
            } finally {
                entityManager.close();
            }
        }
    }
}
