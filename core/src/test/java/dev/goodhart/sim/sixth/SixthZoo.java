package dev.goodhart.sim.sixth;

import dev.goodhart.model.Direction;
import dev.goodhart.model.Granularity;
import dev.goodhart.model.IntegrityModel;
import dev.goodhart.model.Intervention;
import dev.goodhart.model.Observation;
import dev.goodhart.sim.RandomDraws;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * The sixth zoo: organisations simulated day by day from work items, written by a helper (h82, 2026-12-04) without
 * reading the detectors, and ported here with the same generation logic and the same random-number sequence (one
 * {@link Random} per organisation, seeded from the seed and the organisation's index), so that an organisation and its
 * teams are the same as the helper's for the same seed and index.
 *
 * <p>An organisation draws an outcome ({@link #OUTCOMES}), a granularity ({@link #GRANULARITIES}), a noise
 * ({@link #NOISES}), 8-20 teams (half the organisations), 21-60 (35%) or 61-150 (15%), a baseline and a follow-up of
 * 60-200 days each, a quota on a Monday in 2024-2026 (a weekday after it in 20%), rolled out at once (70%) or in 2-3
 * waves two to six weeks apart (each wave its own intervention on the segments it reached), an organisation-wide
 * improvement of the outcome by 10-20% near the quota (25%), head count declared (50%: the model's
 * {@code exposure("headcount")} and {@code per("tokens", "headcount")}, a row every Monday), and a share of gaming teams
 * (10%, 30% or 50%).
 *
 * <p>A team's real use per head follows its own organic drift (-10% to +20% a year) and, in 35% of teams, an S-shaped
 * adoption during the baseline (logistic from 30-60% to 100%, its midpoint 20-80% of the way through the baseline);
 * its log outcome moves by minus its elasticity times the log of real use relative to its baseline mean, the
 * elasticity drawn from a mixture (30% near zero, 0-0.05; 70% 0.1-0.5). Honest kinds ({@link #HONEST}): nothing;
 * adoption (use x1.3-3 over 1-4 weeks from up to two weeks after the quota); the same with the outcome following use
 * 3-8 weeks later; a regime step of the outcome by x1.15-1.3 either way at any time; a crunch of 3-6 weeks (use and
 * work x1.3-1.6, outcome 10-25% worse) before or after the quota; lean (use x0.7 and outcome 20% better over two
 * weeks); hiring (head count x1.3-1.8 over 2-6 weeks, use and work with it); "orgwide" is nothing in an organisation
 * that improves as a whole. Gaming kinds ({@link #GAMING}): counted tokens x1.4-3 from the quota ("game_orgwide" in an
 * organisation that improves), the same by a ramp of 4-12 weeks, from 3-10 weeks after it, x1.4-1.5, reached in ten
 * days (x1.5-3), and bursts on 15-35% of days (each x(1 + m U(0.5, 1.5)) with m 2-8 a team: x2-13); a gaming team's
 * outcome follows only its real use.
 *
 * <p>Every day has a weekday pattern (weekends 8-30% of a weekday's tokens and 30-60% of its work, Fridays 85% of the
 * tokens, Mondays 5% slower) and Christmas (24-31 December and 1 January: a quarter of the tokens, 40% of the work,
 * 10% slower). Outcomes are sampled from items: the mean cycle time of a Poisson number of items closed that day
 * (1-8 a weekday, log-normal each; no row on a day without items), a Poisson count of incidents (0.15-1.5 a weekday,
 * zero days included) or the failure rate of a Poisson number of changes (3-15 a weekday; no row without changes); the
 * log outcome carries AR(1) noise: "low" (phi 0.2, sd 2-6%), "ar" (phi 0.6-0.9, sd 4-12%), "heavy" (phi 0.3, Student-t
 * with 3 degrees of freedom, sd 4-10%) or "gap" (phi 0.3, sd 3-8%, and 2-4 weeks missing from every team's export).
 * Counted tokens carry their own log-AR(1) noise (phi 0.5, innovations 12%) and 8% daily noise. Granularity "DAY"
 * scores daily rows daily, "WEEKrows" writes one row a week (Monday) scored weekly, "WEEKdaily" daily rows scored
 * weekly. Weekly rows are written as the helper's program wrote them (kept for the same draws): a row gathers the days
 * from its Monday to the next observed Monday, so the days after an export gap that ends mid-week go into the row dated
 * before the gap, and the last row is a partial week.
 *
 * <p>{@link Settings} override the draws for probes (the clear case: {@link Settings#clearCase()}).
 */
public final class SixthZoo {
    /** The outcomes: mean cycle time of the day's items, incident counts, change failure rate (all lower is better). */
    public static final List<String> OUTCOMES = List.of("cycle", "incidents", "failrate");
    /** Daily rows scored daily, weekly rows scored weekly, daily rows scored weekly. */
    public static final List<String> GRANULARITIES = List.of("DAY", "WEEKrows", "WEEKdaily");
    /** The outcome noises. */
    public static final List<String> NOISES = List.of("low", "ar", "heavy", "gap");
    /** The honest kinds drawn ("orgwide", nothing in an improving organisation, is honest too). */
    public static final List<String> HONEST = List.of("nothing", "adopt", "lagged", "regime", "crunch", "lean",
            "hiring");
    /** The gaming kinds drawn ("game_orgwide", a jump in an improving organisation, games too). */
    public static final List<String> GAMING = List.of("jump", "ramp", "late", "subtle", "split", "bursts");

    private static final String[] OUTCOME_ARRAY = OUTCOMES.toArray(new String[0]);
    private static final String[] GRANULARITY_ARRAY = GRANULARITIES.toArray(new String[0]);
    private static final String[] NOISE_ARRAY = NOISES.toArray(new String[0]);
    private static final String[] HONEST_ARRAY = HONEST.toArray(new String[0]);
    private static final String[] GAMING_ARRAY = GAMING.toArray(new String[0]);
    private static final Double[] GAMING_SHARES = {0.1, 0.3, 0.5};

    /**
     * Overrides of an organisation's draws, for probes; {@code null}, 0 or NaN leave a draw as it is (the draws are
     * made all the same, so the rest of the organisation stays as drawn).
     *
     * @param outcome one of {@link #OUTCOMES}
     * @param granularity one of {@link #GRANULARITIES}
     * @param noise one of {@link #NOISES}
     * @param rollout "single" or "waves"
     * @param teams the number of teams
     * @param pre days of baseline (rounded to the Monday before for weekly granularities)
     * @param post days after the quota
     * @param volume a multiplier of item, incident and change volumes (1 leaves them)
     * @param inflation the inflation of jump, late, subtle and game_orgwide teams
     * @param elasticity every team's elasticity
     * @param noiseSd the outcome noise's standard deviation
     * @param sCurve whether every team adopts along an S-curve in the baseline
     * @param headCount whether head count is declared
     * @param orgImprove whether the organisation improves as a whole
     * @param kinds team kinds, cycled over the teams (a kind not honest and not "orgwide" games)
     * @param noGrowth no organic drift of real use
     */
    public record Settings(String outcome, String granularity, String noise, String rollout, int teams, int pre,
            int post, double volume, double inflation, double elasticity, double noiseSd, Boolean sCurve,
            Boolean headCount, Boolean orgImprove, List<String> kinds, boolean noGrowth) {
        /** Copies the kinds. */
        public Settings {
            kinds = kinds == null ? null : List.copyOf(kinds);
        }

        /** Nothing overridden: the organisations as drawn. */
        public static Settings defaults() {
            return new Settings(null, null, null, null, 0, 0, 0, 1, Double.NaN, Double.NaN, Double.NaN, null, null,
                    null, null, false);
        }

        /**
         * The helper's clear case: 20 teams alternating nothing and a x2.5 jump, a flat outcome (no organic drift, no
         * S-curve, no organisation-wide improvement, no head count), low noise (sd 0.02), 120 days either side of one
         * quota.
         */
        public static Settings clearCase() {
            return defaults().withNoise("low").withNoiseSd(0.02).withTeams(20).withPre(120).withPost(120)
                    .withRollout("single").withHeadCount(false).withOrgImprove(false).withNoGrowth(true)
                    .withKinds(List.of("nothing", "jump")).withInflation(2.5).withSCurve(false);
        }

        /** These settings with the outcome. */
        public Settings withOutcome(String value) {
            return new Settings(value, granularity, noise, rollout, teams, pre, post, volume, inflation, elasticity,
                    noiseSd, sCurve, headCount, orgImprove, kinds, noGrowth);
        }

        /** These settings with the granularity. */
        public Settings withGranularity(String value) {
            return new Settings(outcome, value, noise, rollout, teams, pre, post, volume, inflation, elasticity,
                    noiseSd, sCurve, headCount, orgImprove, kinds, noGrowth);
        }

        /** These settings with the noise. */
        public Settings withNoise(String value) {
            return new Settings(outcome, granularity, value, rollout, teams, pre, post, volume, inflation, elasticity,
                    noiseSd, sCurve, headCount, orgImprove, kinds, noGrowth);
        }

        /** These settings with the rollout. */
        public Settings withRollout(String value) {
            return new Settings(outcome, granularity, noise, value, teams, pre, post, volume, inflation, elasticity,
                    noiseSd, sCurve, headCount, orgImprove, kinds, noGrowth);
        }

        /** These settings with the number of teams. */
        public Settings withTeams(int value) {
            return new Settings(outcome, granularity, noise, rollout, value, pre, post, volume, inflation, elasticity,
                    noiseSd, sCurve, headCount, orgImprove, kinds, noGrowth);
        }

        /** These settings with the baseline's days. */
        public Settings withPre(int value) {
            return new Settings(outcome, granularity, noise, rollout, teams, value, post, volume, inflation,
                    elasticity, noiseSd, sCurve, headCount, orgImprove, kinds, noGrowth);
        }

        /** These settings with the days after the quota. */
        public Settings withPost(int value) {
            return new Settings(outcome, granularity, noise, rollout, teams, pre, value, volume, inflation,
                    elasticity, noiseSd, sCurve, headCount, orgImprove, kinds, noGrowth);
        }

        /** These settings with the volume multiplier. */
        public Settings withVolume(double value) {
            return new Settings(outcome, granularity, noise, rollout, teams, pre, post, value, inflation, elasticity,
                    noiseSd, sCurve, headCount, orgImprove, kinds, noGrowth);
        }

        /** These settings with the inflation of jumps. */
        public Settings withInflation(double value) {
            return new Settings(outcome, granularity, noise, rollout, teams, pre, post, volume, value, elasticity,
                    noiseSd, sCurve, headCount, orgImprove, kinds, noGrowth);
        }

        /** These settings with every team's elasticity. */
        public Settings withElasticity(double value) {
            return new Settings(outcome, granularity, noise, rollout, teams, pre, post, volume, inflation, value,
                    noiseSd, sCurve, headCount, orgImprove, kinds, noGrowth);
        }

        /** These settings with the outcome noise's standard deviation. */
        public Settings withNoiseSd(double value) {
            return new Settings(outcome, granularity, noise, rollout, teams, pre, post, volume, inflation, elasticity,
                    value, sCurve, headCount, orgImprove, kinds, noGrowth);
        }

        /** These settings with S-curves for every team or none. */
        public Settings withSCurve(Boolean value) {
            return new Settings(outcome, granularity, noise, rollout, teams, pre, post, volume, inflation, elasticity,
                    noiseSd, value, headCount, orgImprove, kinds, noGrowth);
        }

        /** These settings with head count declared or not. */
        public Settings withHeadCount(Boolean value) {
            return new Settings(outcome, granularity, noise, rollout, teams, pre, post, volume, inflation, elasticity,
                    noiseSd, sCurve, value, orgImprove, kinds, noGrowth);
        }

        /** These settings with an organisation-wide improvement or none. */
        public Settings withOrgImprove(Boolean value) {
            return new Settings(outcome, granularity, noise, rollout, teams, pre, post, volume, inflation, elasticity,
                    noiseSd, sCurve, headCount, value, kinds, noGrowth);
        }

        /** These settings with the team kinds, cycled over the teams. */
        public Settings withKinds(List<String> value) {
            return new Settings(outcome, granularity, noise, rollout, teams, pre, post, volume, inflation, elasticity,
                    noiseSd, sCurve, headCount, orgImprove, value, noGrowth);
        }

        /** These settings with or without the organic drift of real use. */
        public Settings withNoGrowth(boolean value) {
            return new Settings(outcome, granularity, noise, rollout, teams, pre, post, volume, inflation, elasticity,
                    noiseSd, sCurve, headCount, orgImprove, kinds, value);
        }
    }

    /**
     * One team as simulated.
     *
     * @param name the segment
     * @param kind one of {@link #HONEST}, {@link #GAMING}, "orgwide" or "game_orgwide"
     * @param gaming whether it games
     * @param inflation the inflation it games with (the mean over the follow-up for bursts; 0 if honest)
     * @param realisedInflation counted over real tokens after its wave, noise included (NaN if honest)
     * @param elasticity minus the log outcome's response to log real use
     * @param wave its quota date
     * @param sCurve whether its baseline adoption is S-shaped
     * @param adoptRise how much adopters' use rose (0 otherwise)
     * @param lagDays how late a lagged adopter's outcome follows its use
     * @param tokenRatio counted tokens per day after its wave over before
     * @param detail the kind's drawn parameters, for reading
     */
    public record Team(String name, String kind, boolean gaming, double inflation, double realisedInflation,
            double elasticity, LocalDate wave, boolean sCurve, double adoptRise, int lagDays, double tokenRatio,
            String detail) {
    }

    /**
     * One organisation ready to score.
     *
     * @param seed the seed
     * @param index its index under the seed
     * @param outcome one of {@link #OUTCOMES}
     * @param granularity one of {@link #GRANULARITIES}
     * @param noise one of {@link #NOISES}
     * @param sizeBand "S8-20", "M21-60" or "L61-150"
     * @param rollout "single" or "waves"
     * @param orgImprove whether the organisation improves as a whole near the quota
     * @param headCount whether head count is declared
     * @param pre days of baseline
     * @param post days after the (first) quota
     * @param start the first day
     * @param waves the quota dates
     * @param phi the outcome noise's AR coefficient
     * @param noiseSd the outcome noise's standard deviation
     * @param gapStart the first missing day ("gap" noise; -1 otherwise)
     * @param gapLength the missing days
     * @param model the model
     * @param observations the rows
     * @param teams the teams
     */
    public record Org(long seed, int index, String outcome, String granularity, String noise, String sizeBand,
            String rollout, boolean orgImprove, boolean headCount, int pre, int post, LocalDate start,
            List<LocalDate> waves, double phi, double noiseSd, int gapStart, int gapLength, IntegrityModel model,
            List<Observation> observations, List<Team> teams) {
        /** The cell: outcome|granularity|noise|size band|rollout. */
        public String cell() {
            return outcome + "|" + granularity + "|" + noise + "|" + sizeBand + "|" + rollout;
        }
    }

    private SixthZoo() {
    }

    /** The organisation with this index under this seed, as drawn. */
    public static Org organisation(long seed, int index) {
        return organisation(seed, index, Settings.defaults());
    }

    /** The organisation with this index under this seed, with the settings' overrides. */
    public static Org organisation(long seed, int index, Settings settings) {
        Objects.requireNonNull(settings, "settings");
        Random r = new Random(seed * 1_000_003L + index * 7919L + 17);
        String outcome = pick(r, OUTCOME_ARRAY);
        String gran = pick(r, GRANULARITY_ARRAY);
        String noise = pick(r, NOISE_ARRAY);
        double sz = r.nextDouble();
        String sizeBand;
        int nTeams;
        if (sz < 0.5) {
            sizeBand = "S8-20";
            nTeams = 8 + r.nextInt(13);
        } else if (sz < 0.85) {
            sizeBand = "M21-60";
            nTeams = 21 + r.nextInt(40);
        } else {
            sizeBand = "L61-150";
            nTeams = 61 + r.nextInt(90);
        }
        int pre = 60 + r.nextInt(141);
        int post = 60 + r.nextInt(141);
        String rollout = r.nextDouble() < 0.3 ? "waves" : "single";
        boolean orgImprove = r.nextDouble() < 0.25;
        boolean heads = r.nextDouble() < 0.5;
        Settings s = settings;
        outcome = s.outcome() != null ? s.outcome() : outcome;
        gran = s.granularity() != null ? s.granularity() : gran;
        noise = s.noise() != null ? s.noise() : noise;
        rollout = s.rollout() != null ? s.rollout() : rollout;
        heads = s.headCount() != null ? s.headCount() : heads;
        orgImprove = s.orgImprove() != null ? s.orgImprove() : orgImprove;
        if (s.teams() > 0) {
            nTeams = s.teams();
            sizeBand = nTeams <= 20 ? "S8-20" : nTeams <= 60 ? "M21-60" : "L61-150";
        }
        pre = s.pre() > 0 ? s.pre() : pre;
        post = s.post() > 0 ? s.post() : post;
        // quota date: a Monday in 2024-2026, 80%; else a weekday after it
        LocalDate q = LocalDate.of(2024, 1, 1).plusWeeks(r.nextInt(150));
        if (r.nextDouble() < 0.2) {
            q = q.plusDays(1 + r.nextInt(4));
        }
        LocalDate start = q.minusDays(pre);
        if (!gran.equals("DAY")) {
            start = start.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            pre = (int) ChronoUnit.DAYS.between(start, q);
        }
        int nw = rollout.equals("waves") ? 2 + r.nextInt(2) : 1;
        LocalDate[] waves = new LocalDate[nw];
        for (int w = 0, off = 0; w < nw; w++) {
            waves[w] = q.plusWeeks(Math.min(off, (post - 42) / 7));
            off += 2 + r.nextInt(5);
        }
        int days = pre + post;
        double phi;
        double noiseSd;
        int gapStart = -1;
        int gapLength = 0;
        switch (noise) {
            case "low" -> {
                phi = 0.2;
                noiseSd = u(r, 0.02, 0.06);
            }
            case "ar" -> {
                phi = u(r, 0.6, 0.9);
                noiseSd = u(r, 0.04, 0.12);
            }
            case "heavy" -> {
                phi = 0.3;
                noiseSd = u(r, 0.04, 0.10);
            }
            default -> {
                phi = 0.3;
                noiseSd = u(r, 0.03, 0.08);
                gapLength = 7 * (2 + r.nextInt(3));
                gapStart = r.nextInt(Math.max(1, days - gapLength - 14)) + 7;
            }
        }
        if (!Double.isNaN(s.noiseSd())) {
            noiseSd = s.noiseSd();
        }
        double gamingShare = pick(r, GAMING_SHARES);
        int orgImproveDay = pre + (int) u(r, -28, 28);
        double orgImproveSize = u(r, 1.10, 1.20);
        double weekendTok = u(r, 0.08, 0.3);
        double weekendVol = u(r, 0.3, 0.6);

        Shape shape = new Shape(outcome, gran, noise, orgImprove, heads, pre, post, start, phi, noiseSd, gapStart,
                gapLength, days, orgImproveDay, orgImproveSize, weekendTok, weekendVol, s);
        List<Observation> observations = new ArrayList<>();
        List<Team> teams = new ArrayList<>();
        for (int t = 0; t < nTeams; t++) {
            String name = String.format(Locale.ROOT, "t%03d", t);
            boolean gaming = r.nextDouble() < gamingShare;
            String kind = gaming ? pick(r, GAMING_ARRAY) : pick(r, HONEST_ARRAY);
            if (s.kinds() != null) {
                kind = s.kinds().get(t % s.kinds().size());
                gaming = !HONEST.contains(kind) && !kind.equals("orgwide");
            }
            if (orgImprove && kind.equals("nothing")) {
                kind = "orgwide";
            }
            if (orgImprove && kind.equals("jump")) {
                kind = "game_orgwide";
            }
            double elasticity = r.nextDouble() < 0.3 ? u(r, 0, 0.05) : u(r, 0.1, 0.5);
            LocalDate wave = waves[r.nextInt(nw)];
            boolean sCurve = r.nextDouble() < 0.35;
            if (!Double.isNaN(s.elasticity())) {
                elasticity = s.elasticity();
            }
            if (s.sCurve() != null) {
                sCurve = s.sCurve();
            }
            teams.add(simulateTeam(shape, name, kind, gaming, elasticity, wave, sCurve, r, observations));
        }

        IntegrityModel.Builder b = IntegrityModel.builder().proxy("tokens", "tokens")
                .outcome("outcome", Direction.LOWER, outcome.equals("cycle") ? "days"
                        : outcome.equals("incidents") ? "incidents" : "rate")
                .link("tokens", "outcome");
        if (heads) {
            b.exposure("headcount", "people").per("tokens", "headcount");
        }
        if (nw == 1) {
            b.intervention(waves[0], "token quota");
        } else {
            for (int w = 0; w < nw; w++) {
                Set<String> segments = new TreeSet<>();
                for (Team team : teams) {
                    if (team.wave().equals(waves[w])) {
                        segments.add(team.name());
                    }
                }
                if (!segments.isEmpty()) {
                    b.intervention(new Intervention(waves[w], "quota wave " + (w + 1), segments));
                }
            }
        }
        b.granularity(gran.equals("DAY") ? Granularity.DAY : Granularity.WEEK);
        return new Org(seed, index, outcome, gran, noise, sizeBand, rollout, orgImprove, heads, pre, post, start,
                List.of(waves), phi, noiseSd, gapStart, gapLength, b.build(), List.copyOf(observations),
                List.copyOf(teams));
    }

    /** What every team of an organisation shares. */
    private record Shape(String outcome, String gran, String noise, boolean orgImprove, boolean heads, int pre,
            int post, LocalDate start, double phi, double noiseSd, int gapStart, int gapLength, int days,
            int orgImproveDay, double orgImproveSize, double weekendTok, double weekendVol, Settings settings) {
    }

    /** Simulates one team day by day, adds its rows and returns it. */
    private static Team simulateTeam(Shape o, String name, String k, boolean gaming, double elasticity,
            LocalDate wave, boolean sCurve, Random r, List<Observation> out) {
        int days = o.days();
        double volumeFactor = o.settings().volume();
        double base = Math.exp(u(r, Math.log(1e5), Math.log(1e6)));
        double h0 = 4 + r.nextInt(9);
        double[] head = new double[days];
        Arrays.fill(head, h0);
        double[] use = new double[days]; // real use per head, relative
        Arrays.fill(use, 1.0);
        double[] infl = new double[days];
        Arrays.fill(infl, 1.0);
        double[] shift = new double[days]; // log-outcome shifts not through use
        double[] vol = new double[days]; // item volume multiplier besides head count
        Arrays.fill(vol, 1.0);
        int q = (int) ChronoUnit.DAYS.between(o.start(), wave);
        if (sCurve) {
            double mid = u(r, 0.2, 0.8) * o.pre();
            double w = u(r, 7, 20);
            double lo = u(r, 0.3, 0.6);
            for (int d = 0; d < days; d++) {
                use[d] = lo + (1 - lo) / (1 + Math.exp(-(d - mid) / w));
            }
        }
        double growth = u(r, -0.1, 0.2) / 365.0;
        if (o.settings().noGrowth()) {
            growth = 0;
        }
        for (int d = 0; d < days; d++) {
            use[d] *= Math.exp(growth * d);
        }
        int lag = 0;
        double inflation = 0;
        double adoptRise = 0;
        String detail = "";
        switch (k) {
            case "adopt", "lagged" -> {
                double rise = u(r, 1.3, 3.0);
                int st = q + r.nextInt(14);
                int ramp = 7 + r.nextInt(22);
                adoptRise = rise;
                for (int d = st; d < days; d++) {
                    use[d] *= Math.exp(Math.log(rise) * Math.min(1.0, (d - st + 1) / (double) ramp));
                }
                if (k.equals("lagged")) {
                    lag = 21 + r.nextInt(36);
                }
                detail = String.format(Locale.ROOT, "rise=%.2f start=+%d ramp=%d lag=%d", rise, st - q, ramp, lag);
            }
            case "regime" -> {
                double f = u(r, 1.15, 1.3);
                if (r.nextBoolean()) {
                    f = 1 / f;
                }
                int at = (int) u(r, o.pre() / 3.0, days - 21);
                for (int d = at; d < days; d++) {
                    shift[d] += Math.log(f);
                }
                detail = String.format(Locale.ROOT, "step=%.2f at=%d(q=%d)", f, at, q);
            }
            case "crunch" -> {
                int len = 21 + r.nextInt(22);
                boolean after = r.nextBoolean();
                int at = after ? q + r.nextInt(Math.max(1, (o.post() - len) / 2))
                        : r.nextInt(Math.max(1, o.pre() - len));
                double m = u(r, 1.3, 1.6);
                double worse = u(r, 1.1, 1.25);
                for (int d = at; d < Math.min(days, at + len); d++) {
                    use[d] *= m;
                    vol[d] *= m;
                    shift[d] += Math.log(worse);
                }
                detail = String.format(Locale.ROOT, "crunch x%.2f worse=%.2f at=%d len=%d %s", m, worse, at, len,
                        after ? "post" : "pre");
            }
            case "lean" -> {
                int st = q + r.nextInt(14);
                for (int d = st; d < days; d++) {
                    double f = Math.min(1.0, (d - st + 1) / 14.0);
                    use[d] *= Math.exp(Math.log(0.7) * f);
                    shift[d] += -Math.log(1.2) * f;
                }
                detail = "start=+" + (st - q);
            }
            case "hiring" -> {
                double g = u(r, 1.3, 1.8);
                int st = q + r.nextInt(43);
                int ramp = 14 + r.nextInt(29);
                for (int d = st; d < days; d++) {
                    head[d] = h0 * Math.exp(Math.log(g) * Math.min(1.0, (d - st + 1) / (double) ramp));
                }
                for (int d = 0; d < days; d++) {
                    head[d] = Math.round(head[d]);
                }
                detail = String.format(Locale.ROOT, "heads x%.2f start=+%d ramp=%d", g, st - q, ramp);
            }
            case "jump", "game_orgwide", "subtle", "late" -> {
                double f = k.equals("subtle") ? u(r, 1.4, 1.5) : u(r, 1.4, 3.0);
                if (!Double.isNaN(o.settings().inflation())) {
                    f = o.settings().inflation();
                }
                int st = q + (k.equals("late") ? 7 * (3 + r.nextInt(8)) : 0);
                for (int d = st; d < days; d++) {
                    infl[d] = f;
                }
                inflation = f;
                detail = "onset=+" + (st - q);
            }
            case "ramp" -> {
                double f = u(r, 1.4, 3.0);
                int len = 7 * (4 + r.nextInt(9));
                for (int d = q; d < days; d++) {
                    infl[d] = Math.exp(Math.log(f) * Math.min(1.0, (d - q + 1) / (double) len));
                }
                inflation = f;
                detail = "rampdays=" + len;
            }
            case "split" -> {
                double f = u(r, 1.5, 3.0);
                for (int d = q; d < days; d++) {
                    infl[d] = Math.exp(Math.log(f) * Math.min(1.0, (d - q + 1) / 10.0));
                }
                inflation = f;
                detail = String.format(Locale.ROOT, "k=%.2f", f);
            }
            case "bursts" -> {
                double p = u(r, 0.15, 0.35);
                double mag = u(r, 2, 8);
                for (int d = q; d < days; d++) {
                    if (r.nextDouble() < p) {
                        infl[d] = 1 + mag * u(r, 0.5, 1.5);
                    }
                }
                double sum = 0;
                for (int d = q; d < days; d++) {
                    sum += infl[d];
                }
                inflation = sum / (days - q);
                detail = String.format(Locale.ROOT, "p=%.2f mag=%.1f", p, mag);
            }
            default -> {
            }
        }
        if (o.orgImprove()) {
            for (int d = 0; d < days; d++) {
                shift[d] += -Math.log(o.orgImproveSize())
                        * Math.min(1.0, Math.max(0.0, (d - o.orgImproveDay()) / 14.0));
            }
        }
        // the elasticity's reference: mean log real use over the team's baseline
        double ref = 0;
        for (int d = 0; d < q; d++) {
            ref += Math.log(use[d]);
        }
        ref /= Math.max(1, q);
        // outcome noise: AR(1), Gaussian or Student-t innovations
        double[] z = new double[days];
        double innov = o.noiseSd() * Math.sqrt(1 - o.phi() * o.phi());
        double prev = o.noiseSd() * r.nextGaussian();
        for (int d = 0; d < days; d++) {
            double e = o.noise().equals("heavy") ? studentT(r, 3) / Math.sqrt(3.0) : r.nextGaussian();
            prev = o.phi() * prev + innov * e;
            z[d] = prev;
        }
        double pNoise = 0;
        double lamItems = volumeFactor * u(r, 1.0, 8.0);
        double mu0 = Math.log(u(r, 1.5, 6));
        double sig = u(r, 0.5, 1.0);
        double lamInc = volumeFactor * u(r, 0.15, 1.5);
        double lamChg = volumeFactor * u(r, 3, 15);
        double p0 = u(r, 0.05, 0.25);
        boolean weeklyRows = o.gran().equals("WEEKrows");
        Week week = new Week();
        double sumPre = 0;
        double sumPost = 0;
        double realPost = 0;
        int nPre = 0;
        int nPost = 0;
        for (int d = 0; d < days; d++) {
            LocalDate date = o.start().plusDays(d);
            DayOfWeek dow = date.getDayOfWeek();
            boolean weekend = dow == DayOfWeek.SATURDAY || dow == DayOfWeek.SUNDAY;
            boolean xmas = (date.getMonthValue() == 12 && date.getDayOfMonth() >= 24)
                    || (date.getMonthValue() == 1 && date.getDayOfMonth() == 1);
            double wdTok = weekend ? o.weekendTok() : dow == DayOfWeek.FRIDAY ? 0.85 : 1.0;
            double wdVol = weekend ? o.weekendVol() : 1.0;
            if (xmas) {
                wdTok *= 0.25;
                wdVol *= 0.4;
            }
            pNoise = 0.5 * pNoise + 0.12 * r.nextGaussian();
            double real = base * (head[d] / h0) * use[d];
            double tok = real * wdTok * infl[d] * Math.exp(pNoise + 0.08 * r.nextGaussian());
            if (d < q) {
                sumPre += tok;
                nPre++;
            } else {
                sumPost += tok;
                nPost++;
                realPost += real * wdTok * Math.exp(pNoise);
            }
            int dl = Math.max(0, d - lag);
            double useEff = (k.equals("lagged") && d >= q) ? Math.log(use[dl]) : Math.log(use[d]);
            double logOutcome = -elasticity * (useEff - ref) + shift[d] + z[d] + (xmas ? 0.1 : 0)
                    + (dow == DayOfWeek.MONDAY ? 0.05 : 0);
            double volume = (head[d] / h0) * vol[d] * wdVol;
            boolean missing = o.gapStart() >= 0 && d >= o.gapStart() && d < o.gapStart() + o.gapLength();
            double oSum = 0;
            double oN;
            boolean has;
            switch (o.outcome()) {
                case "cycle" -> {
                    int n = RandomDraws.poisson(r, lamItems * volume);
                    for (int i = 0; i < n; i++) {
                        oSum += Math.exp(mu0 + logOutcome + sig * r.nextGaussian());
                    }
                    oN = n;
                    has = n > 0;
                }
                case "incidents" -> {
                    oSum = RandomDraws.poisson(r, lamInc * volume * Math.exp(logOutcome));
                    oN = 1;
                    has = true;
                }
                default -> {
                    int n = RandomDraws.poisson(r, lamChg * volume);
                    oSum = RandomDraws.binomial(r, n, Math.min(0.95, p0 * Math.exp(logOutcome)));
                    oN = n;
                    has = n > 0;
                }
            }
            if (missing) {
                continue;
            }
            if (!weeklyRows) {
                out.add(new Observation(date, name, "tokens", Math.round(tok)));
                if (has) {
                    out.add(new Observation(date, name, "outcome", oSum / oN));
                }
                if (o.heads() && (d == 0 || dow == DayOfWeek.MONDAY)) {
                    out.add(new Observation(date, name, "headcount", head[d]));
                }
            } else {
                if (week.start == null || dow == DayOfWeek.MONDAY) {
                    week.flush(o, name, head, out);
                    week.start = date;
                }
                week.tokens += tok;
                week.sum += oSum;
                week.n += oN;
                week.days++;
            }
        }
        if (weeklyRows) {
            week.flush(o, name, head, out);
        }
        double tokenRatio = (sumPost / Math.max(1, nPost)) / (sumPre / Math.max(1, nPre));
        double realised = gaming ? (sumPost / Math.max(1, nPost)) / (realPost / Math.max(1, nPost)) : Double.NaN;
        return new Team(name, k, gaming, inflation, realised, elasticity, wave, sCurve, adoptRise, lag, tokenRatio,
                detail);
    }

    /** A week being summed for weekly rows. */
    private static final class Week {
        private LocalDate start;
        private double tokens;
        private double sum;
        private double n;
        private int days;

        /** Writes the week's rows (tokens; the outcome if it had items; head count if declared) and empties it. */
        void flush(Shape o, String name, double[] head, List<Observation> out) {
            if (start != null && days > 0) {
                out.add(new Observation(start, name, "tokens", Math.round(tokens)));
                if (n > 0) {
                    double v = o.outcome().equals("incidents") ? sum : sum / n;
                    out.add(new Observation(start, name, "outcome", v));
                }
                if (o.heads()) {
                    int d = (int) ChronoUnit.DAYS.between(o.start(), start);
                    out.add(new Observation(start, name, "headcount", head[Math.min(head.length - 1, d)]));
                }
            }
            tokens = 0;
            sum = 0;
            n = 0;
            days = 0;
        }
    }

    private static double u(Random r, double a, double b) {
        return a + (b - a) * r.nextDouble();
    }

    private static double studentT(Random r, int df) {
        double c = 0;
        for (int i = 0; i < df; i++) {
            double g = r.nextGaussian();
            c += g * g;
        }
        return r.nextGaussian() / Math.sqrt(c / df);
    }

    private static <T> T pick(Random r, T[] a) {
        return a[r.nextInt(a.length)];
    }
}
