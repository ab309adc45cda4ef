package io.segmentflow.adapters.out.persistence;

import static io.segmentflow.adapters.out.persistence.RowBinder.column;

import io.segmentflow.domain.audience.CarrierLifecycle;
import io.segmentflow.domain.audience.CarrierStatus;
import io.segmentflow.domain.email.EmailAddress;
import io.segmentflow.domain.email.Mailbox;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.function.Function;

/**
 * The lifecycle columns {@code broadcasts} and {@code newsletter_issues} share, both ways: the one mapper of a
 * {@link CarrierLifecycle}, used by {@link BroadcastRow} and {@link NewsletterIssueRow}; and of a sender's two columns.
 */
final class CarrierLifecycleRow {
    private CarrierLifecycleRow() {}

    /** The lifecycle's columns, taken from the lifecycle of a {@code T}. */
    static <T> RowBinder<T> columns(Function<T, CarrierLifecycle> lifecycleOf) {
        Function<T, CarrierLifecycle.Pinned> pinned =
                row -> lifecycleOf.apply(row).pinned();
        return RowBinder.of(
                column(
                        "status",
                        Types.VARCHAR,
                        row -> lifecycleOf.apply(row).status().wireName()),
                column(
                        "send_at",
                        Types.TIMESTAMP_WITH_TIMEZONE,
                        row -> Times.column(lifecycleOf.apply(row).sendAt())),
                column(
                        "pinned_snapshot_id",
                        Types.VARCHAR,
                        row -> pinned.apply(row) == null
                                ? null
                                : pinned.apply(row).templateSnapshotId()),
                column(
                        "pinned_from_email",
                        Types.VARCHAR,
                        row -> pinned.apply(row) == null
                                ? null
                                : pinned.apply(row).from().address().value()),
                column(
                        "pinned_from_name",
                        Types.VARCHAR,
                        row -> pinned.apply(row) == null
                                ? null
                                : pinned.apply(row).from().displayName()),
                column(
                        "started_at",
                        Types.TIMESTAMP_WITH_TIMEZONE,
                        row -> Times.column(lifecycleOf.apply(row).startedAt())),
                column(
                        "finished_at",
                        Types.TIMESTAMP_WITH_TIMEZONE,
                        row -> Times.column(lifecycleOf.apply(row).finishedAt())),
                column("written", Types.BIGINT, row -> lifecycleOf.apply(row).written()),
                column(
                        "failure_reason",
                        Types.VARCHAR,
                        row -> lifecycleOf.apply(row).failureReason()));
    }

    static CarrierLifecycle read(ResultSet row, String carrier) throws SQLException {
        String snapshot = row.getString("pinned_snapshot_id");
        CarrierLifecycle.Pinned pinned = snapshot == null
                ? null
                : new CarrierLifecycle.Pinned(
                        snapshot, mailbox(row.getString("pinned_from_email"), row.getString("pinned_from_name")));
        return CarrierLifecycle.restore(
                carrier,
                CarrierStatus.fromWire(row.getString("status")),
                Times.instant(row.getObject("send_at", OffsetDateTime.class)),
                pinned,
                Times.instant(row.getObject("started_at", OffsetDateTime.class)),
                Times.instant(row.getObject("finished_at", OffsetDateTime.class)),
                row.getLong("written"),
                row.getString("failure_reason"));
    }

    /** A sender stored as its address and display name; null when there is no address. */
    static Mailbox mailbox(String email, String name) {
        return email == null ? null : new Mailbox(new EmailAddress(email), name);
    }

    static String emailOf(Mailbox mailbox) {
        return mailbox == null ? null : mailbox.address().value();
    }

    static String nameOf(Mailbox mailbox) {
        return mailbox == null ? null : mailbox.displayName();
    }
}
