package io.segmentflow.application.audience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.segmentflow.application.Page;
import io.segmentflow.application.error.NotFoundException;
import io.segmentflow.application.error.ValidationFailedException;
import io.segmentflow.application.fake.FakeTransactions;
import io.segmentflow.application.fake.InMemoryProfiles;
import io.segmentflow.application.fake.ManualClock;
import io.segmentflow.application.port.out.Audiences;
import io.segmentflow.application.port.out.Segments;
import io.segmentflow.domain.audience.AudienceCounts;
import io.segmentflow.domain.audience.AudienceMember;
import io.segmentflow.domain.audience.AudienceSpec;
import io.segmentflow.domain.audience.Segment;
import io.segmentflow.domain.audience.SegmentPreview;
import io.segmentflow.domain.condition.Condition;
import io.segmentflow.domain.condition.FieldPath;
import io.segmentflow.domain.condition.FieldValues;
import io.segmentflow.domain.condition.Literal;
import io.segmentflow.domain.email.EmailAddress;
import io.segmentflow.domain.profile.Profile;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Segments are kept per workspace; a preview counts what the store's evaluation picks and shows those Profiles. */
class SegmentServiceTest {
    private static final Instant NOW = Instant.parse("2030-01-15T10:00:00Z");
    private static final WorkspaceId ACME = new WorkspaceId("ws_acme");
    private static final WorkspaceId GLOBEX = new WorkspaceId("ws_globex");
    private static final Condition PRO = new Condition.Equals(FieldPath.parse("profile.plan"), new Literal.Text("pro"));

    private final ManualClock clock = new ManualClock(NOW);
    private final InMemoryProfiles profiles = new InMemoryProfiles();
    private final StoredSegments segments = new StoredSegments();
    private final FakeTransactions transactions = new FakeTransactions(profiles);
    /** The store's evaluation, played here by the condition model over the Profiles in memory. */
    private final Audiences audiences = new Audiences() {
        @Override
        public AudienceCounts count(WorkspaceId workspaceId, AudienceSpec audience) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<AudienceMember> page(
                WorkspaceId workspaceId, AudienceSpec audience, String from, String to, String after, int limit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public SegmentPreview preview(WorkspaceId workspaceId, Condition condition, int sampleSize) {
            List<String> picked = new ArrayList<>();
            for (Profile p : profiles.list(workspaceId, null, 1000)) {
                String plan = p.properties().contains("\"pro\"") ? "pro" : "free";
                if (condition.holdsFor(new FieldValues(Map.of("plan", plan), Map.of()))) {
                    picked.add(p.id());
                }
            }
            return new SegmentPreview(picked.size(), picked.subList(0, Math.min(sampleSize, picked.size())));
        }
    };

    private final SegmentService service = new SegmentService(segments, audiences, profiles, transactions, clock);

    @Test
    void a_created_segment_reads_back_in_its_workspace_only() {
        Segment created = service.create(ACME, "Pro plan", PRO);

        assertThat(service.get(ACME, created.id())).isEqualTo(created);
        assertThatThrownBy(() -> service.get(GLOBEX, created.id())).isInstanceOf(NotFoundException.class);
    }

    @Test
    void a_segment_on_event_fields_is_refused_as_invalid_input() {
        Condition onEvents = new Condition.Exists(FieldPath.parse("event.total"));

        assertThatThrownBy(() -> service.create(ACME, "Buyers", onEvents))
                .isInstanceOf(ValidationFailedException.class)
                .hasMessageContaining("condition");
        assertThat(segments.all).isEmpty();
    }

    @Test
    void a_preview_counts_the_picked_profiles_and_shows_the_first() {
        Segment pros = service.create(ACME, "Pro plan", PRO);
        Profile ada = pro("ada@example.test");
        pro("bob@example.test");
        profiles.upsert(ACME, EmailAddress.of("cy@example.test"), null, NOW);

        ManageSegmentsUseCase.Preview preview = service.preview(ACME, pros.id(), 1);

        assertThat(preview.count()).isEqualTo(2);
        assertThat(preview.sample()).extracting(Profile::id).containsExactly(ada.id());
    }

    @Test
    void a_preview_sample_is_bounded() {
        Segment pros = service.create(ACME, "Pro plan", PRO);

        assertThatThrownBy(() -> service.preview(ACME, pros.id(), 101)).isInstanceOf(ValidationFailedException.class);
        assertThatThrownBy(() -> service.preview(ACME, pros.id(), -1)).isInstanceOf(ValidationFailedException.class);
    }

    @Test
    void a_deleted_segment_is_gone_for_every_operation() {
        Segment pros = service.create(ACME, "Pro plan", PRO);

        service.delete(ACME, pros.id());

        assertThatThrownBy(() -> service.get(ACME, pros.id())).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> service.preview(ACME, pros.id(), 1)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> service.delete(ACME, pros.id())).isInstanceOf(NotFoundException.class);
    }

    @Test
    void segments_are_listed_a_page_at_a_time() {
        Segment first = service.create(ACME, "One", PRO);
        Segment second = service.create(ACME, "Two", PRO);
        service.create(GLOBEX, "Theirs", PRO);

        Page<Segment> page = service.list(ACME, null, 1);
        Page<Segment> next = service.list(ACME, page.nextCursor(), 1);

        assertThat(page.data()).containsExactly(first);
        assertThat(next.data()).containsExactly(second);
        assertThat(next.hasMore()).isFalse();
    }

    private Profile pro(String email) {
        Profile profile = profiles.upsert(ACME, EmailAddress.of(email), null, NOW);
        Profile pro = profile.withProperties("{\"plan\":\"pro\"}", NOW);
        profiles.update(pro);
        return pro;
    }

    /** Segments in memory, in id order. */
    private static final class StoredSegments implements Segments {
        final TreeMap<String, Segment> all = new TreeMap<>();

        @Override
        public void add(Segment segment) {
            all.put(segment.id(), segment);
        }

        @Override
        public void update(Segment segment) {
            all.put(segment.id(), segment);
        }

        @Override
        public Optional<Segment> find(WorkspaceId workspaceId, String id) {
            return Optional.ofNullable(all.get(id)).filter(s -> s.workspaceId().equals(workspaceId));
        }

        @Override
        public List<Segment> list(WorkspaceId workspaceId, String afterId, int limit) {
            return all.tailMap(afterId == null ? "" : afterId, false).values().stream()
                    .filter(s -> s.workspaceId().equals(workspaceId))
                    .limit(limit)
                    .toList();
        }

        @Override
        public boolean remove(WorkspaceId workspaceId, String id, Instant now) {
            return find(workspaceId, id).isPresent() && all.remove(id) != null;
        }
    }
}
