package dev.goodhart.detect;

import dev.goodhart.model.Direction;
import dev.goodhart.model.Frame;
import dev.goodhart.model.Granularity;
import dev.goodhart.model.IntegrityModel;
import dev.goodhart.model.Intervention;
import dev.goodhart.model.Link;
import dev.goodhart.model.Metric;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The input to a detector: one proxy and one outcome series for one segment on a common calendar, already lagged
 * (element {@code t} of the outcome is the value {@link Link#lag()} periods after element {@code t} of the proxy),
 * with the split between the baseline window ({@code [0, split)}) and the recent window ({@code [split, length)}).
 * NaN marks a missing period. The values are in one counting throughout: {@link #of} undoes the model's declared
 * counting changes and divides a metric declared per an exposure by it (tokens per head), and keeps the series as
 * counted for the quota and the digit test. Arrays are copied in and out.
 * Immutable and thread-safe.
 *
 * <p>A final class rather than a record (it was one until 2026-12-01) so that what several detectors derive from the
 * same pair is computed once: the common-shock screen, which coupling decay and yield decay both need (about 23 µs a
 * pair at 365 days), is kept after its first use. Accessors, equality and the constructor are as they were.
 */
public final class PairSeries implements java.io.Serializable {
    /** 4 since the straddling week (2026-12-04; 3 since the exposures, 2 since the counted series). */
    private static final long serialVersionUID = 4L;
    /** The screen's result when no period is a common shock. */
    private static final boolean[] NO_SHOCKS = new boolean[0];
    private static final double[][] NO_LOGS = new double[0][];

    private final Link link;
    private final Metric proxyMetric;
    private final Metric outcomeMetric;
    private final String segment;
    private final Granularity granularity;
    private final LocalDate start;
    private final double[] proxy;
    private final double[] outcome;
    private final int split;
    private final long seed;
    private final boolean intervention;
    /** The proxy as counted where a declared counting change was undone in {@link #proxy}; null where they agree. */
    private final double[] countedProxy;
    /** The outcome as counted (lagged as {@link #outcome}) where a counting change was undone; else null. */
    private final double[] countedOutcome;
    /** The exposure the proxy is read per ({@link IntegrityModel#exposureOf}), null for none; for the sentences. */
    private final String proxyPer;
    /** The exposure the outcome is read per, null for none. */
    private final String outcomePer;
    /** The clause naming the weekly rows read as missing for straddling the intervention; empty for none. */
    private final String straddlingClause;
    /** The idle-day flags once computed ({@link #NO_SHOCKS} for none); not serialised. */
    private transient volatile boolean[] idleDays;
    /** The common-shock flags once computed ({@link #NO_SHOCKS} for none); not serialised. */
    private transient volatile boolean[] commonShocks;
    /** The runaway blocks of use once read ({@link RunawayWeeks#ofUse}); not serialised. */
    private transient volatile RunawayWeeks runawayUse;
    /** Whether the use was read and had no runaway block; kept across {@link #forgetDerived}; not serialised. */
    private transient volatile boolean noRunawayUse;
    /** The flags of changes left out once computed ({@link #NO_SHOCKS} for none); not serialised. */
    private transient volatile boolean[] changesLeftOut;
    /** The series without their idle days once computed; not serialised. */
    private transient volatile double[][] activeValues;
    /** The offsets of the series without their idle days once computed; not serialised. */
    private transient volatile double[] activeOffsets;
    /** The signed logarithms without the idle days once computed ({@link #NO_LOGS} for none); not serialised. */
    private transient volatile double[][] activeLogs;
    /** {@link LogScale#readLogs} once computed ({@link #NO_LOGS} for none); not serialised. */
    private transient volatile double[][] readLogs;
    /** {@link LogScale#baselineZeroShare} once computed (null before, and after deserialisation); not serialised. */
    private transient volatile Double zeroShare;
    /** The signed logarithms once computed ({@link #NO_LOGS} when a series has none); not serialised. */
    private transient volatile double[][] signedLogs;
    /**
     * What the detectors computed from the baseline alone, possibly shared with earlier pairs of the same segment; null
     * unless {@link #carryBaseline} was called, and after deserialisation.
     */
    private transient volatile BaselineMemo baselineMemo;
    /** The two {@link LogScale#offset}s once computed; they depend on the series alone. */
    private transient volatile double[] offsets;
    /** The outcome's weekday weights once read ({@link WeekdayWeights#NONE} for none); not serialised. */
    private transient volatile WeekdayWeights.Read weekdayWeights;

    /**
     * @param link        the link being scored
     * @param proxyMetric the proxy's metric
     * @param outcomeMetric the outcome's metric
     * @param segment     the segment, {@code "*"} for the whole organisation
     * @param granularity the period length
     * @param start       first day of period 0
     * @param proxy       proxy values as measured (as the detectors are to see them: {@link #of} passes them with the
     *                    model's declared counting changes undone)
     * @param outcome     outcome values as measured (not sign-adjusted; likewise)
     * @param split       index of the first recent period, 1 .. length - 1
     * @param seed        seed for any resampling, fixed per segment and link
     * @param intervention whether the split is an intervention date (false: the calendar's half-way point)
     * @throws IllegalArgumentException if lengths differ, the split is outside the series or a value is infinite
     */
    public PairSeries(Link link, Metric proxyMetric, Metric outcomeMetric, String segment, Granularity granularity,
                      LocalDate start, double[] proxy, double[] outcome, int split, long seed, boolean intervention) {
        this(link, proxyMetric, outcomeMetric, segment, granularity, start, proxy, outcome, split, seed, intervention,
                true, null, null, null, null, "");
    }

    /**
     * As the public constructor; {@code copy} false takes the arrays as they are (fresh ones nobody else holds); the
     * counted series (null where they equal the values) are taken as they are.
     */
    private PairSeries(Link link, Metric proxyMetric, Metric outcomeMetric, String segment, Granularity granularity,
                       LocalDate start, double[] proxy, double[] outcome, int split, long seed, boolean intervention,
                       boolean copy, double[] countedProxy, double[] countedOutcome, String proxyPer,
                       String outcomePer, String straddlingClause) {
        this.link = Objects.requireNonNull(link, "link");
        this.proxyMetric = Objects.requireNonNull(proxyMetric, "proxyMetric");
        this.outcomeMetric = Objects.requireNonNull(outcomeMetric, "outcomeMetric");
        this.segment = Objects.requireNonNull(segment, "segment");
        this.granularity = Objects.requireNonNull(granularity, "granularity");
        this.start = Objects.requireNonNull(start, "start");
        this.proxy = copy ? Objects.requireNonNull(proxy, "proxy").clone() : Objects.requireNonNull(proxy, "proxy");
        this.outcome = copy ? Objects.requireNonNull(outcome, "outcome").clone()
                : Objects.requireNonNull(outcome, "outcome");
        if (this.proxy.length != this.outcome.length) {
            throw new IllegalArgumentException("pair " + link + ": proxy has " + this.proxy.length
                    + " periods but outcome has " + this.outcome.length);
        }
        if (split < 1 || split >= this.proxy.length) {
            throw new IllegalArgumentException("pair " + link + ": split " + split + " outside 1.."
                    + (this.proxy.length - 1));
        }
        for (int i = 0; i < this.proxy.length; i++) {
            if (Double.isInfinite(this.proxy[i]) || Double.isInfinite(this.outcome[i])) {
                // the model refuses infinite values read: one here is a sum that overflowed (the organisation's, or
                // a period's of days)
                throw new IllegalArgumentException("pair " + link + " in segment " + segment + ": "
                        + (Double.isInfinite(this.proxy[i]) ? proxyMetric.name() : outcomeMetric.name())
                        + " of the period from " + granularity.plus(start, i) + " is beyond the largest number a"
                        + " double holds (about 1.8e308; where the values read are finite, their sum overflowed): give it"
                        + " in a larger unit");
            }
        }
        this.split = split;
        this.seed = seed;
        this.intervention = intervention;
        if (countedProxy != null && countedProxy.length != this.proxy.length
                || countedOutcome != null && countedOutcome.length != this.proxy.length) {
            throw new IllegalArgumentException("pair " + link + ": counted series of another length");
        }
        this.countedProxy = countedProxy;
        this.countedOutcome = countedOutcome;
        this.proxyPer = proxyPer;
        this.outcomePer = outcomePer;
        this.straddlingClause = straddlingClause;
    }

    /** The link being scored. */
    public Link link() {
        return link;
    }

    /** The proxy's metric. */
    public Metric proxyMetric() {
        return proxyMetric;
    }

    /** The outcome's metric. */
    public Metric outcomeMetric() {
        return outcomeMetric;
    }

    /** The segment, {@code "*"} for the whole organisation. */
    public String segment() {
        return segment;
    }

    /**
     * The proxy as the sentences name it: its name, followed by "per" and the exposure's name where it is read per one
     * ({@code "tokens per headcount"}).
     */
    public String proxyLabel() {
        return proxyPer == null ? link.proxy() : link.proxy() + " per " + proxyPer;
    }

    /** The outcome as the sentences name it (see {@link #proxyLabel()}). */
    public String outcomeLabel() {
        return outcomePer == null ? link.outcome() : link.outcome() + " per " + outcomePer;
    }

    /**
     * {@code derived}, a pair a detector made from this one (other values, or another reading of the outcome), with
     * what this pair says of its series: its exposures, so that its sentences name the series as this pair's do, and
     * its clause on straddling weekly rows ({@link #straddlingClause()}; a copy made with the public constructor had
     * none, and a sentence read from it would have lost it). Its counted series stay the derived pair's own (none: it
     * is counted as its values are). The arrays are shared (neither pair changes them).
     */
    PairSeries describedAs(PairSeries derived) {
        PairSeries d = derived;
        String clause = d.straddlingClause.isEmpty() ? straddlingClause : d.straddlingClause;
        if (proxyPer == null && outcomePer == null && clause.equals(d.straddlingClause)) {
            return derived;
        }
        return new PairSeries(d.link, d.proxyMetric, d.outcomeMetric, d.segment, d.granularity, d.start, d.proxy,
                d.outcome, d.split, d.seed, d.intervention, false, d.countedProxy, d.countedOutcome,
                proxyPer != null ? proxyPer : d.proxyPer, outcomePer != null ? outcomePer : d.outcomePer, clause);
    }

    /** The period length. */
    public Granularity granularity() {
        return granularity;
    }

    /** First day of period 0. */
    public LocalDate start() {
        return start;
    }

    /** Index of the first recent period, 1 .. length - 1. */
    public int split() {
        return split;
    }

    /** Seed for any resampling, fixed per segment and link. */
    public long seed() {
        return seed;
    }

    /** Whether the split is an intervention date (false: the calendar's half-way point). */
    public boolean intervention() {
        return intervention;
    }

    /**
     * The days on which nobody worked: in daily data, a day on which proxy and outcome are both exactly 0, of a weekday
     * that stops ({@link #idleWeekdays}): the weekends of a team whose use and output both stop (a usage export's idle
     * days, a tracker's daily closed tickets). The detectors that read the two series' day-to-day relation leave them
     * out: such a day tells nothing of what use buys, and its swings, which the calendar sets in both at once, set that
     * relation (an elasticity near 1 from the weekends alone; with the logarithms' offset for zeros, an adoption
     * lengthened the proxy's swings only). Computed on first use and kept; null when no day is one. Shared: callers
     * must not modify it.
     */
    boolean[] idleDays() {
        boolean[] flags = idleDays;
        if (flags == null) {
            flags = granularity == Granularity.DAY ? idle(proxy, outcome, split) : NO_SHOCKS;
            idleDays = flags;
        }
        return flags == NO_SHOCKS ? null : flags;
    }

    /** The share of a weekday's weeks, in percent, on which both series are 0 for its zero days to be idle. */
    static final int IDLE_SHARE_PERCENT = 80;
    /** The fewest weeks of a window on which a weekday's both series are 0 for its zero days to be idle. */
    static final int MIN_IDLE_WEEKS = 4;

    /**
     * The weekdays that stop, as bits ({@code 1 << d}, d 0 for the weekday of period 0): a weekday on which both series
     * are 0 in at least {@value #IDLE_SHARE_PERCENT}% of the baseline's weeks with both present (and in at least {@value
     * #MIN_IDLE_WEEKS}), and in as large a share of the weeks since the split (in every one of them where they are
     * fewer than {@value #MIN_IDLE_WEEKS}): one rule for both windows, so that a recent window of a few weeks is read as
     * its baseline is, and a weekday on which use began after the split (a script on Sundays) is no idle day on either
     * side.
     */
    static int idleWeekdays(double[] p, double[] o, int split) {
        int cut = Math.min(split, p.length);
        int[][] present = new int[2][7];
        int[][] zero = new int[2][7];
        for (int t = 0; t < p.length; t++) {
            if (!Double.isNaN(p[t]) && !Double.isNaN(o[t])) {
                int w = t < cut ? 0 : 1;
                present[w][t % 7]++;
                zero[w][t % 7] += p[t] == 0 && o[t] == 0 ? 1 : 0;
            }
        }
        int bits = 0;
        for (int d = 0; d < 7; d++) {
            boolean before = zero[0][d] >= MIN_IDLE_WEEKS
                    && 100L * zero[0][d] >= (long) IDLE_SHARE_PERCENT * present[0][d];
            // fewer weeks since the split than the rule needs: idle only if every one of them was
            boolean since = present[1][d] < MIN_IDLE_WEEKS ? zero[1][d] == present[1][d]
                    : 100L * zero[1][d] >= (long) IDLE_SHARE_PERCENT * present[1][d];
            bits |= before && since ? 1 << d : 0;
        }
        return bits;
    }

    /** {@link #idleDays}' flags: the days of the {@link #idleWeekdays} on which both series are 0. */
    static boolean[] idle(double[] p, double[] o, int split) {
        int bits = idleWeekdays(p, o, split);
        if (bits == 0) {
            return NO_SHOCKS;
        }
        boolean[] flags = new boolean[p.length];
        for (int t = 0; t < p.length; t++) {
            flags[t] = (bits & 1 << (t % 7)) != 0 && p[t] == 0 && o[t] == 0;
        }
        return flags;
    }

    /**
     * This pair's {@link #idleWeekdays} (0 for other granularities than days), read from its kept {@link #idleDays}:
     * every idle weekday has idle days in the baseline.
     */
    private int idleWeekdaysOf() {
        boolean[] idle = idleDays();
        int bits = 0;
        for (int t = 0; idle != null && t < Math.min(split, idle.length); t++) {
            bits |= idle[t] ? 1 << (t % 7) : 0;
        }
        return bits;
    }

    /**
     * The proxy and the outcome as measured without their {@link #idleDays} ({@link #withoutIdleDays}), the pair's own
     * arrays where no day is idle; computed once and kept. Read only.
     */
    double[][] activeValues() {
        double[][] v = activeValues;
        if (v == null) {
            v = idleDays() == null ? new double[][] {proxy, outcome}
                    : new double[][] {withoutIdleDays(proxy), withoutIdleDays(outcome)};
            activeValues = v;
        }
        return v;
    }

    /**
     * {@code v} with its {@link #idleDays} as NaN (not observed), or {@code v} itself when there are none: for the
     * detectors that read the day-to-day relation of the two series.
     */
    double[] withoutIdleDays(double[] v) {
        boolean[] idle = idleDays();
        if (idle == null) {
            return v;
        }
        double[] out = v.clone();
        for (int t = 0; t < out.length; t++) {
            if (idle[t]) {
                out[t] = Double.NaN;
            }
        }
        return out;
    }

    /**
     * The common-shock flags ({@link CommonShocks#of} of this pair's series without their {@link #idleDays}, and its
     * split), computed on first use and kept;
     * null when no period is one. Shared: callers must not modify it.
     */
    boolean[] commonShocks() {
        boolean[] flags = commonShocks;
        if (flags == null) {
            // read without the idle days (weekends on which both stopped), as the detectors that use it read the pair
            double[][] active = activeValues();
            flags = CommonShocks.of(active[0], active[1], split, baselineMemo());
            boolean any = false;
            for (boolean f : flags) {
                any |= f;
            }
            flags = any ? flags : NO_SHOCKS;
            commonShocks = flags;
        }
        return flags == NO_SHOCKS ? null : flags;
    }

    /**
     * The runaway blocks of this pair's use ({@link RunawayWeeks#ofUse}), read on first use and kept; that none was
     * found is kept across {@link #forgetDerived} (a mark, no memory a pair: the values do not change), so the expected
     * response does not read again what coupling and yield decay read.
     */
    RunawayWeeks runawayUse() {
        if (noRunawayUse) {
            return RunawayWeeks.nothingLeftOut(this);
        }
        RunawayWeeks read = runawayUse;
        if (read == null) {
            read = RunawayWeeks.ofUse(this);
            runawayUse = read;
        }
        return read;
    }

    /**
     * The periods whose period-over-period change the day-to-day detectors leave out: the {@link #commonShocks} and
     * the changes into, within and out of a runaway block of use ({@link RunawayWeeks#useChangesLeftOut}: one mistyped
     * week of a hundred times a team's tokens set the organisation's correlation of changes); null when none is.
     * Shared: callers must not modify it.
     */
    boolean[] changesLeftOut() {
        boolean[] flags = changesLeftOut;
        if (flags == null) {
            boolean[] shocks = commonShocks();
            boolean[] runaway = runawayUse().useChangesLeftOut();
            if (runaway == null) {
                flags = shocks;
            } else {
                flags = runaway;
                for (int t = 0; shocks != null && t < flags.length; t++) {
                    flags[t] |= shocks[t];
                }
            }
            flags = flags == null ? NO_SHOCKS : flags;
            changesLeftOut = flags;
        }
        return flags == NO_SHOCKS ? null : flags;
    }

    /**
     * The outcome's weekday weights ({@link WeekdayWeights#read} of its values as measured at its split), read on first
     * use and kept (the expected response's summary and its finding read the same pair's); null where every day weighs
     * alike. Shared: callers must not modify it.
     */
    WeekdayWeights.Read weekdayWeights() {
        WeekdayWeights.Read weights = weekdayWeights;
        if (weights == null) {
            weights = WeekdayWeights.read(outcome, split, start.getDayOfWeek().getValue() - 1, granularity,
                    outcomeMetric.aggregation());
            weights = weights == null ? WeekdayWeights.NONE : weights;
            weekdayWeights = weights;
        }
        return weights == WeekdayWeights.NONE ? null : weights;
    }

    /**
     * The series on the log scale, as the elasticity detectors read them: {@code {x, y}} with
     * {@code x[t] = s_p log(proxy[t] + c_p)} ({@code s_p} the {@link #proxySign()} times the link's expected sign) and
     * {@code y[t] = s_o log(outcome[t] + c_o)} ({@code s_o} the {@link #outcomeSign()}), each {@code c} the
     * {@link LogScale#offset} of its series before the split; NaN where a value is missing (the other series' value is
     * kept). Null when a series cannot be put on the log scale ({@link LogScale#offset} NaN, or a logarithm that
     * would be infinite). Computed on first use and kept (three detectors took
     * the same 730 logarithms of a year's pair each); shared: callers must not modify it.
     */
    double[][] signedLogs() {
        double[][] logs = signedLogs;
        if (logs == null) {
            double[] c = offsets();
            double cp = c[0];
            double co = c[1];
            logs = Double.isNaN(cp) || Double.isNaN(co) ? NO_LOGS : logs(proxy, outcome, cp, co);
            signedLogs = logs;
        }
        return logs == NO_LOGS ? null : logs;
    }

    /**
     * The logarithms the intervention response and the change-point search read ({@link LogScale#readLogs}): computed
     * on first use and kept (both detectors read them); shared: callers must not modify it. Null where a series cannot
     * be put on the log scale.
     */
    double[][] readLogs() {
        double[][] logs = readLogs;
        if (logs == null) {
            logs = LogScale.readLogs(this);
            logs = logs == null ? NO_LOGS : logs;
            readLogs = logs;
        }
        return logs == NO_LOGS ? null : logs;
    }

    /**
     * The share of zeros among the baseline days the daily regression reads ({@link LogScale#baselineZeroShare}):
     * computed on first use and kept (both the intervention response and the change-point search ask).
     */
    double baselineZeroShare() {
        Double share = zeroShare;
        if (share == null) {
            share = LogScale.baselineZeroShare(this);
            zeroShare = share;
        }
        return share;
    }

    /**
     * {@link #signedLogs} of the series without their {@link #idleDays} (NaN there), each offset for zero periods
     * ({@link LogScale#offset}) read from the days that remain (0 where none of them is 0): what intervention response
     * and change-point asymmetry read. {@link #signedLogs} itself where no day is idle; null where a series cannot be put
     * on the log scale without its idle days.
     * Computed on first use and kept; shared: callers must not modify it.
     */
    double[][] activeLogs() {
        if (idleDays() == null) {
            return signedLogs();
        }
        double[][] logs = activeLogs;
        if (logs == null) {
            double[] c = activeOffsets();
            logs = Double.isNaN(c[0]) || Double.isNaN(c[1]) ? NO_LOGS
                    : logs(activeValues()[0], activeValues()[1], c[0], c[1]);
            activeLogs = logs;
        }
        return logs == NO_LOGS ? null : logs;
    }

    /**
     * {@link LogScale#offset} of the proxy and of the outcome without their {@link #idleDays}, {@link #offsets} where
     * no day is idle; computed once (the logarithms and the baseline key both need them); read only.
     */
    private double[] activeOffsets() {
        if (idleDays() == null) {
            return offsets();
        }
        double[] o = activeOffsets;
        if (o == null) {
            double[][] active = activeValues();
            o = new double[] {LogScale.offset(active[0], split), LogScale.offset(active[1], split)};
            activeOffsets = o;
        }
        return o;
    }

    /**
     * {@code {s_p log(p + cp), s_o log(o + co)}} (the signs of {@link #signedLogs}), or {@link #NO_LOGS} where a
     * logarithm is infinite (a value near the largest double plus the offset overflows).
     */
    private double[][] logs(double[] p, double[] o, double cp, double co) {
        double xs = proxySign() * link.expectedSign();
        double ys = outcomeSign();
        double[] x = new double[p.length];
        double[] y = new double[p.length];
        boolean finite = true;
        for (int t = 0; t < x.length; t++) {
            x[t] = xs * Math.log(p[t] + cp);
            y[t] = ys * Math.log(o[t] + co);
            finite &= !Double.isInfinite(x[t]) && !Double.isInfinite(y[t]);
        }
        return finite ? new double[][] {x, y} : NO_LOGS;
    }

    /**
     * Takes over the baseline statistics an earlier pair kept ({@link #keptBaseline}) where that baseline is this
     * pair's to the last bit: the same link and metrics, segment, period length, calendar start and split, the same
     * proxy and outcome values before the split, and the same offsets for their logarithms (which zero periods
     * anywhere decide); otherwise this pair starts statistics of its own, for {@link #forgetDerived(boolean)
     * forgetDerived(true)} to keep for the next pair. A live scorer hands each segment's statistics of the day before,
     * so that with a fixed baseline a new day does not compute them again; a pair never asked keeps nothing (batch
     * scoring). The results are the same either way. Call it before the detectors run; pairs that share statistics may
     * be examined at the same time (each kept entry is immutable and published whole).
     *
     * @param kept statistics an earlier pair of the same segment and link kept, or null
     * @return whether they were taken over
     */
    public boolean carryBaseline(BaselineMemo kept) {
        if (kept != null && kept.key() != null && kept.key().describes(this)) {
            baselineMemo = kept;
            return true;
        }
        baselineMemo = new BaselineMemo();
        return false;
    }

    /**
     * This pair's baseline statistics for the next day's pair ({@link #carryBaseline}), null when it has none; they
     * keep a copy of the baseline's values (16 bytes a baseline period) and the common-shock screen's baseline changes
     * (16 more). Only after {@link #carryBaseline} and {@link #forgetDerived(boolean) forgetDerived(true)}.
     *
     * @return the statistics, or null
     */
    public BaselineMemo keptBaseline() {
        BaselineMemo memo = baselineMemo;
        return memo != null && memo.key() != null ? memo : null;
    }

    /** What identifies this pair's baseline for {@link #carryBaseline}: its values copied, so the pair may go. */
    private BaselineKey baselineKey() {
        return new BaselineKey(link, proxyMetric, outcomeMetric, segment, granularity, start, split,
                Arrays.copyOf(proxy, split), Arrays.copyOf(outcome, split),
                Double.doubleToLongBits(offsets()[0]), Double.doubleToLongBits(offsets()[1]),
                Double.doubleToLongBits(activeOffsets()[0]), Double.doubleToLongBits(activeOffsets()[1]),
                idleWeekdaysOf());
    }

    /** What a baseline's statistics were computed from (the arrays are never written after it is made). */
    static final class BaselineKey {
        private final Link link;
        private final Metric proxyMetric;
        private final Metric outcomeMetric;
        private final String segment;
        private final Granularity granularity;
        private final LocalDate start;
        private final int split;
        private final double[] proxy;
        private final double[] outcome;
        private final long proxyOffset;
        private final long outcomeOffset;
        private final long activeProxyOffset;
        private final long activeOutcomeOffset;
        private final int idleWeekdays;

        BaselineKey(Link link, Metric proxyMetric, Metric outcomeMetric, String segment, Granularity granularity,
                    LocalDate start, int split, double[] proxy, double[] outcome, long proxyOffset,
                    long outcomeOffset, long activeProxyOffset, long activeOutcomeOffset, int idleWeekdays) {
            this.link = link;
            this.proxyMetric = proxyMetric;
            this.outcomeMetric = outcomeMetric;
            this.segment = segment;
            this.granularity = granularity;
            this.start = start;
            this.split = split;
            this.proxy = proxy;
            this.outcome = outcome;
            this.proxyOffset = proxyOffset;
            this.outcomeOffset = outcomeOffset;
            this.activeProxyOffset = activeProxyOffset;
            this.activeOutcomeOffset = activeOutcomeOffset;
            this.idleWeekdays = idleWeekdays;
        }

        /** Whether this is the pair's baseline, to the last bit (NaN equal to NaN), without copying its values. */
        boolean describes(PairSeries p) {
            return split == p.split && granularity == p.granularity && start.equals(p.start) && link.equals(p.link)
                    && segment.equals(p.segment) && proxyMetric.equals(p.proxyMetric)
                    && outcomeMetric.equals(p.outcomeMetric)
                    && Arrays.equals(proxy, 0, split, p.proxy, 0, p.split)
                    && Arrays.equals(outcome, 0, split, p.outcome, 0, p.split)
                    && proxyOffset == Double.doubleToLongBits(p.offsets()[0])
                    && outcomeOffset == Double.doubleToLongBits(p.offsets()[1])
                    // the offsets without the idle days too: a zero on a working day after the date can change them
                    && activeProxyOffset == Double.doubleToLongBits(p.activeOffsets()[0])
                    && activeOutcomeOffset == Double.doubleToLongBits(p.activeOffsets()[1])
                    // which weekdays stop depends on the weeks since the split too: the baseline's idle days with it
                    && idleWeekdays == p.idleWeekdaysOf();
        }
    }

    /**
     * {@link LogScale#offset} of the proxy and of the outcome before the split, computed once (the logarithms and the
     * baseline key both need them); read only.
     */
    private double[] offsets() {
        double[] o = offsets;
        if (o == null) {
            o = new double[] {LogScale.offset(proxy, split), LogScale.offset(outcome, split)};
            offsets = o;
        }
        return o;
    }

    /**
     * The statistics kept from this pair's baseline (shared with the pairs it was carried to or from); null when
     * nothing is to be kept ({@link #carryBaseline} was not called): the detectors then compute everything.
     */
    BaselineMemo baselineMemo() {
        return baselineMemo;
    }

    /**
     * Forgets what the detectors computed from this pair and kept for each other (its logarithms, its common-shock
     * screen, its outcome's weekday weights, its baseline's statistics), so that a pair held after its examination holds its two series and nothing
     * more. Nothing observable changes: they are computed again if a detector asks for them.
     */
    public void forgetDerived() {
        forgetDerived(false);
    }

    /**
     * As {@link #forgetDerived()}, keeping the baseline's statistics when asked, for the next day's pair of the same
     * segment ({@link #keptBaseline}, {@link #carryBaseline}).
     *
     * @param keepBaseline whether to keep the baseline's statistics
     */
    public void forgetDerived(boolean keepBaseline) {
        signedLogs = null;
        commonShocks = null;
        RunawayWeeks read = runawayUse;
        noRunawayUse |= read != null && read.useChangesLeftOut() == null;
        runawayUse = null;
        changesLeftOut = null;
        idleDays = null;
        activeValues = null;
        activeLogs = null;
        readLogs = null;
        zeroShare = null;
        activeOffsets = null;
        offsets = null;
        weekdayWeights = null;
        BaselineMemo memo = baselineMemo;
        if (!keepBaseline) {
            baselineMemo = null;
        } else if (memo != null && memo.key() == null) {
            memo.key(baselineKey());
        }
    }

    /**
     * The proxy as measured (counting changes undone): the pair's own array, not a copy, for this package's detectors
     * (a copy per detector and pair was about 60 KB of garbage per segment examined). Read only.
     */
    double[] proxyValues() {
        return proxy;
    }

    /**
     * The outcome as measured (counting changes undone), not sign-adjusted: the pair's own array, not a copy (see
     * {@link #proxyValues()}). Read only.
     */
    double[] outcomeValues() {
        return outcome;
    }

    /** {@link #signedProxy()} without a copy where the sign is +1 (then it is the pair's own array). Read only. */
    double[] signedProxyValues() {
        return proxyMetric.direction().sign() * link.expectedSign() == 1 ? proxy : signedProxy();
    }

    /** {@link #betterOutcome()} without a copy where the sign is +1 (then it is the pair's own array). Read only. */
    double[] betterOutcomeValues() {
        return outcomeMetric.direction().sign() == 1 ? outcome : betterOutcome();
    }

    /**
     * Deserialised through the constructor, as the record was: its checks run again (a stream with a split outside the
     * series is refused, not scored) and the arrays are the new pair's own; the kept screen starts empty.
     */
    private Object readResolve() throws java.io.ObjectStreamException {
        try {
            return new PairSeries(link, proxyMetric, outcomeMetric, segment, granularity, start, proxy, outcome, split,
                    seed, intervention, true, countedProxy == null ? null : countedProxy.clone(),
                    countedOutcome == null ? null : countedOutcome.clone(), proxyPer, outcomePer,
                    straddlingClause == null ? "" : straddlingClause);
        } catch (IllegalArgumentException | NullPointerException e) {
            java.io.InvalidObjectException invalid = new java.io.InvalidObjectException(e.getMessage());
            invalid.initCause(e);
            throw invalid;
        }
    }

    /** Number of periods. */
    public int length() {
        return proxy.length;
    }

    /** Proxy values as measured, declared counting changes undone (a copy). */
    public double[] proxy() {
        return proxy.clone();
    }

    /** Outcome values as measured, declared counting changes undone, not sign-adjusted (a copy). */
    public double[] outcome() {
        return outcome.clone();
    }

    /**
     * The proxy signed so that up is "more use", times the link's expected sign: a positive co-movement with
     * {@link #betterOutcome()} is what the link expects.
     */
    public double[] signedProxy() {
        double s = proxyMetric.direction().sign() * link.expectedSign();
        double[] out = proxy.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] *= s;
        }
        return out;
    }

    /** The outcome signed by its direction, so that up is always better. */
    public double[] betterOutcome() {
        double s = outcomeMetric.direction().sign();
        double[] out = outcome.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] *= s;
        }
        return out;
    }

    /** Sign (+1 or -1) that turns a log-change of the proxy into "more use". */
    public int proxySign() {
        return proxyMetric.direction() == Direction.HIGHER ? 1 : -1;
    }

    /** Sign (+1 or -1) that turns a log-change of the outcome into "better". */
    public int outcomeSign() {
        return outcomeMetric.direction().sign();
    }

    /** First day of the first recent period. */
    public LocalDate splitDate() {
        return granularity.plus(start, split);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PairSeries p && link.equals(p.link) && proxyMetric.equals(p.proxyMetric)
                && outcomeMetric.equals(p.outcomeMetric) && segment.equals(p.segment) && granularity == p.granularity
                && start.equals(p.start) && Arrays.equals(proxy, p.proxy) && Arrays.equals(outcome, p.outcome)
                && split == p.split && seed == p.seed && intervention == p.intervention
                && Arrays.equals(countedProxy, p.countedProxy) && Arrays.equals(countedOutcome, p.countedOutcome)
                && Objects.equals(proxyPer, p.proxyPer) && Objects.equals(outcomePer, p.outcomePer);
    }

    @Override
    public int hashCode() {
        return Objects.hash(link, segment, start, split, seed) * 31 + Arrays.hashCode(proxy);
    }

    @Override
    public String toString() {
        return "PairSeries[" + link + ", segment " + segment + ", " + proxy.length + " " + granularity.adjective()
                + " periods, recent from " + splitDate() + "]";
    }

    /**
     * A metric's series with its declared counting changes undone ({@link IntegrityModel#countingDivisors}): each
     * period divided by what the changes multiplied it by; null when no change touches the calendar. {@code values} is
     * left as it is (it is the series as counted).
     */
    private static double[] uncounted(IntegrityModel model, Frame frame, String metric, double[] values) {
        double[] divisors = model.countingDivisors(metric, frame.granularity(), frame.period(0), values.length);
        if (divisors == null) {
            return null;
        }
        double[] out = new double[values.length];
        for (int t = 0; t < values.length; t++) {
            out[t] = values[t] / divisors[t];
        }
        return out;
    }

    /**
     * The proxy as it was counted, before the model's declared counting changes were undone (for what is compared with
     * counted numbers: a quota, typed digits): the pair's own array, so read it only. A pair not built by {@link #of}
     * has nothing undone.
     */
    double[] countedProxyValues() {
        return countedProxy != null ? countedProxy : proxy;
    }

    /** The outcome as it was counted (see {@link #countedProxyValues}), lagged as the outcome is. Read only. */
    double[] countedOutcomeValues() {
        return countedOutcome != null ? countedOutcome : outcome;
    }

    /**
     * The pair of one link in one segment of a frame, as the detectors see it: declared counting changes undone, a
     * metric declared per an exposure divided by it (the exposure's latest value carried forward; a period before its
     * first value or with an exposure of zero has none), the outcome shifted back by the link's lag, split at the
     * segment's intervention (or in the middle without one); in weekly data dated on one weekday, the week whose row may
     * hold days on both sides of the intervention is missing in both series ({@code straddlingRow}).
     *
     * @param model   the model (metrics, interventions)
     * @param frame   the data
     * @param link    the link
     * @param segment the segment, {@code "*"} for the organisation
     * @param seed    the pair's seed for any randomness in the detectors
     * @param why     told, in one sentence, why there is no pair when there is none
     * @return the pair, or empty when the segment lacks a metric (or an exposure it is read per), the intervention is
     *         outside the data or there are too few periods to compare
     */
    public static Optional<PairSeries> of(IntegrityModel model, Frame frame,
            Link link, String segment, long seed, Consumer<String> why) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(frame, "frame");
        Objects.requireNonNull(link, "link");
        Objects.requireNonNull(segment, "segment");
        Objects.requireNonNull(why, "why");
        if (!frame.has(segment, link.proxy()) || !frame.has(segment, link.outcome())) {
            why.accept("no data for " + (frame.has(segment, link.proxy()) ? link.outcome() : link.proxy())
                    + " in segment " + segment);
            return Optional.empty();
        }
        String proxyPer = model.exposureOf(link.proxy()).orElse(null);
        String outcomePer = model.exposureOf(link.outcome()).orElse(null);
        for (String per : Arrays.asList(proxyPer, outcomePer)) {
            if (per != null && !frame.has(segment, per)) {
                why.accept("no data for " + per + " in segment " + segment + " (" + (per.equals(proxyPer)
                        ? link.proxy() : link.outcome()) + " is read per " + per + ")");
                return Optional.empty();
            }
        }
        int n = frame.periodCount();
        double[] countedProxy = frame.series(segment, link.proxy());
        double[] outcomeAtItsDate = frame.series(segment, link.outcome());
        double[] countedOutcome = lagged(outcomeAtItsDate, link.lag());
        double[] proxy = perExposure(frame, segment, proxyPer,
                uncounted(model, frame, link.proxy(), countedProxy), countedProxy);
        double[] outcome = perExposure(frame, segment, outcomePer,
                uncounted(model, frame, link.outcome(), outcomeAtItsDate), outcomeAtItsDate);
        outcome = outcome == null ? null : lagged(outcome, link.lag());
        Optional<Intervention> intervention = model.interventionFor(segment);
        int split;
        if (intervention.isPresent()) {
            split = frame.indexOf(intervention.get().date());
            if (split < 1 || split >= n) {
                // on the data's first period it is inside the data, with nothing before it
                why.accept("the intervention on " + intervention.get().date() + (split == 0
                        ? " falls in the data's first period (" + frame.period(0) + " to " + frame.period(n - 1)
                                + "), so there is nothing before it to compare with"
                        : " is outside the data (" + frame.period(0) + " to " + frame.period(n - 1)
                                + "), so there is no before and after"));
                return Optional.empty();
            }
        } else {
            split = n / 2;
            if (split < 1) {
                why.accept("only " + n + " period(s) of data; nothing to compare");
                return Optional.empty();
            }
        }
        LocalDate straddling = intervention.isPresent() ? straddlingRow(frame, intervention.get().date()) : null;
        if (straddling != null) {
            int k = frame.indexOf(straddling);
            for (double[] a : Arrays.asList(proxy, outcome, countedProxy, countedOutcome)) {
                if (a != null) {
                    a[k] = Double.NaN;
                }
            }
        }
        // the frame gave copies (a spilled frame reads them afresh): the pair takes them without another
        return Optional.of(new PairSeries(link, model.metric(link.proxy()), model.metric(link.outcome()),
                segment, frame.granularity(), frame.period(0), proxy == null ? countedProxy : proxy,
                outcome == null ? countedOutcome : outcome, split, seed, intervention.isPresent(), false,
                proxy == null ? null : countedProxy, outcome == null ? null : countedOutcome, proxyPer, outcomePer,
                straddling == null ? "" : "the week of the rows dated " + straddling + " read in neither window "
                + "(labelled by its first day, as R's floor_date and BigQuery's DATE_TRUNC label weeks, it holds days on "
                + "both sides of the intervention on " + intervention.get().date() + ")"));
    }

    /**
     * The date of the weekly rows that may hold days on both sides of the intervention on {@code date}, or null: in a
     * frame of weekly rows all dated on one weekday ({@link Frame#rowDay()}), the row dated one to six days before it.
     * Read as a week ending on its date (pandas' {@code W}) that row is the baseline's last week; read as a week
     * beginning on it (R's {@code floor_date}, BigQuery's {@code DATE_TRUNC(d, WEEK)}) it holds one to six days after
     * the date, and in the baseline it would be a week of the new level that bends the baseline's line (an independent
     * probe: doublings with nothing gained found 63 times in 80 with weeks labelled by their Monday, 31 with weeks
     * labelled by the Sunday that begins them). The dates cannot tell which, so the week is read in neither window: a
     * week of baseline lost where weeks end on their date. A row dated on the intervention, or any daily data, is read
     * as it is.
     */
    private static LocalDate straddlingRow(Frame frame, LocalDate date) {
        if (frame.granularity() != Granularity.WEEK || frame.rowDay().isEmpty()) {
            return null;
        }
        LocalDate week = frame.granularity().periodStart(date);
        for (int back = 0; back <= 1; back++) {
            LocalDate row = week.minusWeeks(back).plusDays(frame.rowDay().getAsInt());
            long before = java.time.temporal.ChronoUnit.DAYS.between(row, date);
            int k = frame.indexOf(row);
            if (before >= 1 && before <= 6 && k >= 0 && k < frame.periodCount()) {
                return row;
            }
        }
        return null;
    }

    /**
     * The clause naming the weekly rows read in neither window for straddling the intervention (see {@code
     * straddlingRow}), or empty: a pair copied with the public constructor has none.
     */
    String straddlingClause() {
        return straddlingClause;
    }

    /**
     * {@code values} (or, where null, {@code counted}: nothing was undone) divided period by period by the segment's
     * series of {@code exposure} (which the frame carries forward from its first value); NaN before its first value
     * and where it is zero. Null, as {@code values}, when there is no exposure.
     */
    private static double[] perExposure(Frame frame, String segment, String exposure, double[] values,
                                        double[] counted) {
        if (exposure == null) {
            return values;
        }
        double[] out = values != null ? values : counted.clone();
        double[] e = frame.series(segment, exposure);
        for (int t = 0; t < out.length; t++) {
            out[t] = e[t] > 0 ? out[t] / e[t] : Double.NaN;
        }
        return out;
    }

    /** {@code values} shifted back by {@code lag} periods (NaN at the end); the array itself when {@code lag} is 0. */
    private static double[] lagged(double[] values, int lag) {
        if (lag <= 0) {
            return values;
        }
        int n = values.length;
        double[] out = new double[n];
        Arrays.fill(out, Double.NaN);
        System.arraycopy(values, Math.min(n, lag), out, 0, Math.max(0, n - lag));
        return out;
    }
}
