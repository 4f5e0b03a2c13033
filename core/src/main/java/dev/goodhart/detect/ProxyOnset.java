package dev.goodhart.detect;

import dev.goodhart.internal.Tails;
import dev.goodhart.internal.Text;
import dev.goodhart.model.Granularity;
import java.util.Arrays;

/**
 * Where the proxy's rise began, when it began before the declared intervention date: teams that anticipate a quota
 * (it was rumoured, announced before it started) raise the proxy weeks early. That rise is inside the baseline, so the
 * baseline's trend absorbs it and the proxy's later level reads as no rise, or a fall.
 *
 * <p><b>Search.</b> On the blocks {@link ExpectedResponse} uses (weeks for daily data, single periods otherwise, aligned
 * on the declared date), in logs (a multiplicative noise and growth are then even and straight), each candidate onset
 * {@code c} up to {@value #SEARCH_DAYS} days before the declared date (8 weekly blocks; 1 monthly) is tested: a
 * least-squares line through the proxy's blocks before {@code c}, and the mean of the blocks from {@code c} to the
 * declared date against the line's prediction there, one-sided (more use), against Student's t with {@code n - 2}
 * degrees of freedom. Its error counts the residual variance for that mean and for the line's level and slope at that
 * distance, each times the residuals' AR(1) long-run factor, estimated once on the stretch before the earliest
 * candidate (the longest that no candidate's rise is in), corrected for its bias and raised by one standard error. The candidate with the
 * smallest p-value is the onset when that p-value times the number of candidates tested (Bonferroni) is below {@value
 * #ALPHA}; otherwise the declared date stands. Each candidate keeps at least {@value #MIN_BASELINE_BLOCKS} observed
 * blocks before it (a line and its noise's autocorrelation from fewer are too uncertain to call a shift), so 8-week
 * baselines are not searched. A baseline block with no use (mean 0) stops the search. Only the baseline is read: the
 * recent periods, and how much the proxy rose in them, cannot move the onset.
 *
 * <p><b>Measured</b> ({@code ProxyOnsetTest}; 4,000 weekly proxies per setting with no early rise): false onsets
 * 0.3-1.4% with AR(1) noise up to 0.6 and 20 to 60 baseline weeks, 1.3-2.1% with 12 to 16 weeks and AR(1) 0.5, 3-4%
 * with 16 to 20 weeks and AR(1) 0.8 (the autocorrelation of a short stretch is estimated too low even after the
 * correction). A proxy 60% higher from 3 weeks before the date, weekly noise 10% with AR(1) 0.3 and 30 baseline weeks:
 * found 42 times in 50, at the true week 40 times.
 *
 * <p><b>Use.</b> {@link #baseline(PairSeries)} leaves the periods between the onset and the declared date out of the
 * pair (missing), for both series: the baseline ends at the onset, and the recent window still starts at the declared
 * date, aligned with the peers that did not anticipate it. A pair without an intervention date is never searched.
 *
 * <p><b>The outcome.</b> The same search, two-sided, finds where an outcome's level shifted late in the baseline
 * ({@link #outcomeShift}: a reorganisation of the segment's own); what such a segment tells its peers in the expected
 * response is continued from its new level ({@link Shift#continued}) rather than read as a trend. An outcome with a
 * zero week in its baseline is not searched; a lagged outcome's last {@code lag} baseline periods, measured after the
 * declared date, are left out of the search. Measured two-sided false shifts on outcomes without one
 * (4,000 weekly series each, noise sd 0.1): 2.3% with 12 baseline weeks and AR(1) 0.6, 3.7% with 16 and 0.6, 6.5% with
 * 16 and 0.8 (about twice the proxy's one-sided rates).
 *
 * @param onset    first period of the early rise; {@code declared} when there is none
 * @param declared the declared split (first recent period)
 * @param logChange the log of the proxy's mean from the onset to the declared date over the baseline line's
 *                 prediction there, as measured (not signed by use); 0 when there is no onset
 * @param pValue   the smallest candidate's one-sided p-value times the number of candidates (at most 1); 1 when
 *                 nothing was tested
 */
record ProxyOnset(int onset, int declared, double logChange, double pValue) {
    /** How far before the declared date an onset is searched, in days: a quota rumoured for up to two months. */
    static final int SEARCH_DAYS = 56;
    /** Observed blocks a candidate must leave in the baseline. */
    static final int MIN_BASELINE_BLOCKS = 8;
    /**
     * The family-wise level of the search over candidates. Strict, because a false onset moves more than the team's
     * own baseline: a team whose trend is cut short may leave the peers whose proxy did not move, and with ten such
     * peers one fewer can move their median (what the organisation gained anyway) for every team. At 0.05 that raised
     * the first zoo's false alarms by 0.3 points (honest adopters among whose peers two had a false onset); at 0.01 by
     * 0.1, with the same power on gaming that began early (third zoo).
     */
    static final double ALPHA = 0.01;

    /** Whether the rise began before the declared date. */
    boolean early() {
        return onset < declared;
    }

    /** Periods between the onset and the declared date (0 when there is no early onset). */
    int periodsEarly() {
        return declared - onset;
    }

    /**
     * The pair with its baseline ending at the onset: the periods from the onset to the declared date missing in both
     * series, split and everything else unchanged; the pair itself when there is no early onset.
     */
    PairSeries baseline(PairSeries s) {
        if (!early()) {
            return s;
        }
        double[] proxy = s.proxy();
        double[] outcome = s.outcome();
        Arrays.fill(proxy, onset, declared, Double.NaN);
        Arrays.fill(outcome, onset, declared, Double.NaN);
        return s.describedAs(new PairSeries(s.link(), s.proxyMetric(), s.outcomeMetric(), s.segment(),
                s.granularity(), s.start(), proxy, outcome, s.split(), s.seed(), s.intervention()));
    }

    /**
     * The sentence's clause on the onset, after "since the declared date ... beyond its earlier trend": e.g. {@code
     * " (its trend until 2024-05-27: from then, 5 weeks before that date, it already ran 62% higher, and those weeks
     * are left out)"}; empty when there is no early onset.
     */
    String clause(PairSeries s) {
        if (!early()) {
            return "";
        }
        int block = ExpectedResponse.blockLength(s.granularity());
        Granularity unit = block == 7 ? Granularity.WEEK : s.granularity();
        String span = Wording.periods(unit, periodsEarly() / block);
        return " (its trend until " + s.granularity().plus(s.start(), onset) + ": from then, " + span
                + " before that date, it already ran " + Text.comparative(logChange, Wording.duration(s.proxyMetric()))
                + ", and those " + Wording.period(unit) + "s are left out)";
    }

    /** Candidate onsets searched before the declared date, in blocks. */
    static int candidates(Granularity g) {
        return g == Granularity.MONTH ? 1 : SEARCH_DAYS / 7;
    }

    /**
     * The onset of the pair's proxy rise: the candidate before the declared date where the rise above the baseline's
     * trend is most significant, when it is significant over all candidates (see the class comment); otherwise the
     * declared date.
     *
     * @param s the pair
     * @return the onset; never null
     */
    static ProxyOnset find(PairSeries s) {
        int split = s.split();
        Shift found = s.intervention() ? search(s, s.proxy(), s.proxySign() * s.link().expectedSign()) : null;
        return found == null ? new ProxyOnset(split, split, 0, 1)
                : new ProxyOnset(found.period(), split, found.found() ? found.logChange() : 0, found.pValue());
    }

    /**
     * A level shift found late in a baseline: the search's best candidate.
     *
     * @param period    the first period of the new level; the declared split when none was found
     * @param logChange the mean log deviation from that period to the declared date from the line before it
     * @param se        its standard error (the residual noise's long-run factor included)
     * @param pValue    the best candidate's p-value times the number of candidates tested (at most 1)
     */
    record Shift(int period, double logChange, double se, double pValue) {
        /** Whether the shift is significant over all candidates (at {@value ProxyOnset#ALPHA}). */
        boolean found() {
            return pValue < ALPHA;
        }

        /**
         * The pair with its outcome continued from the new level: the outcome's values from {@link #period} on
         * divided by {@code exp(logChange)}, so that a straight line through the baseline predicts the recent periods
         * at the level the segment moved to; the pair itself when no shift was found; null where a value so continued
         * would pass the range of a double (a shift of hundreds of orders of magnitude: nothing to continue from).
         */
        PairSeries continued(PairSeries s) {
            if (!found()) {
                return s;
            }
            double[] outcome = s.outcome();
            double factor = Math.exp(logChange);
            if (!(factor > 0 && factor < Double.POSITIVE_INFINITY)) {
                return null;
            }
            for (int t = period; t < outcome.length; t++) {
                double before = outcome[t];
                outcome[t] /= factor;
                if (Double.isInfinite(outcome[t]) || (outcome[t] == 0 && before != 0)) {
                    return null;
                }
            }
            return s.describedAs(new PairSeries(s.link(), s.proxyMetric(), s.outcomeMetric(), s.segment(),
                    s.granularity(), s.start(), s.proxy(), outcome, s.split(), s.seed(), s.intervention()));
        }
    }

    /**
     * Where the pair's outcome shifted, up or down, within the candidates' reach before the declared date (a
     * reorganisation, a new process: a story of the segment's own): the same search as the proxy's onset (the level
     * of the last blocks against the line through the blocks before them, in logs), two-sided (the smaller one-sided
     * p-value doubled), Bonferroni over the candidates at {@value #ALPHA}.
     *
     * @param s the pair (its baseline as the expected response uses it)
     * @return the best candidate, {@linkplain Shift#found() found} or not; null without an intervention date or when
     *         nothing could be tested
     */
    static Shift outcomeShift(PairSeries s) {
        if (!s.intervention()) {
            return null;
        }
        double[] outcome = s.outcome();
        // a lagged outcome's value at t was measured lag periods later: the last lag baseline periods come after the
        // declared date, where the proxy's effect may already show
        int lag = s.link().lag();
        if (lag > 0) {
            Arrays.fill(outcome, Math.max(0, s.split() - lag), s.split(), Double.NaN);
        }
        return search(s, outcome, 0);
    }

    /**
     * The search of {@code values}' baseline for a late shift in the direction {@code sign} (1 up, -1 down, 0 either,
     * doubled); see the class comment.
     */
    private static Shift search(PairSeries s, double[] values, int sign) {
        int split = s.split();
        int block = ExpectedResponse.blockLength(s.granularity());
        int before = split / block;
        if (before - 1 < MIN_BASELINE_BLOCKS) {
            return null;
        }
        int first = split - before * block;
        double[] logs = new double[before];
        int need = (block + 1) / 2;
        for (int b = 0; b < before; b++) {
            double sum = 0;
            int count = 0;
            for (int t = first + b * block; t < first + (b + 1) * block; t++) {
                if (!Double.isNaN(values[t])) {
                    sum += values[t];
                    count++;
                }
            }
            if (count >= need && !(sum > 0 && Double.isFinite(sum))) {
                return null;
            }
            logs[b] = count >= need ? Math.log(sum / count) : Double.NaN;
        }
        // the noise's autocorrelation from the stretch before the earliest candidate, the longest that no candidate's
        // rise is in: a candidate's own shorter stretch estimates it worse (too low, too many onsets)
        Line longest = Line.of(logs, Math.max(MIN_BASELINE_BLOCKS, before - candidates(s.granularity())));
        if (longest == null) {
            return null;
        }
        double factor = longest.longRunFactor();
        int tested = 0;
        double bestP = 2;
        int bestCut = -1;
        double bestLog = 0;
        double bestSe = 0;
        for (int k = 1; k <= candidates(s.granularity()); k++) {
            int cut = before - k;
            Line line = cut >= MIN_BASELINE_BLOCKS ? Line.of(logs, cut) : null;
            double[] test = line == null ? null : line.shiftAfter(logs, factor, sign == 0 ? 1 : sign);
            if (test == null) {
                continue;
            }
            if (sign == 0) {
                test[0] = 2 * Math.min(test[0], 1 - test[0]);
            }
            tested++;
            if (test[0] < bestP) {
                bestP = test[0];
                bestCut = cut;
                bestLog = test[1];
                bestSe = test[2];
            }
        }
        if (tested == 0) {
            return null;
        }
        double p = Math.min(1, bestP * tested);
        return new Shift(p < ALPHA ? first + bestCut * block : split, bestLog, bestSe, p);
    }

    /**
     * A least-squares line through the observed values of {@code y[0, to)} against their index.
     *
     * @param n     observed values
     * @param mx    their mean index
     * @param my    their mean
     * @param slope the slope
     * @param sxx   the sum of squared index deviations
     * @param rss   the residual sum of squares
     * @param lag1  the sum of products of consecutive residuals (both observed)
     * @param to    the end of the stretch
     */
    private record Line(int n, double mx, double my, double slope, double sxx, double rss, double lag1, int to) {
        /** The line, or null with fewer than {@value #MIN_BASELINE_BLOCKS} observed values or no residual noise. */
        static Line of(double[] y, int to) {
            TrendLine t = TrendLine.of(y, to, Double.NaN);
            if (t.n() < MIN_BASELINE_BLOCKS) {
                return null;
            }
            return t.rss() > 0 && Double.isFinite(t.rss())
                    ? new Line(t.n(), t.mx(), t.level(), t.slope(), t.sxx(), t.rss(), t.lag1(), to) : null;
        }

        /**
         * The AR(1) long-run factor {@code (1 + rho) / (1 - rho)} of the residuals, erring high: the lag-one
         * autocorrelation of residuals from a line is biased by about {@code -(2 + 4 rho) / n} (Kendall's (1954)
         * {@code -(1 + 3 rho) / n} is a mean's), corrected, then raised by one standard error of its estimate, {@code
         * sqrt((1 - rho²) / n)}, and clipped to [0, 0.9]: from 8 to 20 values the corrected estimate is still often
         * too low, and an autocorrelation taken too low calls noise a shift (at a level of 0.05: 7-11% false onsets with
         * AR(1) 0.5 to 0.8 and 12 to 20 baseline weeks; with the standard error added, at most 5.7%).
         */
        double longRunFactor() {
            double r1 = lag1 / rss;
            double corrected = Math.max(-0.9, Math.min(0.9, r1 + (2 + 4 * r1) / n));
            double rho = Math.max(0, Math.min(0.9, corrected + Math.sqrt((1 - corrected * corrected) / n)));
            return (1 + rho) / (1 - rho);
        }

        /**
         * {one-sided p-value, mean log deviation, its standard error} of the observed values from {@code to} to the end
         * of {@code y} above the line, with the residual noise's long-run {@code factor}; null when none is observed.
         */
        double[] shiftAfter(double[] y, double factor, int sign) {
            double gap = 0;
            double at = 0;
            int m = 0;
            for (int b = to; b < y.length; b++) {
                if (!Double.isNaN(y[b])) {
                    gap += y[b] - my - slope * (b - mx);
                    at += b;
                    m++;
                }
            }
            if (m == 0) {
                return null;
            }
            gap /= m;
            at /= m;
            double variance = rss / (n - 2);
            double se = Math.sqrt(variance * (Math.min(1, factor / m) + Math.min(1, factor / n)
                    + factor * (at - mx) * (at - mx) / sxx));
            double t = sign * gap / se;
            return Double.isFinite(t) ? new double[] {Tails.t(t, n - 2), gap, se} : null;
        }
    }
}
