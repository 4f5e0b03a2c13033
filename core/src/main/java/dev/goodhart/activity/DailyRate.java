package dev.goodhart.activity;

/**
 * One actor's activity on each active day read as a rate: how many days, their mean and spread (Welford), and how
 * little that rate varied beyond what counting alone makes a day's count vary (the steady-days signature of event
 * logs, {@link ActorState}). {@link DailyCounts} adds what the day-level exports read. Mutable, not thread-safe.
 */
class DailyRate implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    /** Active days counted. */
    long activeDays;
    /** Welford moments of the daily counts. */
    double mean;
    double m2;

    DailyRate() {
    }

    /** A copy. */
    DailyRate copy() {
        DailyRate c = new DailyRate();
        copyInto(c);
        return c;
    }

    /** Copies these moments into {@code c}. */
    final void copyInto(DailyRate c) {
        c.activeDays = activeDays;
        c.mean = mean;
        c.m2 = m2;
    }

    /** Counts one active day whose activity was {@code count}. */
    void add(long count) {
        activeDays++;
        double d = count - mean;
        mean += d / activeDays;
        m2 += d * (count - mean);
    }

    /** The coefficient of variation of the daily counts; 0 for fewer than two days or a mean of 0. */
    double cv() {
        return activeDays < 2 || mean <= 0 ? 0 : Math.sqrt(m2 / (activeDays - 1)) / mean;
    }

    /**
     * How little the daily rate varied beyond counting noise: {@code -log2} of the rate's coefficient of variation,
     * {@code sqrt(max(cv² - 1 / mean, FLOOR²))} (a count of independent requests at a constant rate varies by {@code
     * 1 / sqrt(mean)} on its own, so a heavy user's days read steadier than a light one's by counting alone), plus
     * {@link #underdispersion()}, where the days were steadier than counting itself allows.
     */
    double rateSteadiness() {
        return -0.5 * Math.log(Math.max(rateExcess(), rateFloor())) / Math.log(2) + underdispersion();
    }

    /**
     * How far, in powers of two, the daily counts' index of dispersion ({@code variance / mean}, 1 for independent
     * requests at a constant rate) fell below what such counts reach by chance one time in forty ({@code chi²(0.025,
     * days - 1) / (days - 1)}, Wilson and Hilferty's approximation); 0 where it did not, or with fewer than
     * {@link #MIN_DISPERSION_DAYS} days. A person's requests cluster (their days vary more than counting makes them
     * vary); days steadier than counting itself allows are a schedule's: a script that sends about as many requests
     * every day. The variance is taken as at least a quarter (counts are whole numbers), so that identical days read
     * as finite.
     */
    double underdispersion() {
        if (activeDays < MIN_DISPERSION_DAYS || !(mean > 0)) {
            return 0;
        }
        double k = activeDays - 1;
        double variance = Math.max(m2 / k, 0.25);
        double z = -1.959963984540054;
        double h = 1 - 2 / (9 * k) + z * Math.sqrt(2 / (9 * k));
        double low = h * h * h; // chi²(0.025, k) / k
        double dispersion = variance / mean;
        return low > 0 && dispersion < low ? Math.log(low / dispersion) / Math.log(2) : 0;
    }

    /** The fewest active days whose dispersion is read below counting's ({@link #underdispersion}). */
    static final int MIN_DISPERSION_DAYS = 8;

    /** The daily counts' squared coefficient of variation less that of counting alone, {@code cv² - 1/mean}. */
    private double rateExcess() {
        double cv = cv();
        return cv * cv - 1 / mean;
    }

    /**
     * The squared rate variation below which days read as alike: 5% of the mean, or what the counting noise leaves
     * unknown of the excess (two standard errors of a sample variance of {@code activeDays}), if more.
     */
    private double rateFloor() {
        return Math.max(RATE_FLOOR * RATE_FLOOR, 2 / mean * Math.sqrt(2.0 / (activeDays - 1)));
    }

    /**
     * The steady-days sentence of an event log: the daily rate's variation beyond counting, the CV and what counting
     * alone makes of it; what it suggests ({@code like}: "like a quota script") only where {@code counts}.
     *
     * @param unit   what was counted ("requests")
     * @param like   what such days suggest ("a quota script")
     * @param median the peers' median {@link #rateSteadiness}
     * @param peers  the robust z and the peers at or beyond, as the scorer says them
     */
    String rateSentence(String unit, String like, double median, String peers, boolean counts) {
        double excess = rateExcess();
        String varied = underdispersion() > 0 ? "varied less than counting alone makes them vary"
                : excess <= rateFloor() ? "varied no more than counting alone makes them"
                : String.format(java.util.Locale.ROOT, "varied by %.0f%% beyond what counting alone makes them",
                        100 * Math.sqrt(excess));
        return String.format(java.util.Locale.ROOT, "Over %d active days the daily %s (%,.0f on average) %s "
                        + "(coefficient of variation %.2f; counting alone %.2f)%s (peers' median %.0f%%; %s).",
                activeDays, unit, mean, varied, cv(), Math.sqrt(1 / mean),
                counts ? ", days steadier than people's, like " + like : "", 100 * Math.pow(2, -median),
                peers);
    }

    /** The rate's variation below which days are alike whatever their count (5%). */
    static final double RATE_FLOOR = 0.05;

    @Override
    public String toString() {
        return "DailyRate{activeDays=" + activeDays + ";mean=" + mean + ";m2=" + m2 + "}";
    }

    /** Approximate bytes of these moments. */
    static long bytes() {
        return 16 + 8L * 3;
    }
}
