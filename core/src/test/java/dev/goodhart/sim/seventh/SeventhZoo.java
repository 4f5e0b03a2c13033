package dev.goodhart.sim.seventh;

import dev.goodhart.model.Direction;
import dev.goodhart.model.Granularity;
import dev.goodhart.model.IntegrityModel;
import dev.goodhart.model.Intervention;
import dev.goodhart.model.Link;
import dev.goodhart.model.Observation;
import dev.goodhart.model.Quota;
import dev.goodhart.sim.RandomDraws;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * The seventh zoo: organisations simulated day by day on a balanced factorial design, written by a helper (h80) from
 * the text of issue 12 alone, without reading the detectors, and ported here with the same generation logic and the
 * same random-number sequences (one {@link Random} per organisation for its parameters and the teams' kinds, one per
 * team for its series), so that an organisation and its teams are the same as the helper's for the same seed and
 * index. It is the generator the README's alpha table and earlier notes call "a helper's generator" (1,536
 * organisations, 79,104 teams).
 *
 * <p>An organisation's index fixes its cell of 512 (4 outcomes x 4 couplings x 4 noises x 2 granularities x 4 sizes):
 * outcome {@code index % 4} ({@link #OUTCOMES}), coupling {@code index / 4 % 4} ({@link #COUPLINGS}), noise
 * {@code index / 16 % 4} ({@link #NOISES}), granularity {@code index / 64 % 2} ({@link #GRANULARITIES}) and team count
 * {@code index / 128 % 4} ({@link #SIZES}); 1,536 organisations are three of each cell. The rest is drawn: a baseline
 * and a follow-up of 8-34 weeks each (56-238 days), a quota on a Monday in the 40 weeks from 2025-03-03, rolled out at
 * once (75%) or in 2-4 waves 2-5 weeks apart (each wave its own intervention on the teams it reached; the data end the
 * follow-up's length after the last wave), an elasticity of the outcome to real use of 0.1-0.5 for the organisation,
 * weekends without rows (half the daily organisations), an export gap of 1-3 weeks (30%), a December dip (60%: from 20
 * December to 3 January 40% of the tokens and 60% of the outcome's volume or value), a quarter-end crunch (40%: the last
 * two weeks of a quarter 1.3 times the tokens and 1.15 times the outcome's value, or its volume of changes for failure
 * rates), an organisation-wide improvement of 10-15%
 * from the quota on over three weeks (20%, not through use), a share of gaming teams (10-45%), a lag of 2-6 weeks for
 * the "lagged" coupling and a shared token growth of 0-20% a year.
 *
 * <p>A team's real use drifts (log AR(1), daily phi 0.97, sd 0.12) with 15% daily noise; the outcome answers real use
 * with the organisation's elasticity through the coupling: "short" (the same day), "level" (the trailing 28 days'
 * mean), "lagged" (the same, the coupling's lag later) or "none" (only a real change of use's level, not its
 * fluctuations). Honest kinds ({@link #HONEST}): adoption (use x1.5-3 over 1-3 weeks from the quota), the same with the
 * outcome following 2-6 weeks later ("lagged_gain"), a step of the outcome by 15-30% either way within a month of the
 * quota ("regime"), a crunch of 3-8 weeks from two weeks before the quota to four after it (use x1.3-1.8 and the
 * outcome's value x1.1-1.25: longer cycle times and a higher failure rate, but more deploys; its tokens work volume
 * and not a gain), lean (use x0.65 and the outcome 20% better over four
 * weeks, not through use), hiring (use x1.3-2 over 2-9 weeks, the outcome per item flat and counts with the people) and
 * nothing ("org_improve" in an organisation that improves). Gaming kinds ({@link #GAMING}): a jump of the counted tokens
 * x1.4-3 at the quota ("game_in_orgimp" in an organisation that improves, where every gaming team jumps), a ramp to
 * x1.4-3 over 6-16 weeks, a late jump x1.4-3 4-10 weeks after the quota, a subtle jump x1.4-1.45, bunching (each day or
 * week's tokens set 0-5% above the team's quota, itself 1.3-2 times its period's mean), bursts (a day in five multiplied
 * so that the mean inflation is x1.4-3) and a partial jump (real use x1.1-1.3 and counted tokens x1.5-2.5); a gaming
 * team's outcome follows only its real use. The inflation is the counted multiplier's maximum less one (bunching: the
 * quota over the period's mean, less one; bursts: the mean multiplier less one).
 *
 * <p>Days have a weekday rhythm of tokens (weekends 0.15, Mondays 1.1, Fridays 0.9, the other days 1.05) and 10% daily
 * noise on top of the drift and a shared growth. Outcomes: mean cycle time (1.5-6 days, log noise sd 0.15-0.35), p90
 * cycle time (5-15 days, sd 0.3-0.55), a Poisson count of deploys a day (0.5-8, sd 0.1-0.25; higher is better) or the
 * failure rate of a Poisson 2-15 changes a day (a base of 5-25%, sd 0.1-0.25; no row on a day without changes), the log
 * noise AR(1): {@code ar0} (white, phi 0), {@code ar5} (phi 0.4-0.6), {@code ar9} (phi 0.8-0.9) or {@code t3} (phi 0-0.5,
 * Student-t with 3 degrees of freedom, clipped at 5 sd). Daily organisations write a row a day; weekly ones a row a
 * week (Monday) with the week's summed tokens only if all seven days are there, and the mean outcome of the days
 * observed (the change-weighted failure rate). Kept for the same draws: a crunch team in a failure-rate organisation
 * draws its change volume from the crunch's outcome multiplier (1.1-1.25 changes a day), as the helper's program did.
 *
 * <p>{@link #oracleSd}, {@link #owed} and {@link #oraclePower} are the helper's known-noise reference for jumps: the
 * power of a one-sided 5% test of the gain owed at elasticity 0.1, knowing the noise of a flat team's outcome.
 * {@link Settings} are the helper's ablation switches (no calendar, no gaps).
 */
public final class SeventhZoo {
    /** The outcomes: mean cycle time, deploys a day (higher is better), failure rate, p90 cycle time. */
    public static final List<String> OUTCOMES = List.of("mean_ct", "count", "fail_rate", "p90_ct");
    /** How the outcome follows real use: same day, trailing 28 days, the same lagged, or only a change of level. */
    public static final List<String> COUPLINGS = List.of("short", "level", "lagged", "none");
    /** The outcome noises: white, AR 0.4-0.6, AR 0.8-0.9, Student-t with 3 degrees of freedom. */
    public static final List<String> NOISES = List.of("ar0", "ar5", "ar9", "t3");
    /** Daily rows scored daily, weekly rows scored weekly. */
    public static final List<String> GRANULARITIES = List.of("day", "week");
    /** The team counts. */
    public static final List<Integer> SIZES = List.of(6, 20, 60, 120);
    /** The honest kinds drawn ("org_improve", nothing in an improving organisation, is honest too). */
    public static final List<String> HONEST = List.of("adopt", "lagged_gain", "regime", "crunch", "lean", "hiring",
            "nothing");
    /** The gaming kinds drawn ("game_in_orgimp", a jump in an improving organisation, games too). */
    public static final List<String> GAMING = List.of("jump", "ramp", "late", "subtle", "bunch", "burst",
            "jump_partial");

    /** The first possible quota, a Monday. */
    static final LocalDate BASE = LocalDate.of(2025, 3, 3);
    /** The z of a one-sided 5% test. */
    private static final double Z95 = 1.6448536;

    /**
     * The helper's ablation switches ({@code -Dh80.calendar=off}, {@code -Dh80.gaps=off}); the organisation's draws are
     * made all the same. Without gaps every team's rows are as drawn but for the removed days; without the calendar a
     * team's daily Poisson and binomial samples (counts, failure rates, bunching's jitter) are drawn again from its first
     * calendar day on, since their number depends on the calendar, as in the helper's program.
     *
     * @param calendar whether December dips and quarter crunches are kept as drawn (off: none)
     * @param gaps whether export gaps and absent weekends are kept as drawn (off: none)
     */
    public record Settings(boolean calendar, boolean gaps) {
        /** Everything as drawn. */
        public static Settings defaults() {
            return new Settings(true, true);
        }

        /** These settings with the calendar on or off. */
        public Settings withCalendar(boolean value) {
            return new Settings(value, gaps);
        }

        /** These settings with the gaps on or off. */
        public Settings withGaps(boolean value) {
            return new Settings(calendar, value);
        }
    }

    /**
     * One team as simulated.
     *
     * @param name the segment ({@code t000}, {@code t001}, ...)
     * @param kind one of {@link #HONEST}, {@link #GAMING}, "org_improve" or "game_in_orgimp"
     * @param gaming whether it games
     * @param inflation the counted tokens' multiplier less one (0 for honest teams; see {@link SeventhZoo})
     * @param realMult its real use's multiplier (adopt, lagged_gain, lean, jump_partial; 1 otherwise)
     * @param param1 the regime's step, the crunch's use multiplier or hiring's (0 otherwise)
     * @param param2 the failure rate's changes a day, or the crunch's outcome multiplier
     * @param onsetDays the lagged gain's lag, the regime's or crunch's start after the quota, a ramp's length or a late
     *     jump's delay (0 otherwise)
     * @param wave its wave's number (from 0)
     * @param quotaDate its quota date
     * @param quotaDay its quota date's day from the organisation's first day
     * @param baseTokens its base tokens a day
     * @param baseOutcome its outcome's base level (the failure rate's base probability)
     * @param quota its quota a period (day or week)
     * @param outcomeSd its outcome noise's standard deviation (log scale)
     */
    public record Team(String name, String kind, boolean gaming, double inflation, double realMult, double param1,
            double param2, int onsetDays, int wave, LocalDate quotaDate, int quotaDay, double baseTokens,
            double baseOutcome, double quota, double outcomeSd) {
        /** The helper's description of the team, for reading. */
        public String describe() {
            return String.format(Locale.ROOT, "%s kind=%s gaming=%s inflation=%.2f wave=%d t=%s realMult=%.2f p1=%.2f "
                    + "p2=%.2f onsetDays=%d baseTokens=%.0f baseOutcome=%.3f quota=%.0f", name, kind, gaming,
                    inflation, wave, quotaDate, realMult, param1, param2, onsetDays, baseTokens, baseOutcome, quota);
        }
    }

    /**
     * One organisation ready to score.
     *
     * @param seed the seed
     * @param index its index under the seed
     * @param outcome one of {@link #OUTCOMES}
     * @param coupling one of {@link #COUPLINGS}
     * @param noise one of {@link #NOISES}
     * @param granularity one of {@link #GRANULARITIES}
     * @param size its team count, one of {@link #SIZES}
     * @param preDays days of baseline
     * @param postDays days after the last wave
     * @param start the first day
     * @param days the days simulated
     * @param waves the quota dates (the first is the quota, t0)
     * @param elasticity the outcome's elasticity to real use
     * @param phi the outcome noise's AR coefficient
     * @param studentT whether the noise is Student-t
     * @param weekendsAbsent whether weekends have no rows (daily organisations only)
     * @param exportGap whether an export gap removes rows
     * @param gapStart the gap's first day (drawn whether or not there is a gap)
     * @param gapLength the gap's days
     * @param decDip whether December holidays lower tokens and the outcome's volume
     * @param quarterCrunch whether quarter ends raise them
     * @param orgImprove whether the organisation improves as a whole from the quota
     * @param orgGain how much it improves
     * @param gamingShare the share of gaming teams drawn
     * @param lagWeeks the lagged coupling's lag
     * @param tokenTrend the shared growth of tokens (log a year)
     * @param model the model
     * @param observations the rows
     * @param teams the teams
     */
    public record Org(long seed, int index, String outcome, String coupling, String noise, String granularity,
            int size, int preDays, int postDays, LocalDate start, int days, List<LocalDate> waves, double elasticity,
            double phi, boolean studentT, boolean weekendsAbsent, boolean exportGap, int gapStart, int gapLength,
            boolean decDip, boolean quarterCrunch, boolean orgImprove, double orgGain, double gamingShare,
            int lagWeeks, double tokenTrend, IntegrityModel model, List<Observation> observations, List<Team> teams) {
        /** The cell: outcome|coupling|noise|granularity|size. */
        public String cell() {
            return outcome + "|" + coupling + "|" + noise + "|" + granularity + "|" + size;
        }

        /** The quota (the first wave). */
        public LocalDate t0() {
            return waves.get(0);
        }

        /** Whether the day (from {@link #start}) has no rows: an absent weekend or the export gap. */
        public boolean missing(int day) {
            DayOfWeek w = start.plusDays(day).getDayOfWeek();
            return (weekendsAbsent && (w == DayOfWeek.SATURDAY || w == DayOfWeek.SUNDAY))
                    || (exportGap && day >= gapStart && day < gapStart + gapLength);
        }

        /** The helper's description of the organisation, for reading. */
        public String describe() {
            return String.format(Locale.ROOT,
                    "org %d seed %d: outcome=%s coupling=%s noise=%s(phi=%.2f,t3=%s) gran=%s teams=%d pre=%dd post=%dd "
                            + "t0=%s waves=%d %s elasticity=%.2f lagWeeks=%d weekendsAbsent=%s exportGap=%s(%d+%d) "
                            + "decDip=%s quarterCrunch=%s orgImprove=%s(%.2f) gamingShare=%.2f tokenTrend=%.2f",
                    index, seed, outcome, coupling, noise, phi, studentT, granularity, size, preDays, postDays, t0(),
                    waves.size(), waves, elasticity, lagWeeks, weekendsAbsent, exportGap, gapStart, gapLength, decDip,
                    quarterCrunch, orgImprove, orgGain, gamingShare, tokenTrend);
        }
    }

    /** The organisation's draws before its teams' series. */
    private record Shape(long seed, int index, String outcome, String coupling, String noise, String gran, int size,
            int preDays, int postDays, LocalDate start, int n, LocalDate[] waves, double elasticity, double phi,
            boolean t3, boolean weekendsAbsent, boolean exportGap, int gapStart, int gapLen, boolean decDip,
            boolean quarterCrunch, boolean orgImprove, double orgGain, double gamingShare, int lagWeeks,
            double tokenTrend) {
        boolean week() {
            return gran.equals("week");
        }
    }

    /** A team's kind and wave, drawn with the organisation. */
    private record Draw(String name, String kind, boolean gaming, int wave) {
    }

    /** A team and its daily series (NaN: no row). */
    private record Series(Team team, double[] tokens, double[] outcome, double[] changes) {
    }

    private SeventhZoo() {
    }

    /** The organisation with this index under this seed, as drawn. */
    public static Org organisation(long seed, int index) {
        return organisation(seed, index, Settings.defaults());
    }

    /** The organisation with this index under this seed, with the settings' ablations. */
    public static Org organisation(long seed, int index, Settings settings) {
        Objects.requireNonNull(settings, "settings");
        Random r = new Random(mix(seed * 1_000_003L + index * 7919L + 17));
        String outcome = OUTCOMES.get(index % 4);
        String coupling = COUPLINGS.get((index / 4) % 4);
        String noise = NOISES.get((index / 16) % 4);
        String gran = GRANULARITIES.get((index / 64) % 2);
        int size = SIZES.get((index / 128) % 4);
        int preDays = 60 + r.nextInt(181);
        int postDays = 60 + r.nextInt(181);
        LocalDate t0 = BASE.plusWeeks(r.nextInt(40));
        preDays = (preDays / 7) * 7;
        postDays = (postDays / 7) * 7;
        int nWaves = r.nextDouble() < 0.25 ? 2 + r.nextInt(3) : 1;
        LocalDate[] waves = new LocalDate[nWaves];
        waves[0] = t0;
        for (int w = 1; w < nWaves; w++) {
            waves[w] = waves[w - 1].plusWeeks(2 + r.nextInt(4));
        }
        LocalDate start = t0.minusDays(preDays);
        int n = (int) (waves[nWaves - 1].toEpochDay() - start.toEpochDay()) + postDays;
        double elasticity = unif(r, 0.1, 0.5);
        double phi;
        boolean t3;
        switch (noise) {
            case "ar0" -> {
                phi = 0;
                t3 = false;
            }
            case "ar5" -> {
                phi = unif(r, 0.4, 0.6);
                t3 = false;
            }
            case "ar9" -> {
                phi = unif(r, 0.8, 0.9);
                t3 = false;
            }
            default -> {
                phi = unif(r, 0.0, 0.5);
                t3 = true;
            }
        }
        boolean weekendsAbsent = gran.equals("day") && r.nextDouble() < 0.5;
        boolean exportGap = r.nextDouble() < 0.3;
        int gapLen = 7 * (1 + r.nextInt(3));
        int gapStart = 7 * r.nextInt(Math.max(1, (n - gapLen) / 7));
        boolean decDip = r.nextDouble() < 0.6;
        boolean quarterCrunch = r.nextDouble() < 0.4;
        if (!settings.calendar()) {
            decDip = false;
            quarterCrunch = false;
        }
        if (!settings.gaps()) {
            exportGap = false;
            weekendsAbsent = false;
        }
        boolean orgImprove = r.nextDouble() < 0.2;
        double orgGain = unif(r, 0.10, 0.15);
        double gamingShare = unif(r, 0.1, 0.45);
        int lagWeeks = 2 + r.nextInt(5);
        double tokenTrend = unif(r, 0.0, 0.2);
        Shape o = new Shape(seed, index, outcome, coupling, noise, gran, size, preDays, postDays, start, n, waves,
                elasticity, phi, t3, weekendsAbsent, exportGap, gapStart, gapLen, decDip, quarterCrunch, orgImprove,
                orgGain, gamingShare, lagWeeks, tokenTrend);
        List<Draw> draws = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            String name = String.format(Locale.ROOT, "t%03d", i);
            boolean gaming = r.nextDouble() < gamingShare;
            String kind;
            if (orgImprove) {
                kind = gaming ? "game_in_orgimp" : HONEST.get(r.nextInt(HONEST.size()));
                if (!gaming && kind.equals("nothing")) {
                    kind = "org_improve";
                }
            } else {
                kind = gaming ? GAMING.get(r.nextInt(GAMING.size())) : HONEST.get(r.nextInt(HONEST.size()));
            }
            draws.add(new Draw(name, kind, gaming, r.nextInt(nWaves)));
        }
        List<Series> series = new ArrayList<>();
        for (Draw d : draws) {
            series.add(simulateTeam(o, d, new Random(mix(mix(seed * 31 + index) + d.name().hashCode()))));
        }
        List<Team> teams = series.stream().map(Series::team).toList();
        return new Org(seed, index, outcome, coupling, noise, gran, size, preDays, postDays, start, n,
                List.of(waves), elasticity, phi, t3, weekendsAbsent, exportGap, gapStart, gapLen, decDip,
                quarterCrunch, orgImprove, orgGain, gamingShare, lagWeeks, tokenTrend, model(o, teams),
                List.copyOf(observations(o, series)), teams);
    }

    /** One team's daily series, drawn from its own generator {@code r}. */
    private static Series simulateTeam(Shape o, Draw draw, Random r) {
        int n = o.n();
        String k = draw.kind();
        LocalDate quotaDate = o.waves()[draw.wave()];
        int quotaDay = (int) (quotaDate.toEpochDay() - o.start().toEpochDay());
        double baseTokens = Math.exp(unif(r, Math.log(2e4), Math.log(5e5)));
        double baseOutcome;
        double outSd;
        double param1 = 0;
        double param2 = 0;
        switch (o.outcome()) {
            case "mean_ct" -> {
                baseOutcome = unif(r, 1.5, 6);
                outSd = unif(r, 0.15, 0.35);
            }
            case "p90_ct" -> {
                baseOutcome = unif(r, 5, 15);
                outSd = unif(r, 0.3, 0.55);
            }
            case "count" -> {
                baseOutcome = Math.exp(unif(r, Math.log(0.5), Math.log(8)));
                outSd = unif(r, 0.1, 0.25);
            }
            default -> {
                baseOutcome = unif(r, 0.05, 0.25);
                outSd = unif(r, 0.1, 0.25);
                param2 = unif(r, 2, 15);
            }
        }
        double qMult = unif(r, 1.3, 2.0);
        double periodTokens = baseTokens * (o.week() ? 7 * 0.82 : 0.82);
        double quota = periodTokens * qMult;
        double[] realLog = new double[n];
        double[] infl = new double[n];
        double[] outExtra = new double[n];
        Arrays.fill(infl, 1.0);
        int t = quotaDay;
        double realMult = 1;
        int onsetDays = 0;
        switch (k) {
            case "adopt" -> {
                realMult = unif(r, 1.5, 3.0);
                int ramp = 7 + r.nextInt(14);
                for (int i = t; i < n; i++) {
                    realLog[i] = Math.log(realMult) * Math.min(1, (i - t + 1) / (double) ramp);
                }
            }
            case "lagged_gain" -> {
                realMult = unif(r, 1.5, 3.0);
                onsetDays = 7 * (2 + r.nextInt(5));
                for (int i = t; i < n; i++) {
                    realLog[i] = Math.log(realMult) * Math.min(1, (i - t + 1) / 14.0);
                }
            }
            case "regime" -> {
                double sh = unif(r, 0.15, 0.30) * (r.nextBoolean() ? 1 : -1);
                param1 = sh;
                int at = Math.max(7, Math.min(n - 7, t + (int) unif(r, -30, 30)));
                onsetDays = at - t;
                for (int i = at; i < n; i++) {
                    outExtra[i] = Math.log(1 + sh);
                }
            }
            case "crunch" -> {
                double tm = unif(r, 1.3, 1.8);
                double om = unif(r, 1.10, 1.25);
                param1 = tm;
                param2 = om; // the helper's program overwrote the failure rate's change volume so (kept)
                int from = Math.max(0, t + (int) unif(r, -14, 28));
                int len = 7 * (3 + r.nextInt(6));
                onsetDays = from - t;
                for (int i = from; i < Math.min(n, from + len); i++) {
                    realLog[i] = Math.log(tm);
                    outExtra[i] = Math.log(om);
                }
            }
            case "lean" -> {
                for (int i = t; i < n; i++) {
                    realLog[i] = Math.log(0.65);
                }
                realMult = 0.65;
            }
            case "hiring" -> {
                double hireMult = unif(r, 1.3, 2.0);
                param1 = hireMult;
                int ramp = 7 * (2 + r.nextInt(8));
                for (int i = t; i < n; i++) {
                    realLog[i] = Math.log(hireMult) * Math.min(1, (i - t + 1) / (double) ramp);
                }
            }
            case "nothing", "org_improve", "bunch", "burst" -> {
            }
            case "jump", "game_in_orgimp" -> {
                double m = unif(r, 1.4, 3.0);
                for (int i = t; i < n; i++) {
                    infl[i] = m;
                }
            }
            case "subtle" -> {
                double m = unif(r, 1.40, 1.45);
                for (int i = t; i < n; i++) {
                    infl[i] = m;
                }
            }
            case "ramp" -> {
                double m = unif(r, 1.4, 3.0);
                int ramp = 7 * (6 + r.nextInt(11));
                onsetDays = ramp;
                for (int i = t; i < n; i++) {
                    infl[i] = 1 + (m - 1) * Math.min(1, (i - t + 1) / (double) ramp);
                }
            }
            case "late" -> {
                double m = unif(r, 1.4, 3.0);
                onsetDays = 7 * (4 + r.nextInt(7));
                for (int i = t + onsetDays; i < n; i++) {
                    infl[i] = m;
                }
            }
            case "jump_partial" -> {
                realMult = unif(r, 1.1, 1.3);
                double m = unif(r, 1.5, 2.5);
                for (int i = t; i < n; i++) {
                    realLog[i] = Math.log(realMult);
                    infl[i] = m;
                }
            }
            default -> throw new IllegalStateException(k);
        }
        boolean count = o.outcome().equals("count");
        boolean shortCoupling = o.coupling().equals("short");
        if (o.orgImprove()) {
            // a new CI system: everyone 10-15% better from the quota on, not through use
            int t0 = (int) (o.waves()[0].toEpochDay() - o.start().toEpochDay());
            for (int i = t0; i < n; i++) {
                outExtra[i] += Math.log(1 - o.orgGain()) * (count ? -1 : 1) * Math.min(1, (i - t0 + 1) / 21.0);
            }
        }
        // real use: drift (log AR(1), daily phi 0.97, marginal sd 0.12) and 15% daily noise
        double[] logUse = new double[n];
        double drift = 0.12 * r.nextGaussian();
        for (int i = 0; i < n; i++) {
            drift = 0.97 * drift + Math.sqrt(1 - 0.97 * 0.97) * 0.12 * r.nextGaussian();
            double noise = 0.15 * r.nextGaussian();
            logUse[i] = drift + noise + realLog[i];
        }
        // the log gain in use that reaches the outcome; "none": only the level of a real change, as "level" does
        double[] g = o.coupling().equals("none") ? coupled("level", 0, realLog.clone())
                : coupled(o.coupling(), o.lagWeeks(), logUse);
        if (k.equals("lagged_gain")) {
            double[] gg = new double[n];
            for (int i = 0; i < n; i++) {
                gg[i] = i - onsetDays >= 0 ? g[i - onsetDays] : g[0];
            }
            g = gg;
        }
        if (k.equals("hiring")) { // more people, more use; the outcome per item flat
            for (int i = 0; i < n; i++) {
                g[i] -= i >= t ? (shortCoupling ? realLog[i] : realLogTrail(realLog, i, o)) : 0;
            }
        }
        if (k.equals("crunch")) { // crunch tokens are work volume, not a gain
            for (int i = 0; i < n; i++) {
                g[i] -= shortCoupling ? realLog[i] : realLogTrail(realLog, i, o);
            }
        }
        if (k.equals("lean")) { // fewer tokens, a better outcome: 20% not through use
            for (int i = 0; i < n; i++) {
                double rl = shortCoupling ? realLog[i] : realLogTrail(realLog, i, o);
                g[i] -= rl;
                if (i >= t) {
                    outExtra[i] += Math.log(1.20) * (count ? 1 : -1) * Math.min(1, (i - t + 1) / 28.0);
                }
            }
        }
        // counted tokens
        double[] tokens = new double[n];
        double[] outcome = new double[n];
        double[] changes = new double[n];
        double burstProb = 0.2;
        double burstMult = unif(r, 1.4, 3.0);
        boolean burst = k.equals("burst");
        boolean bunch = k.equals("bunch");
        double inflation = 0;
        if (burst) {
            inflation = burstMult - 1;
        }
        for (int i = 0; i < n; i++) {
            LocalDate d = o.start().plusDays(i);
            double wk = switch (d.getDayOfWeek()) {
                case SATURDAY, SUNDAY -> 0.15;
                case MONDAY -> 1.1;
                case FRIDAY -> 0.9;
                default -> 1.05;
            };
            double cal = calendarTokens(o, d);
            double tok = baseTokens * Math.exp(logUse[i] + o.tokenTrend() * i / 365.0) * wk * cal
                    * Math.exp(0.1 * r.nextGaussian());
            tok *= infl[i];
            if (burst && i >= t && r.nextDouble() < burstProb) {
                tok *= 1 + (burstMult - 1) / burstProb;
            }
            tokens[i] = tok;
        }
        if (!burst && !bunch) {
            double mx = 1;
            for (double v : infl) {
                mx = Math.max(mx, v);
            }
            inflation = mx - 1;
        }
        // the outcome: its noise, then its value
        double[] eta = outcomeNoise(o.phi(), o.t3(), outSd, n, r);
        boolean hiring = k.equals("hiring");
        for (int i = 0; i < n; i++) {
            LocalDate d = o.start().plusDays(i);
            double cal = calendarOutcome(o, d);
            double gain = o.elasticity() * g[i];
            switch (o.outcome()) {
                case "mean_ct", "p90_ct" -> outcome[i] = baseOutcome * Math.exp(-gain + outExtra[i] + eta[i]) * cal;
                case "count" -> {
                    double lam = baseOutcome * Math.exp(gain + outExtra[i] + eta[i]) * cal
                            * (hiring && i >= t ? Math.exp(realLog[i]) : 1);
                    outcome[i] = RandomDraws.poisson(r, lam);
                }
                default -> {
                    int nc = RandomDraws.poisson(r, param2 * cal * (hiring && i >= t ? Math.exp(realLog[i]) : 1));
                    double p = Math.min(0.95, baseOutcome * Math.exp(-gain + outExtra[i] + eta[i]));
                    changes[i] = nc;
                    outcome[i] = nc == 0 ? Double.NaN : RandomDraws.binomial(r, nc, p) / (double) nc;
                }
            }
        }
        // bunching: each period's tokens set just above the quota from the quota on
        if (bunch) {
            inflation = quota / (baseTokens * (o.week() ? 7 * 0.82 : 0.82)) - 1;
            if (!o.week()) {
                for (int i = t; i < n; i++) {
                    tokens[i] = quota * (1 + unif(r, 0, 0.05));
                }
            } else {
                // a bunched week spread over its days by the weekday rhythm
                for (int i = t; i < n; i += 7) {
                    double target = quota * (1 + unif(r, 0, 0.05));
                    double s = 0;
                    for (int j = i; j < Math.min(n, i + 7); j++) {
                        s += tokens[j];
                    }
                    for (int j = i; j < Math.min(n, i + 7); j++) {
                        tokens[j] *= target / s;
                    }
                }
            }
        }
        // missing rows: absent weekends, the export gap
        for (int i = 0; i < n; i++) {
            DayOfWeek w = o.start().plusDays(i).getDayOfWeek();
            boolean gone = (o.weekendsAbsent() && (w == DayOfWeek.SATURDAY || w == DayOfWeek.SUNDAY))
                    || (o.exportGap() && i >= o.gapStart() && i < o.gapStart() + o.gapLen());
            if (gone) {
                tokens[i] = Double.NaN;
                outcome[i] = Double.NaN;
                changes[i] = 0;
            }
        }
        Team team = new Team(draw.name(), k, draw.gaming(), inflation, realMult, param1, param2, onsetDays, draw.wave(),
                quotaDate, quotaDay, baseTokens, baseOutcome, quota, outSd);
        return new Series(team, tokens, outcome, changes);
    }

    /** The log use reaching the outcome through the coupling: the same day, or the trailing 28 days' mean (lagged). */
    private static double[] coupled(String coupling, int lagWeeks, double[] logUse) {
        int n = logUse.length;
        double[] g = new double[n];
        if (coupling.equals("short")) {
            System.arraycopy(logUse, 0, g, 0, n);
            return g;
        }
        int lag = coupling.equals("lagged") ? 7 * lagWeeks : 0;
        double s = 0;
        int cnt = 0;
        double[] tr = new double[n];
        for (int i = 0; i < n; i++) {
            s += logUse[i];
            cnt++;
            if (i >= 28) {
                s -= logUse[i - 28];
                cnt--;
            }
            tr[i] = s / cnt;
        }
        for (int i = 0; i < n; i++) {
            g[i] = i - lag >= 0 ? tr[i - lag] : tr[0];
        }
        return g;
    }

    /** The coupling's smoothing of real use (level, lagged, none), used to cancel use that buys no gain. */
    private static double realLogTrail(double[] realLog, int i, Shape o) {
        int lag = o.coupling().equals("lagged") ? 7 * o.lagWeeks() : 0;
        int j = i - lag;
        if (j < 0) {
            return realLog[0];
        }
        double s = 0;
        int c = 0;
        for (int q = Math.max(0, j - 27); q <= j; q++) {
            s += realLog[q];
            c++;
        }
        return s / c;
    }

    /** The outcome's log noise: AR(1) with this phi and marginal sd, Gaussian or Student-t innovations. */
    private static double[] outcomeNoise(double phi, boolean t3, double sd, int n, Random r) {
        double[] eta = new double[n];
        double prev = sd * (t3 ? t3(r) : r.nextGaussian());
        for (int i = 0; i < n; i++) {
            double inn = t3 ? t3(r) : r.nextGaussian();
            prev = phi * prev + Math.sqrt(1 - phi * phi) * sd * inn;
            eta[i] = prev;
        }
        return eta;
    }

    private static boolean holiday(LocalDate d) {
        return (d.getMonthValue() == 12 && d.getDayOfMonth() >= 20) || (d.getMonthValue() == 1 && d.getDayOfMonth() <= 3);
    }

    private static boolean quarterEnd(LocalDate d) {
        int m = d.getMonthValue();
        return (m % 3 == 0) && d.getDayOfMonth() >= d.lengthOfMonth() - 13;
    }

    private static double calendarTokens(Shape o, LocalDate d) {
        double c = 1;
        if (o.decDip() && holiday(d)) {
            c *= 0.4;
        }
        if (o.quarterCrunch() && quarterEnd(d)) {
            c *= 1.3;
        }
        return c;
    }

    /** The calendar's multiplier of the outcome's value (cycle time, count, change volume). */
    private static double calendarOutcome(boolean decDip, boolean quarterCrunch, LocalDate d) {
        double c = 1;
        if (decDip && holiday(d)) {
            c *= 0.6;
        }
        if (quarterCrunch && quarterEnd(d)) {
            c *= 1.15;
        }
        return c;
    }

    private static double calendarOutcome(Shape o, LocalDate d) {
        return calendarOutcome(o.decDip(), o.quarterCrunch(), d);
    }

    /** The outcome's metric name. */
    static String outcomeName(String outcome) {
        return switch (outcome) {
            case "fail_rate" -> "failure_rate";
            case "count" -> "deploys";
            case "p90_ct" -> "cycle_time_p90";
            default -> "cycle_time";
        };
    }

    private static List<Observation> observations(Shape o, List<Series> series) {
        List<Observation> obs = new ArrayList<>();
        String on = outcomeName(o.outcome());
        boolean failRate = o.outcome().equals("fail_rate");
        for (Series s : series) {
            String name = s.team().name();
            if (!o.week()) {
                for (int i = 0; i < o.n(); i++) {
                    LocalDate d = o.start().plusDays(i);
                    if (!Double.isNaN(s.tokens()[i])) {
                        obs.add(new Observation(d, name, "tokens", Math.round(s.tokens()[i])));
                    }
                    if (!Double.isNaN(s.outcome()[i])) {
                        obs.add(new Observation(d, name, on, s.outcome()[i]));
                    }
                }
            } else {
                for (int w = 0; w + 7 <= o.n(); w += 7) {
                    LocalDate d = o.start().plusDays(w);
                    double ts = 0;
                    double os = 0;
                    double cs = 0;
                    int tc = 0;
                    int oc = 0;
                    for (int i = w; i < w + 7; i++) {
                        if (!Double.isNaN(s.tokens()[i])) {
                            ts += s.tokens()[i];
                            tc++;
                        }
                        if (failRate) {
                            if (!Double.isNaN(s.outcome()[i])) {
                                os += s.outcome()[i] * s.changes()[i];
                                cs += s.changes()[i];
                            }
                        } else if (!Double.isNaN(s.outcome()[i])) {
                            os += s.outcome()[i];
                            oc++;
                        }
                    }
                    if (tc == 7) { // a whole week or no row
                        obs.add(new Observation(d, name, "tokens", Math.round(ts)));
                    }
                    if (failRate) {
                        if (cs > 0) {
                            obs.add(new Observation(d, name, on, os / cs));
                        }
                    } else if (oc > 0) {
                        obs.add(new Observation(d, name, on, os / oc));
                    }
                }
            }
        }
        return obs;
    }

    private static IntegrityModel model(Shape o, List<Team> teams) {
        String on = outcomeName(o.outcome());
        String unit = o.outcome().equals("count") ? "deploys/day" : o.outcome().equals("fail_rate") ? "fraction"
                : "days";
        IntegrityModel.Builder b = IntegrityModel.builder().proxy("tokens", "tokens")
                .outcome(on, o.outcome().equals("count") ? Direction.HIGHER : Direction.LOWER, unit)
                .link(new Link("tokens", on, 1, 0, Link.DEFAULT_MINIMUM_ELASTICITY))
                .granularity(o.week() ? Granularity.WEEK : Granularity.DAY);
        if (o.waves().length == 1) {
            b.intervention(o.waves()[0], "token quota");
        } else {
            for (int w = 0; w < o.waves().length; w++) {
                Set<String> segments = new TreeSet<>();
                for (Team t : teams) {
                    if (t.wave() == w) {
                        segments.add(t.name());
                    }
                }
                if (!segments.isEmpty()) {
                    b.intervention(new Intervention(o.waves()[w], "quota wave " + (w + 1), segments));
                }
            }
        }
        for (Team t : teams) {
            b.quota(new Quota("tokens", t.name(), Math.round(t.quota())));
        }
        return b.build();
    }

    /**
     * The standard deviation of the log ratio of a flat team's outcome after its quota to before (the same noise, the
     * same calendar, the same missing days), by Monte Carlo over {@code reps} draws of its own generator; the helper
     * computed it for jump and subtle teams with 60.
     */
    public static double oracleSd(Org o, Team t, int reps) {
        double[] st = new double[reps];
        for (int rep = 0; rep < reps; rep++) {
            Random r = new Random(mix(mix(mix(o.seed()) + o.index()) + t.name().hashCode() * 1_000_003L + rep));
            double[] eta = outcomeNoise(o.phi(), o.studentT(), t.outcomeSd(), o.days(), r);
            double sPre = 0;
            double sPost = 0;
            double wPre = 0;
            double wPost = 0;
            for (int i = 0; i < o.days(); i++) {
                if (o.missing(i)) {
                    continue;
                }
                LocalDate d = o.start().plusDays(i);
                double cal = calendarOutcome(o.decDip(), o.quarterCrunch(), d);
                double val;
                double w = 1;
                switch (o.outcome()) {
                    case "mean_ct", "p90_ct" -> val = t.baseOutcome() * Math.exp(eta[i]) * cal;
                    case "count" -> val = RandomDraws.poisson(r, t.baseOutcome() * Math.exp(eta[i]) * cal);
                    default -> {
                        int nc = RandomDraws.poisson(r, t.param2() * cal);
                        if (nc == 0) {
                            continue;
                        }
                        val = RandomDraws.binomial(r, nc, Math.min(0.95, t.baseOutcome() * Math.exp(eta[i]))) / (double) nc;
                        w = nc;
                    }
                }
                if (i < t.quotaDay()) {
                    sPre += val * w;
                    wPre += w;
                } else {
                    sPost += val * w;
                    wPost += w;
                }
            }
            st[rep] = Math.log((sPost / wPost + 1e-3) / (sPre / wPre + 1e-3));
        }
        double m = 0;
        for (double v : st) {
            m += v;
        }
        m /= reps;
        double v2 = 0;
        for (double v : st) {
            v2 += (v - m) * (v - m);
        }
        return Math.sqrt(v2 / (reps - 1));
    }

    /** The log gain owed at elasticity 0.1 to a team's inflation: {@code 0.1 log(1 + inflation)}. */
    public static double owed(Team t) {
        return 0.1 * Math.log(1 + t.inflation());
    }

    /** The power of a one-sided 5% test of the gain owed against the known noise {@code oracleSd}. */
    public static double oraclePower(double owed, double oracleSd) {
        return phiN(owed / oracleSd - Z95);
    }

    private static double phiN(double x) {
        return 0.5 * erfc(-x / Math.sqrt(2));
    }

    /** Numerical Recipes' erfc, as the helper used it. */
    private static double erfc(double x) {
        double z = Math.abs(x);
        double t = 1 / (1 + 0.5 * z);
        double ans = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223
                + t * 0.17087277)))))))));
        return x >= 0 ? ans : 2 - ans;
    }

    /** The splitmix64 finaliser. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    private static double unif(Random r, double a, double b) {
        return a + (b - a) * r.nextDouble();
    }

    /** Student-t with 3 degrees of freedom scaled to unit variance, clipped at 5. */
    private static double t3(Random r) {
        double z = r.nextGaussian();
        double c = 0;
        for (int i = 0; i < 3; i++) {
            double g = r.nextGaussian();
            c += g * g;
        }
        double x = z / Math.sqrt(c / 3) / Math.sqrt(3);
        return Math.max(-5, Math.min(5, x));
    }

}
