package dev.goodhart.sim.zoo;

import dev.goodhart.model.Aggregation;
import dev.goodhart.model.Direction;
import dev.goodhart.model.Granularity;
import dev.goodhart.model.IntegrityModel;
import dev.goodhart.model.Metric;
import dev.goodhart.model.Observation;
import dev.goodhart.model.Quota;
import dev.goodhart.model.Role;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A factorial zoo of simulated organisations whose structure deliberately differs from what the detectors assume,
 * for measuring false alarms and power per cell.
 *
 * <p>Every organisation is one cell: a {@link Coupling} form (how real AI use shows in the outcome), an
 * {@link OutcomeType}, a {@link Noise} regime, whether the whole organisation improved for reasons of its own, and a
 * granularity (daily data, or the same days aggregated to weeks). Inside, teams of every {@link Kind}: honest ones
 * (adoption with a gain, a lagged gain, an outcome regime change of their own, a crunch, the lean team, nothing) and
 * gaming ones (a jump, a ramp, a late onset, subtle inflation, bunching at a quota, scripted bursts), with 13 to 17
 * weeks on each side of the intervention.
 *
 * <p>What makes it hard, on purpose: tokens have a weekday rhythm the outcome lacks; daily token noise does not reach
 * the outcome except in the short-run cell; the outcome's own noise is autocorrelated (AR(1) up to 0.9) or
 * heavy-tailed with missing days; counts and proportions have zero days; the honest gain is a real elasticity of
 * 0.15 to 0.45 (a doubling of real use buys 11% to 37%), and organic adoption in the baseline is the only evidence of
 * it (none at all in the {@link Coupling#NONE} cell).
 */
public final class Zoo {
    /** The organisation-wide gain of the cells that have one: every team's outcome 15% better from the date. */
    public static final double ORG_GAIN = 0.15;

    /** First day of every organisation (a Monday). */
    public static final LocalDate START = LocalDate.of(2025, 1, 6);

    /** How genuine AI use reaches the outcome. */
    public enum Coupling {
        /** Day-to-day: a day with more real use has a better outcome that day (the old simulation's assumption). */
        SHORT_RUN,
        /** Only the adoption level matters: daily token noise never reaches the outcome. */
        LEVEL,
        /** The adoption level, 2 to 4 weeks later, smoothed. */
        LAGGED,
        /** Flat adoption in the baseline: nothing to learn the relation from; gains appear only with new adoption. */
        NONE
    }

    /** What the outcome measures. */
    public enum OutcomeType {
        /** Mean cycle time in hours (lower is better), log-normal. */
        DURATION(Direction.LOWER),
        /** Tickets resolved per day (higher is better), Poisson around 4 to 20 a day, with zero days. */
        COUNT(Direction.HIGHER),
        /**
         * Change failure rate (lower is better, 5% to 25%), binomial over a Poisson number of changes (8 to 30 a day),
         * with zero days.
         */
        PROPORTION(Direction.LOWER);

        final Direction better;

        OutcomeType(Direction better) {
            this.better = better;
        }
    }

    /** The outcome's own noise (log scale, stationary standard deviation of the daily values). */
    public enum Noise {
        /** AR(1) 0.5 daily, sd 0.06: a large team's steady outcome. */
        QUIET(0.5, 0.06),
        /** AR(1) 0.5 daily, sd 0.12. */
        AR_MILD(0.5, 0.12),
        /** AR(1) 0.9 daily, sd 0.12: long excursions. */
        AR_STRONG(0.9, 0.12),
        /** Student t (3 df) innovations, AR(1) 0.6, sd 0.12, and 5% of days missing. */
        HEAVY_MISSING(0.6, 0.12),
        /** AR(1) 0.5 daily, sd 0.25: a team whose weekly outcome swings by 15% on its own. */
        LOUD(0.5, 0.25);

        final double phi;
        final double sd;

        Noise(double phi, double sd) {
            this.phi = phi;
            this.sd = sd;
        }
    }

    /** What a team does; the first six are honest. */
    public enum Kind {
        NOTHING(false), ADOPTION(false), LAGGED_GAIN(false), REGIME_CHANGE(false), CRUNCH(false), LEAN(false),
        JUMP(true), RAMP(true), LATE_ONSET(true), SUBTLE(true), BUNCHING(true), BURSTS(true);

        private final boolean gaming;

        Kind(boolean gaming) {
            this.gaming = gaming;
        }

        /** Whether the ground truth is gaming. */
        public boolean gaming() {
            return gaming;
        }
    }

    /** One organisation's settings. */
    public record Cell(Granularity granularity, Coupling coupling, OutcomeType outcome, Noise noise, boolean orgGain) {
        /** A short label for tables. */
        public String label() {
            return String.format(Locale.ROOT, "%s %s %s %s%s", granularity == Granularity.DAY ? "day" : "week",
                    coupling.name().toLowerCase(Locale.ROOT), outcome.name().toLowerCase(Locale.ROOT),
                    noise.name().toLowerCase(Locale.ROOT), orgGain ? " +org-gain" : "");
        }
    }

    /** A generated organisation: model, observations, each team's kind and its inflation of the proxy. */
    public record Organisation(Cell cell, IntegrityModel model, List<Observation> observations,
                               Map<String, Kind> kinds, Map<String, Double> inflation) {
    }

    private Zoo() {
    }

    /** Every cell of the full factorial (2 x 4 x 3 x 5 x 2 = 240). */
    public static List<Cell> cells() {
        List<Cell> out = new ArrayList<>();
        for (Granularity g : List.of(Granularity.DAY, Granularity.WEEK)) {
            for (Coupling c : Coupling.values()) {
                for (OutcomeType o : OutcomeType.values()) {
                    for (Noise n : Noise.values()) {
                        for (boolean gain : List.of(false, true)) {
                            out.add(new Cell(g, c, o, n, gain));
                        }
                    }
                }
            }
        }
        return out;
    }

    /**
     * One organisation of the cell with {@code perKind} teams of each kind.
     *
     * @param seed the organisation's seed; teams get seeds of their own from it
     */
    public static Organisation generate(Cell cell, int perKind, long seed) {
        return generate(cell, perKind, seed, dev.goodhart.model.Link.DEFAULT_MINIMUM_ELASTICITY);
    }

    /**
     * As {@link #generate(Cell, int, long)}, with the link's declared minimum useful elasticity; a negative value
     * {@code -m} declares {@code m} times the organisation's true honest elasticity (an oracle that measures how much
     * power a perfectly known reference would add).
     */
    public static Organisation generate(Cell cell, int perKind, long seed, double minimumElasticity) {
        return generate(cell, perKind, seed, minimumElasticity, ORG_GAIN);
    }

    /**
     * As {@link #generate(Cell, int, long, double)}, with the organisation-wide change of the cells that have one
     * ({@link Cell#orgGain}): every team's outcome {@code 1 + orgChange} times better from the date, reached over four
     * weeks ({@value #ORG_GAIN} in the zoo; a negative value makes it an organisation-wide loss, a probe of what the
     * untouched peers must carry where a reorganisation at the date made everything worse).
     *
     * @throws IllegalArgumentException if {@code orgChange} is not above -1 (an outcome at or below nothing)
     */
    public static Organisation generate(Cell cell, int perKind, long seed, double minimumElasticity, double orgChange) {
        if (!(orgChange > -1)) {
            throw new IllegalArgumentException("orgChange must be above -1 (a loss of less than 100%), found "
                    + orgChange);
        }
        SplittableRandom org = new SplittableRandom(seed);
        int pre = 7 * (13 + org.nextInt(5));
        int post = 7 * (13 + org.nextInt(5));
        int days = pre + post;
        double orgElasticity = 0.15 + 0.30 * org.nextDouble();
        if (minimumElasticity < 0) {
            // an oracle for measuring the detector's ceiling: the reference set from the true honest elasticity
            minimumElasticity = -minimumElasticity * orgElasticity;
        }
        LocalDate intervention = START.plusDays(pre);
        String outcomeName = switch (cell.outcome()) {
            case DURATION -> "cycle_time";
            case COUNT -> "tickets";
            case PROPORTION -> "failure_rate";
        };
        IntegrityModel.Builder model = IntegrityModel.builder()
                .metric(new Metric("tokens", Role.PROXY, Direction.HIGHER, "tokens", Aggregation.SUM))
                .metric(new Metric(outcomeName, Role.OUTCOME, cell.outcome().better, "", Aggregation.MEAN))
                .link(dev.goodhart.model.Link.of("tokens", outcomeName).withMinimumElasticity(minimumElasticity))
                .intervention(intervention, "token quota")
                .granularity(cell.granularity());
        List<Observation> obs = new ArrayList<>();
        Map<String, Kind> kinds = new LinkedHashMap<>();
        Map<String, Double> inflation = new LinkedHashMap<>();
        int index = 0;
        for (Kind kind : Kind.values()) {
            for (int i = 0; i < perKind; i++) {
                String team = kind.name().toLowerCase(Locale.ROOT) + "-" + i;
                SplittableRandom rnd = new SplittableRandom(seed * 1_000_003L + 7919L * index++);
                double[] inflated = new double[1];
                double quota = team(cell, kind, team, rnd, pre, days, orgElasticity, orgChange, outcomeName, obs,
                        inflated);
                model.quota(new Quota("tokens", team, quota * (cell.granularity() == Granularity.WEEK ? 7 : 1)));
                kinds.put(team, kind);
                inflation.put(team, inflated[0]);
            }
        }
        return new Organisation(cell, model.build(), obs, kinds, inflation);
    }

    /** Generates one team's days into {@code out}; returns its daily token quota; inflated[0] = mean proxy inflation. */
    private static double team(Cell cell, Kind kind, String team, SplittableRandom rnd, int pre, int days,
                               double orgElasticity, double orgChange, String outcomeName, List<Observation> out,
                               double[] inflated) {
        int post = days - pre;
        double size = Math.exp(0.8 * gaussian(rnd));
        double baseTokens = 20_000 * size;
        double elasticity = orgElasticity * (0.7 + 0.6 * rnd.nextDouble());
        // organic adoption in the baseline (none in the NONE cell), continuing at the same pace afterwards
        double organic = cell.coupling() == Coupling.NONE ? 0 : -0.1 + 0.5 * rnd.nextDouble();
        double phi = cell.noise().phi;
        double sigma = cell.noise().sd * Math.sqrt(1 - phi * phi);
        int lag = 14 + rnd.nextInt(15);
        double regimeShift = (rnd.nextBoolean() ? 1 : -1) * (0.15 + 0.15 * rnd.nextDouble());
        int regimeAt = pre - 21 + rnd.nextInt(post / 2 + 21);
        int crunchAt = pre + rnd.nextInt(Math.max(1, post - 42));
        int crunchLength = 21 + rnd.nextInt(22);
        int onset = pre + 28 + rnd.nextInt(29);
        double jump = 1.7 + 0.4 * rnd.nextDouble();
        double lambda = 4 + 16 * rnd.nextDouble();
        double failureBase = 0.05 + 0.20 * rnd.nextDouble();
        double changesPerDay = 8 + 22 * rnd.nextDouble();
        double outcomeBase = 30 + 60 * rnd.nextDouble();
        double quota = baseTokens * (1 + organic) * 1.5;
        double[] adoption = new double[days];
        double[] genuine = new double[days];
        double[] tokens = new double[days];
        double tokenNoise = 0;
        double dummySum = 0;
        double genuineSum = 0;
        for (int t = 0; t < days; t++) {
            double a = 1 + organic * t / (double) pre;
            int since = t - pre;
            boolean after = since >= 0;
            double ramp = after ? Math.min(1, (since + 1) / 21.0) : 0;
            switch (kind) {
                case ADOPTION, LAGGED_GAIN -> a *= 1 + (jump - 1) * ramp;
                case LEAN -> a *= 1 - 0.35 * ramp;
                case CRUNCH -> a *= t >= crunchAt && t < crunchAt + crunchLength ? 1.6 : 1;
                default -> { }
            }
            adoption[t] = a;
            tokenNoise = 0.3 * tokenNoise + 0.15 * gaussian(rnd);
            double weekday = (t % 7) >= 5 ? 0.3 : 1.15;
            genuine[t] = baseTokens * a * weekday * Math.exp(tokenNoise);
            double dummy = 0;
            if (after && kind.gaming()) {
                double real = baseTokens * a * weekday;
                switch (kind) {
                    case JUMP -> dummy = (jump - 1) * real;
                    case RAMP -> dummy = (since + 1) / (double) post * real;
                    case LATE_ONSET -> dummy = t >= onset ? (jump - 1) * real : 0;
                    case SUBTLE -> dummy = 0.4 * real;
                    case BUNCHING -> dummy = Math.max(0, quota * (1.0 + 0.06 * rnd.nextDouble()) * weekday / 0.9
                            - genuine[t]);
                    case BURSTS -> dummy = rnd.nextDouble() < 0.3 ? 3 * baseTokens * (0.7 + 0.6 * rnd.nextDouble()) : 0;
                    default -> { }
                }
            }
            tokens[t] = genuine[t] + dummy;
            if (after) {
                dummySum += dummy;
                genuineSum += genuine[t];
            }
        }
        inflated[0] = dummySum / genuineSum;
        double noise = 0;
        for (int t = 0; t < days; t++) {
            double e = cell.noise() == Noise.HEAVY_MISSING ? studentT3(rnd) / Math.sqrt(3) : gaussian(rnd);
            noise = phi * noise + sigma * e;
            if (cell.noise() == Noise.HEAVY_MISSING && rnd.nextDouble() < 0.05) {
                continue;
            }
            // the adoption that reaches the outcome
            double effective = switch (cell.coupling()) {
                case SHORT_RUN -> genuine[t] / (baseTokens * ((t % 7) >= 5 ? 0.3 : 1.15));
                case LEVEL, NONE -> adoption[t];
                case LAGGED -> smoothed(adoption, t - lag, 14);
            };
            if (kind == Kind.LAGGED_GAIN && t >= pre) {
                effective = smoothed(adoption, t - 35, 14);
            }
            double value = Math.pow(effective, elasticity);
            if (kind == Kind.LEAN && t >= pre) {
                // the lean team: fewer tokens, better work (+22% at full effect); day-to-day coupling goes on
                value = Math.pow(effective / adoption[t], elasticity) * (1 + 0.22 * Math.min(1, (t - pre + 1) / 21.0));
            }
            if (kind == Kind.REGIME_CHANGE && t >= regimeAt) {
                value *= Math.exp(regimeShift);
            }
            if (cell.orgGain() && t >= pre) {
                value *= 1 + orgChange * Math.min(1, (t - pre + 1) / 28.0);
            }
            double outcome;
            switch (cell.outcome()) {
                case DURATION -> outcome = outcomeBase * Math.exp(noise) / value;
                case COUNT -> outcome = poisson(rnd, lambda * Math.sqrt(size) * value * Math.exp(noise));
                default -> {
                    int changes = (int) poisson(rnd, changesPerDay);
                    if (changes == 0) {
                        outcome = Double.NaN;
                    } else {
                        double p = Math.min(0.95, failureBase * Math.exp(noise) / value);
                        int failed = 0;
                        for (int k = 0; k < changes; k++) {
                            failed += rnd.nextDouble() < p ? 1 : 0;
                        }
                        outcome = failed / (double) changes;
                    }
                }
            }
            LocalDate day = START.plusDays(t);
            out.add(new Observation(day, team, "tokens", Math.round(tokens[t])));
            if (!Double.isNaN(outcome)) {
                out.add(new Observation(day, team, outcomeName, outcome));
            }
        }
        return quota;
    }

    private static double smoothed(double[] v, int end, int width) {
        double s = 0;
        int n = 0;
        for (int i = end - width + 1; i <= end; i++) {
            s += v[Math.max(0, Math.min(v.length - 1, i))];
            n++;
        }
        return s / n;
    }

    /** A standard normal draw (Box-Muller). */
    public static double gaussian(SplittableRandom rnd) {
        double u = 1 - rnd.nextDouble();
        double v = rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    private static double studentT3(SplittableRandom rnd) {
        double z = gaussian(rnd);
        double chi = 0;
        for (int i = 0; i < 3; i++) {
            double g = gaussian(rnd);
            chi += g * g;
        }
        return z / Math.sqrt(chi / 3);
    }

    /** A Poisson draw of the given mean (normal approximation above 50). */
    public static double poisson(SplittableRandom rnd, double mean) {
        if (mean > 50) {
            return Math.max(0, Math.round(mean + Math.sqrt(mean) * gaussian(rnd)));
        }
        double limit = Math.exp(-mean);
        double product = rnd.nextDouble();
        int k = 0;
        while (product > limit) {
            product *= rnd.nextDouble();
            k++;
        }
        return k;
    }
}
