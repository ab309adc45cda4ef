package io.segmentflow.domain.suppression;

import io.segmentflow.domain.email.EmailAddress;
import io.segmentflow.domain.shared.HeaderText;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * An address a workspace must never mail, why, and (for a bounce) the SMTP reply and the EmailSend that
 * caused it. The first entry for an address is the one kept.
 *
 * <p>The list matches addresses without regard to case, in the domain and in the local part alike, and
 * keeps each address in lower case ({@link #keyOf}). RFC 5321 lets a receiving server tell {@code Ada@}
 * from {@code ada@}, but mailbox providers do not, and the two mistakes cost differently: matching too
 * widely withholds mail from a mailbox that practically never exists, while matching too narrowly mails
 * an address that bounced or complained, which harms the sender's reputation.
 */
public record Suppression(
        WorkspaceId workspaceId,
        EmailAddress address,
        SuppressionReason reason,
        String detail,
        String emailSendId,
        Instant createdAt) {
    /** Longest detail kept, as for an EmailSend's SMTP reply: replies are short, a hostile relay's need not be. */
    public static final int MAX_DETAIL_LENGTH = 1000;

    public Suppression {
        Objects.requireNonNull(workspaceId, "workspace id");
        address = keyOf(Objects.requireNonNull(address, "address"));
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(createdAt, "created at");
        detail = clip(detail);
        if (emailSendId != null && emailSendId.isBlank()) {
            throw new IllegalArgumentException("the id of the EmailSend is blank");
        }
    }

    /** An operator's entry: no detail, no EmailSend. */
    public static Suppression manual(WorkspaceId workspaceId, EmailAddress address, Instant now) {
        return new Suppression(workspaceId, address, SuppressionReason.MANUAL, null, null, now);
    }

    /** A permanent SMTP refusal of a mailbox: the relay's reply is kept, on one line. */
    public static Suppression hardBounce(
            WorkspaceId workspaceId, EmailAddress address, String smtpReply, String emailSendId, Instant now) {
        return new Suppression(workspaceId, address, SuppressionReason.HARD_BOUNCE, smtpReply, emailSendId, now);
    }

    /** The form in which the list keeps and compares an address: all of it in lower case. */
    public static EmailAddress keyOf(EmailAddress address) {
        // EmailAddress admits ASCII only, so lower-casing cannot change the length or make it invalid.
        return EmailAddress.of(address.value().toLowerCase(Locale.ROOT));
    }

    private static String clip(String text) {
        if (text == null) {
            return null;
        }
        String oneLine = HeaderText.flatten(text);
        if (oneLine.isEmpty()) {
            return null;
        }
        if (oneLine.length() <= MAX_DETAIL_LENGTH) {
            return oneLine;
        }
        // Never cut a surrogate pair in half: half a character is not text a database can store.
        int end = Character.isHighSurrogate(oneLine.charAt(MAX_DETAIL_LENGTH - 1))
                ? MAX_DETAIL_LENGTH - 1
                : MAX_DETAIL_LENGTH;
        return oneLine.substring(0, end);
    }
}
