package io.segmentflow.application.audience;

import io.segmentflow.application.Page;
import io.segmentflow.application.error.NotFoundException;
import io.segmentflow.application.error.ValidationFailedException;
import io.segmentflow.application.port.out.Audiences;
import io.segmentflow.application.port.out.Profiles;
import io.segmentflow.application.port.out.Segments;
import io.segmentflow.application.port.out.Transactions;
import io.segmentflow.domain.audience.Segment;
import io.segmentflow.domain.audience.SegmentPreview;
import io.segmentflow.domain.condition.Condition;
import io.segmentflow.domain.profile.Profile;
import io.segmentflow.domain.shared.InvalidValueException;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Keeps segments; a preview asks the store, which evaluates the condition itself, for the count and a sample. */
public class SegmentService implements ManageSegmentsUseCase {
    private final Segments segments;
    private final Audiences audiences;
    private final Profiles profiles;
    private final Transactions transactions;
    private final Clock clock;

    public SegmentService(
            Segments segments, Audiences audiences, Profiles profiles, Transactions transactions, Clock clock) {
        this.segments = segments;
        this.audiences = audiences;
        this.profiles = profiles;
        this.transactions = transactions;
        this.clock = clock;
    }

    @Override
    public Segment create(WorkspaceId workspaceId, String name, Condition condition) {
        Segment segment = valid(() -> Segment.create(workspaceId, name, condition, clock.instant()));
        transactions.inTransaction(() -> {
            segments.add(segment);
            return null;
        });
        return segment;
    }

    @Override
    public Segment get(WorkspaceId workspaceId, String id) {
        return segments.find(workspaceId, id).orElseThrow(() -> new NotFoundException("segment", id));
    }

    @Override
    public Page<Segment> list(WorkspaceId workspaceId, String cursor, int limit) {
        Page.checkLimit(limit, MAX_LIMIT);
        List<Segment> rows = segments.list(workspaceId, Page.idAfter(cursor), limit + 1);
        return Page.of(rows, limit, s -> Page.cursorAfter(s.id()));
    }

    @Override
    public Segment update(WorkspaceId workspaceId, String id, String name, Condition condition) {
        return transactions.inTransaction(() -> {
            Segment edited = valid(() -> get(workspaceId, id).edited(name, condition, clock.instant()));
            segments.update(edited);
            return edited;
        });
    }

    @Override
    public void delete(WorkspaceId workspaceId, String id) {
        if (!transactions.inTransaction(() -> segments.remove(workspaceId, id, clock.instant()))) {
            throw new NotFoundException("segment", id);
        }
    }

    @Override
    public Preview preview(WorkspaceId workspaceId, String id, int sampleSize) {
        if (sampleSize < 0 || sampleSize > MAX_SAMPLE) {
            throw new ValidationFailedException("sample", "must be a whole number from 0 to " + MAX_SAMPLE);
        }
        Segment segment = get(workspaceId, id);
        SegmentPreview preview = audiences.preview(workspaceId, segment.condition(), sampleSize);
        if (preview.sampleProfileIds().isEmpty()) {
            return new Preview(preview.count(), List.of());
        }
        Map<String, Profile> found =
                transactions.inTransaction(() -> profiles.findAll(workspaceId, preview.sampleProfileIds()));
        // A Profile erased between the two reads is left out of the sample.
        List<Profile> sample = preview.sampleProfileIds().stream()
                .map(found::get)
                .filter(Objects::nonNull)
                .toList();
        return new Preview(preview.count(), sample);
    }

    private static <T> T valid(java.util.function.Supplier<T> make) {
        try {
            return make.get();
        } catch (InvalidValueException e) {
            throw new ValidationFailedException(e.field(), e.getMessage());
        }
    }
}
