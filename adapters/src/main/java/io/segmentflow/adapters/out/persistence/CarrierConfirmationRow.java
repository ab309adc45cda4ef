package io.segmentflow.adapters.out.persistence;

import static io.segmentflow.adapters.out.persistence.RowBinder.column;

import io.segmentflow.domain.audience.CarrierConfirmation;
import io.segmentflow.domain.audience.CarrierRef;
import io.segmentflow.domain.audience.CarrierType;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.Locale;

/** A confirmation link's row in {@code carrier_confirmations}, both ways: the one mapper of the table. */
final class CarrierConfirmationRow {
    static final String TABLE = "carrier_confirmations";

    static final RowBinder<CarrierConfirmation> ALL = RowBinder.of(
            column("token_hash", Types.VARCHAR, CarrierConfirmation::tokenHash),
            column("workspace_id", Types.VARCHAR, c -> c.carrier().workspaceId().value()),
            column("carrier_type", Types.VARCHAR, c -> c.carrier().type().wireName()),
            column("carrier_id", Types.VARCHAR, c -> c.carrier().id()),
            column("created_at", Types.TIMESTAMP_WITH_TIMEZONE, c -> Times.column(c.createdAt())),
            column("expires_at", Types.TIMESTAMP_WITH_TIMEZONE, c -> Times.column(c.expiresAt())),
            column("used_at", Types.TIMESTAMP_WITH_TIMEZONE, c -> Times.column(c.usedAt())));

    /** The one column a redeemed link changes. */
    static final RowBinder<CarrierConfirmation> USE =
            RowBinder.of(column("used_at", Types.TIMESTAMP_WITH_TIMEZONE, c -> Times.column(c.usedAt())));

    private CarrierConfirmationRow() {}

    static CarrierConfirmation read(ResultSet row) throws SQLException {
        return CarrierConfirmation.restore(
                row.getString("token_hash"),
                new CarrierRef(
                        new WorkspaceId(row.getString("workspace_id")),
                        CarrierType.valueOf(row.getString("carrier_type").toUpperCase(Locale.ROOT)),
                        row.getString("carrier_id")),
                Times.instant(row.getObject("created_at", OffsetDateTime.class)),
                Times.instant(row.getObject("expires_at", OffsetDateTime.class)),
                Times.instant(row.getObject("used_at", OffsetDateTime.class)));
    }
}
