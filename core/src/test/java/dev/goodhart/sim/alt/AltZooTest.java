package dev.goodhart.sim.alt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.goodhart.model.Granularity;
import dev.goodhart.model.IntegrityModel;
import dev.goodhart.model.Observation;
import dev.goodhart.sim.alt.AltZoo.Kind;
import dev.goodhart.sim.alt.AltZoo.Org;
import dev.goodhart.sim.alt.AltZoo.Outcome;
import dev.goodhart.sim.alt.AltZoo.Proxy;
import dev.goodhart.sim.alt.AltZoo.Structure;
import dev.goodhart.sim.alt.AltZoo.Team;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The generator's own invariants, on small organisations; says nothing about the library's detection. */
class AltZooTest {
    private static final int PER_KIND = 2;

    private static Org org(Outcome o, Structure s, Proxy p) {
        return AltZoo.generate("test", o, s, p, PER_KIND, 20260101L + o.ordinal() * 31 + s.ordinal() * 7 + p.ordinal());
    }

    @Test
    void teamsAndKinds() {
        Org org = org(Outcome.DURATION, Structure.PLAIN, Proxy.TOKENS);
        assertEquals(AltZoo.teamsPerOrg(PER_KIND), org.teams().size());
        assertEquals(4 * PER_KIND + 14 * PER_KIND, org.teams().size());
        Map<Kind, Integer> counts = new EnumMap<>(Kind.class);
        org.teams().forEach(t -> counts.merge(t.kind(), 1, Integer::sum));
        for (Kind k : Kind.values()) {
            assertEquals(k.count(PER_KIND), counts.getOrDefault(k, 0), k.name());
        }
        Set<String> names = new HashSet<>();
        org.teams().forEach(t -> assertTrue(names.add(t.name()), t.name()));
        Set<String> segments = new HashSet<>();
        org.daily().forEach(x -> segments.add(x.segment()));
        assertEquals(names, segments);
        for (Team t : org.teams()) {
            assertTrue(t.people() >= 3 && t.people() <= 40, t.name() + " has " + t.people() + " people");
        }
        long weeks = org.days() / 7;
        long pre = ChronoUnit.WEEKS.between(AltZoo.START, org.intervention());
        assertTrue(pre >= 12 && pre <= 20, "weeks before " + pre);
        assertTrue(weeks - pre >= 12 && weeks - pre <= 20, "weeks after " + (weeks - pre));
    }

    @Test
    void honestTeamsReportExactlyWhatTheyUse() {
        Org org = org(Outcome.THROUGHPUT, Structure.ORG_SHIFT, Proxy.PROMPTS);
        for (Team t : org.teams()) {
            if (!t.gaming()) {
                assertEquals(0.0, t.inflation(), t.name());
                for (double d : t.dummy()) {
                    assertEquals(0.0, d, t.name());
                }
            }
        }
        Map<String, Double> proxySum = sums(org.daily(), org.proxy().metric, LocalDate.MIN);
        for (Team t : org.teams()) {
            double g = 0;
            double d = 0;
            for (int i = 0; i < org.days(); i++) {
                g += t.genuine()[i];
                d += t.dummy()[i];
            }
            assertEquals(g + d, proxySum.get(t.name()), 1e-6 * (g + d), t.name());
        }
    }

    @Test
    void gamingTeamsInflateByWhatTheyRecord() {
        for (Proxy p : Proxy.values()) {
            Org org = org(Outcome.DURATION, Structure.PLAIN, p);
            for (Team t : org.teams()) {
                if (!t.gaming()) {
                    continue;
                }
                // reported post-period proxy, from the observations, against the genuine use of the same days
                Map<String, Double> reported = sums(org.daily(), org.proxy().metric, t.intervention());
                int from = (int) ChronoUnit.DAYS.between(AltZoo.START, t.intervention());
                double genuine = 0;
                for (int i = from; i < org.days(); i++) {
                    genuine += t.genuine()[i];
                }
                double observed = reported.get(t.name()) / genuine - 1;
                assertEquals(t.inflation(), observed, 1e-6, t.name() + " " + t.kind());
                double[] band = band(t.kind(), p);
                assertTrue(t.inflation() >= band[0] && t.inflation() <= band[1],
                        t.kind() + " (" + p + ") inflation " + t.inflation() + " outside " + band[0] + ".." + band[1]);
                // and the team's proxy really rose against its own baseline, at least by most of the inflation
                double pre = meanPerDay(t.genuine(), 0, from) + meanPerDay(t.dummy(), 0, from);
                double post = meanPerDay(t.genuine(), from, org.days()) + meanPerDay(t.dummy(), from, org.days());
                assertTrue(post / pre - 1 > 0.5 * t.inflation() - 0.1,
                        t.kind() + ": post/pre " + post / pre + " for inflation " + t.inflation());
            }
        }
    }

    /** Where each gaming kind's inflation must land, from its parameters. */
    private static double[] band(Kind k, Proxy p) {
        switch (k) {
            case DUMMY_AGENTS: return new double[] {0.4, 1.8};
            case TASK_SPLIT: return p == Proxy.PROMPTS ? new double[] {0.8, 4.2} : new double[] {0.25, 1.3};
            case SUBTLE: return new double[] {0.25, 0.55};
            case BURSTS: return new double[] {0.1, 1.8};
            case RAMP: return new double[] {0.3, 0.9};
            case LATE_ONSET: return new double[] {0.1, 1.2};
            case MIXED: return new double[] {0.2, 0.55};
            case BUNCHING: return new double[] {0.1, 0.9};
            default: throw new AssertionError(k);
        }
    }

    @Test
    void missingDaysWhereExpected() {
        Org org = org(Outcome.DURATION, Structure.CALENDAR, Proxy.TOKENS);
        String om = org.outcome().metric;
        Map<String, Set<LocalDate>> outcomeDays = new HashMap<>();
        for (Observation o : org.daily()) {
            if (o.metric().equals(om)) {
                assertFalse(o.date().getDayOfWeek() == DayOfWeek.SATURDAY
                        || o.date().getDayOfWeek() == DayOfWeek.SUNDAY, "an item closed on a weekend: " + o);
                assertTrue(o.value() > 0, o.toString());
                outcomeDays.computeIfAbsent(o.segment(), s -> new HashSet<>()).add(o.date());
            }
        }
        int weekdays = 0;
        for (int d = 0; d < org.days(); d++) {
            if (AltZoo.Calendar.isWeekday(d)) {
                weekdays++;
            }
        }
        Team small = org.teams().stream().min((a, b) -> Integer.compare(a.people(), b.people())).orElseThrow();
        Team big = org.teams().stream().max((a, b) -> Integer.compare(a.people(), b.people())).orElseThrow();
        int smallMissing = weekdays - outcomeDays.getOrDefault(small.name(), Set.of()).size();
        int bigMissing = weekdays - outcomeDays.getOrDefault(big.name(), Set.of()).size();
        assertTrue(smallMissing > 0.1 * weekdays, small.people() + " people: " + smallMissing + " of " + weekdays);
        assertTrue(bigMissing < smallMissing, big.people() + " people miss " + bigMissing + ", " + small.people()
                + " people miss " + smallMissing);
        // every team has a proxy value every day
        assertEquals((long) org.days() * org.teams().size(),
                org.daily().stream().filter(o -> o.metric().equals(org.proxy().metric)).count());
        // the holiday blocks: the organisation's proxy falls below 40% of its usual working day
        assertTrue(org.structure() == Structure.CALENDAR);
        double[] orgProxy = new double[org.days()];
        for (Team t : org.teams()) {
            for (int d = 0; d < org.days(); d++) {
                orgProxy[d] += t.genuine()[d] + t.dummy()[d];
            }
        }
        double weekdayMean = 0;
        for (int d = 0; d < org.days(); d++) {
            weekdayMean += AltZoo.Calendar.isWeekday(d) ? orgProxy[d] / weekdays : 0;
        }
        int collapsed = 0;
        for (int d = 0; d < org.days(); d++) {
            if (AltZoo.Calendar.isWeekday(d) && orgProxy[d] < 0.4 * weekdayMean) {
                collapsed++;
            }
        }
        assertTrue(collapsed >= 10, "working days with the proxy collapsed: " + collapsed);
    }

    @Test
    void weeklyIsTheSameDataAggregated() {
        Org org = org(Outcome.FAILURE_RATE, Structure.STAGGERED, Proxy.PROMPTS);
        String pm = org.proxy().metric;
        Map<String, Double> daily = sums(org.daily(), pm, LocalDate.MIN);
        Map<String, Double> weekly = sums(org.weekly(), pm, LocalDate.MIN);
        assertEquals(daily.keySet(), weekly.keySet());
        daily.forEach((k, v) -> assertEquals(v, weekly.get(k), 1e-6 * v, k));
        for (Observation o : org.weekly()) {
            assertEquals(DayOfWeek.MONDAY, o.date().getDayOfWeek(), o.toString());
        }
        assertEquals((long) org.days() / 7 * org.teams().size(),
                org.weekly().stream().filter(o -> o.metric().equals(pm)).count());
        for (Observation o : org.weekly()) {
            if (o.metric().equals(org.outcome().metric)) {
                assertTrue(o.value() >= 0 && o.value() <= 1, o.toString());
            }
        }
        // the models: granularity, one quota per team (five days' worth a week), three waves covering every team
        IntegrityModel day = org.model(Granularity.DAY);
        IntegrityModel week = org.model(Granularity.WEEK);
        assertEquals(Granularity.DAY, day.granularity());
        assertEquals(Granularity.WEEK, week.granularity());
        assertEquals(3, day.interventions().size());
        for (Team t : org.teams()) {
            assertEquals(t.quotaPerDay(), day.quotaFor(pm, t.name()).orElseThrow().value(), 1e-9);
            assertEquals(5 * t.quotaPerDay(), week.quotaFor(pm, t.name()).orElseThrow().value(), 1e-9);
            assertEquals(t.intervention(), day.interventionFor(t.name()).orElseThrow().date(), t.name());
        }
        assertEquals(3, org.teams().stream().map(Team::intervention).distinct().count());
    }

    private static Map<String, Double> sums(List<Observation> obs, String metric, LocalDate from) {
        Map<String, Double> m = new HashMap<>();
        for (Observation o : obs) {
            if (o.metric().equals(metric) && !o.date().isBefore(from)) {
                m.merge(o.segment(), o.value(), Double::sum);
            }
        }
        return m;
    }

    private static double meanPerDay(double[] x, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) {
            s += x[i];
        }
        return s / (to - from);
    }
}
