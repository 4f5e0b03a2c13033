package dev.goodhart.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.goodhart.activity.EventAccount;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The input accounts' sentences name each line once: records of one line (an OpenAI page, a JSON array, a wide file's
 * values) share its number, and a reviewer found "lines 1, 1, 1".
 */
class AccountSentenceTest {
    @Test
    void recordsOfOneLineNameItOnce() {
        EventAccount page = new EventAccount("usage.json", "line", 5, 2, Map.of("repeating an earlier record", 3L),
                Map.of("repeating an earlier record", List.of(1L, 1L, 1L)));
        assertThat(page.sentence()).isEqualTo("Read 5 records of usage.json, used 2; skipped 3 repeating an earlier "
                + "record (all on line 1).");
        EventAccount more = new EventAccount("usage.json", "line", 12, 2, Map.of("repeating an earlier record", 10L),
                Map.of("repeating an earlier record", List.of(1L, 1L, 1L, 4L, 4L)));
        assertThat(more.sentence()).endsWith("skipped 10 repeating an earlier record (lines 1, 4, ...).");
        EventAccount lines = new EventAccount("usage.jsonl", "line", 4, 2, Map.of("without a user", 2L),
                Map.of("without a user", List.of(3L, 9L)));
        assertThat(lines.sentence()).endsWith("skipped 2 without a user (lines 3, 9).");
    }

    @Test
    void valuesOfOneWideLineNameItOnce() {
        InputAccount wide = new InputAccount(9, 6, Map.of(InputAccount.Reason.MISSING_VALUE, 3L),
                Map.of(InputAccount.Reason.MISSING_VALUE, List.of(2L, 2L, 2L)), "value");
        assertThat(wide.sentence()).isEqualTo("Read 9 values, used 6; skipped 3 with a missing value (NA, NaN or NULL) "
                + "(all on line 2).");
        InputAccount one = new InputAccount(9, 8, Map.of(InputAccount.Reason.MISSING_VALUE, 1L),
                Map.of(InputAccount.Reason.MISSING_VALUE, List.of(2L)), "value");
        assertThat(one.sentence()).endsWith("skipped 1 with a missing value (NA, NaN or NULL) (line 2).");
    }
}
