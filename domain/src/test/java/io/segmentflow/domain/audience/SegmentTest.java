package io.segmentflow.domain.audience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.segmentflow.domain.condition.Condition;
import io.segmentflow.domain.condition.FieldPath;
import io.segmentflow.domain.condition.Literal;
import io.segmentflow.domain.shared.InvalidValueException;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A segment is a named condition on Profile properties, and on nothing else. */
class SegmentTest {
    private static final Instant NOW = Instant.parse("2030-01-15T10:00:00Z");
    private static final WorkspaceId ACME = new WorkspaceId("ws_acme");
    private static final Condition PRO = new Condition.Equals(FieldPath.parse("profile.plan"), new Literal.Text("pro"));

    @Test
    void a_segment_reads_profile_fields() {
        Segment segment = Segment.create(ACME, "Pro plan", PRO, NOW);

        assertThat(segment.id()).startsWith("seg_");
        assertThat(segment.condition()).isEqualTo(PRO);
    }

    @Test
    void a_condition_that_reads_an_event_field_anywhere_is_refused() {
        Condition nested = new Condition.AllOf(
                List.of(PRO, new Condition.Not(new Condition.Exists(FieldPath.parse("event.order.total")))));

        assertThatThrownBy(() -> Segment.create(ACME, "Buyers", nested, NOW))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("profile.*")
                .extracting(e -> ((InvalidValueException) e).field())
                .isEqualTo("condition");
    }

    @Test
    void a_segment_needs_a_name_and_a_condition() {
        assertThatThrownBy(() -> Segment.create(ACME, "", PRO, NOW)).isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> Segment.create(ACME, "Pro", null, NOW))
                .isInstanceOf(InvalidValueException.class)
                .extracting(e -> ((InvalidValueException) e).field())
                .isEqualTo("condition");
    }

    @Test
    void an_edit_keeps_the_id_and_takes_the_new_condition() {
        Segment segment = Segment.create(ACME, "Pro plan", PRO, NOW);
        Condition free = new Condition.Equals(FieldPath.parse("profile.plan"), new Literal.Text("free"));

        Segment edited = segment.edited("Free plan", free, NOW.plusSeconds(5));

        assertThat(edited.id()).isEqualTo(segment.id());
        assertThat(edited.condition()).isEqualTo(free);
        assertThat(edited.createdAt()).isEqualTo(NOW);
    }
}
