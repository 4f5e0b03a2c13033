package dev.goodhart.scoring.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.goodhart.model.Finding;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A finding read back from either store equals the one kept, every component included. */
class FindingStoreTest {
    private static final Finding OWED = new Finding("expected-response", 2.5, 0.006, 0.006, 0.07,
            "tokens rose 92% beyond its earlier trend; that bought at most 3% shorter cycle_time", "shortfall z = 2.50",
            List.of(LocalDate.of(2025, 3, 3), LocalDate.of(2025, 4, 7)));
    private static final Finding NOTHING_OWED = new Finding("expected-response", 0.4, 1, 1, 0.001,
            "tokens moved 2% beyond its earlier trend, not a material rise (10% or more)", "", List.of())
            .withNothingOwed();
    private static final Finding UNDECIDED = new Finding("expected-response", 2.6, 1, 1, 0.36,
            "prompts rose 80% beyond its earlier trend, as its peers' lines read its trend", "", List.of())
            .withUndecided();

    @Test
    void theDiskStoreKeepsEveryComponent(@TempDir Path dir) {
        try (FindingStore store = FindingStore.onDisk(dir)) {
            long a = store.put(OWED);
            long note = store.put("a note");
            long b = store.put(NOTHING_OWED);
            assertThat(store.finding(b)).isEqualTo(NOTHING_OWED);
            assertThat(store.finding(b).nothingOwed()).isTrue();
            assertThat(store.finding(a)).isEqualTo(OWED);
            assertThat(store.finding(a).nothingOwed()).isFalse();
            assertThat(store.note(note)).isEqualTo("a note");
            long c = store.put(UNDECIDED);
            assertThat(store.finding(c)).isEqualTo(UNDECIDED);
            assertThat(store.finding(c).undecided()).isTrue();
            assertThat(store.finding(a).undecided()).isFalse();
        }
    }

    @Test
    void theHeapStoreKeepsEveryComponent() {
        try (FindingStore store = FindingStore.inMemory()) {
            assertThat(store.finding(store.put(NOTHING_OWED))).isEqualTo(NOTHING_OWED);
        }
    }

    @Test
    void qValuesAndDatesKeepTheMark() {
        assertThat(NOTHING_OWED.withQValue(0.5).nothingOwed()).isTrue();
        assertThat(NOTHING_OWED.withDates(List.of(LocalDate.of(2025, 1, 6))).nothingOwed()).isTrue();
        assertThat(OWED.withQValue(0.5).nothingOwed()).isFalse();
        assertThat(UNDECIDED.withQValue(0.5).withDates(List.of(LocalDate.of(2025, 1, 6))).undecided()).isTrue();
        assertThat(UNDECIDED.withNothingOwed().undecided()).isTrue();
        assertThat(NOTHING_OWED.withUndecided().nothingOwed()).isTrue();
    }
}
