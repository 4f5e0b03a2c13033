package dev.goodhart.sim.alt;

import dev.goodhart.model.Direction;
import dev.goodhart.model.Granularity;
import dev.goodhart.model.IntegrityModel;
import dev.goodhart.model.Intervention;
import dev.goodhart.model.Metric;
import dev.goodhart.model.Observation;
import dev.goodhart.model.Quota;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A second, independent simulation of organisations ("zoo2"), written without looking at the detectors or at the
 * first zoo, from the phenomenon rather than from a "log outcome = elasticity x log proxy + AR(1)" model.
 *
 * <p>What it simulates, per team and per calendar day:
 * <ul>
 *   <li><b>Work items.</b> Items arrive as a Poisson process on working days (rate per person); each needs a
 *       log-normal amount of work (in person-working-days of the team's attention), and progresses only on working
 *       days at the day's attendance (0 on weekends and public holidays, 0.15 during holiday blocks). Its cycle time is
 *       the calendar time from arrival to closure. The DURATION outcome is the mean cycle time of the items closed that
 *       day (a day with no closure is missing), THROUGHPUT the number of items closed on a working day (zeros are
 *       data), FAILURE_RATE the share of a day's deploys (Poisson) that failed (no deploy: missing). Noise therefore
 *       comes from the items and shrinks with team size (3 to 40 people, log-uniform); the gain of an item depends on
 *       the conditions on the day it arrived, so closures lag the conditions.</li>
 *   <li><b>Genuine AI use.</b> Prompts per person per working day are Poisson around a team level times a weekly
 *       AR(1) habit, the workload, the attendance and the kind's adoption; weekends keep 5% of the use. Tokens are the
 *       sum of a log-normal number of tokens per prompt. The outcome responds to genuine use per unit of work only,
 *       through a learning curve (an exponential average with a time constant of 5 to 19 days, so a gain arrives over 2
 *       to 8 weeks), with a team elasticity of 0.1 to 0.5. Dummy volume never improves anything.</li>
 *   <li><b>Structure</b> (one per organisation): PLAIN; RANDOM_WALK (half the teams get an integrated outcome
 *       component, 2-5% a week, and a 2%-a-week random walk of their genuine use); CALENDAR (a slow workload season,
 *       10-25%, 15-35 weeks, that raises prompts and work together and congests the work, and two holiday blocks of one
 *       or two weeks where both series collapse); ORG_SHIFT (an organisation-wide outcome improvement of 10-25% around
 *       the intervention and, for tokens, a vendor change of tokens per prompt by -25% to +35%); STAGGERED (the quota
 *       reaches the teams in three waves three weeks apart, declared as per-segment interventions). Every organisation
 *       has five public holidays (no work, little use) and 2% of days where the outcome pipeline lost the data.</li>
 * </ul>
 * Each team records its kind, whether it games, and its inflation: the dummy volume of the post-period proxy divided
 * by the genuine volume of the same days (0.9 means the team reported 90% more than it really used).
 */
public final class AltZoo {
    /** The first day of every organisation's data, a Monday. */
    public static final LocalDate START = LocalDate.of(2024, 9, 2);
    /** Days simulated before the data starts, so that the first days' closures are those of a running team. */
    static final int WARM = 56;
    /** Waves of a staggered rollout and the days between them. */
    static final int WAVES = 3;
    static final int WAVE_GAP = 21;
    /** Share of days where the outcome pipeline lost the data. */
    static final double GAP_SHARE = 0.02;

    private AltZoo() {
    }

    /** What the outcome measures. */
    public enum Outcome {
        DURATION("cycle_time", Direction.LOWER, "days"),
        THROUGHPUT("items_closed", Direction.HIGHER, "items a day"),
        FAILURE_RATE("change_failure_rate", Direction.LOWER, "share of deploys");

        public final String metric;
        public final Direction direction;
        public final String unit;

        Outcome(String metric, Direction direction, String unit) {
            this.metric = metric;
            this.direction = direction;
            this.unit = unit;
        }
    }

    /** The organisation-level structure the teams live in. */
    public enum Structure { PLAIN, RANDOM_WALK, CALENDAR, ORG_SHIFT, STAGGERED }

    /** What the proxy counts. */
    public enum Proxy {
        TOKENS("tokens"), PROMPTS("prompts");

        public final String metric;

        Proxy(String metric) {
            this.metric = metric;
        }
    }

    /** A team's story. */
    public enum Kind {
        NOTHING(false, "-"),
        ADOPTION(false, "-"),
        LEAN(false, "-"),
        REORG(false, "-"),
        CRUNCH(false, "-"),
        ORGANIC(false, "-"),
        HIRING(false, "-"),
        DUMMY_AGENTS(true, "jump"),
        TASK_SPLIT(true, "jump"),
        SUBTLE(true, "jump"),
        BURSTS(true, "bursts"),
        RAMP(true, "ramp"),
        LATE_ONSET(true, "late"),
        MIXED(true, "mixed"),
        BUNCHING(true, "bunching");

        public final boolean gaming;
        /** For gaming kinds the shape of the inflation over time: jump, ramp, late, bursts, mixed, bunching. */
        public final String shape;

        Kind(boolean gaming, String shape) {
            this.gaming = gaming;
            this.shape = shape;
        }

        /** Teams of this kind in an organisation with {@code teamsPerKind}: "nothing happens" is four times as common. */
        public int count(int teamsPerKind) {
            return this == NOTHING ? 4 * teamsPerKind : teamsPerKind;
        }
    }

    /**
     * One team.
     *
     * @param name         segment name (says nothing about the kind)
     * @param kind         its story
     * @param people       headcount at the start
     * @param elasticity   the outcome's true elasticity in genuine use per unit of work
     * @param walk         whether its outcome has an integrated (random-walk) component
     * @param intervention the day the quota reached it
     * @param quotaPerDay  its declared quota per working day (the weekly model declares five times this): 1.3 to 1.6
 *                     times its baseline use for a bunching team, 0.9 to 2 times (log-uniform) for the others, so
 *                     that some honest teams' own use straddles their quota
     * @param inflation    dummy volume / genuine volume over the days from its intervention on; 0 for honest teams
     * @param genuine      daily genuine proxy (observed days)
     * @param dummy        daily dummy proxy (observed days)
     */
    public record Team(String name, Kind kind, int people, double elasticity, boolean walk, LocalDate intervention,
            double quotaPerDay, double inflation, double[] genuine, double[] dummy) {
        public boolean gaming() {
            return kind.gaming;
        }
    }

    /**
     * One organisation: its teams, its daily observations and the same data aggregated to weeks.
     *
     * @param id            a label
     * @param intervention  the first intervention (the only one unless staggered)
     * @param interventions what the models declare
     * @param days          observed days (a whole number of weeks)
     */
    public record Org(String id, Outcome outcome, Structure structure, Proxy proxy, int days, LocalDate intervention,
            List<Intervention> interventions, List<Team> teams, List<Observation> daily, List<Observation> weekly) {

        /** The model for this granularity (DAY or WEEK): proxy, outcome, link, interventions, a quota per team. */
        public IntegrityModel model(Granularity granularity) {
            IntegrityModel.Builder b = IntegrityModel.builder()
                    .metric(Metric.proxy(proxy.metric, proxy.metric))
                    .metric(Metric.outcome(outcome.metric, outcome.direction, outcome.unit))
                    .link(proxy.metric, outcome.metric)
                    .granularity(granularity);
            interventions.forEach(b::intervention);
            double perPeriod = granularity == Granularity.WEEK ? 5 : 1;
            for (Team t : teams) {
                b.quota(new Quota(proxy.metric, t.name(), t.quotaPerDay() * perPeriod));
            }
            return b.build();
        }

        /** The observations for this granularity: daily, or weekly dated on Mondays. */
        public List<Observation> observations(Granularity granularity) {
            switch (granularity) {
                case DAY: return daily;
                case WEEK: return weekly;
                default: throw new IllegalArgumentException("no " + granularity + " data");
            }
        }

        public Team team(String name) {
            for (Team t : teams) {
                if (t.name().equals(name)) {
                    return t;
                }
            }
            return null;
        }
    }

    /** Teams in one organisation. */
    public static int teamsPerOrg(int teamsPerKind) {
        int n = 0;
        for (Kind k : Kind.values()) {
            n += k.count(teamsPerKind);
        }
        return n;
    }

    /** Generates one organisation; deterministic in its arguments. */
    public static Org generate(String id, Outcome outcome, Structure structure, Proxy proxy, int teamsPerKind,
            long seed) {
        if (teamsPerKind < 1) {
            throw new IllegalArgumentException("teamsPerKind must be at least 1, found " + teamsPerKind);
        }
        SplittableRandom rng = new SplittableRandom(seed);
        int preWeeks = 12 + rng.nextInt(9);
        int postWeeks = 12 + rng.nextInt(9) + (structure == Structure.STAGGERED ? (WAVES - 1) * WAVE_GAP / 7 : 0);
        int days = 7 * (preWeeks + postWeeks);
        int t0 = 7 * preWeeks;
        Calendar cal = new Calendar(rng, structure, proxy, days, t0);

        List<Kind> kinds = new ArrayList<>();
        for (Kind k : Kind.values()) {
            for (int i = 0; i < k.count(teamsPerKind); i++) {
                kinds.add(k);
            }
        }
        Collections.shuffle(kinds, new java.util.Random(rng.nextLong()));

        List<Team> teams = new ArrayList<>();
        List<Observation> daily = new ArrayList<>();
        List<Observation> weekly = new ArrayList<>();
        List<Set<String>> waves = new ArrayList<>();
        for (int w = 0; w < WAVES; w++) {
            waves.add(new LinkedHashSet<>());
        }
        for (int ti = 0; ti < kinds.size(); ti++) {
            String name = String.format("team-%03d", ti + 1);
            int wave = structure == Structure.STAGGERED ? ti % WAVES : 0;
            waves.get(wave).add(name);
            int tTeam = t0 + wave * WAVE_GAP;
            TeamSim sim = new TeamSim(new SplittableRandom(rng.nextLong()), cal, outcome, structure, proxy,
                    kinds.get(ti), name, tTeam);
            teams.add(sim.run(daily, weekly));
        }
        LocalDate date = START.plusDays(t0);
        List<Intervention> interventions = new ArrayList<>();
        if (structure == Structure.STAGGERED) {
            for (int w = 0; w < WAVES; w++) {
                interventions.add(new Intervention(date.plusDays((long) w * WAVE_GAP), "token quota, wave " + (w + 1),
                        waves.get(w)));
            }
        } else {
            interventions.add(Intervention.of(date, "token quota"));
        }
        return new Org(id, outcome, structure, proxy, days, date, List.copyOf(interventions), List.copyOf(teams),
                List.copyOf(daily), List.copyOf(weekly));
    }

    /** Organisation-wide calendar: working days, attendance, holidays, season, shifts. Index i = day + WARM. */
    static final class Calendar {
        final int days;
        final int n;
        final int t0;
        /** Work capacity (attendance) per day: 1 on working days, 0 weekends and public holidays, 0.15 in blocks. */
        final double[] cap;
        /** Genuine AI use relative to a full working day. */
        final double[] useDay;
        /** Organisation-wide season of the workload (log), before a team's own amplitude. */
        final double[] season;
        /** Organisation-wide outcome shift (log, better is up), before a team's jitter. */
        final double[] orgShift;
        /** Tokens per prompt relative to the start (a vendor changing its model). */
        final double[] tokenFactor;
        final Set<Integer> publicHolidays = new HashSet<>();
        final List<int[]> holidayBlocks = new ArrayList<>();

        Calendar(SplittableRandom rng, Structure structure, Proxy proxy, int days, int t0) {
            this.days = days;
            this.t0 = t0;
            this.n = WARM + days;
            cap = new double[n];
            useDay = new double[n];
            season = new double[n];
            orgShift = new double[n];
            tokenFactor = new double[n];
            while (publicHolidays.size() < 5) {
                int d = rng.nextInt(days);
                if (isWeekday(d)) {
                    publicHolidays.add(d);
                }
            }
            if (structure == Structure.CALENDAR) {
                int weeks = days / 7;
                int first = -10;
                for (int b = 0; b < 2; b++) {
                    int startWeek;
                    do {
                        startWeek = 1 + rng.nextInt(weeks - 3);
                    } while (Math.abs(startWeek - first) < 3);   // two separate blocks
                    first = startWeek;
                    boolean twoWeeks = rng.nextBoolean();
                    holidayBlocks.add(new int[] {startWeek * 7, startWeek * 7 + (twoWeeks ? 12 : 5)});
                }
            }
            double amp = uni(rng, 0.10, 0.25);
            double periodDays = 7 * uni(rng, 15, 35);
            double phase = uni(rng, 0, 2 * Math.PI);
            double shift = uni(rng, 0.10, 0.25);
            int shiftDay = t0 + (int) Math.round(uni(rng, -28, 42));
            int shiftLen = 7 + rng.nextInt(15);
            double vendor = rng.nextBoolean() ? uni(rng, 0.75, 0.85) : uni(rng, 1.2, 1.35);
            int vendorDay = t0 + (int) Math.round(uni(rng, -28, 56));
            for (int i = 0; i < n; i++) {
                int d = i - WARM;
                boolean weekday = isWeekday(d);
                double c = weekday ? 1 : 0;
                if (weekday && d >= 0 && publicHolidays.contains(d)) {
                    c = 0;
                }
                for (int[] block : holidayBlocks) {
                    if (weekday && d >= block[0] && d < block[1]) {
                        c = 0.15;
                    }
                }
                cap[i] = c;
                useDay[i] = c > 0 ? c : 0.05;
                season[i] = structure == Structure.CALENDAR ? amp * Math.sin(2 * Math.PI * d / periodDays + phase) : 0;
                orgShift[i] = structure == Structure.ORG_SHIFT ? shift * ramp(d, shiftDay, shiftLen) : 0;
                tokenFactor[i] = structure == Structure.ORG_SHIFT && proxy == Proxy.TOKENS
                        ? 1 + (vendor - 1) * ramp(d, vendorDay, 7) : 1;
            }
        }

        static boolean isWeekday(int d) {
            DayOfWeek w = START.plusDays(d).getDayOfWeek();
            return w != DayOfWeek.SATURDAY && w != DayOfWeek.SUNDAY;
        }
    }

    /** One team's simulation. Arrays are indexed i = day + WARM over the warm-up and the observed days. */
    static final class TeamSim {
        final SplittableRandom r;
        final Calendar cal;
        final Outcome outcome;
        final Structure structure;
        final Proxy proxy;
        final Kind kind;
        final String name;
        /** The team's intervention as an array index. */
        final int tI;
        final int n;

        final int people;
        final double perPerson;     // prompts per person per full working day
        final double tokMedian;     // median tokens per prompt
        final double itemRate;      // items per person per working day
        final double deployRate;    // deploys per person per working day
        final double workMedian;    // median work of an item, in working days
        final double workSigma;
        final double failBase;
        final double elasticity;
        final double learnDays;
        final boolean walk;
        final double quotaPerDay;
        final double baseDay;       // expected genuine proxy on a baseline working day

        final double[] heads;
        final double[] newShare;
        final double[] load;        // workload (log)
        final double[] congestion;  // log work-need factor from the seasonal workload
        final double[] use;         // genuine use per unit of work, relative (drives the outcome)
        final double[] volume;      // measured volume per unit of genuine use (the lean team's efficiency)
        final double[] quality;     // log outcome quality, better is up
        final double[] useEff;      // use after the learning curve

        TeamSim(SplittableRandom r, Calendar cal, Outcome outcome, Structure structure, Proxy proxy, Kind kind,
                String name, int teamDay) {
            this.r = r;
            this.cal = cal;
            this.outcome = outcome;
            this.structure = structure;
            this.proxy = proxy;
            this.kind = kind;
            this.name = name;
            this.tI = teamDay + WARM;
            this.n = cal.n;
            people = (int) Math.round(Math.exp(uni(r, Math.log(3), Math.log(40))));
            perPerson = uni(r, 4, 25);
            tokMedian = uni(r, 800, 3000);
            itemRate = uni(r, 0.15, 0.45);
            deployRate = uni(r, 0.10, 0.30);
            workMedian = uni(r, 2, 6);
            workSigma = uni(r, 0.6, 1.0);
            failBase = uni(r, 0.06, 0.25);
            elasticity = uni(r, 0.1, 0.5);
            learnDays = uni(r, 5, 19);
            walk = structure == Structure.RANDOM_WALK && r.nextBoolean();
            baseDay = people * perPerson * (proxy == Proxy.TOKENS ? tokMedian * Math.exp(0.5) : 1);
            // a bunching team sits 30-60% below its quota; everyone else anywhere from 10% above it to twice below
            quotaPerDay = (kind == Kind.BUNCHING ? uni(r, 1.3, 1.6) : Math.exp(uni(r, Math.log(0.9), Math.log(2.0))))
                    * baseDay;
            heads = new double[n];
            newShare = new double[n];
            load = new double[n];
            congestion = new double[n];
            use = new double[n];
            volume = new double[n];
            quality = new double[n];
            useEff = new double[n];
        }

        Team run(List<Observation> daily, List<Observation> weekly) {
            base();
            story();
            for (int i = 0; i < n; i++) {
                useEff[i] = i == 0 ? use[0] : useEff[i - 1] + (use[i] - useEff[i - 1]) / learnDays;
            }
            double[] genuine = new double[cal.days];
            double[] dummy = new double[cal.days];
            proxySeries(genuine, dummy);
            double[][] out = outcomeSeries();
            emit(genuine, dummy, out, daily, weekly);
            double dSum = 0;
            double gSum = 0;
            for (int d = tI - WARM; d < cal.days; d++) {
                dSum += dummy[d];
                gSum += genuine[d];
            }
            double inflation = gSum > 0 ? dSum / gSum : 0;
            return new Team(name, kind, people, elasticity, walk, START.plusDays(tI - WARM), quotaPerDay, inflation,
                    genuine, dummy);
        }

        /** What every team has: headcount, season, habits, weekly shocks, random walks, the organisation's shift. */
        private void base() {
            double seasonAmp = uni(r, 0.5, 1.5);
            double shiftJitter = uni(r, 0.7, 1.3);
            double habit = 0;
            double walkO = 0;
            double walkU = 0;
            double walkSd = uni(r, 0.02, 0.05);
            double shock = 0;
            int week = Integer.MIN_VALUE;
            for (int i = 0; i < n; i++) {
                int w = Math.floorDiv(i - WARM, 7);
                if (w != week) {
                    week = w;
                    habit = 0.7 * habit + 0.07 * r.nextGaussian();
                    shock = 0.04 * r.nextGaussian();
                    if (walk) {
                        walkO += walkSd * r.nextGaussian();
                        walkU += 0.02 * r.nextGaussian();
                    }
                }
                heads[i] = people;
                load[i] = seasonAmp * cal.season[i];
                congestion[i] = 0.4 * load[i];
                use[i] = Math.exp(habit + walkU);
                volume[i] = 1;
                quality[i] = shock + walkO + shiftJitter * cal.orgShift[i];
            }
        }

        /** The kind's own changes to genuine use, volume, workload, headcount and quality (dummy volume comes later). */
        private void story() {
            switch (kind) {
                case ADOPTION: {
                    double a = uni(r, 1.5, 2.5);
                    int from = tI + r.nextInt(8);
                    int len = 7 + r.nextInt(15);
                    for (int i = 0; i < n; i++) {
                        use[i] *= 1 + (a - 1) * ramp(i, from, len);
                    }
                    break;
                }
                case LEAN: {
                    double v = uni(r, 0.6, 0.8);
                    double gain = Math.log(uni(r, 1.10, 1.25));
                    int vLen = 7 + r.nextInt(8);
                    int gLen = 14 + r.nextInt(29);
                    for (int i = 0; i < n; i++) {
                        volume[i] *= 1 - (1 - v) * ramp(i, tI, vLen);
                        quality[i] += gain * ramp(i, tI, gLen);
                    }
                    break;
                }
                case REORG: {
                    double step = (r.nextBoolean() ? 1 : -1) * Math.log(1 + uni(r, 0.15, 0.30));
                    int at = tI + (int) Math.round(uni(r, -28, 56));
                    for (int i = at; i < n; i++) {
                        quality[i] += step;
                    }
                    break;
                }
                case CRUNCH: {
                    int len = 7 * (3 + r.nextInt(4));
                    int latest = n - len - 7;
                    int from = tI + 7 + (latest > tI + 7 ? r.nextInt(latest - tI - 7 + 1) : 0);
                    double work = Math.log(uni(r, 1.3, 1.6));
                    double lean = uni(r, 1.2, 1.5);
                    for (int i = 0; i < n; i++) {
                        double on = ramp(i, from, 5) - ramp(i, from + len, 5);
                        load[i] += work * on;
                        use[i] *= 1 + (lean - 1) * on;
                    }
                    break;
                }
                case ORGANIC: {
                    double g = uni(r, 0.01, 0.03);
                    for (int i = 0; i < n; i++) {
                        use[i] *= Math.exp(g * (i - WARM) / 7.0);
                    }
                    break;
                }
                case HIRING: {
                    double h = uni(r, 1.3, 1.6);
                    int from = tI + r.nextInt(57);
                    int len = 14 + r.nextInt(29);
                    double[] hired = new double[n];
                    for (int i = 0; i < n; i++) {
                        hired[i] = people * (h - 1) * ramp(i, from, len);
                        heads[i] = people + hired[i];
                        newShare[i] = (hired[i] - (i >= 56 ? hired[i - 56] : 0)) / heads[i];
                    }
                    break;
                }
                case MIXED: {
                    mixedAdoption = uni(r, 1.4, 2.0);
                    int len = 7 + r.nextInt(15);
                    mixedLen = len;
                    for (int i = 0; i < n; i++) {
                        use[i] *= 1 + (mixedAdoption - 1) * ramp(i, tI, len);
                    }
                    break;
                }
                default:
                    break;
            }
        }

        private double mixedAdoption;
        private int mixedLen;

        private void proxySeries(double[] genuine, double[] dummy) {
            for (int d = 0; d < cal.days; d++) {
                int i = d + WARM;
                double lambda = heads[i] * perPerson * cal.useDay[i] * Math.exp(load[i]) * use[i] * volume[i];
                long prompts = poisson(r, lambda);
                genuine[d] = proxy == Proxy.TOKENS ? tokens(prompts) * cal.tokenFactor[i] : prompts;
            }
            double tokF = 1;
            switch (kind) {
                case DUMMY_AGENTS: {
                    double c = uni(r, 0.5, 1.5);
                    int from = tI + r.nextInt(6);
                    for (int i = from; i < n; i++) {
                        tokF = cal.tokenFactor[i];
                        dummy[i - WARM] = amount(c * baseDay * 5 / 7 * Math.exp(0.1 * r.nextGaussian()) * tokF);
                    }
                    break;
                }
                case TASK_SPLIT: {
                    double k = uni(r, 2, 5);
                    double f = proxy == Proxy.PROMPTS ? k - 1 : 0.3 * (k - 1);
                    for (int i = tI; i < n; i++) {
                        dummy[i - WARM] = amount(genuine[i - WARM] * f * ramp(i, tI, 7));
                    }
                    break;
                }
                case SUBTLE: {
                    double s = uni(r, 0.3, 0.5);
                    for (int i = tI; i < n; i++) {
                        dummy[i - WARM] = amount(genuine[i - WARM] * s * ramp(i, tI, 7));
                    }
                    break;
                }
                case BURSTS: {
                    double p = uni(r, 0.15, 0.35);
                    double size = uni(r, 1.5, 4);
                    for (int i = tI; i < n; i++) {
                        if (cal.cap[i] >= 1 && r.nextDouble() < p) {
                            dummy[i - WARM] = amount(size * baseDay * Math.exp(0.2 * r.nextGaussian())
                                    * cal.tokenFactor[i]);
                        }
                    }
                    break;
                }
                case RAMP: {
                    double top = uni(r, 0.8, 1.6);
                    for (int i = tI; i < n; i++) {
                        dummy[i - WARM] = amount(genuine[i - WARM] * top * ramp(i, tI, n - tI));
                    }
                    break;
                }
                case LATE_ONSET: {
                    double jump = uni(r, 0.7, 1.3);
                    int onset = tI + 7 * (4 + r.nextInt(5));
                    for (int i = onset; i < n; i++) {
                        dummy[i - WARM] = amount(genuine[i - WARM] * jump * ramp(i, onset, 7));
                    }
                    break;
                }
                case MIXED: {
                    for (int i = tI; i < n; i++) {
                        double x = (mixedAdoption - 1) * ramp(i, tI, mixedLen);
                        dummy[i - WARM] = amount(genuine[i - WARM] * x / (1 + x));
                    }
                    break;
                }
                case BUNCHING: {
                    for (int i = tI; i < n; i++) {
                        if (cal.cap[i] >= 1) {
                            double target = quotaPerDay * uni(r, 0.97, 1.06);
                            dummy[i - WARM] = amount(Math.max(0, target - genuine[i - WARM]));
                        }
                    }
                    break;
                }
                default:
                    break;
            }
        }

        /** Prompts are whole numbers. */
        private double amount(double x) {
            return proxy == Proxy.PROMPTS ? Math.round(x) : x;
        }

        private double tokens(long prompts) {
            if (prompts < 15) {
                double s = 0;
                for (long k = 0; k < prompts; k++) {
                    s += tokMedian * Math.exp(r.nextGaussian());
                }
                return Math.round(s);
            }
            double mean = tokMedian * Math.exp(0.5);
            double var = tokMedian * tokMedian * Math.E * (Math.E - 1);
            return Math.round(Math.max(0, prompts * mean + Math.sqrt(prompts * var) * r.nextGaussian()));
        }

        /**
         * Per observed day: [0] sum of cycle times or closures or failures, [1] items closed or deploys, [2] 1 when
         * the outcome pipeline lost the day.
         */
        private double[][] outcomeSeries() {
            double[] a = new double[cal.days];
            double[] b = new double[cal.days];
            double[] gap = new double[cal.days];
            for (int d = 0; d < cal.days; d++) {
                gap[d] = r.nextDouble() < GAP_SHARE ? 1 : 0;
            }
            for (int i = 0; i < n; i++) {
                double c = cal.cap[i];
                if (c <= 0) {
                    continue;
                }
                switch (outcome) {
                    case DURATION: {
                        long k = poisson(r, heads[i] * itemRate * c * Math.exp(load[i]));
                        double need = Math.exp(congestion[i] - quality[i]) * Math.pow(useEff[i], -elasticity);
                        for (long j = 0; j < k; j++) {
                            double work = workMedian * Math.exp(workSigma * r.nextGaussian()) * need
                                    * (r.nextDouble() < newShare[i] ? 1.4 : 1);
                            double start = i + r.nextDouble();
                            double end = finish(start, work);
                            int closed = (int) Math.floor(end) - WARM;
                            if (end > 0 && closed >= 0 && closed < cal.days) {
                                a[closed] += end - start;
                                b[closed] += 1;
                            }
                        }
                        break;
                    }
                    case THROUGHPUT: {
                        double pull = Math.exp(load[i] + quality[i]) * Math.pow(useEff[i], elasticity)
                                * (1 - 0.5 * newShare[i]);
                        long k = poisson(r, heads[i] * itemRate * c * pull);
                        for (long j = 0; j < k; j++) {
                            double work = workMedian * Math.exp(workSigma * r.nextGaussian());
                            double end = finish(i + r.nextDouble(), work);
                            int closed = (int) Math.floor(end) - WARM;
                            if (end > 0 && closed >= 0 && closed < cal.days) {
                                a[closed] += 1;
                            }
                        }
                        break;
                    }
                    case FAILURE_RATE: {
                        int d = i - WARM;
                        if (d < 0) {
                            break;
                        }
                        long deploys = poisson(r, heads[i] * deployRate * c * Math.exp(load[i]));
                        double p = Math.min(0.9, failBase * Math.exp(congestion[i] - quality[i])
                                * Math.pow(useEff[i], -elasticity) * (1 + 0.5 * newShare[i]));
                        a[d] = binomial(r, deploys, p);
                        b[d] = deploys;
                        break;
                    }
                    default:
                        throw new AssertionError(outcome);
                }
            }
            return new double[][] {a, b, gap};
        }

        /** When an item started at {@code start} (fractional day index) with this much work is done. */
        private double finish(double start, double work) {
            double t = start;
            double left = work;
            while (t < n) {
                int day = (int) Math.floor(t);
                double c = cal.cap[day];
                if (c <= 0) {
                    t = day + 1;
                    continue;
                }
                double avail = (day + 1 - t) * c;
                if (left <= avail) {
                    return t + left / c;
                }
                left -= avail;
                t = day + 1;
            }
            return Double.POSITIVE_INFINITY;
        }

        /** The daily outcome value, NaN when the day has none. */
        double dailyOutcome(double[][] out, int d) {
            if (out[2][d] > 0) {
                return Double.NaN;
            }
            switch (outcome) {
                case DURATION: return out[1][d] > 0 ? out[0][d] / out[1][d] : Double.NaN;
                case THROUGHPUT: return cal.cap[d + WARM] > 0 ? out[0][d] : Double.NaN;
                case FAILURE_RATE: return out[1][d] > 0 ? out[0][d] / out[1][d] : Double.NaN;
                default: throw new AssertionError(outcome);
            }
        }

        private void emit(double[] genuine, double[] dummy, double[][] out, List<Observation> daily,
                List<Observation> weekly) {
            String pm = proxy.metric;
            String om = outcome.metric;
            for (int d = 0; d < cal.days; d++) {
                LocalDate date = START.plusDays(d);
                daily.add(new Observation(date, name, pm, genuine[d] + dummy[d]));
                double v = dailyOutcome(out, d);
                if (!Double.isNaN(v)) {
                    daily.add(new Observation(date, name, om, v));
                }
            }
            for (int w = 0; w < cal.days / 7; w++) {
                double p = 0;
                double sa = 0;
                double sb = 0;
                int workdays = 0;
                for (int d = 7 * w; d < 7 * w + 7; d++) {
                    p += genuine[d] + dummy[d];
                    if (out[2][d] > 0) {
                        continue;
                    }
                    sa += out[0][d];
                    sb += out[1][d];
                    if (cal.cap[d + WARM] > 0) {
                        workdays++;
                    }
                }
                LocalDate monday = START.plusDays(7L * w);
                weekly.add(new Observation(monday, name, pm, p));
                double v;
                switch (outcome) {
                    case DURATION:
                    case FAILURE_RATE:
                        v = sb > 0 ? sa / sb : Double.NaN;
                        break;
                    case THROUGHPUT:
                        v = workdays > 0 ? sa / workdays : Double.NaN;
                        break;
                    default:
                        throw new AssertionError(outcome);
                }
                if (!Double.isNaN(v)) {
                    weekly.add(new Observation(monday, name, om, v));
                }
            }
        }
    }

    static double uni(SplittableRandom r, double lo, double hi) {
        return lo + (hi - lo) * r.nextDouble();
    }

    /** 0 before {@code from}, rising linearly to 1 over {@code len} days. */
    static double ramp(double x, double from, double len) {
        if (x < from) {
            return 0;
        }
        return len <= 0 ? 1 : Math.min(1, (x - from + 1) / len);
    }

    static long poisson(SplittableRandom r, double mean) {
        if (!(mean > 0)) {
            return 0;
        }
        if (mean < 30) {
            double l = Math.exp(-mean);
            long k = 0;
            double p = r.nextDouble();
            while (p > l) {
                k++;
                p *= r.nextDouble();
            }
            return k;
        }
        return Math.max(0, Math.round(mean + Math.sqrt(mean) * r.nextGaussian()));
    }

    static long binomial(SplittableRandom r, long trials, double p) {
        if (trials < 60) {
            long k = 0;
            for (long t = 0; t < trials; t++) {
                if (r.nextDouble() < p) {
                    k++;
                }
            }
            return k;
        }
        double mean = trials * p;
        return Math.max(0, Math.min(trials, Math.round(mean + Math.sqrt(mean * (1 - p)) * r.nextGaussian())));
    }
}
