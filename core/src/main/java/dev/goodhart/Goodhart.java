package dev.goodhart;

import dev.goodhart.model.Frame;
import dev.goodhart.model.Granularity;
import dev.goodhart.model.IntegrityModel;
import dev.goodhart.model.Metric;
import dev.goodhart.model.Observation;
import dev.goodhart.model.Role;
import dev.goodhart.report.IntegrityReport;
import dev.goodhart.scoring.Scorer;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One-line entry points for embedders and JShell.
 *
 * <pre>{@code
 * IntegrityReport report = Goodhart.score(model, frame);
 * System.out.println(report);
 * }</pre>
 *
 * Thread-safe; there is no global state.
 */
public final class Goodhart {
    private Goodhart() {
    }

    /**
     * Scores a frame with the default detectors and settings ({@link Scorer#defaults()}).
     *
     * @throws IllegalArgumentException if a linked metric has no data in the frame
     */
    public static IntegrityReport score(IntegrityModel model, Frame frame) {
        return Scorer.defaults().score(model, frame);
    }

    /**
     * Builds the frame from observations and scores it with the defaults. The period is the model's when it declares
     * one ({@link IntegrityModel.Builder#granularity}); otherwise it is inferred from each metric's dates, the coarsest
     * ({@link Granularity#inferCoarsest}), so that weekly rows (or a daily proxy with a weekly outcome) are not read as
     * days with six missing in between; the report's model says which period was used.
     *
     * @throws IllegalArgumentException if no observation belongs to the model's metrics or a linked metric has none, or
     *                                  the period cannot be inferred from the dates (naming a stray date), or the
     *                                  dates together read as days while most segments' rows of a metric come one a
     *                                  week (weeks dated on other weekdays in some segments: read as days, six days
     *                                  in seven would be missing and a helper's gaming teams went from GAMED to WATCH)
     */
    public static IntegrityReport score(IntegrityModel model, Iterable<Observation> observations) {
        java.util.Objects.requireNonNull(model, "model");
        java.util.Objects.requireNonNull(observations, "observations");
        IntegrityModel used = model;
        if (!model.granularityDeclared()) {
            // each metric's own period, the coarsest (daily tokens with a weekly outcome are weekly data); an exposure
            // (a head count given monthly) is carried forward, not read per period
            Map<String, Set<LocalDate>> dates = new LinkedHashMap<>();
            for (Observation o : observations) {
                Metric m = model.metrics().get(o.metric());
                if (m != null && m.role() != Role.EXPOSURE) {
                    dates.computeIfAbsent(o.metric(), k -> new HashSet<>()).add(o.date());
                }
            }
            used = model.toBuilder().granularity(Granularity.inferCoarsest(dates)).build();
        }
        Frame frame = Frame.of(used, observations);
        if (!model.granularityDeclared() && used.granularity() == Granularity.DAY) {
            refuseWeeksReadAsDays(used, frame);
        }
        return score(used, frame);
    }

    /**
     * Refuses a daily frame in which a metric's rows come one a week in most segments ({@link
     * Granularity#weeklyInMostSegments}): the weeks were dated on other weekdays in some segments, so the dates together
     * read as days. Read from the frame one segment at a time, not from a second copy of every row's date.
     */
    private static void refuseWeeksReadAsDays(IntegrityModel model, Frame frame) {
        for (String metric : frame.metrics()) {
            if (model.metric(metric).role() == Role.EXPOSURE) {
                continue;
            }
            Iterable<List<LocalDate>> bySegment = () -> frame.segments().stream()
                    .filter(segment -> frame.has(segment, metric)).map(segment -> {
                        double[] v = frame.series(segment, metric);
                        List<LocalDate> days = new ArrayList<>();
                        for (int t = 0; t < v.length; t++) {
                            if (!Double.isNaN(v[t])) {
                                days.add(frame.period(t));
                            }
                        }
                        return days;
                    }).iterator();
            Granularity.weeklyInMostSegments(bySegment).ifPresent(weekly -> {
                throw new IllegalArgumentException(metric + " has " + weekly + ", but the dates together read as "
                        + "daily, where six days in seven would be missing: declare the period "
                        + "(IntegrityModel.Builder.granularity(Granularity.WEEK)), or date every segment's weeks on "
                        + "the same weekday");
            });
        }
    }
}
