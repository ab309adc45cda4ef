package io.segmentflow.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A Liberty server of a test's own, for what the shared integration-test server cannot show: its starts. Made from
 * the integration-test server's configuration and application, in the same Liberty installation, with its own
 * port, output folder (logs, bootstrap key file, embedded database) and, when the build names a PostgreSQL
 * database, a schema of its own there ({@value #SCHEMA}), so that its keys never touch the shared server's.
 * Its settings are given at each start, as environment variables: nothing is inherited from the build's.
 */
final class OwnServer implements AutoCloseable {
    static final String SCHEMA = "segmentflow_own_server_it";
    private static final String NAME = "segmentflow-own-it";
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Path wlp = Path.of(System.getProperty("segmentflow.it.wlp", "target/liberty/wlp"))
            .toAbsolutePath();
    private final Path serverDir = wlp.resolve("usr/servers/" + NAME);
    private final Path outputRoot;
    private final int port;
    private final String databaseUrl;
    private boolean running;

    OwnServer() {
        try {
            Path template = wlp.resolve("usr/servers/segmentflow-it");
            deleteTree(serverDir);
            Files.createDirectories(serverDir);
            Files.copy(template.resolve("server.xml"), serverDir.resolve("server.xml"));
            for (String folder : List.of("apps", "dropins", "jdbc")) {
                copyTree(template.resolve(folder), serverDir.resolve(folder));
            }
            outputRoot = Files.createTempDirectory("segmentflow-own-server");
            port = freePort();
            databaseUrl = ownDatabase();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String baseUrl() {
        return "http://localhost:" + port;
    }

    /** The server's output folder: {@code server.output.dir}. */
    Path outputDir() {
        return outputRoot.resolve(NAME);
    }

    /** Starts the server with these settings and waits until the application has started or failed to. */
    void start(Map<String, String> settings) {
        Map<String, String> environment = new TreeMap<>();
        environment.put("SEGMENTFLOW_HTTP_PORT", String.valueOf(port));
        environment.put("SEGMENTFLOW_PUBLIC_URL", baseUrl());
        environment.put("SEGMENTFLOW_DELIVERY_WORKERS", "1");
        if (databaseUrl != null) {
            environment.put("SEGMENTFLOW_DB_URL", databaseUrl);
            environment.put("SEGMENTFLOW_DB_USER", System.getenv().getOrDefault("SEGMENTFLOW_DB_USER", ""));
            environment.put("SEGMENTFLOW_DB_PASSWORD", System.getenv().getOrDefault("SEGMENTFLOW_DB_PASSWORD", ""));
        }
        environment.putAll(settings);
        deleteTree(outputDir().resolve("logs"));
        run(environment, "start");
        running = true;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (applicationMessages().isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the application neither started nor failed in 120 s:\n" + logs());
            }
            pause(200);
        }
    }

    void stop() {
        if (running) {
            run(Map.of(), "stop");
            running = false;
        }
    }

    /** Every log file the server wrote in its last start. */
    String logs() {
        try (Stream<Path> files = Files.list(outputDir().resolve("logs"))) {
            StringBuilder all = new StringBuilder();
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                all.append(Files.readString(file, StandardCharsets.UTF_8));
            }
            return all.toString();
        } catch (IOException e) {
            return "";
        }
    }

    HttpResponse<String> get(String path, String apiKey) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .header("x-api-key", apiKey)
                .GET());
    }

    HttpResponse<String> post(String path, String apiKey, String json) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .header("x-api-key", apiKey)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    @Override
    public void close() {
        try {
            stop();
        } finally {
            deleteTree(serverDir);
            deleteTree(outputRoot);
            dropOwnSchema();
        }
    }

    /**
     * Lines saying the application started (CWWKZ0001I) or failed to (CWWKZ0002E, CWWKZ0004E, or Segmentflow's own
     * refusal to start).
     */
    private List<String> applicationMessages() {
        return logs().lines()
                .filter(l -> l.contains("CWWKZ0001I")
                        || l.contains("CWWKZ0002E")
                        || l.contains("CWWKZ0004E")
                        || l.contains("Segmentflow does not start"))
                .toList();
    }

    private void run(Map<String, String> environment, String action) {
        // Into a file, not a pipe: the server the script starts must not hold the test's end of anything.
        Path output = outputRoot.resolve("server-" + action + ".out");
        ProcessBuilder command = new ProcessBuilder(wlp.resolve("bin/server").toString(), action, NAME)
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        command.environment().keySet().removeIf(name -> name.startsWith("SEGMENTFLOW_"));
        command.environment().putAll(environment);
        command.environment().put("WLP_OUTPUT_DIR", outputRoot.toString());
        try {
            Process process = command.start();
            // A slow start may outlast the script's own wait: start() waits for the application in the log.
            if (!process.waitFor(180, TimeUnit.SECONDS)) {
                process.destroy();
                throw new AssertionError("server " + action + " did not return: " + Files.readString(output));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError("request failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** A schema of its own in the build's PostgreSQL database; null (the embedded default) without one. */
    private static String ownDatabase() {
        String url = System.getenv("SEGMENTFLOW_DB_URL");
        if (url == null || !url.startsWith("jdbc:postgresql:")) {
            return null;
        }
        executeOnBuildDatabase("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE", "CREATE SCHEMA " + SCHEMA);
        return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + SCHEMA;
    }

    private void dropOwnSchema() {
        if (databaseUrl != null) {
            executeOnBuildDatabase("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
        }
    }

    private static void executeOnBuildDatabase(String... statements) {
        Properties credentials = new Properties();
        credentials.setProperty("user", System.getenv().getOrDefault("SEGMENTFLOW_DB_USER", ""));
        credentials.setProperty("password", System.getenv().getOrDefault("SEGMENTFLOW_DB_PASSWORD", ""));
        try (Connection connection = DriverManager.getConnection(System.getenv("SEGMENTFLOW_DB_URL"), credentials);
                Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot prepare schema " + SCHEMA, e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        if (!Files.isDirectory(from)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target);
                }
            }
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
