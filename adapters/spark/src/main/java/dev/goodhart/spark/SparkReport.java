package dev.goodhart.spark;

import dev.goodhart.report.PairResult;
import dev.goodhart.report.ReportHeader;
import java.util.List;
import java.util.Objects;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A report scored on the cluster whose rows stay there ({@link SparkScoring#score}): the header (calendar, counts of
 * segments, pairs and verdicts, the input's account), the organisation's rows, and every pair's row as a Dataset
 * computed on the executors. Close it once the rows are written: the segments' work stays cached on the executors
 * until then, so that writing the rows does not examine every segment again.
 */
public final class SparkReport implements AutoCloseable {
    private final ReportHeader header;
    private final List<PairResult> organisation;
    private final Dataset<Row> pairs;
    private final Runnable release;
    private final java.util.function.BooleanSupplier closed;

    SparkReport(ReportHeader header, List<PairResult> organisation, Dataset<Row> pairs, Runnable release,
                java.util.function.BooleanSupplier closed) {
        this.header = Objects.requireNonNull(header, "header");
        this.organisation = List.copyOf(organisation);
        this.pairs = Objects.requireNonNull(pairs, "pairs");
        this.release = Objects.requireNonNull(release, "release");
        this.closed = Objects.requireNonNull(closed, "closed");
    }

    /** The report's header: calendar, segment and pair counts, verdict counts, the input's account. */
    public ReportHeader header() {
        return header;
    }

    /** The organisation's rows, one per link (its row in {@link #pairs()} too). */
    public List<PairResult> organisation() {
        return organisation;
    }

    /**
     * Every pair's row, the organisation's included, with the fields of {@link SparkScoring#scorePairs} (proxy,
     * outcome, segment, score, verdict, variants, findings, notes); not in report order (sort by segment if needed).
     * The rows are computed from work cached on the executors: write or collect them before {@link #close}.
     *
     * @throws IllegalStateException once the report is closed
     */
    public Dataset<Row> pairs() {
        if (closed.getAsBoolean()) {
            throw new IllegalStateException("this SparkReport is closed: its rows were computed from work released "
                    + "by close(); write them before closing");
        }
        return pairs;
    }

    /** Releases the segments' work cached on the executors and the broadcasts; closing again does nothing. */
    @Override
    public void close() {
        release.run();
    }
}
