package dev.goodhart.detect;

import static dev.goodhart.sim.zoo.Zoo.gaussian;
import static org.assertj.core.api.Assertions.assertThat;

import dev.goodhart.model.Direction;
import dev.goodhart.model.Finding;
import dev.goodhart.model.Granularity;
import dev.goodhart.model.Link;
import dev.goodhart.model.Metric;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Tokens uploaded every one to four days with 0 between (a usage export that lands in batches): a daily series mostly
 * of zeros. On {@code log(v + c)} its zero days sit at {@code log(c)} on both sides of the date and dilute a step, so a
 * use that rose 2.5-fold read as "stepped 20-28% higher" in the intervention response and "25% higher" in the
 * change-point search, some "lower" (a helper's export). Both now read such a pair in weekly means of its values.
 */
class BurstyUseTest {
    private static final Pattern STEPPED = Pattern.compile("tokens stepped (\\d+)% (higher|lower)");
    private static final Pattern SHIFTED = Pattern.compile("the week of 2025-\\d\\d-\\d\\d \\((\\d+)% higher\\)");

    /** 70 days each side, tokens x2.5 at the date, landed every 1-4 days (the days' use summed into that day). */
    private static PairSeries uploads(long seed, boolean batched) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int n = 140;
        double[] use = new double[n];
        double[] cycle = new double[n];
        for (int t = 0; t < n; t++) {
            use[t] = 20_000 * (t >= 70 ? 2.5 : 1) * Math.exp(0.2 * gaussian(rnd));
            cycle[t] = 4 * Math.exp(0.05 * gaussian(rnd));
        }
        double[] landed = use.clone();
        if (batched) {
            java.util.Arrays.fill(landed, 0);
            double pending = 0;
            int next = 1 + rnd.nextInt(4);
            for (int t = 0; t < n; t++) {
                pending += use[t];
                if (t == next || t == n - 1) {
                    landed[t] = pending;
                    pending = 0;
                    next = t + 1 + rnd.nextInt(4);
                }
            }
        }
        return new PairSeries(Link.of("tokens", "cycle_time"), Metric.proxy("tokens", "tokens"),
                Metric.outcome("cycle_time", Direction.LOWER, "days"), "team", Granularity.DAY,
                LocalDate.of(2025, 3, 24), landed, cycle, 70, seed, true);
    }

    /**
     * The median, over the draws of 20 whose message sizes it (at least 12), of the percentage the finding's message
     * gives by {@code pattern}.
     */
    private static double median(Detector detector, Pattern pattern, boolean batched) {
        List<Double> steps = new ArrayList<>();
        for (long seed = 1; seed <= 20; seed++) {
            DetectorResult r = detector.detect(uploads(seed, batched));
            assertThat(r.ran()).as(r.skipReason()).isTrue();
            Finding f = r.findings().get(0);
            Matcher m = pattern.matcher(f.message());
            if (m.find()) { // a shift the outcome happened to follow by chance is not sized in the sentence
                steps.add(Double.parseDouble(m.group(1)) * (m.groupCount() > 1 && "lower".equals(m.group(2)) ? -1 : 1));
            }
        }
        assertThat(steps).as("draws whose sentence sizes the rise").hasSizeGreaterThanOrEqualTo(12);
        Collections.sort(steps);
        int h = steps.size() / 2;
        return steps.size() % 2 == 1 ? steps.get(h) : (steps.get(h - 1) + steps.get(h)) / 2;
    }

    /**
     * The intervention response's step and the change-point search's shift, median over 20 draws, read 150% higher
     * give or take a third whether the use lands daily or in batches. Measured 2026-12-06 before the change (batches)
     * and now: step 23.5% and 130.5% (daily 153%), shift 37% and 157% (daily 153.5%).
     */
    @Test
    void aRiseUploadedInBatchesReadsAsTheRiseItWas() {
        double daily = median(new InterventionResponse(), STEPPED, false);
        double batched = median(new InterventionResponse(), STEPPED, true);
        assertThat(batched).as("step in batches, daily " + daily).isBetween(100.0, 225.0)
                .isCloseTo(daily, org.assertj.core.data.Offset.offset(daily / 3));
        double dailyShift = median(new ChangePointAsymmetry(), SHIFTED, false);
        double batchedShift = median(new ChangePointAsymmetry(), SHIFTED, true);
        assertThat(batchedShift).as("shift in batches, daily " + dailyShift).isBetween(100.0, 225.0)
                .isCloseTo(dailyShift, org.assertj.core.data.Offset.offset(dailyShift / 3));
    }

    /**
     * A five-day week's use (0 on Saturdays and Sundays, the outcome seen every day) is 29% zeros, but a weekday that is
     * always 0 is no sparse use: read day by day (a reviewer found such pairs read in weeks and skipped on six weeks
     * each side), its weekends left out and its step read on log v (LogScale.readLogs). A failure count that is mostly
     * 0 is read in weeks, from four each side.
     */
    @Test
    void aFiveDayWeekIsReadDayByDayAndAMostlyZeroCountInWeeks() {
        SplittableRandom rnd = new SplittableRandom(11);
        int n = 84;
        double[] use = new double[n];
        double[] cycle = new double[n];
        double[] fails = new double[n];
        for (int t = 0; t < n; t++) {
            use[t] = t % 7 >= 5 ? 0 : 20_000 * (t >= 42 ? 2 : 1) * Math.exp(0.2 * gaussian(rnd));
            cycle[t] = 4 * Math.exp(0.05 * gaussian(rnd));
            fails[t] = rnd.nextDouble() < 0.3 ? 1 + rnd.nextInt(2) : 0;
        }
        use[1] = 20_000; // no idle day: the outcome has a value every day
        PairSeries week = new PairSeries(Link.of("tokens", "cycle_time"), Metric.proxy("tokens", "tokens"),
                Metric.outcome("cycle_time", Direction.LOWER, "days"), "team", Granularity.DAY,
                LocalDate.of(2025, 3, 24), use, cycle, 42, 1, true);
        assertThat(week.baselineZeroShare()).isZero();
        DetectorResult daily = new InterventionResponse().detect(week);
        assertThat(daily.ran()).as(daily.skipReason()).isTrue();
        assertThat(daily.findings().get(0).detail()).doesNotContain("weekly means");
        // and the doubling reads as one: log(v + c) on every day, c half the baseline mean, had diluted it (a newcomer's
        // five-day week: a 1.8-fold rise "stepped 40% higher"; the weekends, 0 throughout the baseline, are left out)
        Matcher m = STEPPED.matcher(daily.findings().get(0).message());
        assertThat(m.find()).isTrue();
        assertThat(Double.parseDouble(m.group(1))).as(daily.findings().get(0).message()).isBetween(60.0, 150.0);
        assertThat(m.group(2)).isEqualTo("higher");
        double[] fiveDays = use.clone();
        PairSeries failures = new PairSeries(Link.of("tokens", "failures"), Metric.proxy("tokens", "tokens"),
                Metric.outcome("failures", Direction.LOWER, "changes"), "team", Granularity.DAY,
                LocalDate.of(2025, 3, 24), fiveDays, fails, 42, 1, true);
        assertThat(failures.baselineZeroShare()).isGreaterThan(0.5);
        DetectorResult weekly = new InterventionResponse().detect(failures);
        assertThat(weekly.ran()).as(weekly.skipReason()).isTrue();
        assertThat(weekly.findings().get(0).detail()).contains("on weekly means (");
    }
}
