package dev.goodhart.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.goodhart.model.Granularity;
import dev.goodhart.model.Observation;
import dev.goodhart.sim.zoo.Zoo;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Weekly rows are labelled by the day that begins their week or by the day that ends it, and only the dates say which
 * day: a row dated on a Sunday is Monday to that Sunday in pandas ({@code resample("W")}), that Sunday to the Saturday
 * after in R ({@code floor_date(unit = "week")}) and BigQuery ({@code DATE_TRUNC(d, WEEK)}). Goodhart reads a weekly row
 * in the ISO week that contains its date; with a quota on a Monday, a week that began the Sunday before was read as the
 * baseline's last week, though six of its seven days came after the date, and a doubling there bent the baseline's
 * line. Such a row (one dated one to six days before the date) is now read in neither window. Daily teams simulated
 * here, summed (tokens) and averaged (cycle time) into weeks under each convention; 10 organisations of 48 teams,
 * flagged of 160 per kind, measured on 2026-12-04 before the change and after it.
 */
class WeekLabelTest {
    private static final LocalDate START = LocalDate.of(2025, 1, 6);
    private static final int PRE = 105;
    private static final int DAYS = 210;
    private static final LocalDate QUOTA = START.plusDays(PRE);

    /** How a weekly row is dated. */
    private enum Label {
        /** Monday to Sunday, dated on its Monday (ISO). */
        MONDAY,
        /** Sunday to Saturday, dated on its Sunday (R's floor_date, BigQuery's DATE_TRUNC). */
        STARTING_SUNDAY,
        /** Monday to Sunday, dated on its Sunday (pandas' "W"). */
        ENDING_SUNDAY
    }

    /**
     * 48 daily teams (16 steady, 16 honest adopters: tokens x1.8 to x2.2 over two weeks from the date, cycle time
     * shorter by that to the 0.3; 16 gaming: tokens doubled on the date, nothing gained), tokens with a weekday rhythm,
     * a drift of 0-2% a week and daily log noise 0.3, cycle time with AR(1) 0.6 noise of 7%, as weekly rows dated by
     * {@code label}; the weeks the days cover only in part are left out.
     */
    private static List<Observation> organisation(long seed, Label label) {
        List<Observation> out = new ArrayList<>();
        String[] kinds = {"steady", "adopter", "gaming"};
        // the first week's first day: the Monday START, or the Sunday after it
        int first = label == Label.STARTING_SUNDAY ? 6 : 0;
        for (int i = 0; i < 48; i++) {
            String kind = kinds[i / 16];
            SplittableRandom r = new SplittableRandom(seed * 6151 + i);
            double base = 500 * Math.exp(2 * r.nextDouble());
            double level = 2 + 4 * r.nextDouble();
            double drift = 0.02 * r.nextDouble() / 7;
            double rise = 1.8 + 0.4 * r.nextDouble();
            double noise = 0;
            double[] tokens = new double[DAYS];
            double[] cycle = new double[DAYS];
            for (int t = 0; t < DAYS; t++) {
                double since = Math.max(0, Math.min(1, (t - PRE) / 14.0));
                double use = kind.equals("gaming") ? (t >= PRE ? 2 : 1)
                        : kind.equals("adopter") ? 1 + (rise - 1) * since : 1;
                double gain = kind.equals("adopter") ? Math.pow(use, -0.3) : 1;
                double weekday = START.plusDays(t).getDayOfWeek().getValue() >= 6 ? 0.25 : 1.2;
                noise = 0.6 * noise + 0.07 * Math.sqrt(1 - 0.36) * Zoo.gaussian(r);
                tokens[t] = Math.round(base * use * weekday * Math.exp(drift * t) * Math.exp(0.3 * Zoo.gaussian(r)));
                cycle[t] = level * Math.exp(noise) * gain;
            }
            String segment = kind + "-" + i;
            for (int w = first; w + 7 <= DAYS; w += 7) {
                double sum = 0;
                double mean = 0;
                for (int t = w; t < w + 7; t++) {
                    sum += tokens[t];
                    mean += cycle[t] / 7;
                }
                LocalDate date = START.plusDays(label == Label.ENDING_SUNDAY ? w + 6 : w);
                out.add(new Observation(date, segment, "tokens", sum));
                out.add(new Observation(date, segment, "cycle_time", mean));
            }
        }
        return out;
    }

    /** Flagged of 160 each: steady, adopters, gaming. */
    private static int[] flagged(Label label) {
        int[] f = KindTally.flagged(QUOTA, seed -> organisation(seed, label), "\u0000", Granularity.WEEK);
        System.out.printf("weeks dated %s, quota on %s (%s), flagged of 160: steady %d, adopters %d, gaming %d%n",
                label, QUOTA, QUOTA.getDayOfWeek(), f[0], f[1], f[2]);
        return f;
    }

    /**
     * Gaming teams found (of 160): weeks dated on their Monday 138 before the change and after it; dated by the Sunday
     * that begins them 110 before, 121 now; by the Sunday that ends them 138 before, 137 now (a clean week of
     * baseline lost). Steady teams 1, 1 and 1 before, 1, 1 and 0 now; honest adopters 0 throughout. Most of what is
     * left between the first two is one organisation whose untouched teams' cycle time, in weeks from Sunday, read as
     * a calendar 12 of its 15 share (the permutation test at 1%, by chance): the others are measured against the three
     * read as they are (7 of its 16 found, 15 with Monday weeks; 6 before).
     */
    @Test
    void aWeekLabelledByTheSundayThatBeginsItIsNotReadAsTheBaselines() {
        assertThat(QUOTA.getDayOfWeek()).isEqualTo(DayOfWeek.MONDAY);
        int[] monday = flagged(Label.MONDAY);
        int[] starting = flagged(Label.STARTING_SUNDAY);
        int[] ending = flagged(Label.ENDING_SUNDAY);
        for (int[] f : List.of(monday, starting, ending)) {
            assertThat(f[0]).as("steady teams flagged, of 160").isLessThanOrEqualTo(4);
            assertThat(f[1]).as("honest adopters flagged, of 160").isLessThanOrEqualTo(4);
        }
        assertThat(monday[2]).as("gaming teams flagged, weeks dated by their Monday").isGreaterThanOrEqualTo(130);
        assertThat(starting[2]).as("gaming teams flagged, weeks dated by the Sunday that begins them")
                .isGreaterThanOrEqualTo(116);
        assertThat(ending[2]).as("gaming teams flagged, weeks dated by the Sunday that ends them")
                .isGreaterThanOrEqualTo(130);
    }
}
