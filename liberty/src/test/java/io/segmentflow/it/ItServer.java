package io.segmentflow.it;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/** The integration-test server's settings, read from the server.env it was started with. */
final class ItServer {
    private static final Properties SETTINGS = load();

    private ItServer() {}

    static String setting(String name) {
        String value = SETTINGS.getProperty(name);
        if (value == null) {
            throw new IllegalStateException(name + " is not set in the integration-test server.env");
        }
        return value;
    }

    private static Properties load() {
        Path file = Path.of(System.getProperty("segmentflow.it.serverEnv", "src/it-server/server.env"));
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file.toAbsolutePath(), e);
        }
        return properties;
    }
}
