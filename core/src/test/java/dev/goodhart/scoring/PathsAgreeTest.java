package dev.goodhart.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.goodhart.model.Aggregation;
import dev.goodhart.model.Direction;
import dev.goodhart.model.Finding;
import dev.goodhart.model.Frame;
import dev.goodhart.model.Granularity;
import dev.goodhart.model.IntegrityModel;
import dev.goodhart.model.Metric;
import dev.goodhart.model.Observation;
import dev.goodhart.model.Role;
import dev.goodhart.report.IntegrityReport;
import dev.goodhart.report.PairResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

/**
 * On arbitrary organisations (one to fourteen teams, daily, weekly or monthly, any split, values from zero and
 * missing to 1e-300 and 1e300, outcomes of every kind), one machine, the scoring stages with their state serialised
 * between them, and a spilled frame scored with spilled findings give the same report, with no NaN or Infinity in a
 * score or sentence, and no exception. The fuzzing that this property keeps found stages scoring small organisations
 * differently, growth divergence throwing on a rise beyond a double's range, and an outcome's shift late in the
 * baseline continued past the largest double (an overflow refusal for values as given; 2026-12-05). 1,500 tries
 * passed when it was written; 200 run in every build (about 3 s).
 */
public class PathsAgreeTest {
    /** A value: none, missing, anywhere from 1e-300 to 1e300, a small count, or log-normal around {@code scale}. */
    private static double draw(Random r, double scale) {
        switch (r.nextInt(12)) {
            case 0:
                return 0;
            case 1:
                return Double.NaN;
            case 2:
                return Math.pow(10, -300 + 600 * r.nextDouble());
            case 3:
                return Math.round(scale * r.nextDouble() * 3);
            default:
                return scale * Math.exp(0.5 * r.nextGaussian());
        }
    }

    /** An organisation's model and rows ({@link #organisation}). */
    public record Organisation(IntegrityModel model, List<Observation> rows) {
    }

    /**
     * Arbitrary organisation {@code seed}: one to fourteen teams, daily, weekly or monthly, any split (an intervention
     * three times in four, a quota one time in four), use that rose in a third of the teams, values from zero and
     * missing to 1e-300 and 1e300, the outcome a duration, a share, a count or unitless, averaged or summed.
     */
    public static Organisation organisation(long seed) {
        Random r = new Random(seed);
        Granularity g = Granularity.values()[r.nextInt(3)];
        int n = 4 + r.nextInt(g == Granularity.DAY ? 300 : g == Granularity.WEEK ? 80 : 30);
        int teams = 1 + r.nextInt(14);
        LocalDate start = LocalDate.of(2025, 1, 6);
        int split = 1 + r.nextInt(n - 1);
        String unit = new String[] {"hours", "share", "count", ""}[r.nextInt(4)];
        boolean share = unit.equals("share");
        IntegrityModel.Builder b = IntegrityModel.builder().proxy("tokens", "tokens")
                .metric(new Metric("out", Role.OUTCOME, r.nextBoolean() ? Direction.LOWER : Direction.HIGHER, unit,
                        Aggregation.values()[r.nextInt(2)]))
                .link("tokens", "out").granularity(g);
        if (r.nextInt(4) > 0) {
            b.intervention(g.plus(start, split), "quota");
        }
        if (r.nextInt(4) == 0) {
            b.quota("tokens", Math.pow(10, r.nextInt(6)));
        }
        IntegrityModel model = b.build();
        double scale = Math.pow(10, -3 + r.nextInt(8));
        List<Observation> rows = new ArrayList<>();
        for (int s = 0; s < teams; s++) {
            double rise = r.nextInt(3) == 0 ? 1 + 2 * r.nextDouble() : 1;
            for (int t = 0; t < n; t++) {
                LocalDate d = g.plus(start, t);
                double use = draw(r, 1000) * (t >= split ? rise : 1);
                double out = share ? Math.min(1, Math.max(0, 0.5 + 0.15 * r.nextGaussian())) : draw(r, scale);
                if (!Double.isNaN(use)) {
                    rows.add(new Observation(d, "team-" + s, "tokens", use));
                }
                if (!Double.isNaN(out)) {
                    rows.add(new Observation(d, "team-" + s, "out", out));
                }
            }
        }
        return new Organisation(model, rows);
    }

    @Property(tries = 200)
    void oneMachineStagesAndASpilledFrameAgree(@ForAll @LongRange(min = 0, max = 1_000_000_000L) long seed) {
        Organisation o = organisation(seed);
        IntegrityModel model = o.model();
        List<Observation> rows = o.rows();
        Scorer scorer = Scorer.builder().build();
        try (Frame frame = Frame.of(model, rows)) {
            IntegrityReport one = scorer.score(model, frame);
            for (PairResult p : one.pairs()) {
                assertThat(p.score()).as(p.segment()).isBetween(0.0, 100.0);
                for (Finding f : p.findings()) {
                    assertThat(f.message() + " " + f.detail()).as(p.segment()).doesNotContain("NaN")
                            .doesNotContain("Infinity");
                }
            }
            assertThat(one.toString()).doesNotContain("NaN").doesNotContain("Infinity");
            // the stages, their summaries and state serialised as between a cluster's JVMs (charts aside: the stages'
            // driver here charts the top five)
            List<PairResult> stages = StagedScorerTest.staged(scorer, model, frame);
            assertThat(stages).hasSameSizeAs(one.pairs());
            for (int i = 0; i < stages.size(); i++) {
                PairResult a = one.pairs().get(i);
                PairResult c = stages.get(i);
                assertThat(List.of(c.segment(), c.score(), c.verdict(), c.variants(), c.findings(), c.notes()))
                        .as(a.segment()).isEqualTo(List.of(a.segment(), a.score(), a.verdict(), a.variants(),
                                a.findings(), a.notes()));
            }
            // the series and the findings on disk
            Path dir = Files.createTempDirectory("goodhart-paths");
            Frame.Builder spilling = Frame.builder(model).spillTo(dir);
            rows.forEach(spilling::add);
            try (Frame spilled = spilling.build()) {
                assertThat(Scorer.builder().spillTo(dir).build().score(model, spilled)).isEqualTo(one);
            }
            // the frame and the scorer remove their files; the directory is the test's (25 tries a build)
            Files.delete(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Seed 639,923,263 (weekly, found by CI on 2026-12-06, about one seed in 40,000): a placebo date whose outcome was
     * constant before it had an error of 0 and a z of infinity; its square made the calibration, every error and the
     * nested windows' correlation infinite or not a number, and intervention response threw.
     */
    @Example
    void aPlaceboDateWithoutNoiseLeavesTheErrorsFinite() {
        oneMachineStagesAndASpilledFrameAgree(639_923_263L);
    }

    /**
     * A live scorer fed the same organisations period by period reads at any day what a batch score of the rows so far
     * reads (daily or weekly, an intervention, one to twelve teams, values from zero and missing to 1e-300 and 1e300;
     * at four days from just after the intervention to the last): it carries the baseline's statistics from day to day
     * and must not drift. 300 organisations (1,186 such days) passed when it was written; 25 run in every build.
     */
    @Property(tries = 25)
    void aLiveScorerReadsAsABatchScoreOfTheRowsSoFar(@ForAll @LongRange(min = 0, max = 1_000_000_000L) long seed) {
        Random r = new Random(seed);
        Granularity g = r.nextBoolean() ? Granularity.DAY : Granularity.WEEK;
        int n = 20 + r.nextInt(g == Granularity.DAY ? 200 : 60);
        int teams = 1 + r.nextInt(12);
        LocalDate start = LocalDate.of(2025, 1, 6);
        int split = 8 + r.nextInt(n - 12);
        IntegrityModel model = IntegrityModel.builder().proxy("tokens", "tokens")
                .outcome("out", r.nextBoolean() ? Direction.LOWER : Direction.HIGHER, "units").link("tokens", "out")
                .granularity(g).intervention(g.plus(start, split), "quota").build();
        double scale = Math.pow(10, -2 + r.nextInt(6));
        List<Observation> rows = new ArrayList<>();
        for (int t = 0; t < n; t++) {
            for (int s = 0; s < teams; s++) {
                LocalDate d = g.plus(start, t);
                double use = draw(r, 1000) * (s % 3 == 0 && t >= split ? 2 : 1);
                double out = draw(r, scale);
                if (!Double.isNaN(use)) {
                    rows.add(new Observation(d, "team-" + s, "tokens", use));
                }
                if (!Double.isNaN(out)) {
                    rows.add(new Observation(d, "team-" + s, "out", out));
                }
            }
        }
        Scorer scorer = Scorer.builder().build();
        LiveScorer live = LiveScorer.of(model, scorer, 8);
        java.util.Set<Integer> days = new java.util.TreeSet<>(List.of(split + 3, (split + n) / 2, n - 2, n - 1));
        int next = 0;
        for (int t = 0; t < n; t++) {
            LocalDate d = g.plus(start, t);
            while (next < rows.size() && !rows.get(next).date().isAfter(d)) {
                live.append(rows.get(next++));
            }
            if (!days.contains(t)) {
                continue;
            }
            IntegrityReport batch;
            try (Frame frame = Frame.of(model, rows.subList(0, next))) {
                batch = scorer.score(model, frame);
            }
            IntegrityReport now = live.report();
            assertThat(now.pairs()).as("day " + t).hasSameSizeAs(batch.pairs());
            for (int i = 0; i < batch.pairs().size(); i++) {
                PairResult a = batch.pairs().get(i);
                PairResult b = now.pairs().get(i);
                assertThat(List.of(b.segment(), b.score(), b.verdict(), b.findings(), b.notes())).as("day " + t)
                        .isEqualTo(List.of(a.segment(), a.score(), a.verdict(), a.findings(), a.notes()));
            }
        }
    }
}
