package dev.goodhart.report;

/**
 * Receives a report a pair at a time, for reports too large to hold ({@code Scorer.score(model, frame, sink)}): first
 * everything the report says about itself ({@link ReportHeader}: the calendar, the counts per verdict, the input
 * account), then each {@link PairResult} in report order (per link, the organisation's row and then the segments'),
 * then {@link #end()}. Called on the scoring thread; what a method throws ends the scoring.
 */
public interface ReportSink {
    /**
     * Called once, before the first pair.
     *
     * @param header what the report says about itself
     */
    void start(ReportHeader header);

    /**
     * One pair's result, in report order.
     *
     * @param pair the result, with its findings, notes and chart (when it gets one)
     */
    void pair(PairResult pair);

    /** Called once, after the last pair. */
    void end();

    /**
     * A sink that collects the pairs into an {@link IntegrityReport}, for data that fits in memory.
     *
     * @return a collector; {@link Collector#report()} after the scoring
     */
    static Collector collector() {
        return new Collector();
    }

    /** Collects a streamed report back into an {@link IntegrityReport}. Not thread-safe. */
    final class Collector implements ReportSink {
        private ReportHeader header;
        private final java.util.List<PairResult> pairs = new java.util.ArrayList<>();
        private boolean ended;

        private Collector() {
        }

        @Override
        public void start(ReportHeader value) {
            this.header = java.util.Objects.requireNonNull(value, "header");
        }

        @Override
        public void pair(PairResult pair) {
            pairs.add(java.util.Objects.requireNonNull(pair, "pair"));
        }

        @Override
        public void end() {
            ended = true;
        }

        /**
         * The report collected.
         *
         * @return the report
         * @throws IllegalStateException before {@link #end()}
         */
        public IntegrityReport report() {
            if (!ended) {
                throw new IllegalStateException("the report has not ended");
            }
            return new IntegrityReport(header.model(), header.firstPeriod(), header.lastPeriod(), header.segmentCount(),
                    pairs, dev.goodhart.activity.ActivityReport.EMPTY, header.input(), header.alpha());
        }
    }
}
