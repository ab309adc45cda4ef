package io.segmentflow.adapters.out.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MultiRowInsertTest {
    private final MultiRowInsert insert =
            new MultiRowInsert("INSERT INTO t (a, b) VALUES ", "(?, ?)", " ON CONFLICT DO NOTHING");

    @Test
    void each_power_of_two_of_rows_up_to_the_most_has_its_text() {
        assertThat(insert.withRows(1)).isEqualTo("INSERT INTO t (a, b) VALUES (?, ?) ON CONFLICT DO NOTHING");
        assertThat(insert.withRows(4))
                .isEqualTo("INSERT INTO t (a, b) VALUES (?, ?), (?, ?), (?, ?), (?, ?) ON CONFLICT DO NOTHING");
        assertThat(insert.withRows(MultiRowInsert.MAX_ROWS).split("\\(\\?, \\?\\)", -1))
                .hasSize(MultiRowInsert.MAX_ROWS + 1);
    }

    @Test
    void any_other_number_of_rows_is_refused() {
        assertThatThrownBy(() -> insert.withRows(3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> insert.withRows(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> insert.withRows(2 * MultiRowInsert.MAX_ROWS))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
