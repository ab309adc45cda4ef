package io.segmentflow.wiring;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Where a generated bootstrap secret goes (the bootstrap API key; the first operator's password): a file only the
 * server's user can read. Never the console, which Liberty copies into {@code messages.log}, where anyone who reads or
 * collects the logs would find a full-access secret.
 */
final class BootstrapKeyFile {
    private static final Logger LOG = Logger.getLogger(BootstrapKeyFile.class.getName());
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final Path file;
    /** What the secret is and the setting that names the file, for the message when it cannot be written. */
    private final String what;

    private final String setting;

    BootstrapKeyFile(Path file) {
        this(file, "bootstrap API key", "SEGMENTFLOW_BOOTSTRAP_KEY_FILE");
    }

    BootstrapKeyFile(Path file, String what, String setting) {
        this.file = file.toAbsolutePath();
        this.what = what;
        this.setting = setting;
    }

    Path path() {
        return file;
    }

    /**
     * Writes the secret to a new file beside the target, owner-only from its creation (never readable by others,
     * not even for a moment), then moves it into place in one step, replacing a file left by an earlier install.
     */
    Path write(String value) {
        try {
            Path folder = file.getParent();
            Files.createDirectories(folder);
            Path draft = posix(folder)
                    ? Files.createTempFile(
                            folder, "." + file.getFileName(), ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY))
                    : Files.createTempFile(folder, "." + file.getFileName(), ".tmp", new FileAttribute<?>[0]);
            if (!posix(folder)) {
                LOG.warning(() -> "The file system of " + folder + " has no POSIX permissions: the file of the " + what
                        + " has the folder's default access. Store it and delete " + file);
            }
            try (FileChannel channel = FileChannel.open(draft, StandardOpenOption.WRITE)) {
                channel.write(ByteBuffer.wrap((value + "\n").getBytes(StandardCharsets.US_ASCII)));
                channel.force(true);
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(draft);
                throw e;
            }
            Files.move(draft, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot write the " + what + " to " + file + " (set " + setting
                            + " to a writable place); nothing was created",
                    e);
        }
    }

    /** What the console says: where the key is, never the key. */
    static String announcement(Path file) {
        return """

                ==================================================================
                 Segmentflow generated a bootstrap API key (full access). It is in
                   %s
                 readable only by the user the server runs as. Store it in your
                 secrets, then delete the file: it is not written again.
                 Use it as  x-api-key: <key>  or  Authorization: Bearer <key>
                ==================================================================
                """.formatted(file);
    }

    /** What the console says of a generated password of the first operator: where it is, never what. */
    static String adminAnnouncement(String email, Path file) {
        return """

                ==================================================================
                 Segmentflow made the first operator's account, %s,
                 with a generated password. It is in
                   %s
                 readable only by the user the server runs as. Sign in at
                 /dashboard/sign-in, then delete the file: it is not written again.
                ==================================================================
                """.formatted(email, file);
    }

    private static boolean posix(Path folder) {
        return folder.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
