package dev.goodhart.activity;

/**
 * One actor's count of activity on each active day, summarised as the day-level exports' steady-days signature reads
 * it ({@link DayActorState}): the rate's moments ({@link DailyRate}), a histogram of quarter-octave bins ({@link
 * ActivityProfile#dailyCountBin}) and a frequent-value summary of the counts (Misra-Gries, {@value #FREQUENT}
 * counters). Mutable, not thread-safe.
 */
final class DailyCounts extends DailyRate {
    private static final long serialVersionUID = 1L;
    /** Counters of the frequent-value summary. */
    static final int FREQUENT = 8;

    /** Active days per daily-count bin. */
    final long[] bins = new long[ActivityProfile.DAILY_BINS];
    private final long[] frequentValue = new long[FREQUENT];
    private final long[] frequentCount = new long[FREQUENT];

    DailyCounts() {
    }

    /** A copy. */
    @Override
    DailyCounts copy() {
        DailyCounts c = new DailyCounts();
        copyInto(c);
        System.arraycopy(bins, 0, c.bins, 0, bins.length);
        System.arraycopy(frequentValue, 0, c.frequentValue, 0, FREQUENT);
        System.arraycopy(frequentCount, 0, c.frequentCount, 0, FREQUENT);
        return c;
    }

    /** Counts one active day whose activity was {@code count}. */
    @Override
    void add(long count) {
        super.add(count);
        bins[ActivityProfile.dailyCountBin(count)]++;
        for (int i = 0; i < FREQUENT; i++) {
            if (frequentCount[i] > 0 && frequentValue[i] == count) {
                frequentCount[i]++;
                return;
            }
        }
        for (int i = 0; i < FREQUENT; i++) {
            if (frequentCount[i] == 0) {
                frequentValue[i] = count;
                frequentCount[i] = 1;
                return;
            }
        }
        for (int i = 0; i < FREQUENT; i++) {
            frequentCount[i]--;
        }
    }

    /** The most frequent daily count and a lower bound of how many days had it; {0, 0} for none. */
    long[] mostFrequent() {
        int best = -1;
        for (int i = 0; i < FREQUENT; i++) {
            if (frequentCount[i] > 0 && (best < 0 || frequentCount[i] > frequentCount[best])) {
                best = i;
            }
        }
        return best < 0 ? new long[] {0, 0} : new long[] {frequentValue[best], frequentCount[best]};
    }

    /**
     * The share of active days in the best band of two adjacent bins (about 19% wide), and the band's lowest and
     * highest count.
     */
    double[] concentration() {
        long best = -1;
        int at = 1;
        for (int b = 1; b + 1 < bins.length; b++) {
            long w = bins[b] + bins[b + 1];
            if (w > best) {
                best = w;
                at = b;
            }
        }
        return new double[] {activeDays == 0 ? Double.NaN : (double) best / activeDays,
                ActivityProfile.dailyCountBinLow(at), Math.max(ActivityProfile.dailyCountBinLow(at),
                ActivityProfile.dailyCountBinLow(at + 2) - 1)};
    }

    /** Steady days: {@code -log2((outside + 0.5) / (activeDays + 0.5))}, the days outside the best band. */
    double steadiness() {
        double outside = activeDays * (1 - concentration()[0]);
        return -Math.log((outside + 0.5) / (activeDays + 0.5)) / Math.log(2);
    }

    /**
     * The steady-days sentence: how many days fell in the best band (or had one count), the CV, and the peers' median
     * read as days outside their own band; what it suggests ("like a quota script") only where {@code counts}.
     *
     * @param unit   what was counted ("prompts", "requests")
     * @param median the peers' median steadiness
     * @param peers  the robust z and the peers at or beyond, as the scorer says them
     */
    String steadySentence(String unit, double median, String peers, boolean counts) {
        long[] mode = mostFrequent();
        double[] c = concentration();
        long inBand = Math.round(c[0] * activeDays);
        // the band is the histogram's (about 19% wide), not the counts' range: it is said as a band; where every day
        // in it had one count, that count
        String range = mode[1] >= inBand ? String.format(java.util.Locale.ROOT, "were exactly %,d", mode[0])
                : String.format(java.util.Locale.ROOT, "fell in one band, %,d to %,d%s", (long) c[1], (long) c[2],
                        mode[1] >= 2 ? String.format(java.util.Locale.ROOT, ", %d of them exactly %,d", mode[1],
                                mode[0]) : "");
        double peersOutside = (activeDays + 0.5) * Math.pow(2, -median) - 0.5;
        return String.format(java.util.Locale.ROOT, "On %d of %d active days the daily %s %s (coefficient of "
                        + "variation %.2f)%s (peers' median: %.0f of %d days outside their own best band; %s).",
                inBand, activeDays, unit, range, cv(), counts ? ", most days in one band, like a quota script"
                        : "", Math.max(0, peersOutside), activeDays, peers);
    }

    @Override
    public String toString() {
        return "DailyCounts{" + super.toString() + ";bins="
                + java.util.Arrays.toString(bins) + ";frequentValue=" + java.util.Arrays.toString(frequentValue)
                + ";frequentCount=" + java.util.Arrays.toString(frequentCount) + "}";
    }

    /** Approximate bytes of this summary. */
    static long bytes() {
        return DailyRate.bytes() + 32 + 8L * (ActivityProfile.DAILY_BINS + 2 * FREQUENT);
    }
}
