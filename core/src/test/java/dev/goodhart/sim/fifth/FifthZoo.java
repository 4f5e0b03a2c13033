package dev.goodhart.sim.fifth;

import dev.goodhart.model.Direction;
import dev.goodhart.model.Granularity;
import dev.goodhart.model.IntegrityModel;
import dev.goodhart.model.Observation;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The fifth zoo: organisations of teams with daily (or weekly) AI use and one outcome, built around <em>honest</em>
 * structures that look like a proxy coming loose from its outcome without anyone gaming it. Written from the
 * phenomena alone, without reading the detectors or the other simulations, so that it does not share their assumptions.
 *
 * <p>An organisation is one <b>cell</b> (an organisation-wide structure, {@link #CELLS}): nothing; a tokenizer or model
 * change multiplying every team's counted tokens by 1.2-1.6 at one date from 14 days before to 42 days after the quota;
 * the same for half the teams at staggered dates (from 30 days before the quota to 21 days before the end); a two-week
 * year-end holiday in the baseline or after the quota (use and work drop, items closed in the three weeks after it are
 * older: after a holiday late in the baseline that can run up to 13 days past the quota); quarterly planning weeks; a 6-8 week baseline; 5-12 teams; weekly rows scored
 * weekly; daily rows scored weekly. Its outcome is one of {@link #OUTCOMES}: mean cycle time of the items closed that
 * day (log-normal per item, lower is better), a daily count of deployments (Poisson 0.5-10 a weekday, higher is better)
 * or a change failure rate (binomial over a Poisson 1-15 changes a weekday, lower is better).
 *
 * <p>Each team is of one <b>kind</b>. Honest ({@link #HONEST}): nothing; adoption with a proportional gain (use x1.3-2.5
 * around the quota, log outcome improves by elasticity 0.15-0.5 x log use rise); the same gain arriving linearly over
 * 60-90 days; adoption that saturates (logistic, x1.5-3); an outcome trending by itself 0.5-1%/week (better or worse)
 * while use grows 0.2-0.8%/week with elasticity 0.1-0.3; bursty heavy use (a few large batch jobs a month, before and
 * after, doing nothing for the outcome); a split or merge (head count x0.5-0.6 or x1.5-2 at a date: use and work volume
 * jump together). Gaming ({@link #GAMING}, 15-35% of teams): total use x1.5-2.5 from the quota;
 * the same reached by a ramp of 4-10 weeks; from 3-8 weeks after the quota; scripted bursts on 10-25% of days. (The
 * dummy use is 0.5-1.5 times the team's baseline use, so x1.5-2.5 in all; the first team of every organisation games,
 * so that every organisation has one.) A gaming team's outcome follows only its real use (half of them also adopt a
 * little, honestly).
 *
 * <p>Noise: team use is log-AR(1) (phi 0.3-0.85) with Student-t innovations, weekday rhythm (weekends 3-20% of a
 * weekday for use, 5-20% for work), an organisation-wide log-AR(1) shock on use (sd 5%) that work shares (power 0.7)
 * beside its own (sd 4%), 0-5% missing days and sometimes a proxy-only outage of 3-10 days; the
 * outcome has a slow log-AR(1) drift (daily phi 0.9-0.97), single deployment-freeze days (1%) and incident days. Everything is
 * deterministic from the organisation id.
 */
public final class FifthZoo {
    /** The organisation-wide structures, one per organisation (id mod 10). */
    public static final List<String> CELLS = List.of("null", "tokenizer-all", "tokenizer-staggered",
            "holiday-baseline", "holiday-after", "planning-weeks", "short-baseline", "small-org", "weekly-native",
            "daily-as-week");
    /** The outcome types, one per organisation (id / 10 mod 3). */
    public static final List<String> OUTCOMES = List.of("duration", "count", "proportion");
    /** The honest kinds of team. */
    public static final List<String> HONEST = List.of("none", "adoption", "gradual-gain", "saturating", "own-trend",
            "bursty", "reorg");
    /** The gaming kinds of team. */
    public static final List<String> GAMING = List.of("jump", "ramp", "late-onset", "scripted-bursts");

    /**
     * One team: its kind, whether it games, its proxy inflation after the quota (dummy / real use, 0 if honest), and
     * its outcome's slow drift (marginal sd of the log-AR(1) and its daily phi).
     */
    public record Team(String name, String kind, boolean gaming, double inflation, double driftSd, double driftPhi) {
    }

    /**
     * One organisation ready to score; {@code countShift} is the day (relative to the intervention) from which every
     * team's tokens are counted {@code countFactor} times higher, in the tokenizer-all cell (0 and 1 elsewhere).
     */
    public record Org(int id, String cell, String outcome, LocalDate intervention, IntegrityModel model,
            List<Observation> observations, List<Team> teams, int countShift, double countFactor) {
    }

    private FifthZoo() {
    }

    /** The organisation with this id (cell = id mod 10, outcome type = id / 10 mod 3). */
    public static Org organisation(int id) {
        SplittableRandom rnd = new SplittableRandom(0x5EED_F1F7L + 7919L * id);
        String cell = CELLS.get(Math.floorMod(id, CELLS.size()));
        String outcome = OUTCOMES.get(Math.floorMod(id / CELLS.size(), OUTCOMES.size()));
        boolean weeklyNative = cell.equals("weekly-native");
        boolean scoredWeekly = weeklyNative || cell.equals("daily-as-week");

        int before = cell.equals("short-baseline") ? 42 + rnd.nextInt(15) : 60 + rnd.nextInt(91);
        int after = 60 + rnd.nextInt(91);
        if (scoredWeekly) {
            before = before / 7 * 7;
            after = after / 7 * 7;
        }
        int days = before + after;
        int nTeams = cell.equals("small-org") ? 5 + rnd.nextInt(8) : 20 + rnd.nextInt(61);

        // calendar: intervention on a Monday (weekly cells, half the others) or the first of a month (the other
        // half, but not in the holiday cells, which keep the date that puts the holiday where it belongs)
        int holidayStart = -1;
        LocalDate intervention;
        if (cell.startsWith("holiday")) {
            holidayStart = cell.equals("holiday-baseline") ? 7 + rnd.nextInt(Math.max(1, before - 28))
                    : before + 7 + rnd.nextInt(Math.max(1, after - 35));
            intervention = LocalDate.of(2024, 12, 22).plusDays(before - holidayStart);
        } else {
            intervention = LocalDate.of(2024, 1, 1).plusDays(rnd.nextInt(560));
        }
        if (scoredWeekly || rnd.nextBoolean()) {
            intervention = intervention.with(TemporalAdjusters.nextOrSame(DayOfWeek.MONDAY));
        } else if (!cell.startsWith("holiday")) {
            intervention = intervention.with(TemporalAdjusters.firstDayOfNextMonth());
        }
        LocalDate start = intervention.minusDays(before);

        // organisation-wide factors: shared shocks, holiday, planning weeks, counting changes
        double[] orgUse = ar1(rnd, days, 0.7, 0.05, 5);
        double[] orgWork = ar1(rnd, days, 0.7, 0.04, 5);
        double[] orgCalendarUse = new double[days];
        double[] orgCalendarWork = new double[days];
        double[] ageing = new double[days];
        Arrays.fill(orgCalendarUse, 1);
        Arrays.fill(orgCalendarWork, 1);
        Arrays.fill(ageing, 1);
        if (holidayStart >= 0) {
            double useDrop = 0.1 + 0.15 * rnd.nextDouble();
            double workDrop = 0.15 + 0.15 * rnd.nextDouble();
            double age = 1.2 + 0.3 * rnd.nextDouble();
            for (int t = holidayStart; t < Math.min(days, holidayStart + 14); t++) {
                orgCalendarUse[t] = useDrop;
                orgCalendarWork[t] = workDrop;
            }
            for (int t = holidayStart + 14; t < Math.min(days, holidayStart + 35); t++) {
                ageing[t] = age;
            }
        }
        if (cell.equals("planning-weeks")) {
            int first = rnd.nextInt(91);
            for (int w = first; w < days; w += 91) {
                double u = 0.5 + 0.2 * rnd.nextDouble();
                double k = 0.3 + 0.2 * rnd.nextDouble();
                for (int t = w; t < Math.min(days, w + 7); t++) {
                    orgCalendarUse[t] = u;
                    orgCalendarWork[t] = k;
                }
                for (int t = w + 7; t < Math.min(days, w + 21); t++) {
                    ageing[t] = 1.1;
                }
            }
        }
        int orgCountDay = before + (int) Math.round(-14 + 56 * rnd.nextDouble());
        double orgCountFactor = 1.2 + 0.4 * rnd.nextDouble();

        double gamingShare = 0.15 + 0.2 * rnd.nextDouble();
        List<Team> teams = new ArrayList<>();
        List<Observation> obs = new ArrayList<>();
        for (int i = 0; i < nTeams; i++) {
            boolean gaming = i == 0 || rnd.nextDouble() < gamingShare;
            String kind = gaming ? GAMING.get(rnd.nextInt(GAMING.size())) : HONEST.get(rnd.nextInt(HONEST.size()));
            String name = String.format("team-%02d", i);
            double[] counting = new double[days];
            Arrays.fill(counting, 1);
            if (cell.equals("tokenizer-all")) {
                for (int t = Math.max(0, orgCountDay); t < days; t++) {
                    counting[t] = orgCountFactor;
                }
            } else if (cell.equals("tokenizer-staggered") && rnd.nextBoolean()) {
                int from = before - 30 + rnd.nextInt(Math.max(1, after + 10));
                double f = 1.2 + 0.4 * rnd.nextDouble();
                for (int t = Math.max(0, from); t < days; t++) {
                    counting[t] = f;
                }
            }
            TeamSeries s = team(rnd.split(), kind, gaming, outcome, before, days, start, orgUse, orgWork,
                    orgCalendarUse, orgCalendarWork, ageing, counting, weeklyNative);
            teams.add(new Team(name, kind, gaming, s.inflation, s.driftSd, s.driftPhi));
            emit(obs, name, start, s, weeklyNative);
        }

        IntegrityModel.Builder b = IntegrityModel.builder().proxy("tokens", "tokens");
        switch (outcome) {
            case "duration" -> b.outcome("cycle_time", Direction.LOWER, "days").link("tokens", "cycle_time");
            case "count" -> b.outcome("deploys", Direction.HIGHER, "deployments").link("tokens", "deploys");
            default -> b.outcome("failure_rate", Direction.LOWER, "share").link("tokens", "failure_rate");
        }
        IntegrityModel model = b.intervention(intervention, "token quota")
                .granularity(scoredWeekly ? Granularity.WEEK : Granularity.DAY).build();
        boolean recount = cell.equals("tokenizer-all");
        return new Org(id, cell, outcome, intervention, model, obs, teams, recount ? orgCountDay - before : 0,
                recount ? orgCountFactor : 1);
    }

    /** A team's daily proxy and outcome ingredients; NaN proxy = missing day; outcome sums for weekly rows. */
    private static final class TeamSeries {
        final double[] proxy;
        final double[] outcome;
        final double[] num;   // sum of cycle times / failures / deployments
        final double[] den;   // items closed / changes / 1
        double inflation;
        double driftSd;
        double driftPhi;
        final String outcomeType;

        TeamSeries(int days, String outcomeType) {
            proxy = new double[days];
            outcome = new double[days];
            num = new double[days];
            den = new double[days];
            this.outcomeType = outcomeType;
        }
    }

    private static TeamSeries team(SplittableRandom rnd, String kind, boolean gaming, String outcomeType, int before,
            int days, LocalDate start, double[] orgUse, double[] orgWork, double[] calUse, double[] calWork,
            double[] ageing, double[] counting, boolean weeklyNative) {
        TeamSeries s = new TeamSeries(days, outcomeType);
        int heads0 = 3 + rnd.nextInt(13);
        double perHead = 40_000 * Math.exp(0.8 * rnd.nextGaussian());
        double weekendUse = 0.03 + 0.17 * rnd.nextDouble();
        double weekendWork = 0.05 + 0.15 * rnd.nextDouble();
        double friday = 0.8 + 0.15 * rnd.nextDouble();
        double[] useNoise = ar1(rnd, days, 0.3 + 0.55 * rnd.nextDouble(), 0.08 + 0.22 * rnd.nextDouble(),
                3 + rnd.nextInt(4));
        s.driftPhi = 0.9 + 0.07 * rnd.nextDouble();
        s.driftSd = 0.05 + 0.1 * rnd.nextDouble();
        double[] drift = ar1(rnd, days, s.driftPhi, s.driftSd, 5);
        double missing = weeklyNative ? 0 : 0.05 * rnd.nextDouble();
        int outage = !weeklyNative && rnd.nextDouble() < 0.3 ? rnd.nextInt(days) : -1;
        int outageLength = 3 + rnd.nextInt(8);

        // real adoption A(t), outcome gain G(t) (multiplier on how good the outcome is), head count ratio H(t)
        double[] adopt = new double[days];
        double[] logGain = new double[days];
        double[] heads = new double[days];
        Arrays.fill(adopt, 1);
        Arrays.fill(heads, 1);
        double elasticity = 0.15 + 0.35 * rnd.nextDouble();
        int t0 = before - 14 + rnd.nextInt(43);
        double factor = 1.3 + 1.2 * rnd.nextDouble();
        int rampDays = 7 + rnd.nextInt(22);
        switch (kind) {
            case "adoption", "gradual-gain" -> {
                int gainDays = 60 + rnd.nextInt(31);
                for (int t = 0; t < days; t++) {
                    double r = clamp((t - t0) / (double) rampDays);
                    adopt[t] = Math.exp(r * Math.log(factor));
                    double g = kind.equals("adoption") ? r : clamp((t - t0) / (double) gainDays);
                    logGain[t] = elasticity * g * Math.log(factor);
                }
            }
            case "saturating" -> {
                double cap = 1.5 + 1.5 * rnd.nextDouble();
                int mid = t0 + 14 + rnd.nextInt(29);
                double width = 5 + 7 * rnd.nextDouble();
                for (int t = 0; t < days; t++) {
                    adopt[t] = 1 + (cap - 1) / (1 + Math.exp(-(t - mid) / width));
                    logGain[t] = elasticity * Math.log(adopt[t]);
                }
            }
            case "own-trend" -> {
                double slope = (0.005 + 0.005 * rnd.nextDouble()) * (rnd.nextBoolean() ? 1 : -1);
                double growth = 0.002 + 0.006 * rnd.nextDouble();
                double e = 0.1 + 0.2 * rnd.nextDouble();
                for (int t = 0; t < days; t++) {
                    adopt[t] = Math.exp(growth * t / 7.0);
                    logGain[t] = slope * t / 7.0 + e * Math.log(adopt[t]);
                }
            }
            case "reorg" -> {
                int at = 14 + rnd.nextInt(Math.max(1, days - 28));
                double h = rnd.nextBoolean() ? 0.5 + 0.1 * rnd.nextDouble() : 1.5 + 0.5 * rnd.nextDouble();
                for (int t = at; t < days; t++) {
                    heads[t] = h;
                }
            }
            default -> {
                if (gaming && rnd.nextBoolean()) { // a gaming team may also adopt a little, honestly
                    double f = 1 + 0.3 * rnd.nextDouble();
                    double e = 0.15 + 0.25 * rnd.nextDouble();
                    for (int t = 0; t < days; t++) {
                        double r = clamp((t - t0) / (double) rampDays);
                        adopt[t] = Math.exp(r * Math.log(f));
                        logGain[t] = e * r * Math.log(f);
                    }
                }
            }
        }

        // batch jobs of heavy users: real, the same before and after, no outcome effect
        double[] batch = new double[days];
        if (kind.equals("bursty")) {
            double perMonth = 2 + 2 * rnd.nextDouble();
            for (int t = 0; t < days; t++) {
                if (rnd.nextDouble() < perMonth / 30) {
                    double size = perHead * heads0 * (3 + 7 * rnd.nextDouble());
                    batch[t] += size;
                    if (t + 1 < days && rnd.nextBoolean()) {
                        batch[t + 1] += size * rnd.nextDouble();
                    }
                }
            }
        }

        // dummy (gamed) use, relative to the team's weekday-average real use
        double[] dummy = new double[days];
        if (gaming) {
            double m = 1.5 + rnd.nextDouble();
            boolean flat = rnd.nextBoolean(); // scripts that run every day, or only on workdays
            int lateStart = before + 21 + rnd.nextInt(36);
            int rampLength = 28 + rnd.nextInt(43);
            double burstDays = 0.1 + 0.15 * rnd.nextDouble();
            double level = perHead * heads0 * (m - 1) * (5 + 2 * weekendUse) / 7;
            for (int t = before; t < days; t++) {
                double dow = flat ? 1 : weekday(start.plusDays(t), weekendUse, friday) * 7 / (5 + 2 * weekendUse);
                double noise = Math.exp(0.1 * rnd.nextGaussian());
                dummy[t] = switch (kind) {
                    case "jump" -> level * dow * noise;
                    case "ramp" -> level * clamp((t - before) / (double) rampLength) * dow * noise;
                    case "late-onset" -> t >= lateStart ? level * dow * noise : 0;
                    default -> rnd.nextDouble() < burstDays ? level / burstDays * noise : 0;
                };
            }
        }

        double itemsPerHead = 0.1 + 0.4 * rnd.nextDouble();
        double cycleMu = Math.log(2 + 6 * rnd.nextDouble());
        double cycleSigma = 0.5 + 0.5 * rnd.nextDouble();
        double deployRate = 0.5 + 9.5 * rnd.nextDouble();
        double changeRate = 1 + 14 * rnd.nextDouble();
        double fail0 = 0.05 + 0.25 * rnd.nextDouble();
        double realPost = 0;
        double dummyPost = 0;
        for (int t = 0; t < days; t++) {
            LocalDate d = start.plusDays(t);
            double dowUse = weekday(d, weekendUse, friday);
            double dowWork = weekday(d, weekendWork, friday);
            double real = perHead * heads0 * heads[t] * adopt[t] * dowUse * useNoise[t] * orgUse[t] * calUse[t]
                    + batch[t];
            if (t >= before) {
                realPost += real;
                dummyPost += dummy[t];
            }
            boolean dayMissing = rnd.nextDouble() < missing;
            boolean proxyOut = outage >= 0 && t >= outage && t < outage + outageLength;
            s.proxy[t] = dayMissing || proxyOut ? Double.NaN : counting[t] * (real + dummy[t]);

            double work = heads[t] * dowWork * Math.pow(orgUse[t], 0.7) * orgWork[t] * calWork[t];
            double gain = Math.exp(logGain[t]);
            s.outcome[t] = Double.NaN;
            switch (outcomeType) {
                case "duration" -> {
                    int n = poisson(rnd, itemsPerHead * heads0 * work);
                    double sum = 0;
                    for (int k = 0; k < n; k++) {
                        sum += Math.exp(cycleMu + cycleSigma * rnd.nextGaussian()) * drift[t] * ageing[t] / gain;
                    }
                    s.num[t] = sum;
                    s.den[t] = n;
                    if (n > 0) {
                        s.outcome[t] = sum / n;
                    }
                }
                case "count" -> {
                    boolean freeze = rnd.nextDouble() < 0.01;
                    int n = freeze ? 0 : poisson(rnd, deployRate * work * drift[t] * gain);
                    s.num[t] = n;
                    s.den[t] = 1;
                    s.outcome[t] = n;
                }
                default -> {
                    int n = poisson(rnd, changeRate * work);
                    double p = Math.min(0.95, fail0 * drift[t] / gain * (rnd.nextDouble() < 0.02 ? 3 : 1));
                    int f = 0;
                    for (int k = 0; k < n; k++) {
                        f += rnd.nextDouble() < p ? 1 : 0;
                    }
                    s.num[t] = f;
                    s.den[t] = n;
                    if (n > 0) {
                        s.outcome[t] = f / (double) n;
                    }
                }
            }
            if (dayMissing) {
                s.outcome[t] = Double.NaN;
            }
        }
        s.inflation = gaming ? dummyPost / realPost : 0;
        return s;
    }

    private static void emit(List<Observation> obs, String team, LocalDate start, TeamSeries s, boolean weekly) {
        int days = s.proxy.length;
        if (!weekly) {
            for (int t = 0; t < days; t++) {
                LocalDate d = start.plusDays(t);
                if (!Double.isNaN(s.proxy[t])) {
                    obs.add(new Observation(d, team, "tokens", s.proxy[t]));
                }
                if (!Double.isNaN(s.outcome[t])) {
                    obs.add(new Observation(d, team, outcomeName(s.outcomeType), s.outcome[t]));
                }
            }
            return;
        }
        for (int w = 0; w + 7 <= days; w += 7) {
            double p = 0;
            double num = 0;
            double den = 0;
            for (int t = w; t < w + 7; t++) {
                p += s.proxy[t];
                num += s.num[t];
                den += s.den[t];
            }
            LocalDate d = start.plusDays(w);
            obs.add(new Observation(d, team, "tokens", p));
            double value = s.outcomeType.equals("count") ? num : den > 0 ? num / den : Double.NaN;
            if (!Double.isNaN(value)) {
                obs.add(new Observation(d, team, outcomeName(s.outcomeType), value));
            }
        }
    }

    static String outcomeName(String type) {
        return switch (type) {
            case "duration" -> "cycle_time";
            case "count" -> "deploys";
            default -> "failure_rate";
        };
    }

    private static double weekday(LocalDate d, double weekend, double friday) {
        return switch (d.getDayOfWeek()) {
            case SATURDAY, SUNDAY -> weekend;
            case FRIDAY -> friday;
            default -> 1;
        };
    }

    /** exp of a log-AR(1) with marginal sd {@code sd} and Student-t innovations with {@code dof} degrees, mean 1. */
    private static double[] ar1(SplittableRandom rnd, int n, double phi, double sd, int dof) {
        double[] x = new double[n];
        double innovation = sd * Math.sqrt(1 - phi * phi) / Math.sqrt(dof / (dof - 2.0));
        double v = sd * rnd.nextGaussian();
        for (int t = 0; t < n; t++) {
            double chi = 0;
            for (int k = 0; k < dof; k++) {
                double z = rnd.nextGaussian();
                chi += z * z;
            }
            double e = Math.max(-6, Math.min(6, rnd.nextGaussian() / Math.sqrt(chi / dof)));
            v = phi * v + innovation * e;
            x[t] = Math.exp(v - sd * sd / 2);
        }
        return x;
    }

    private static int poisson(SplittableRandom rnd, double lambda) {
        if (lambda <= 0) {
            return 0;
        }
        if (lambda > 30) {
            return (int) Math.max(0, Math.round(lambda + Math.sqrt(lambda) * rnd.nextGaussian()));
        }
        double limit = Math.exp(-lambda);
        double p = rnd.nextDouble();
        int k = 0;
        while (p > limit) {
            p *= rnd.nextDouble();
            k++;
        }
        return k;
    }

    private static double clamp(double x) {
        return Math.max(0, Math.min(1, x));
    }
}
