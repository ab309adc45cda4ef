package io.segmentflow.adapters.out.mail;

import io.segmentflow.application.port.out.MailRelay;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;

/**
 * Stands in for SMTP when none is configured: each message becomes an {@code .eml} file in a folder, so a
 * fresh install sends "successfully" and what would have gone out can be opened in any mail client.
 */
public final class CaptureMailRelay implements MailRelay {
    /** Who the relay would have been asked to deliver to, Bcc included (there is no Bcc header). */
    public static final String ENVELOPE_TO_HEADER = "X-Segmentflow-Envelope-To";

    private static final int MAX_FILE_NAME_STEM = 200;

    private final Path folder;
    private final MimeMessageFactory messages = new MimeMessageFactory(Session.getInstance(new Properties()));

    /** @throws UncheckedIOException if the folder cannot be created */
    public CaptureMailRelay(Path folder) {
        this.folder = folder.toAbsolutePath().normalize();
        try {
            Files.createDirectories(this.folder);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the mail capture folder " + this.folder, e);
        }
    }

    @Override
    public Outcome deliver(OutgoingEmail email) {
        MimeMessage message;
        try {
            message = messages.create(email);
            InternetAddress[] recipients = MimeMessageFactory.envelopeRecipients(email);
            message.setHeader(
                    ENVELOPE_TO_HEADER, InternetAddress.toString(recipients, ENVELOPE_TO_HEADER.length() + 2));
        } catch (MessagingException e) {
            return new PermanentFailure("message could not be built: " + SmtpFailureClassifier.describe(e));
        }
        String fileName = fileName(email.messageId());
        try {
            write(message, folder.resolve(fileName));
            return new Accepted("captured to " + fileName);
        } catch (IOException | MessagingException e) {
            return new TransientFailure("capture to " + folder + " failed: " + SmtpFailureClassifier.describe(e));
        }
    }

    /** Readers never see a half-written file: it is written aside, then renamed into place. */
    private void write(MimeMessage message, Path target) throws IOException, MessagingException {
        Path temporary = Files.createTempFile(folder, ".capture-", ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(temporary)) {
                message.writeTo(out);
            }
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** The Message-ID without brackets, any other character outside [A-Za-z0-9._-] replaced: never a path. */
    static String fileName(String messageId) {
        String id = messageId == null ? "" : messageId.strip();
        if (id.startsWith("<") && id.endsWith(">") && id.length() >= 2) {
            id = id.substring(1, id.length() - 1);
        }
        String stem = id.replaceAll("[^A-Za-z0-9._-]", "_");
        if (stem.length() > MAX_FILE_NAME_STEM) {
            stem = stem.substring(0, MAX_FILE_NAME_STEM);
        }
        if (stem.isEmpty() || stem.startsWith(".")) {
            stem = "message" + stem;
        }
        return stem + ".eml";
    }
}
