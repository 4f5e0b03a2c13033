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
import java.util.HashSet;
import java.util.LinkedHashMap;
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
            Map<String, Map<String, Set<LocalDate>>> bySegment = new LinkedHashMap<>();
            for (Observation o : observations) {
                Metric m = model.metrics().get(o.metric());
                if (m != null && m.role() != Role.EXPOSURE) {
                    dates.computeIfAbsent(o.metric(), k -> new HashSet<>()).add(o.date());
                    bySegment.computeIfAbsent(o.metric(), k -> new LinkedHashMap<>())
                            .computeIfAbsent(o.segment(), k -> new HashSet<>()).add(o.date());
                }
            }
            Granularity inferred = Granularity.inferCoarsest(dates);
            if (inferred == Granularity.DAY) {
                for (Map.Entry<String, Map<String, Set<LocalDate>>> e : bySegment.entrySet()) {
                    refuseWeeklyReadAsDaily(e.getKey(), e.getValue());
                }
            }
            used = model.toBuilder().granularity(inferred).build();
        }
        return score(used, Frame.of(used, observations));
    }

    /**
     * Refuses reading {@code metric} as daily where its rows come one a week (nine tenths of a segment's gaps 7 days)
     * in at least half the segments with 6 rows of it or more: the weeks are then dated on other weekdays in some
     * segments (or the segments' weeks start on different days), and only a declared period can say what they are.
     */
    private static void refuseWeeklyReadAsDaily(String metric, Map<String, Set<LocalDate>> datesBySegment) {
        int read = 0;
        int weekly = 0;
        Map<java.time.DayOfWeek, Integer> weekdays = new java.util.EnumMap<>(java.time.DayOfWeek.class);
        for (Set<LocalDate> d : datesBySegment.values()) {
            if (d.size() < 6) {
                continue;
            }
            read++;
            java.util.List<LocalDate> sorted = new java.util.ArrayList<>(d);
            java.util.Collections.sort(sorted);
            int regular = 0;
            for (int i = 1; i < sorted.size(); i++) {
                regular += java.time.temporal.ChronoUnit.DAYS.between(sorted.get(i - 1), sorted.get(i)) == 7 ? 1 : 0;
            }
            if (regular >= 0.9 * (sorted.size() - 1)) {
                weekly++;
                weekdays.merge(sorted.get(sorted.size() - 1).getDayOfWeek(), 1, Integer::sum);
            }
        }
        if (read == 0 || 2 * weekly < read) {
            return;
        }
        StringBuilder days = new StringBuilder();
        weekdays.forEach((day, n) -> days.append(days.length() == 0 ? "" : ", ")
                .append(day.getDisplayName(java.time.format.TextStyle.SHORT, java.util.Locale.ROOT)).append(" in ")
                .append(n));
        throw new IllegalArgumentException(metric + " has one row a week in " + weekly + " of " + read
                + " segments (dated " + days + "), but the dates together read as daily, where six days in seven "
                + "would be missing: declare the period (IntegrityModel.Builder.granularity(Granularity.WEEK)), or "
                + "date every segment's weeks on the same weekday");
    }
}
