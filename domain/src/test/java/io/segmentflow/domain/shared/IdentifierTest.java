package io.segmentflow.domain.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IdentifierTest {
    private static final Instant NOW = Instant.parse("2025-03-01T10:00:00.123Z");

    @Test
    void an_id_is_its_prefix_and_26_characters_of_crockford_base32() {
        String id = Identifier.next("em", NOW);

        assertThat(id).startsWith("em_");
        assertThat(id.substring(3)).hasSize(26).matches("[0-9abcdefghjkmnpqrstvwxyz]{26}");
    }

    @Test
    void ids_made_in_a_later_millisecond_sort_after_earlier_ones() {
        for (int i = 0; i < 1000; i++) {
            Instant earlier = NOW.plusMillis(i);
            String first = Identifier.next("em", earlier);
            String second = Identifier.next("em", earlier.plusMillis(1));

            assertThat(first).isLessThan(second);
        }
    }

    @Test
    void the_lowest_id_of_a_time_sorts_above_ids_made_before_it_and_below_ids_made_from_it_on() {
        String lowest = Identifier.lowestAt("em", NOW);

        for (int i = 0; i < 100; i++) {
            assertThat(Identifier.next("em", NOW.minusMillis(1))).isLessThan(lowest);
            assertThat(Identifier.next("em", NOW)).isGreaterThanOrEqualTo(lowest);
            assertThat(Identifier.next("em", NOW.plusSeconds(i))).isGreaterThan(lowest);
        }
        assertThat(lowest).hasSize(29).endsWith("0".repeat(16));
    }

    @Test
    void ids_sort_by_time_across_years() {
        List<Instant> times = List.of(
                Instant.parse("1970-01-01T00:00:00.001Z"),
                Instant.parse("2001-09-09T01:46:40Z"),
                NOW,
                NOW.plus(Duration.ofDays(365 * 50)),
                Instant.parse("9999-12-31T23:59:59.999Z"));
        List<String> ids = new ArrayList<>();
        for (Instant time : times) {
            ids.add(Identifier.next("em", time));
        }

        assertThat(ids).isSorted();
    }

    @Test
    void ids_of_one_millisecond_share_their_time_part_and_differ_in_their_random_part() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            ids.add(Identifier.next("em", NOW));
        }

        assertThat(ids).hasSize(10_000);
        assertThat(ids)
                .extracting(id -> id.substring(3, 13))
                .containsOnly(Identifier.next("em", NOW).substring(3, 13));
    }

    @Test
    void the_time_part_is_the_millisecond_in_base32() {
        String id = Identifier.next("x", Instant.ofEpochMilli(32 * 32 + 2 * 32 + 31));

        assertThat(id.substring(2, 12)).isEqualTo("000000012z");
    }

    @Test
    void ids_made_in_the_same_millisecond_sort_in_the_order_they_were_made() {
        Instant sameMillisecond = Instant.parse("2026-11-26T12:00:00.123Z");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            ids.add(Identifier.next("em", sameMillisecond));
        }

        assertThat(ids).isSorted().doesNotHaveDuplicates();
    }
}
