package io.segmentflow.adapters.out.persistence;

import static io.segmentflow.adapters.out.persistence.RowBinder.column;

import io.segmentflow.adapters.shared.Jsonp;
import io.segmentflow.domain.sender.DnsRecord;
import io.segmentflow.domain.sender.DomainName;
import io.segmentflow.domain.sender.RecordCheck;
import io.segmentflow.domain.sender.SenderDomain;
import io.segmentflow.domain.sender.SenderDomainStatus;
import io.segmentflow.domain.workspace.WorkspaceId;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import java.io.StringReader;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;

/**
 * A row of {@code sender_domains} and the SenderDomain it holds, both ways. What the last verification found per
 * record is kept as a JSON array in {@code checks}.
 */
final class SenderDomainRow {
    static final String TABLE = "sender_domains";

    /** Fixed when the domain is made. */
    private static final RowBinder<SenderDomain> IDENTITY = RowBinder.of(
            column("id", Types.VARCHAR, SenderDomain::id),
            column("workspace_id", Types.VARCHAR, d -> d.workspaceId().value()),
            column("name", Types.VARCHAR, d -> d.name().value()),
            column("selector", Types.VARCHAR, SenderDomain::selector),
            column("public_key", Types.VARCHAR, SenderDomain::publicKey),
            column("sealed_private_key", Types.VARCHAR, SenderDomain::sealedPrivateKey),
            column("created_at", Types.TIMESTAMP_WITH_TIMEZONE, d -> Times.column(d.createdAt())));

    /** What each verification changes. */
    static final RowBinder<SenderDomain> VERIFICATION = RowBinder.of(
            column("status", Types.VARCHAR, d -> d.status().wireName()),
            column("checks", Types.VARCHAR, d -> checksColumn(d.checks())),
            column("checked_at", Types.TIMESTAMP_WITH_TIMEZONE, d -> Times.column(d.checkedAt())),
            column("updated_at", Types.TIMESTAMP_WITH_TIMEZONE, d -> Times.column(d.updatedAt())));

    static final RowBinder<SenderDomain> ALL = IDENTITY.and(VERIFICATION);

    private SenderDomainRow() {}

    static SenderDomain read(ResultSet row) throws SQLException {
        return SenderDomain.restore(
                row.getString("id"),
                new WorkspaceId(row.getString("workspace_id")),
                new DomainName(row.getString("name")),
                row.getString("selector"),
                row.getString("public_key"),
                row.getString("sealed_private_key"),
                SenderDomainStatus.fromWire(row.getString("status")),
                checks(row.getString("checks")),
                instant(row, "checked_at"),
                instant(row, "created_at"),
                instant(row, "updated_at"));
    }

    private static java.time.Instant instant(ResultSet row, String column) throws SQLException {
        return Times.instant(row.getObject(column, OffsetDateTime.class));
    }

    private static String checksColumn(List<RecordCheck> checks) {
        if (checks.isEmpty()) {
            return null;
        }
        JsonArrayBuilder array = Jsonp.PROVIDER.createArrayBuilder();
        for (RecordCheck check : checks) {
            JsonObjectBuilder item = Jsonp.PROVIDER
                    .createObjectBuilder()
                    .add("purpose", check.purpose().wireName())
                    .add("name", check.name())
                    .add("result", check.result().wireName())
                    .add("found", Jsonp.PROVIDER.createArrayBuilder(check.found()));
            if (check.problem() != null) {
                item.add("problem", check.problem());
            }
            array.add(item);
        }
        return array.build().toString();
    }

    private static List<RecordCheck> checks(String column) {
        if (column == null || column.isEmpty()) {
            return List.of();
        }
        JsonArray array = Jsonp.PROVIDER.createReader(new StringReader(column)).readArray();
        return array.getValuesAs(JsonObject.class).stream()
                .map(item -> new RecordCheck(
                        DnsRecord.Purpose.valueOf(item.getString("purpose").toUpperCase(Locale.ROOT)),
                        item.getString("name"),
                        RecordCheck.Result.fromWire(item.getString("result")),
                        item.getJsonArray("found").getValuesAs(JsonString.class).stream()
                                .map(JsonString::getString)
                                .toList(),
                        item.getString("problem", null)))
                .toList();
    }
}
