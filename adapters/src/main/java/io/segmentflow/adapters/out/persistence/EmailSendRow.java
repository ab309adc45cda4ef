package io.segmentflow.adapters.out.persistence;

import static io.segmentflow.adapters.out.persistence.RowBinder.column;

import io.segmentflow.domain.audience.CarrierRef;
import io.segmentflow.domain.audience.CarrierType;
import io.segmentflow.domain.email.AudienceLink;
import io.segmentflow.domain.email.DeliveryProgress;
import io.segmentflow.domain.email.DkimSignature;
import io.segmentflow.domain.email.EmailAddress;
import io.segmentflow.domain.email.EmailSend;
import io.segmentflow.domain.email.EmailSendDetails;
import io.segmentflow.domain.email.EmailSendStatus;
import io.segmentflow.domain.email.JourneyLink;
import io.segmentflow.domain.email.Mailbox;
import io.segmentflow.domain.email.RecipientKind;
import io.segmentflow.domain.email.SendPriority;
import io.segmentflow.domain.email.Tracking;
import io.segmentflow.domain.email.WithheldRecipient;
import io.segmentflow.domain.suppression.SuppressionReason;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A row of {@code email_sends} and the EmailSend it holds, both ways: the one mapper of the table, which every
 * statement of {@link JpaEmailSends} writes through (JDBC batches, for the accept and delivery hot paths) and reads
 * with. A new column is added to {@link #DETAILS} (fixed at acceptance) or {@link #PROGRESS} (changed by delivery)
 * and to {@link #read}.
 */
final class EmailSendRow {
    static final String TABLE = "email_sends";

    /** What was asked for: written once, when the send is accepted. */
    private static final RowBinder<EmailSend> DETAILS = RowBinder.of(
            column("id", Types.VARCHAR, s -> s.details().id()),
            column("workspace_id", Types.VARCHAR, s -> s.details().workspaceId().value()),
            column("profile_id", Types.VARCHAR, s -> s.details().profileId()),
            column("template_id", Types.VARCHAR, s -> s.details().templateId()),
            column("template_snapshot_id", Types.VARCHAR, s -> s.details().templateSnapshotId()),
            // No recipient only for a send skipped at acceptance (an audience member without an address).
            column(
                    "to_email",
                    Types.VARCHAR,
                    s -> recipient(s).map(to -> to.address().value()).orElse(null)),
            column(
                    "to_name",
                    Types.VARCHAR,
                    s -> recipient(s).map(Mailbox::displayName).orElse(null)),
            column("to_external_id", Types.VARCHAR, s -> s.details().toExternalId()),
            column(
                    "from_email",
                    Types.VARCHAR,
                    s -> s.details().from().address().value()),
            column("from_name", Types.VARCHAR, s -> s.details().from().displayName()),
            column("reply_to", Types.VARCHAR, s -> addressOrNull(s.details().replyTo())),
            column("subject", Types.VARCHAR, s -> s.details().subject()),
            column("cc", Types.VARCHAR, s -> join(s.details().cc())),
            column("bcc", Types.VARCHAR, s -> join(s.details().bcc())),
            column("data", Types.VARCHAR, s -> s.details().data()),
            column("track_clicks", Types.BOOLEAN, s -> s.details().tracking().clicks()),
            column("track_opens", Types.BOOLEAN, s -> s.details().tracking().opens()),
            column("priority", Types.SMALLINT, s ->
                    (short) s.details().priority().rank()),
            column("message_id", Types.VARCHAR, s -> s.details().messageId()),
            column("idempotency_key", Types.VARCHAR, s -> s.details().idempotencyKey()),
            column(
                    "journey_run_id",
                    Types.VARCHAR,
                    s -> journey(s).map(JourneyLink::runId).orElse(null)),
            column(
                    "journey_step_id",
                    Types.VARCHAR,
                    s -> journey(s).map(JourneyLink::stepId).orElse(null)),
            column(
                    "event_id",
                    Types.VARCHAR,
                    s -> journey(s).map(JourneyLink::eventId).orElse(null)),
            column(
                    "subscription_group_id",
                    Types.VARCHAR,
                    s -> audience(s).map(AudienceLink::subscriptionGroupId).orElse(null)),
            column(
                    "carrier_type",
                    Types.VARCHAR,
                    s -> carrier(s).map(c -> c.type().wireName()).orElse(null)),
            column(
                    "carrier_id",
                    Types.VARCHAR,
                    s -> carrier(s).map(CarrierRef::id).orElse(null)),
            column(
                    "created_at",
                    Types.TIMESTAMP_WITH_TIMEZONE,
                    s -> Times.column(s.details().createdAt())));

    /** Where delivery has got to: written at acceptance, at each claim and with each result. */
    static final RowBinder<EmailSend> PROGRESS = RowBinder.of(
            column("status", Types.VARCHAR, s -> s.progress().status().wireName()),
            column("attempts", Types.INTEGER, s -> s.progress().attempts()),
            column(
                    "next_attempt_at",
                    Types.TIMESTAMP_WITH_TIMEZONE,
                    s -> Times.column(s.progress().nextAttemptAt())),
            column(
                    "lease_until",
                    Types.TIMESTAMP_WITH_TIMEZONE,
                    s -> Times.column(s.progress().leaseUntil())),
            column("last_reply", Types.VARCHAR, s -> s.progress().lastReply()),
            column("failure_message", Types.VARCHAR, s -> s.progress().failureMessage()),
            column(
                    "updated_at",
                    Types.TIMESTAMP_WITH_TIMEZONE,
                    s -> Times.column(s.progress().updatedAt())),
            column("withheld_recipients", Types.VARCHAR, s -> withheldColumn(s.withheld())),
            column(
                    "dkim_status",
                    Types.VARCHAR,
                    s -> dkim(s).map(d -> d.status().wireName()).orElse(null)),
            column(
                    "dkim_domain",
                    Types.VARCHAR,
                    s -> dkim(s).map(DkimSignature::domain).orElse(null)),
            column(
                    "dkim_reason",
                    Types.VARCHAR,
                    s -> dkim(s).map(DkimSignature::reason).orElse(null)));

    /** A send's id, then its progress: the updates of many sends at once. */
    static final RowBinder<EmailSend> KEYED_PROGRESS = RowBinder.of(
                    column("id", Types.VARCHAR, (EmailSend s) -> s.details().id()))
            .and(PROGRESS);

    /** The whole row, as a send is accepted. */
    static final RowBinder<EmailSend> ALL = DETAILS.and(PROGRESS);

    private EmailSendRow() {}

    /** The send a row of {@code SELECT *} holds. */
    private static Optional<JourneyLink> journey(EmailSend send) {
        return Optional.ofNullable(send.details().journey());
    }

    private static Optional<Mailbox> recipient(EmailSend send) {
        return Optional.ofNullable(send.details().to());
    }

    private static Optional<DkimSignature> dkim(EmailSend send) {
        return Optional.ofNullable(send.dkim());
    }

    private static Optional<AudienceLink> audience(EmailSend send) {
        return Optional.ofNullable(send.details().audience());
    }

    private static Optional<CarrierRef> carrier(EmailSend send) {
        return audience(send).map(AudienceLink::carrier);
    }

    private static AudienceLink audienceOf(ResultSet row, WorkspaceId workspaceId) throws SQLException {
        String group = row.getString("subscription_group_id");
        if (group == null) {
            return null;
        }
        String carrierId = row.getString("carrier_id");
        CarrierRef carrier = carrierId == null
                ? null
                : new CarrierRef(
                        workspaceId,
                        CarrierType.valueOf(row.getString("carrier_type").toUpperCase(Locale.ROOT)),
                        carrierId);
        return new AudienceLink(group, carrier);
    }

    static EmailSend read(ResultSet row) throws SQLException {
        WorkspaceId workspaceId = new WorkspaceId(row.getString("workspace_id"));
        EmailSendDetails details = new EmailSendDetails(
                row.getString("id"),
                workspaceId,
                row.getString("profile_id"),
                row.getString("template_id"),
                row.getString("template_snapshot_id"),
                row.getString("to_email") == null
                        ? null
                        : new Mailbox(new EmailAddress(row.getString("to_email")), row.getString("to_name")),
                row.getString("to_external_id"),
                new Mailbox(new EmailAddress(row.getString("from_email")), row.getString("from_name")),
                addressOf(row.getString("reply_to")),
                row.getString("subject"),
                split(row.getString("cc")),
                split(row.getString("bcc")),
                row.getString("data"),
                new Tracking(row.getBoolean("track_clicks"), row.getBoolean("track_opens")),
                SendPriority.ofRank(row.getShort("priority")),
                row.getString("message_id"),
                row.getString("idempotency_key"),
                instant(row, "created_at"),
                row.getString("journey_run_id") == null
                        ? null
                        : new JourneyLink(
                                row.getString("journey_run_id"),
                                row.getString("journey_step_id"),
                                row.getString("event_id")),
                audienceOf(row, workspaceId));
        DeliveryProgress progress = new DeliveryProgress(
                EmailSendStatus.valueOf(row.getString("status").toUpperCase(Locale.ROOT)),
                row.getInt("attempts"),
                instant(row, "next_attempt_at"),
                instant(row, "lease_until"),
                row.getString("last_reply"),
                row.getString("failure_message"),
                instant(row, "updated_at"));
        String dkimStatus = row.getString("dkim_status");
        DkimSignature dkim = dkimStatus == null
                ? null
                : new DkimSignature(
                        DkimSignature.Status.fromWire(dkimStatus),
                        row.getString("dkim_domain"),
                        row.getString("dkim_reason"));
        return EmailSend.restore(details, progress, withheld(row.getString("withheld_recipients")), dkim);
    }

    private static java.time.Instant instant(ResultSet row, String column) throws SQLException {
        return Times.instant(row.getObject(column, OffsetDateTime.class));
    }

    /** One line per withheld recipient: kind, suppression reason, address; null for none. */
    private static String withheldColumn(List<WithheldRecipient> withheld) {
        return withheld.isEmpty()
                ? null
                : withheld.stream()
                        .map(w -> w.kind().wireName() + " "
                                + w.suppressionReason().wireName() + " "
                                + w.address().value())
                        .collect(Collectors.joining("\n"));
    }

    private static List<WithheldRecipient> withheld(String column) {
        return column == null || column.isEmpty()
                ? List.of()
                : column.lines()
                        .map(line -> {
                            String[] fields = line.split(" ", 3);
                            return new WithheldRecipient(
                                    new EmailAddress(fields[2]),
                                    RecipientKind.fromWire(fields[0]),
                                    SuppressionReason.fromWire(fields[1]));
                        })
                        .toList();
    }

    private static String addressOrNull(EmailAddress address) {
        return address == null ? null : address.value();
    }

    private static EmailAddress addressOf(String column) {
        return column == null ? null : new EmailAddress(column);
    }

    /** Addresses separated by commas (an address never holds one: the domain refuses it); null for none. */
    private static String join(List<EmailAddress> addresses) {
        return addresses.isEmpty()
                ? null
                : addresses.stream().map(EmailAddress::value).collect(Collectors.joining(","));
    }

    private static List<EmailAddress> split(String addresses) {
        return addresses == null || addresses.isEmpty()
                ? List.of()
                : Arrays.stream(addresses.split(",")).map(EmailAddress::new).toList();
    }
}
