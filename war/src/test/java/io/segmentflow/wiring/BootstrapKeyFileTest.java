package io.segmentflow.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BootstrapKeyFileTest {
    private static final String SECRET = "sf_Q2xv9TgR4mWb7KzL1pYd8NcF3hJs6AeU0oVi5XrG";

    @TempDir
    Path folder;

    @Test
    void the_key_is_written_once_to_a_file_only_the_servers_user_can_read() throws Exception {
        assumeTrue(folder.getFileSystem().supportedFileAttributeViews().contains("posix"), "POSIX file system");
        Path file = folder.resolve("data/bootstrap-api-key");

        Path written = new BootstrapKeyFile(file).write(SECRET);

        assertThat(written).isEqualTo(file.toAbsolutePath());
        assertThat(Files.readString(file)).isEqualTo(SECRET + "\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(Files.list(file.getParent())).as("no draft left behind").containsExactly(file);
    }

    @Test
    void a_file_left_by_an_earlier_install_is_replaced_with_owner_only_permissions() throws Exception {
        assumeTrue(folder.getFileSystem().supportedFileAttributeViews().contains("posix"), "POSIX file system");
        Path file = folder.resolve("bootstrap-api-key");
        Files.writeString(file, "sf_old_key\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        new BootstrapKeyFile(file).write(SECRET);

        assertThat(Files.readAllLines(file)).isEqualTo(List.of(SECRET));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
    }

    @Test
    void a_place_that_cannot_be_written_is_reported_with_the_setting_to_change() throws Exception {
        Path notAFolder = Files.writeString(folder.resolve("plain-file"), "x");

        assertThatThrownBy(() -> new BootstrapKeyFile(notAFolder.resolve("bootstrap-api-key")).write(SECRET))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("SEGMENTFLOW_BOOTSTRAP_KEY_FILE")
                .hasMessageNotContaining(SECRET);
    }

    @Test
    void the_console_is_told_where_the_key_is_and_never_the_key() {
        Path file = folder.resolve("bootstrap-api-key");
        BootstrapKeyFile keyFile = new BootstrapKeyFile(file);

        String announcement = BootstrapKeyFile.announcement(keyFile.write(SECRET));

        assertThat(announcement)
                .contains(file.toAbsolutePath().toString())
                .doesNotContain(SECRET)
                .doesNotContain(SECRET.substring(0, 12));
    }
}
