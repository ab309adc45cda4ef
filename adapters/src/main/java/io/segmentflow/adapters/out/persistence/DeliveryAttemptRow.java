package io.segmentflow.adapters.out.persistence;

import static io.segmentflow.adapters.out.persistence.RowBinder.column;

import io.segmentflow.domain.email.DeliveryAttempt;
import io.segmentflow.domain.email.EmailAddress;
import io.segmentflow.domain.email.RecipientKind;
import io.segmentflow.domain.email.RecipientReply;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A row of {@code email_send_attempts} and the DeliveryAttempt it holds, both ways: the table's one mapper, written
 * in the batch that records a claim's results (see {@link JpaEmailSends}).
 */
final class DeliveryAttemptRow {
    static final String TABLE = "email_send_attempts";

    static final RowBinder<DeliveryAttempt> ALL = RowBinder.of(
            column("email_send_id", Types.VARCHAR, DeliveryAttempt::sendId),
            column("attempt", Types.INTEGER, DeliveryAttempt::number),
            column("started_at", Types.TIMESTAMP_WITH_TIMEZONE, a -> Times.column(a.startedAt())),
            column("finished_at", Types.TIMESTAMP_WITH_TIMEZONE, a -> Times.column(a.finishedAt())),
            column("result", Types.VARCHAR, a -> a.result().wireName()),
            column("reply", Types.VARCHAR, DeliveryAttempt::reply),
            column("recipients", Types.VARCHAR, a -> recipientsColumn(a.recipients())));

    private DeliveryAttemptRow() {}

    /** The attempt a row of {@code SELECT a.*} holds. */
    static DeliveryAttempt read(ResultSet row) throws SQLException {
        return new DeliveryAttempt(
                row.getString("email_send_id"),
                row.getInt("attempt"),
                row.getObject("started_at", OffsetDateTime.class).toInstant(),
                row.getObject("finished_at", OffsetDateTime.class).toInstant(),
                DeliveryAttempt.Result.fromWire(row.getString("result")),
                row.getString("reply"),
                recipients(row.getString("recipients")));
    }

    /** One line per recipient: kind, result, address, then the reply (already on one line); null for none. */
    private static String recipientsColumn(List<RecipientReply> replies) {
        return replies.isEmpty()
                ? null
                : replies.stream()
                        .map(r -> r.kind().wireName() + " " + r.result().wireName() + " "
                                + r.address().value() + (r.reply() == null ? "" : " " + r.reply()))
                        .collect(Collectors.joining("\n"));
    }

    private static List<RecipientReply> recipients(String column) {
        return column == null || column.isEmpty()
                ? List.of()
                : column.lines()
                        .map(line -> {
                            String[] fields = line.split(" ", 4);
                            return new RecipientReply(
                                    new EmailAddress(fields[2]),
                                    RecipientKind.fromWire(fields[0]),
                                    DeliveryAttempt.Result.fromWire(fields[1]),
                                    fields.length > 3 ? fields[3] : null);
                        })
                        .toList();
    }
}
