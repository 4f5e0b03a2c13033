package dev.goodhart.report;

import dev.goodhart.model.InputAccount;
import dev.goodhart.model.IntegrityModel;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a report says about itself, known before its first pair is delivered to a {@link ReportSink}: what
 * {@link IntegrityReport} holds besides its pairs and activity section, and the pairs' counts.
 *
 * @param model        the model that was scored
 * @param firstPeriod  first day of the first period of the data
 * @param lastPeriod   first day of the last period of the data
 * @param segmentCount number of segments in the data (the organisation not counted)
 * @param pairCount    number of pairs that will follow
 * @param verdicts     number of pairs per verdict, every verdict present
 * @param input        what became of the input rows; {@link InputAccount#NONE} when unknown
 * @param alpha        the significance level the report is decided at ({@link IntegrityReport#alpha()})
 */
public record ReportHeader(IntegrityModel model, LocalDate firstPeriod, LocalDate lastPeriod, int segmentCount,
                           long pairCount, Map<Verdict, Long> verdicts, InputAccount input, double alpha) {

    /** A header of a report decided at the {@linkplain IntegrityReport#DEFAULT_ALPHA default level}. */
    public ReportHeader(IntegrityModel model, LocalDate firstPeriod, LocalDate lastPeriod, int segmentCount,
                        long pairCount, Map<Verdict, Long> verdicts, InputAccount input) {
        this(model, firstPeriod, lastPeriod, segmentCount, pairCount, verdicts, input, IntegrityReport.DEFAULT_ALPHA);
    }

    /**
     * Copies the counts, every verdict present.
     *
     * @throws IllegalArgumentException if {@code alpha} is outside {@link IntegrityReport#checkAlpha}'s range
     */
    public ReportHeader {
        IntegrityReport.checkAlpha(alpha);
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(firstPeriod, "firstPeriod");
        Objects.requireNonNull(lastPeriod, "lastPeriod");
        Objects.requireNonNull(input, "input");
        Map<Verdict, Long> all = new EnumMap<>(Verdict.class);
        for (Verdict v : Verdict.values()) {
            all.put(v, Objects.requireNonNull(verdicts, "verdicts").getOrDefault(v, 0L));
        }
        verdicts = java.util.Collections.unmodifiableMap(all);
    }

    /**
     * Number of pairs rated {@link Verdict#DIVERGING} or {@link Verdict#GAMED}.
     *
     * @return the count
     */
    public long flaggedCount() {
        long n = 0;
        for (Map.Entry<Verdict, Long> e : verdicts.entrySet()) {
            if (e.getKey().flagged()) {
                n += e.getValue();
            }
        }
        return n;
    }

    /**
     * This header with the account of the input rows.
     *
     * @param value the account
     * @return the header
     */
    public ReportHeader withInput(InputAccount value) {
        return new ReportHeader(model, firstPeriod, lastPeriod, segmentCount, pairCount, verdicts, value, alpha);
    }
}
