package dev.goodhart.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.goodhart.detect.ExpectedResponse;
import dev.goodhart.model.Direction;
import dev.goodhart.model.Finding;
import dev.goodhart.model.Frame;
import dev.goodhart.model.Granularity;
import dev.goodhart.model.IntegrityModel;
import dev.goodhart.model.Observation;
import dev.goodhart.report.IntegrityReport;
import dev.goodhart.report.PairResult;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;

/**
 * "Nothing owed": the expected response says so only where the proxy did not rise by any reading, against its line,
 * every other trend its baseline supports and its plain baseline mean; each reading alone keeps a team owing.
 */
class NothingOwedTest {
    private static final LocalDate START = LocalDate.of(2024, 1, 1);
    private static final int BEFORE = 52;
    private static final int AFTER = 26;

    /** Twenty teams with flat tokens and cycle time (2% noise) and the given team with its own tokens by week. */
    private static PairResult score(IntToDoubleFunction tokens) {
        IntegrityModel model = IntegrityModel.builder().proxy("tokens", "tokens")
                .outcome("cycle_time", Direction.LOWER, "hours").link("tokens", "cycle_time")
                .granularity(Granularity.WEEK).intervention(START.plusWeeks(BEFORE), "quota").build();
        SplittableRandom r = new SplittableRandom(11);
        List<Observation> rows = new ArrayList<>();
        for (int s = 0; s < 20; s++) {
            String team = s == 0 ? "team" : "peer-" + s;
            for (int w = 0; w < BEFORE + AFTER; w++) {
                double level = s == 0 ? tokens.applyAsDouble(w) : 1000;
                rows.add(new Observation(START.plusWeeks(w), team, "tokens", level * (1 + 0.02 * r.nextGaussian())));
                rows.add(new Observation(START.plusWeeks(w), team, "cycle_time", 30 * (1 + 0.02 * r.nextGaussian())));
            }
        }
        IntegrityReport report = Scorer.builder().build().score(model, Frame.of(model, rows));
        return report.pairs().stream().filter(p -> p.segment().equals("team")).findFirst().orElseThrow();
    }

    private static Finding expectedResponse(PairResult pair) {
        return pair.findings().stream().filter(f -> f.detector().equals(ExpectedResponse.NAME)).findFirst()
                .orElseThrow();
    }

    @Test
    void flatTokensOweNothing() {
        PairResult flat = score(w -> 1000);
        assertThat(expectedResponse(flat).nothingOwed()).as(expectedResponse(flat).toString()).isTrue();
        assertThat(flat.notes().get(0)).startsWith("tokens did not rise materially toward more use");
        assertThat(expectedResponse(flat).message()).contains("so no gain was owed")
                .doesNotContain("against its baseline's mean");
    }

    @Test
    void tokensThatFellOweNothing() {
        PairResult lean = score(w -> w < BEFORE ? 1000 : 500);
        assertThat(expectedResponse(lean).nothingOwed()).as(expectedResponse(lean).toString()).isTrue();
    }

    /**
     * A straight line: on its trend, so only the baseline level shows the rise (the recent mean is 1.9x it), and the
     * sentence says both (a helper's generator: "tokens fell 8% beyond its earlier trend" beside use four times its
     * baseline's, on an S-curve, with nothing else said).
     */
    @Test
    void aRiseOnTheEarlierLineStillOwes() {
        PairResult line = score(w -> 500 + 20 * w);
        Finding er = expectedResponse(line);
        assertThat(er.message()).as(er.toString()).contains("not a material rise")
                .contains("(rose 77% against its baseline's mean; its trend, carried on, expected as much), not a "
                        + "material rise against this trend (10% or more), so this reading owes no gain;")
                .doesNotContain("so no gain was owed");
        assertThat(er.nothingOwed()).as(er.toString()).isFalse();
        assertThat(line.notes()).noneMatch(n -> n.contains("did not rise materially"));
    }

    /**
     * Up for 26 weeks, down for the next 26, then level at the baseline's mean: against the straight line and the mean
     * nothing rose, but against the line since the break (the decline) the recent weeks are far above; a trend that ran
     * away can withhold an accusation, never clear a team.
     */
    @Test
    void aRiseAgainstAnotherTrendTheBaselineSupportsStillOwes() {
        PairResult turned = score(w -> w < 26 ? 600 + 24 * w : w < BEFORE ? 1224 - 16 * (w - 26) : 950);
        Finding er = expectedResponse(turned);
        assertThat(er.message()).as(er.toString()).contains("not a material rise against this trend")
                .contains("so this reading owes no gain").doesNotContain("so no gain was owed")
                .doesNotContain("against its baseline's mean");
        assertThat(er.nothingOwed()).as(er.toString()).isFalse();
    }
}
