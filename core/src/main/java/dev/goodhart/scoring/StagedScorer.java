package dev.goodhart.scoring;

import dev.goodhart.detect.PairSeries;
import dev.goodhart.detect.PortfolioDetector;
import dev.goodhart.detect.StagedPortfolioDetector;
import dev.goodhart.detect.StagedPortfolioDetector.Conclusion;
import dev.goodhart.detect.StagedPortfolioDetector.Context;
import dev.goodhart.model.Finding;
import dev.goodhart.model.IntegrityModel;
import dev.goodhart.model.Link;
import dev.goodhart.model.Segments;
import dev.goodhart.report.PairResult;
import dev.goodhart.report.Verdict;
import dev.goodhart.scoring.internal.Charts;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Scoring in stages for distributed engines whose driver must not hold the segments' series or results: every stage
 * but the folds runs where the segment's data is, and what reaches the driver per segment grows at most with the
 * baseline's blocks (the expected response's block changes: two numbers a week), not with the periods' rows; the folds
 * keep a fixed size per segment. With the same scorer settings the results equal {@link Scorer#score} on one machine.
 *
 * <ol>
 *   <li>per segment: {@link Scorer#examine} (per-segment detectors) and {@link #summaries} (each cross-segment
 *       detector's summary, {@link StagedPortfolioDetector#summarize});</li>
 *   <li>on the driver, per link, segments in report order: {@link #fold} the summaries into a {@link PortfolioState}
 *       (holding per segment only what ranks and medians across segments need, 48 bytes with the default detectors);</li>
 *   <li>per segment: {@link #complete} adds the cross-segment findings; its p-values go to {@link QValues.Builder} on
 *       the driver (8 bytes a finding), and the organisation is completed with {@link #completeOrganisation} once it
 *       is known which detectors found anything;</li>
 *   <li>per segment: {@link #score} (score and verdict, for the report's counts and the choice of charts) and
 *       {@link #result} (the report's row).</li>
 * </ol>
 *
 * <p>Every cross-segment detector of the scorer must be a {@link StagedPortfolioDetector} (the defaults are).
 */
public final class StagedScorer {
    private final Scorer scorer;

    /** The stages of {@code scorer}. */
    public StagedScorer(Scorer scorer) {
        this.scorer = Objects.requireNonNull(scorer, "scorer");
        for (PortfolioDetector d : scorer.portfolioDetectors()) {
            if (!(d instanceof StagedPortfolioDetector)) {
                throw new IllegalArgumentException("cross-segment detector '" + d.name() + "' does not run in stages "
                        + "(implement StagedPortfolioDetector)");
            }
        }
    }

    /** The scorer whose stages these are. */
    public Scorer scorer() {
        return scorer;
    }

    @SuppressWarnings("unchecked")
    private StagedPortfolioDetector<Serializable, Serializable> staged(int k) {
        return (StagedPortfolioDetector<Serializable, Serializable>) scorer.portfolioDetectors().get(k);
    }

    private Context context(IntegrityModel model, Link link) {
        return new Context(model, link, scorer.pairSeed(link, "\u0000portfolio"));
    }

    /**
     * Each cross-segment detector's summary of an examined segment (in the scorer's order; null where a detector has
     * none, all null when the pair could not be windowed). Not for the organisation.
     */
    public Serializable[] summaries(IntegrityModel model, Examination examination) {
        Serializable[] out = new Serializable[scorer.portfolioDetectors().size()];
        PairSeries pair = examination.pair();
        if (pair == null || Segments.ALL.equals(examination.segment())) {
            return out;
        }
        Context context = context(model, examination.link());
        for (int k = 0; k < out.length; k++) {
            out[k] = staged(k).summarize(context, pair);
        }
        return out;
    }

    /** A fold of one link's summaries, to be fed every segment's {@link #summaries} in report order. */
    public Fold fold(IntegrityModel model, Link link) {
        return new Fold(model, link);
    }

    /** The driver's fold of one link's summaries; not thread-safe. */
    public final class Fold {
        private final Link link;
        private final List<StagedPortfolioDetector.Merger<Serializable, Serializable>> mergers = new ArrayList<>();

        private Fold(IntegrityModel model, Link link) {
            this.link = link;
            Context context = context(model, link);
            for (int k = 0; k < scorer.portfolioDetectors().size(); k++) {
                mergers.add(staged(k).merger(context));
            }
        }

        /** A hint that about {@code segments} segments will be added (sizes per-segment state once). */
        public void expect(long segments) {
            for (StagedPortfolioDetector.Merger<Serializable, Serializable> m : mergers) {
                m.expect(segments);
            }
        }

        /** Adds the next segment's summaries. */
        public void add(Serializable[] summaries) {
            for (int k = 0; k < mergers.size(); k++) {
                if (summaries[k] != null) {
                    mergers.get(k).add(summaries[k]);
                }
            }
        }

        /** Concludes with the organisation's pair (if it could be windowed). */
        public PortfolioState conclude(Optional<PairSeries> organisation) {
            List<Conclusion<Serializable>> out = new ArrayList<>();
            for (StagedPortfolioDetector.Merger<Serializable, Serializable> m : mergers) {
                out.add(m.conclude(organisation));
            }
            return new PortfolioState(link, out);
        }
    }

    /**
     * One link's cross-segment state after the fold: each detector's conclusion (the state it shares with every
     * segment, the organisation's findings, or why it does not apply). Serializable, of a size independent of the
     * number of segments with the default detectors; it grows with the rollout dates (the expected response's reference
     * peers per calendar and date, the controls' moments per date).
     */
    public static final class PortfolioState implements Serializable {
        private static final long serialVersionUID = 1L;
        private final Link link;
        private final Serializable[] shared;
        private final String[] skips;
        private final List<List<Finding>> organisation;

        PortfolioState(Link link, List<Conclusion<Serializable>> conclusions) {
            this.link = link;
            this.shared = new Serializable[conclusions.size()];
            this.skips = new String[conclusions.size()];
            this.organisation = new ArrayList<>();
            for (int k = 0; k < conclusions.size(); k++) {
                shared[k] = conclusions.get(k).shared();
                skips[k] = conclusions.get(k).skipReason();
                organisation.add(conclusions.get(k).organisation());
            }
        }

        /** The link. */
        public Link link() {
            return link;
        }
    }

    /**
     * A segment's examination with the cross-segment findings added (each detector with findings counts as run), in
     * the order the scorer's cross-segment detectors have; the organisation's is {@link #completeOrganisation}.
     *
     * @return the completed examination and, per detector, whether it found anything here
     */
    public Completed complete(IntegrityModel model, Examination e, PortfolioState state) {
        if (Segments.ALL.equals(e.segment())) {
            throw new IllegalArgumentException("the organisation is completed with completeOrganisation");
        }
        boolean[] found = new boolean[state.shared.length];
        if (e.pair() == null) {
            return new Completed(e, found);
        }
        Context context = context(model, e.link());
        List<Finding> findings = new ArrayList<>(e.findings());
        List<String> notes = e.notes();
        int ran = e.ran();
        for (int k = 0; k < found.length; k++) {
            if (state.skips[k] != null) {
                continue;
            }
            List<Finding> f = staged(k).findings(context, state.shared[k], e.pair());
            if (!f.isEmpty()) {
                found[k] = true;
                ran++;
                findings.addAll(f);
            } else {
                // a question the detector asked of this segment but could not read its data for: said, as a pair
                // detector's skip is
                String unread = staged(k).unread(context, state.shared[k], e.pair());
                if (unread != null) {
                    notes = new ArrayList<>(notes);
                    notes.add(staged(k).name() + " skipped: " + unread);
                }
            }
        }
        return new Completed(new Examination(e.link(), e.segment(), findings, notes, ran, e.recentFrom(),
                e.intervention(), e.pair()), found);
    }

    /**
     * A completed examination and, per cross-segment detector, whether it found anything in the segment.
     *
     * @param examination the examination with the cross-segment findings
     * @param found       per detector (scorer order), whether it had a finding here
     */
    public record Completed(Examination examination, boolean[] found) implements Serializable {
        private static final long serialVersionUID = 1L;

        /** Checks for nulls. */
        public Completed {
            Objects.requireNonNull(found, "found");
            Objects.requireNonNull(examination, "examination");
        }
    }

    /**
     * The organisation's examination completed: the detectors' organisation findings, and a note for each detector
     * that did not apply or (per {@code foundAnywhere}, the OR of every segment's {@link Completed#found()}) found
     * nothing anywhere.
     */
    public Examination completeOrganisation(Examination e, PortfolioState state, boolean[] foundAnywhere) {
        List<Finding> findings = new ArrayList<>(e.findings());
        List<String> notes = new ArrayList<>(e.notes());
        int ran = e.ran();
        for (int k = 0; k < state.shared.length; k++) {
            String name = scorer.portfolioDetectors().get(k).name();
            if (state.skips[k] != null) {
                notes.add(name + " skipped: " + state.skips[k]);
                continue;
            }
            List<Finding> own = state.organisation.get(k);
            if (own.isEmpty() && !foundAnywhere[k]) {
                String why = staged(k).noFindingReason(state.shared[k]);
                if (why != null) {
                    notes.add(name + " skipped: " + why);
                }
                continue;
            }
            if (!own.isEmpty()) {
                ran++;
                findings.addAll(own);
            }
        }
        return new Examination(e.link(), e.segment(), findings, notes, ran, e.recentFrom(), e.intervention(),
                e.pair());
    }

    /**
     * Benjamini-Hochberg q-values per detector family, from the p-values of the report's pooled detectors ({@link
     * #pooled}; a detector calibrated per segment needs none: its q-value is its p-value). The driver holds 8 bytes a
     * p-value while building; the result holds each family's distinct p-values and their q-values.
     */
    public static final class QValues implements Serializable {
        private static final long serialVersionUID = 1L;
        private final Map<String, double[][]> families;

        private QValues(Map<String, double[][]> families) {
            this.families = families;
        }

        /** A builder that takes p-values in any order. */
        public static Builder builder() {
            return new Builder();
        }

        /**
         * Q-values computed elsewhere (a distributed Benjamini-Hochberg): each detector's p-value and its q-value, in
         * any order; a p-value that repeats must come with the same q-value.
         *
         * @throws IllegalArgumentException if the arrays differ in length or a repeated p-value has two q-values
         */
        public static QValues of(List<String> detectors, double[] pValues, double[] qValues) {
            Objects.requireNonNull(detectors, "detectors");
            Objects.requireNonNull(pValues, "pValues");
            Objects.requireNonNull(qValues, "qValues");
            if (detectors.size() != pValues.length || pValues.length != qValues.length) {
                throw new IllegalArgumentException("one detector and one q-value per p-value expected: "
                        + detectors.size() + ", " + pValues.length + ", " + qValues.length);
            }
            Map<String, java.util.TreeMap<Double, Double>> byFamily = new HashMap<>();
            for (int i = 0; i < pValues.length; i++) {
                double p = Math.min(1, Math.max(0, pValues[i]));
                Double old = byFamily.computeIfAbsent(detectors.get(i), k -> new java.util.TreeMap<>()).put(p, qValues[i]);
                if (old != null && Double.compare(old, qValues[i]) != 0) {
                    throw new IllegalArgumentException("p-value " + p + " of " + detectors.get(i)
                            + " has two q-values: " + old + " and " + qValues[i]);
                }
            }
            Map<String, double[][]> out = new HashMap<>();
            for (Map.Entry<String, java.util.TreeMap<Double, Double>> e : byFamily.entrySet()) {
                double[] p = new double[e.getValue().size()];
                double[] q = new double[p.length];
                int k = 0;
                for (Map.Entry<Double, Double> v : e.getValue().entrySet()) {
                    p[k] = v.getKey();
                    q[k++] = v.getValue();
                }
                out.put(e.getKey(), new double[][] {p, q});
            }
            return new QValues(out);
        }

        /** The q-value of a p-value that was added for {@code detector}; NaN for a NaN p-value. */
        public double of(String detector, double pValue) {
            if (Double.isNaN(pValue)) {
                return Double.NaN;
            }
            double p = Math.min(1, Math.max(0, pValue));
            double[][] f = families.get(detector);
            int i = f == null ? -1 : Arrays.binarySearch(f[0], p);
            if (i < 0) {
                throw new IllegalArgumentException("p-value " + pValue + " of " + detector + " was not added");
            }
            return f[1][i];
        }

        /** Collects p-values per detector; not thread-safe. */
        public static final class Builder {
            private final Map<String, double[]> values = new HashMap<>();
            private final Map<String, Integer> sizes = new HashMap<>();

            /** Adds the p-values of an examination's findings (those without one are ignored). */
            public Builder addAll(List<Finding> findings) {
                for (Finding f : findings) {
                    add(f.detector(), f.pValue());
                }
                return this;
            }

            /** Adds one p-value of {@code detector}'s family (NaN is ignored; a rounding step outside [0, 1] clamped). */
            public Builder add(String detector, double pValue) {
                if (Double.isNaN(pValue)) {
                    return this;
                }
                int n = sizes.getOrDefault(detector, 0);
                double[] v = values.get(detector);
                if (v == null || n == v.length) {
                    v = v == null ? new double[64] : Arrays.copyOf(v, 2 * n);
                    values.put(detector, v);
                }
                v[n] = Math.min(1, Math.max(0, pValue));
                sizes.put(detector, n + 1);
                return this;
            }

            /** The q-values: {@code min(1, min over j >= i of m p(j) / j)}, as {@code MultipleTesting} computes them. */
            public QValues build() {
                Map<String, double[][]> out = new HashMap<>();
                for (Map.Entry<String, double[]> e : values.entrySet()) {
                    int m = sizes.get(e.getKey());
                    double[] p = Arrays.copyOf(e.getValue(), m);
                    Arrays.sort(p);
                    double[] q = new double[m];
                    double running = 1;
                    for (int k = m - 1; k >= 0; k--) {
                        running = Math.min(running, (double) m / (k + 1) * p[k]);
                        q[k] = Math.min(1, running);
                    }
                    // distinct p-values (ties share their q-value)
                    int d = 0;
                    for (int k = 0; k < m; k++) {
                        if (d == 0 || p[k] != p[d - 1]) {
                            p[d] = p[k];
                            q[d] = q[k];
                            d++;
                        }
                    }
                    out.put(e.getKey(), new double[][] {Arrays.copyOf(p, d), Arrays.copyOf(q, d)});
                }
                return new QValues(out);
            }
        }
    }

    /**
     * A pair's score and verdict from its completed examination and the q-values.
     *
     * @param score   the score
     * @param verdict the verdict
     */
    public record Score(double score, Verdict verdict) implements Serializable {
        private static final long serialVersionUID = 1L;

        /** Checks for nulls. */
        public Score {
            Objects.requireNonNull(verdict, "verdict");
        }
    }

    /**
     * Whether {@code detector}'s p-values go through false-discovery control across segments (into {@link QValues});
     * a detector {@linkplain dev.goodhart.detect.Description#calibratedPerSegment() calibrated per segment} is its own
     * family, its q-value its p-value.
     *
     * @throws IllegalStateException if the detector is not one of this scorer's
     */
    public boolean pooled(String detector) {
        return !scorer.description(detector).calibratedPerSegment();
    }

    /** The names of this scorer's detectors that are {@linkplain #pooled not pooled} (calibrated per segment). */
    public java.util.Set<String> calibratedPerSegment() {
        return scorer.calibratedPerSegment();
    }

    /** A finding's q-value: from the families' q-values, or its own p-value where it is calibrated per segment. */
    private double qValue(Finding f, QValues q) {
        if (Double.isNaN(f.pValue())) {
            return Double.NaN;
        }
        return pooled(f.detector()) ? q.of(f.detector(), f.pValue()) : Math.min(1, Math.max(0, f.pValue()));
    }

    /** The score and verdict of a completed examination. */
    public Score score(Examination e, QValues q) {
        Scorer.Outcome o = outcome(e, q);
        return new Score(o.score(), o.verdict());
    }

    private Scorer.Outcome outcome(Examination e, QValues q) {
        int count = e.findings().size();
        String[] detectors = new String[count];
        double[] qs = new double[count];
        boolean cleared = false;
        for (int i = 0; i < count; i++) {
            Finding f = e.findings().get(i);
            detectors[i] = f.detector();
            qs[i] = qValue(f, q);
            cleared |= scorer.clears(f);
        }
        return scorer.evaluate(e.ran(), detectors, qs, count, e.intervention() != null, cleared,
                scorer.unsettled(e.findings(), e.intervention() != null));
    }

    /**
     * The report's row of a completed examination, with its chart when {@code chart} (the organisation's rows that
     * could be windowed and the highest-scoring pairs at WATCH or above, {@link Scorer.Builder#chartLimit} of them).
     */
    public PairResult result(Examination e, QValues q, boolean chart) {
        Scorer.Outcome o = outcome(e, q);
        List<Finding> findings = new ArrayList<>();
        boolean cleared = false;
        for (Finding f : e.findings()) {
            findings.add(Double.isNaN(f.pValue()) ? f : f.withQValue(qValue(f, q)));
            cleared |= scorer.clears(f);
        }
        List<String> notes = new ArrayList<>(e.notes());
        if (cleared) {
            notes.add(0, scorer.clearingNote(e.link(), findings));
        }
        PairResult r = Scorer.result(e.link(), e.segment(), o, findings, notes, e.recentFrom());
        if (chart && e.pair() != null) {
            r = r.withChart(new Charts().of(e.pair(), e.link().lag(), e.intervention()));
        }
        return r;
    }
}
