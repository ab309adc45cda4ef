package io.segmentflow.adapters.out.persistence;

import io.segmentflow.adapters.shared.JourneyJson;
import io.segmentflow.adapters.shared.Jsonp;
import io.segmentflow.domain.audience.Segment;
import io.segmentflow.domain.condition.Condition;
import io.segmentflow.domain.workspace.WorkspaceId;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.io.StringReader;
import java.time.OffsetDateTime;

/** A segment; its condition is kept in the API's JSON form ({@link JourneyJson}), as Journey filters are. */
@Entity
@Table(name = "segments")
class SegmentEntity {
    @Id
    String id;

    @Column(name = "workspace_id")
    String workspaceId;

    String name;

    /** The condition's JSON. */
    String definition;

    @Column(name = "created_at")
    OffsetDateTime createdAt;

    @Column(name = "updated_at")
    OffsetDateTime updatedAt;

    @Column(name = "deleted_at")
    OffsetDateTime deletedAt;

    static SegmentEntity of(Segment segment) {
        SegmentEntity e = new SegmentEntity();
        e.id = segment.id();
        e.workspaceId = segment.workspaceId().value();
        e.createdAt = Times.column(segment.createdAt());
        e.copy(segment);
        return e;
    }

    void copy(Segment segment) {
        name = segment.name();
        definition = JourneyJson.write(segment.condition()).toString();
        updatedAt = Times.column(segment.updatedAt());
    }

    Segment toDomain() {
        return new Segment(
                id,
                new WorkspaceId(workspaceId),
                name,
                condition(id, definition),
                Times.instant(createdAt),
                Times.instant(updatedAt));
    }

    /** The stored condition; it was checked when written, so a problem now is a broken row. */
    static Condition condition(String segmentId, String definition) {
        Condition condition = JourneyJson.condition(
                Jsonp.PROVIDER.createReader(new StringReader(definition)).readValue(),
                "condition",
                (field, message) -> {
                    throw new IllegalStateException(
                            "segment " + segmentId + " holds an unreadable condition at " + field + ": " + message);
                },
                1);
        if (condition == null) {
            throw new IllegalStateException("segment " + segmentId + " holds no condition");
        }
        return condition;
    }
}
