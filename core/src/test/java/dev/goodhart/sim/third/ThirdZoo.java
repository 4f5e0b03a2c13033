package dev.goodhart.sim.third;

import dev.goodhart.model.Direction;
import dev.goodhart.model.Granularity;
import dev.goodhart.model.IntegrityModel;
import dev.goodhart.model.Link;
import dev.goodhart.model.Metric;
import dev.goodhart.model.Observation;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Month;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A third, independent zoo of simulated organisations, built from how a metrics platform sees teams rather than from
 * the detectors' assumptions.
 *
 * <p>Every week a team has a genuine AI use (its adoption level times its size times the calendar) and, if it games,
 * dummy use on top that runs at a scripted rate (it ignores month-ends and December). Outcomes are sampled the way a
 * platform computes them: a mean duration over the week's tickets, escalations per ticket, conversions per session, a
 * count of defects; so small teams are noisy by construction (a few tickets a week, weeks with none are missing) and
 * large ones quiet. Honest teams gain from the smooth adoption level (not from the week's noise), some with a lag;
 * gaming teams gain nothing from the dummy part. Outcomes also move for reasons unrelated to AI (trends, an
 * organisation-wide tool change, the calendar, a growing team).
 *
 * <p>Factorial cells: history (long: 26-52 weeks before the intervention and 13-26 after; short: 8 and 8) x team size
 * (large and quiet: 40-80 people; small and noisy: 3-8) x outcome (cycle time, escalations per ticket, conversion,
 * defects). Within a cell, organisations rotate the proxy (tokens, prompts, agents), the links (one, two outcomes, two
 * proxies), seasonality, a declared minimum elasticity of 0.2, an organisation-wide tool change near the intervention,
 * and department-wide gaming (many teams padding with one script) against a single padding team.
 */
public final class ThirdZoo {
    private ThirdZoo() {
    }

    /** Length of the history around the intervention. */
    public enum History { LONG, SHORT }

    /** Team size: large teams have quiet outcomes, small ones noisy outcomes. */
    public enum Size { LARGE, SMALL }

    /** What the outcome is and which way is better. */
    public enum OutcomeKind {
        CYCLE_TIME("cycle_time", Direction.LOWER, "days"),
        ESCALATION_RATE("escalations_per_ticket", Direction.LOWER, "escalations/ticket"),
        CONVERSION("conversion", Direction.HIGHER, "share"),
        DEFECTS("defects", Direction.LOWER, "defects");

        final String metric;
        final Direction direction;
        final String unit;

        OutcomeKind(String metric, Direction direction, String unit) {
            this.metric = metric;
            this.direction = direction;
            this.unit = unit;
        }

        /** The metric name in the data. */
        public String metric() {
            return metric;
        }
    }

    /** What the proxy counts. */
    public enum ProxyKind {
        TOKENS("tokens"), PROMPTS("prompts"), AGENTS("agents");

        final String metric;

        ProxyKind(String metric) {
            this.metric = metric;
        }

        /** The metric name in the data. */
        public String metric() {
            return metric;
        }
    }

    /** The links of an organisation's model. */
    public enum Links { SINGLE, TWO_OUTCOMES, TWO_PROXIES }

    /** A team's kind: what really happened to it. */
    public enum Kind {
        /** Honest: no change in use; outcome noise only. */
        STEADY(false, false),
        /** Honest: use rises 1.5-3x at the quota (jump or ramp), elasticity 0.3-0.6. */
        ADOPT_BIG(false, true),
        /** Honest: use rises 1.5-3x, elasticity 0.05-0.1 (real but small gain; at or below the default bar). */
        ADOPT_SMALL(false, true),
        /** Honest: use rises 1.5-3x, elasticity 0.3-0.5, the gain arrives 3-8 weeks after the use. */
        LAGGED_GAIN(false, true),
        /** Honest: the outcome worsens 0.4-1.2% a week for months for reasons of its own; use grows slowly. */
        WORSENING(false, false),
        /** Honest: the outcome improves 0.4-1.2% a week for reasons of its own; use flat. */
        IMPROVING(false, false),
        /** Honest: the team grows 30-60% just after the quota; summed use and work volume grow with it. */
        HEADCOUNT(false, false),
        /** Gaming: dummy use from the quota on, at a constant share. */
        G_JUMP(true, false),
        /** Gaming: dummy share ramps linearly from zero over the recent window. */
        G_RAMP(true, false),
        /** Gaming: dummy use starts 40-70% of the way into the recent window. */
        G_LATE(true, false),
        /** Gaming: dummy use starts 2-6 weeks before the declared intervention (the quota was rumoured). */
        G_ANTICIPATE(true, false),
        /** Gaming: dummy use only in some weeks (every fourth week, before a monthly review, and about one in eight others). */
        G_INTERMITTENT(true, false),
        /** Gaming: a genuine adopter (1.3-1.8x, elasticity 0.3-0.5) who also pads with dummy use. */
        G_PADDED(true, true),
        /** Gaming: one script run by a department (many teams at once) or, in other organisations, by one team. */
        G_DEPARTMENT(true, false);

        final boolean gaming;
        final boolean adopts;

        Kind(boolean gaming, boolean adopts) {
            this.gaming = gaming;
            this.adopts = adopts;
        }

        /** Whether this kind games the proxy. */
        public boolean gaming() {
            return gaming;
        }
    }

    /** One cell of the factorial design. */
    public record Cell(History history, Size size, OutcomeKind outcome) {
        /** Short name for tables. */
        public String name() {
            return history.name().toLowerCase(Locale.ROOT) + "/" + size.name().toLowerCase(Locale.ROOT) + "/"
                    + outcome.metric;
        }

        /** Where detection should be easy: large quiet teams with a long history. */
        public boolean easy() {
            return history == History.LONG && size == Size.LARGE;
        }
    }

    /** The organisation-level factors. */
    public record OrgSpec(String id, Cell cell, ProxyKind proxy, Links links, boolean seasonal,
            boolean declaredMinimum, boolean toolChange, boolean department, int preWeeks, int postWeeks,
            LocalDate intervention) {
    }

    /**
     * One team and its truth.
     *
     * @param name            segment name in the data
     * @param kind            what happened to it
     * @param gaming          whether it games the primary proxy
     * @param targetInflation the dummy share of the post-period primary proxy it was generated for (0 when honest)
     * @param inflation       the realised dummy share of the post-period primary proxy (0 when honest)
     * @param secondaryGaming whether the second link (if any) is gamed: yes for a second outcome, no for a second
     *                        proxy (the dummy use inflates the primary proxy only)
     * @param elasticity      the genuine elasticity of the outcome to the smooth adoption level
     * @param useRise         post-period mean of the observed primary proxy over its pre-period mean
     */
    public record Team(String name, Kind kind, boolean gaming, double targetInflation, double inflation,
            boolean secondaryGaming, double elasticity, double useRise, double[] people) {
    }

    /** A generated organisation: its model, its data and its teams' truth. */
    public record Org(OrgSpec spec, IntegrityModel model, List<Observation> observations, List<Team> teams,
            String proxy, String outcome, String secondProxy, String secondOutcome) {
        /**
         * The same organisation with each team's weekly head count in the data as {@code headcount} (added on
         * 2026-12-03 for a measurement, not part of the generator as written: it draws nothing) and the proxies, and
         * the defect counts, declared per it ({@link IntegrityModel.Builder#per}).
         */
        public Org withHeadcount() {
            IntegrityModel.Builder b = model.toBuilder().exposure("headcount", "people");
            b.per(proxy, "headcount");
            if (secondProxy != null) {
                b.per(secondProxy, "headcount");
            }
            for (String o : java.util.Arrays.asList(outcome, secondOutcome)) {
                if (OutcomeKind.DEFECTS.metric.equals(o)) {
                    b.per(o, "headcount");
                }
            }
            List<Observation> rows = new ArrayList<>(observations);
            LocalDate start = spec.intervention.minusWeeks(spec.preWeeks);
            for (Team team : teams) {
                for (int t = 0; t < team.people.length; t++) {
                    rows.add(new Observation(start.plusWeeks(t), team.name, "headcount", team.people[t]));
                }
            }
            return new Org(spec, b.build(), List.copyOf(rows), teams, proxy, outcome, secondProxy, secondOutcome);
        }
    }

    /** The 16 cells, in a fixed order. */
    public static List<Cell> cells() {
        List<Cell> out = new ArrayList<>();
        for (History h : History.values()) {
            for (Size s : Size.values()) {
                for (OutcomeKind o : OutcomeKind.values()) {
                    out.add(new Cell(h, s, o));
                }
            }
        }
        return out;
    }

    /** Inflation levels a gaming team draws from (dummy share of the post-period proxy). */
    static final double[] INFLATIONS = {0.15, 0.25, 0.4, 0.55, 0.7};

    /** Teams of a kind in an organisation. */
    static int teamsOf(Kind kind, int teamsPerKind, boolean department) {
        if (kind == Kind.G_DEPARTMENT) {
            return department ? 4 * teamsPerKind : 1;
        }
        return teamsPerKind;
    }

    /**
     * The organisation {@code index} of {@code cell}: factors rotate with the index and the cell so that every level
     * appears about equally often; everything else is drawn from {@code seed}.
     */
    public static Org organisation(Cell cell, int index, int teamsPerKind, long seed) {
        int c = cells().indexOf(cell);
        SplittableRandom rnd = new SplittableRandom(seed * 1_000_003L + c * 10_007L + index);
        ProxyKind proxy = ProxyKind.values()[(index + c) % 3];
        Links links = Links.values()[(index + c / 3 + c) % 3];
        boolean seasonal = ((index + c) & 1) == 0;
        boolean declared = (((index >> 1) + c) & 1) == 0;
        boolean tool = (((index ^ (index >> 1)) + c) & 1) == 0;
        boolean department = (((index >> 2) + c + (c >> 1)) & 1) == 0;
        int pre;
        int post;
        if (cell.history == History.LONG) {
            pre = 26 + rnd.nextInt(27);
            post = 13 + rnd.nextInt(14);
        } else {
            pre = 8;
            post = 8;
        }
        LocalDate intervention = LocalDate.of(2024, 1, 1).plusWeeks(rnd.nextInt(104))
                .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        String id = String.format(Locale.ROOT, "c%02d-o%02d", c, index);
        OrgSpec spec = new OrgSpec(id, cell, proxy, links, seasonal, declared, tool, department, pre, post,
                intervention);
        return generate(spec, teamsPerKind, rnd);
    }

    // ---------------------------------------------------------------------------------------------------------------

    private static Org generate(OrgSpec spec, int teamsPerKind, SplittableRandom rnd) {
        Cell cell = spec.cell;
        OutcomeKind secondOutcomeKind = switch (cell.outcome) {
            case CYCLE_TIME -> OutcomeKind.DEFECTS;
            case ESCALATION_RATE -> OutcomeKind.CYCLE_TIME;
            case CONVERSION -> OutcomeKind.DEFECTS;
            case DEFECTS -> OutcomeKind.CYCLE_TIME;
        };
        ProxyKind secondProxyKind = spec.proxy == ProxyKind.TOKENS ? ProxyKind.PROMPTS : ProxyKind.TOKENS;
        String proxy = spec.proxy.metric;
        String outcome = cell.outcome.metric;
        String secondProxy = spec.links == Links.TWO_PROXIES ? secondProxyKind.metric : null;
        String secondOutcome = spec.links == Links.TWO_OUTCOMES ? secondOutcomeKind.metric : null;

        IntegrityModel.Builder b = IntegrityModel.builder();
        b.metric(Metric.proxy(proxy, proxy));
        b.outcome(outcome, cell.outcome.direction, cell.outcome.unit);
        if (secondProxy != null) {
            b.metric(Metric.proxy(secondProxy, secondProxy));
        }
        if (secondOutcome != null) {
            b.outcome(secondOutcome, secondOutcomeKind.direction, secondOutcomeKind.unit);
        }
        b.link(link(proxy, outcome, spec.declaredMinimum));
        if (secondOutcome != null) {
            b.link(link(proxy, secondOutcome, spec.declaredMinimum));
        }
        if (secondProxy != null) {
            b.link(link(secondProxy, outcome, spec.declaredMinimum));
        }
        b.intervention(spec.intervention, "AI use quota");
        b.granularity(Granularity.WEEK);
        IntegrityModel model = b.build();

        int pre = spec.preWeeks;
        int post = spec.postWeeks;
        int n = pre + post;
        LocalDate start = spec.intervention.minusWeeks(pre);
        LocalDate[] dates = new LocalDate[n];
        for (int t = 0; t < n; t++) {
            dates[t] = start.plusWeeks(t);
        }
        Calendar cal = new Calendar(dates, spec.seasonal);

        // The organisation's tool change (better outcome for everyone), near the intervention.
        int toolWeek = spec.toolChange ? Math.max(1, pre - 4 + rnd.nextInt(9)) : -1;
        double toolGain = 0.08 + 0.07 * rnd.nextDouble();

        // Department script: common start offset and a shared week-to-week pattern.
        double[] deptNoise = new double[n];
        for (int t = 0; t < n; t++) {
            deptNoise[t] = Math.exp(0.15 * rnd.nextGaussian());
        }

        List<Observation> obs = new ArrayList<>();
        List<Team> teams = new ArrayList<>();
        int k = 0;
        for (Kind kind : Kind.values()) {
            int count = teamsOf(kind, teamsPerKind, spec.department);
            for (int j = 0; j < count; j++) {
                String name = String.format(Locale.ROOT, "%s-t%03d", spec.id, k++);
                teams.add(team(spec, name, kind, rnd, cal, dates, toolWeek, toolGain, deptNoise, proxy, outcome,
                        secondProxy, secondProxyKind, secondOutcome, secondOutcomeKind, obs));
            }
        }
        return new Org(spec, model, List.copyOf(obs), List.copyOf(teams), proxy, outcome, secondProxy, secondOutcome);
    }

    private static Link link(String proxy, String outcome, boolean declared) {
        Link l = Link.of(proxy, outcome);
        return declared ? l.withMinimumElasticity(0.2) : l;
    }

    /** Seasonal factors per week, shared by every team of an organisation. */
    static final class Calendar {
        final double[] use;
        final double[] volume;
        final boolean[] monthEnd;
        final boolean[] december;

        Calendar(LocalDate[] dates, boolean seasonal) {
            int n = dates.length;
            use = new double[n];
            volume = new double[n];
            monthEnd = new boolean[n];
            december = new boolean[n];
            for (int t = 0; t < n; t++) {
                LocalDate d = dates[t];
                monthEnd[t] = d.plusDays(4).getMonth() != d.plusDays(7).getMonth()
                        || d.getMonth() != d.plusDays(4).getMonth();
                december[t] = (d.getMonth() == Month.DECEMBER && d.getDayOfMonth() >= 18)
                        || (d.getMonth() == Month.JANUARY && d.getDayOfMonth() <= 3);
                double u = 1;
                double v = 1;
                if (seasonal) {
                    if (monthEnd[t]) {
                        u *= 1.25;
                        v *= 1.2;
                    }
                    if (december[t]) {
                        u *= 0.45;
                        v *= 0.5;
                    }
                    if (d.getMonth() == Month.AUGUST) {
                        u *= 0.85;
                        v *= 0.85;
                    }
                }
                use[t] = u;
                volume[t] = v;
            }
            if (!seasonal) {
                java.util.Arrays.fill(monthEnd, false);
                java.util.Arrays.fill(december, false);
            }
        }
    }

    private static double uniform(SplittableRandom rnd, double lo, double hi) {
        return lo + (hi - lo) * rnd.nextDouble();
    }

    private static Team team(OrgSpec spec, String name, Kind kind, SplittableRandom rnd, Calendar cal,
            LocalDate[] dates, int toolWeek, double toolGain, double[] deptNoise, String proxy, String outcome,
            String secondProxy, ProxyKind secondProxyKind, String secondOutcome, OutcomeKind secondOutcomeKind,
            List<Observation> obs) {
        int pre = spec.preWeeks;
        int post = spec.postWeeks;
        int n = pre + post;
        boolean large = spec.cell.size == Size.LARGE;
        boolean shortHistory = spec.cell.history == History.SHORT;

        // --- people: the team's head count per week (HEADCOUNT grows just after the quota)
        double people0 = large ? 40 + rnd.nextInt(41) : 3 + rnd.nextInt(6);
        double[] people = new double[n];
        double growth = kind == Kind.HEADCOUNT ? uniform(rnd, 1.3, 1.6) : 1;
        int hireWeek = pre + rnd.nextInt(4);
        for (int t = 0; t < n; t++) {
            people[t] = t >= hireWeek ? Math.round(people0 * growth) : people0;
        }

        // --- genuine adoption level A (log), smooth
        double gPre;
        double gPost;
        if (kind == Kind.STEADY || kind == Kind.IMPROVING || kind == Kind.HEADCOUNT) {
            gPre = 0;
            gPost = 0;
        } else {
            gPre = uniform(rnd, 0, 0.008);
            gPost = uniform(rnd, 0, 0.008);
        }
        double jump = 0;
        if (kind == Kind.ADOPT_BIG || kind == Kind.ADOPT_SMALL || kind == Kind.LAGGED_GAIN) {
            jump = Math.log(uniform(rnd, 1.5, 3.0));
        } else if (kind == Kind.G_PADDED) {
            jump = Math.log(uniform(rnd, 1.3, 1.8));
        }
        int rampWeeks = rnd.nextBoolean() ? 0 : (shortHistory ? 3 + rnd.nextInt(3) : 4 + rnd.nextInt(5));
        double[] a = new double[n];
        for (int t = 0; t < n; t++) {
            double level = t < pre ? gPre * (t - pre) : gPost * (t - pre);
            if (t >= pre) {
                level += rampWeeks == 0 ? jump : jump * Math.min(1.0, (t - pre + 1) / (double) rampWeeks);
            }
            a[t] = level;
        }

        // --- genuine elasticity and lag
        double e = switch (kind) {
            case ADOPT_BIG -> uniform(rnd, 0.3, 0.6);
            case ADOPT_SMALL -> uniform(rnd, 0.05, 0.1);
            case LAGGED_GAIN, G_PADDED -> uniform(rnd, 0.3, 0.5);
            default -> uniform(rnd, 0.2, 0.4);
        };
        int lag = kind == Kind.LAGGED_GAIN ? (shortHistory ? 3 + rnd.nextInt(2) : 4 + rnd.nextInt(5)) : 0;
        double secondRatio = uniform(rnd, 0.5, 1.0);

        // --- outcome drivers unrelated to AI, in log "better" units
        double trend = switch (kind) {
            case WORSENING -> -uniform(rnd, 0.004, 0.012);
            case IMPROVING -> uniform(rnd, 0.004, 0.012);
            default -> 0;
        };
        double[] other = new double[n];
        double ar = 0;
        double sdLatent = large ? 0.02 : 0.05;
        for (int t = 0; t < n; t++) {
            ar = 0.5 * ar + sdLatent * rnd.nextGaussian();
            other[t] = trend * (t - pre) + (toolWeek >= 0 && t >= toolWeek ? toolGain : 0) + ar;
        }
        double[] gain = new double[n];
        for (int t = 0; t < n; t++) {
            int src = Math.max(0, t - lag);
            gain[t] = e * (a[src] - a[0]);
        }

        // --- genuine primary proxy
        double[] genuine = new double[n];
        double[] smooth = new double[n];
        double sdUse = large ? 0.08 : 0.2;
        double perPerson = switch (spec.proxy) {
            case TOKENS -> 40_000 * Math.exp(0.3 * rnd.nextGaussian());
            case PROMPTS -> 120 * Math.exp(0.3 * rnd.nextGaussian());
            case AGENTS -> (large ? 0.12 : 0.3) * Math.exp(0.2 * rnd.nextGaussian());
        };
        double useAr = 0;
        for (int t = 0; t < n; t++) {
            useAr = 0.4 * useAr + sdUse * rnd.nextGaussian();
            smooth[t] = perPerson * people[t] * Math.exp(a[t]);
            double mean = smooth[t] * cal.use[t] * Math.exp(useAr);
            // agents persist from week to week: a whole number near the team's level, not a fresh Poisson count
            genuine[t] = spec.proxy == ProxyKind.TOKENS ? mean : Math.round(mean);
        }

        // --- dummy use
        double[] dummy = new double[n];
        double target = 0;
        if (kind.gaming) {
            target = INFLATIONS[rnd.nextInt(INFLATIONS.length)];
            double[] shape = new double[n];
            switch (kind) {
                case G_JUMP, G_PADDED -> {
                    for (int t = pre; t < n; t++) {
                        shape[t] = 1;
                    }
                }
                case G_DEPARTMENT -> {
                    for (int t = pre; t < n; t++) {
                        shape[t] = deptNoise[t];
                    }
                }
                case G_RAMP -> {
                    for (int t = pre; t < n; t++) {
                        shape[t] = (t - pre + 1) / (double) post;
                    }
                }
                case G_LATE -> {
                    int onset = pre + (int) Math.round(uniform(rnd, 0.4, 0.7) * post);
                    for (int t = onset; t < n; t++) {
                        shape[t] = 1;
                    }
                }
                case G_ANTICIPATE -> {
                    int onset = pre - (shortHistory ? 2 + rnd.nextInt(3) : 3 + rnd.nextInt(4));
                    for (int t = Math.max(0, onset); t < n; t++) {
                        shape[t] = 1;
                    }
                }
                case G_INTERMITTENT -> {
                    boolean any = false;
                    for (int t = pre; t < n; t++) {
                        shape[t] = (t % 4 == 3 || rnd.nextDouble() < 0.12) ? 1 : 0;
                        any |= shape[t] > 0;
                    }
                    if (!any) {
                        shape[n - 1] = 1;
                    }
                }
                default -> throw new IllegalStateException(kind.name());
            }
            // dummy_t = c * shape_t * smooth_t (a script ignores the calendar), scaled so the post-period share is
            // the target
            double genuinePost = 0;
            double unitPost = 0;
            for (int t = pre; t < n; t++) {
                genuinePost += genuine[t];
                unitPost += shape[t] * smooth[t];
            }
            double c = target / (1 - target) * genuinePost / unitPost;
            double carry = 0.5; // rounds the total to the nearest whole agent
            for (int t = 0; t < n; t++) {
                double m = c * shape[t] * smooth[t];
                if (spec.proxy == ProxyKind.AGENTS) {
                    // a script runs whole agents: the fractional rate is carried to the next week
                    carry += m;
                    dummy[t] = Math.floor(carry + 1e-9);
                    carry -= dummy[t];
                } else {
                    double v = m * Math.exp(0.05 * rnd.nextGaussian());
                    dummy[t] = spec.proxy == ProxyKind.PROMPTS ? Math.round(v) : v;
                }
            }
        }
        double dummyPost = 0;
        double totalPost = 0;
        double totalPre = 0;
        for (int t = 0; t < n; t++) {
            double v = genuine[t] + dummy[t];
            if (t >= pre) {
                dummyPost += dummy[t];
                totalPost += v;
            } else {
                totalPre += v;
            }
        }
        double inflation = totalPost > 0 ? dummyPost / totalPost : 0;
        double useRise = (totalPost / post) / Math.max(1e-9, totalPre / pre);

        // --- observations: primary proxy
        for (int t = 0; t < n; t++) {
            obs.add(new Observation(dates[t], name, proxy, genuine[t] + dummy[t]));
        }
        // second proxy: the same genuine adoption, own noise, no dummy use
        if (secondProxy != null) {
            double pp = secondProxyKind == ProxyKind.PROMPTS ? 120 * Math.exp(0.3 * rnd.nextGaussian())
                    : 40_000 * Math.exp(0.3 * rnd.nextGaussian());
            double ar2 = 0;
            for (int t = 0; t < n; t++) {
                ar2 = 0.4 * ar2 + sdUse * rnd.nextGaussian();
                double v = pp * people[t] * Math.exp(a[t]) * cal.use[t] * Math.exp(ar2);
                obs.add(new Observation(dates[t], name, secondProxy,
                        secondProxyKind == ProxyKind.PROMPTS ? Math.round(v) : v));
            }
        }
        // outcomes
        emitOutcome(spec.cell.outcome, rnd, large, people, cal, gain, other, 1.0, dates, name, outcome, obs);
        if (secondOutcome != null) {
            emitOutcome(secondOutcomeKind, rnd, large, people, cal, gain, other, secondRatio, dates, name,
                    secondOutcome, obs);
        }
        return new Team(name, kind, kind.gaming, target, inflation, kind.gaming && secondOutcome != null, e, useRise,
                people);
    }

    /**
     * One outcome series, sampled the way a platform computes it from the week's work. {@code gain} and
     * {@code other} are log "better" units; the second outcome gets {@code ratio} of the AI gain.
     */
    private static void emitOutcome(OutcomeKind kind, SplittableRandom rnd, boolean large, double[] people,
            Calendar cal, double[] gain, double[] other, double ratio, LocalDate[] dates, String name,
            String metric, List<Observation> obs) {
        int n = dates.length;
        // an own latent noise for a second outcome, so that the two are not copies
        double ownAr = 0;
        switch (kind) {
            case CYCLE_TIME -> {
                double base = uniform(rnd, 3, 8);
                double perPerson = 2.5;
                for (int t = 0; t < n; t++) {
                    ownAr = 0.5 * ownAr + (large ? 0.01 : 0.03) * rnd.nextGaussian();
                    double better = ratio * gain[t] + other[t] + ownAr;
                    double mu = base * Math.exp(-better)
                            * (cal.monthEnd[t] ? 1.06 : 1) * (cal.december[t] ? 1.35 : 1);
                    int tickets = poisson(rnd, perPerson * people[t] * cal.volume[t]);
                    if (tickets == 0) {
                        continue; // no ticket closed: the platform has no mean for the week
                    }
                    // mean of lognormal durations with a per-ticket coefficient of variation of 0.9
                    double sigma = Math.sqrt(Math.log(1 + 0.81));
                    double sum = 0;
                    if (tickets <= 60) {
                        for (int i = 0; i < tickets; i++) {
                            sum += mu * Math.exp(sigma * rnd.nextGaussian() - sigma * sigma / 2);
                        }
                        sum /= tickets;
                    } else {
                        sum = mu * Math.max(0.2, 1 + 0.9 / Math.sqrt(tickets) * rnd.nextGaussian());
                    }
                    obs.add(new Observation(dates[t], name, metric, sum));
                }
            }
            case ESCALATION_RATE -> {
                double p0 = uniform(rnd, 0.08, 0.15);
                double perPerson = 6;
                for (int t = 0; t < n; t++) {
                    ownAr = 0.5 * ownAr + (large ? 0.01 : 0.03) * rnd.nextGaussian();
                    double better = ratio * gain[t] + other[t] + ownAr;
                    double p = Math.min(0.9, p0 * Math.exp(-better) * (cal.monthEnd[t] ? 1.1 : 1));
                    int tickets = poisson(rnd, perPerson * people[t] * cal.volume[t]);
                    if (tickets == 0) {
                        continue;
                    }
                    obs.add(new Observation(dates[t], name, metric, binomial(rnd, tickets, p) / (double) tickets));
                }
            }
            case CONVERSION -> {
                double p0 = uniform(rnd, 0.03, 0.06);
                double perPerson = large ? 150 : 40;
                for (int t = 0; t < n; t++) {
                    ownAr = 0.5 * ownAr + (large ? 0.01 : 0.03) * rnd.nextGaussian();
                    double better = ratio * gain[t] + other[t] + ownAr;
                    double p = Math.min(0.9, p0 * Math.exp(better) * (cal.december[t] ? 1.25 : 1));
                    // sessions come from the product's traffic, not the team's head count growth
                    int sessions = poisson(rnd, perPerson * people[0] * cal.volume[t]);
                    if (sessions == 0) {
                        continue;
                    }
                    obs.add(new Observation(dates[t], name, metric, binomial(rnd, sessions, p) / (double) sessions));
                }
            }
            case DEFECTS -> {
                double rate = uniform(rnd, 0.3, 0.5);
                for (int t = 0; t < n; t++) {
                    ownAr = 0.5 * ownAr + (large ? 0.01 : 0.03) * rnd.nextGaussian();
                    double better = ratio * gain[t] + other[t] + ownAr;
                    double lambda = rate * people[t] * cal.volume[t] * Math.exp(-better)
                            * (cal.monthEnd[t] ? 1.1 : 1);
                    obs.add(new Observation(dates[t], name, metric, poisson(rnd, lambda)));
                }
            }
            default -> throw new IllegalStateException(kind.name());
        }
    }

    static int poisson(SplittableRandom rnd, double mean) {
        if (mean <= 0) {
            return 0;
        }
        if (mean > 40) {
            return (int) Math.max(0, Math.round(mean + Math.sqrt(mean) * rnd.nextGaussian()));
        }
        double l = Math.exp(-mean);
        int k = 0;
        double p = 1;
        do {
            k++;
            p *= rnd.nextDouble();
        } while (p > l);
        return k - 1;
    }

    static int binomial(SplittableRandom rnd, int trials, double p) {
        if (trials * p > 30 && trials * (1 - p) > 30) {
            double v = trials * p + Math.sqrt(trials * p * (1 - p)) * rnd.nextGaussian();
            return (int) Math.max(0, Math.min(trials, Math.round(v)));
        }
        if (trials > 2000) {
            return Math.min(trials, poisson(rnd, trials * p));
        }
        int k = 0;
        for (int i = 0; i < trials; i++) {
            if (rnd.nextDouble() < p) {
                k++;
            }
        }
        return k;
    }
}
