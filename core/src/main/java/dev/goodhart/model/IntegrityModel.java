package dev.goodhart.model;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableListMultimap;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import com.google.common.collect.Multimaps;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The registry of what is measured and what it is supposed to do: metrics, links from proxies to outcomes,
 * interventions, quotas, changes in how a metric is counted, metrics read per an exposure (tokens per head), the
 * segments to score and the period length. Immutable
 * once built; the {@link Builder} validates eagerly and its messages name the field and the offending value.
 *
 * <pre>{@code
 * IntegrityModel model = IntegrityModel.builder()
 *     .proxy("tokens", "tokens")
 *     .outcome("cycle_time", Direction.LOWER, "days")
 *     .link("tokens", "cycle_time")
 *     .intervention(LocalDate.parse("2025-07-01"), "token quota")
 *     .granularity(Granularity.WEEK)
 *     .build();
 * }</pre>
 */
public final class IntegrityModel implements java.io.Serializable {
    /**
     * 3 since exposures (2026-12-03; 2 since counting changes): a model serialised before them is refused, not read
     * without them.
     */
    private static final long serialVersionUID = 3L;
    private final ImmutableMap<String, Metric> metrics;
    private final ImmutableList<Link> links;
    private final ImmutableList<Intervention> interventions;
    private final ImmutableList<Quota> quotas;
    private final ImmutableList<CountingChange> countingChanges;
    private final ImmutableListMultimap<String, CountingChange> countingChangesByMetric;
    /** Metric name to the exposure it is read per, in declaration order. */
    private final ImmutableMap<String, String> exposures;
    private final ImmutableSet<String> segments;
    private final ImmutableSet<String> selfReported;
    private final Granularity granularity;
    /** Whether the granularity was set on the builder (not the default): then it is never inferred from data. */
    private final boolean granularityDeclared;

    private IntegrityModel(Builder b) {
        this.metrics = ImmutableMap.copyOf(b.metrics);
        this.links = ImmutableList.copyOf(b.links);
        List<Intervention> sorted = new ArrayList<>(b.interventions);
        sorted.sort(Comparator.comparing(Intervention::date));
        this.interventions = ImmutableList.copyOf(sorted);
        this.quotas = ImmutableList.copyOf(b.quotas);
        List<CountingChange> changes = new ArrayList<>(b.countingChanges);
        changes.sort(Comparator.comparing(CountingChange::date));
        this.countingChanges = ImmutableList.copyOf(changes);
        this.countingChangesByMetric = Multimaps.index(changes, CountingChange::metric);
        this.exposures = ImmutableMap.copyOf(b.exposures);
        this.segments = ImmutableSet.copyOf(b.segments);
        this.selfReported = ImmutableSet.copyOf(b.selfReported);
        this.granularity = b.granularity;
        this.granularityDeclared = b.granularityDeclared;
    }

    /** A new, empty builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** All metrics by name, in the order they were declared. */
    public Map<String, Metric> metrics() {
        return metrics;
    }

    /**
     * The metric called {@code name}.
     *
     * @throws IllegalArgumentException naming the metric and the known ones when there is none
     */
    public Metric metric(String name) {
        Objects.requireNonNull(name, "name");
        Metric m = metrics.get(name);
        if (m == null) {
            throw new IllegalArgumentException("unknown metric '" + name + "'; the model has " + metrics.keySet());
        }
        return m;
    }

    /** The proxy-to-outcome links, in declaration order. */
    public List<Link> links() {
        return links;
    }

    /** Interventions, oldest first. */
    public List<Intervention> interventions() {
        return interventions;
    }

    /** Quotas, in declaration order. */
    public List<Quota> quotas() {
        return quotas;
    }

    /** Declared changes in how metrics are counted, by date. */
    public List<CountingChange> countingChanges() {
        return countingChanges;
    }

    /** The declared counting changes of one metric, by date (empty when there are none). */
    public List<CountingChange> countingChanges(String metric) {
        Objects.requireNonNull(metric, "metric");
        return countingChangesByMetric.get(metric);
    }

    /**
     * What each period of a calendar of {@code metric} is divided by to undo its declared counting changes: for each
     * change, {@code 1 + (factor - 1) * share} with the {@linkplain CountingChange#share share} of the period counted
     * the new way (by the metric's aggregation), multiplied together; null when no change touches the calendar.
     *
     * @param metric      a declared metric
     * @param granularity the calendar's period
     * @param start       the first period's first day
     * @param periods     how many periods, at least 0
     * @throws IllegalArgumentException if the metric is not declared or {@code periods} is negative
     */
    public double[] countingDivisors(String metric, Granularity granularity, LocalDate start, int periods) {
        Objects.requireNonNull(metric, "metric");
        Metric m = metric(metric);
        Objects.requireNonNull(granularity, "granularity");
        Objects.requireNonNull(start, "start");
        if (periods < 0) {
            throw new IllegalArgumentException("countingDivisors: periods must be at least 0, found " + periods);
        }
        double[] out = null;
        LocalDate first = granularity.periodStart(start);
        for (CountingChange c : countingChangesByMetric.get(metric)) {
            // periods before the one containing the date are 1, after it the factor, that one its share
            long at = granularity.between(first, granularity.periodStart(c.date()));
            if (at >= periods) {
                continue;
            }
            if (out == null) {
                out = new double[periods];
                java.util.Arrays.fill(out, 1);
            }
            for (int t = (int) Math.max(0, at); t < periods; t++) {
                double share = t == at ? c.share(m.aggregation(), granularity, granularity.plus(first, t)) : 1;
                out[t] *= 1 + (c.factor() - 1) * share;
            }
        }
        return out;
    }

    /** The segments to score; empty means every segment found in the data. */
    public Set<String> segments() {
        return segments;
    }

    /** Metrics whose values people report themselves (hours saved, tasks done): the digit test looks at these. */
    public Set<String> selfReported() {
        return selfReported;
    }

    /**
     * The metrics read per an exposure ({@link Builder#per}): metric name to the exposure's name, in declaration order
     * (empty when there are none).
     */
    public Map<String, String> exposures() {
        return exposures;
    }

    /** The exposure {@code metric} is read per, if it was declared per one ({@link Builder#per}). */
    public Optional<String> exposureOf(String metric) {
        Objects.requireNonNull(metric, "metric");
        return Optional.ofNullable(exposures.get(metric));
    }

    /**
     * {@code metric} as sentences name it: its name, followed by "per" and its exposure's name where it is read per one
     * ({@code "tokens per headcount"}).
     */
    public String label(String metric) {
        Objects.requireNonNull(metric, "metric");
        String exposure = exposures.get(metric);
        return exposure == null ? metric : metric + " per " + exposure;
    }

    /** The period length the data is bucketed to. */
    public Granularity granularity() {
        return granularity;
    }

    /**
     * The intervention that applied to {@code segment}, if any: the earliest of those that name it (a rollout's wave),
     * else the earliest of those that apply to every segment, as a segment's own quota wins over the organisation's
     * ({@link #quotaFor}); for the organisation ({@code "*"}) the earliest of all. (Until 2026-12-06 the earliest that
     * applied, so a date for every segment earlier than a wave took that wave's segments too.)
     */
    public Optional<Intervention> interventionFor(String segment) {
        Objects.requireNonNull(segment, "segment");
        if (Segments.ALL.equals(segment)) {
            return interventions.stream().findFirst();
        }
        Optional<Intervention> named = interventions.stream().filter(i -> i.segments().contains(segment)).findFirst();
        return named.isPresent() ? named : interventions.stream().filter(i -> i.segments().isEmpty()).findFirst();
    }

    /** The quota on {@code metric} for {@code segment} (a segment-specific one wins over an all-segment one). */
    public Optional<Quota> quotaFor(String metric, String segment) {
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(segment, "segment");
        Optional<Quota> specific = quotas.stream()
                .filter(q -> q.metric().equals(metric) && q.segment().equals(segment)).findFirst();
        return specific.isPresent() ? specific : quotas.stream()
                .filter(q -> q.metric().equals(metric) && q.segment().equals(Segments.ALL)).findFirst();
    }

    /** A builder initialised with everything in this model, for a variant of it. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.metrics.putAll(metrics);
        b.links.addAll(links);
        b.interventions.addAll(interventions);
        b.quotas.addAll(quotas);
        b.countingChanges.addAll(countingChanges);
        b.exposures.putAll(exposures);
        b.segments.addAll(segments);
        b.selfReported.addAll(selfReported);
        b.granularity = granularity;
        b.granularityDeclared = granularityDeclared;
        return b;
    }

    /**
     * Whether the period length was declared on the builder; when it was not, {@link dev.goodhart.Goodhart#score(IntegrityModel,
     * Iterable)} infers it from the data's dates ({@link Granularity#infer}). Not part of {@link #equals}.
     */
    public boolean granularityDeclared() {
        return granularityDeclared;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof IntegrityModel)) {
            return false;
        }
        IntegrityModel m = (IntegrityModel) o;
        return metrics.equals(m.metrics) && links.equals(m.links) && interventions.equals(m.interventions)
                && quotas.equals(m.quotas) && countingChanges.equals(m.countingChanges) && exposures.equals(m.exposures)
                && segments.equals(m.segments)
                && selfReported.equals(m.selfReported) && granularity == m.granularity;
    }

    @Override
    public int hashCode() {
        return Objects.hash(metrics, links, interventions, quotas, countingChanges, exposures, segments, selfReported,
                granularity);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("IntegrityModel[").append(granularity.adjective());
        sb.append(", links ").append(links);
        if (!interventions.isEmpty()) {
            sb.append(", interventions ");
            for (Intervention i : interventions) {
                sb.append(i.date()).append(i.label().isEmpty() ? "" : " (" + i.label() + ")").append(' ');
            }
            sb.setLength(sb.length() - 1);
        }
        if (!quotas.isEmpty()) {
            sb.append(", quotas ").append(quotas);
        }
        if (!countingChanges.isEmpty()) {
            sb.append(", counting changes ").append(countingChanges);
        }
        if (!exposures.isEmpty()) {
            sb.append(", per ").append(exposures);
        }
        if (!segments.isEmpty()) {
            sb.append(", segments ").append(segments);
        }
        if (!selfReported.isEmpty()) {
            sb.append(", self-reported ").append(selfReported);
        }
        return sb.append(']').toString();
    }

    /**
     * Collects and validates the parts of a model. Every method checks its arguments at once; {@link #build()}
     * checks what needs the whole picture (links to undeclared metrics, quotas on outcomes).
     * Not thread-safe; build one model per builder.
     */
    public static final class Builder {
        private final Map<String, Metric> metrics = new LinkedHashMap<>();
        private final List<Link> links = new ArrayList<>();
        private final List<Intervention> interventions = new ArrayList<>();
        private final List<Quota> quotas = new ArrayList<>();
        private final List<CountingChange> countingChanges = new ArrayList<>();
        private final Map<String, String> exposures = new LinkedHashMap<>();
        private final Set<String> segments = new LinkedHashSet<>();
        private final Set<String> selfReported = new LinkedHashSet<>();
        private Granularity granularity = Granularity.DAY;
        private boolean granularityDeclared;

        private Builder() {
        }

        /**
         * Adds a metric.
         *
         * @throws IllegalArgumentException if a metric with the same name was already added
         */
        public Builder metric(Metric metric) {
            Objects.requireNonNull(metric, "metric");
            if (metrics.containsKey(metric.name())) {
                throw new IllegalArgumentException("metrics: duplicate metric name '" + metric.name() + "'");
            }
            metrics.put(metric.name(), metric);
            return this;
        }

        /** Adds a proxy metric where higher is more use, summed per period. */
        public Builder proxy(String name, String unit) {
            return metric(Metric.proxy(name, unit));
        }

        /** Adds an outcome metric with the direction that is better, averaged per period. */
        public Builder outcome(String name, Direction direction, String unit) {
            return metric(Metric.outcome(name, direction, unit));
        }

        /**
         * Adds an exposure (head count, seats), its latest value in each period, for metrics read per it ({@link #per}).
         */
        public Builder exposure(String name, String unit) {
            return metric(Metric.exposure(name, unit));
        }

        /**
         * Adds a link. Both metrics must have been added before, the first as a proxy, the second as an outcome.
         *
         * @throws IllegalArgumentException naming the metric if it is unknown or has the wrong role, or if the
         *                                  same link was already added
         */
        public Builder link(Link link) {
            Objects.requireNonNull(link, "link");
            checkRole("link proxy", link.proxy(), Role.PROXY);
            checkRole("link outcome", link.outcome(), Role.OUTCOME);
            for (Link l : links) {
                if (l.proxy().equals(link.proxy()) && l.outcome().equals(link.outcome())) {
                    throw new IllegalArgumentException("links: duplicate link " + link.proxy() + " -> " + link.outcome());
                }
            }
            links.add(link);
            return this;
        }

        /** Adds a link where more proxy should make the outcome better, with no lag. */
        public Builder link(String proxy, String outcome) {
            return link(Link.of(proxy, outcome));
        }

        /** Adds an intervention. */
        public Builder intervention(Intervention intervention) {
            interventions.add(Objects.requireNonNull(intervention, "intervention"));
            return this;
        }

        /** Adds an intervention that applied to every segment. */
        public Builder intervention(LocalDate date, String label) {
            return intervention(Intervention.of(date, label));
        }

        /**
         * Adds a quota. The metric must have been added before, as a proxy.
         *
         * @throws IllegalArgumentException if the metric is unknown, not a proxy, or already has a quota for that segment
         */
        public Builder quota(Quota quota) {
            Objects.requireNonNull(quota, "quota");
            checkRole("quota metric", quota.metric(), Role.PROXY);
            for (Quota q : quotas) {
                if (q.metric().equals(quota.metric()) && q.segment().equals(quota.segment())) {
                    throw new IllegalArgumentException("quotas: duplicate quota on " + quota.metric()
                            + " for segment '" + quota.segment() + "'");
                }
            }
            quotas.add(quota);
            return this;
        }

        /** Adds a quota on a proxy for every segment. */
        public Builder quota(String metric, double value) {
            return quota(Quota.of(metric, value));
        }

        /**
         * Declares a change in how a metric is counted (a new tokenizer or model): the metric's values from the date
         * on are divided by the factor before scoring, so that the day every team's count jumped is not read as use.
         *
         * @throws IllegalArgumentException if the metric has not been added or already has a change on that date
         */
        public Builder countingChange(CountingChange change) {
            Objects.requireNonNull(change, "change");
            if (!metrics.containsKey(change.metric())) {
                throw new IllegalArgumentException("countingChange: unknown metric '" + change.metric()
                        + "'; declared metrics are " + metrics.keySet());
            }
            for (CountingChange c : countingChanges) {
                if (c.metric().equals(change.metric()) && c.date().equals(change.date())) {
                    throw new IllegalArgumentException("countingChange: two changes of " + change.metric() + " on "
                            + change.date() + " (declare one, with the combined factor)");
                }
            }
            countingChanges.add(change);
            return this;
        }

        /** Declares that from {@code date} on, the same use of {@code metric} counts {@code factor} times as much. */
        public Builder countingChange(String metric, LocalDate date, double factor) {
            return countingChange(CountingChange.of(metric, date, factor));
        }

        /**
         * Declares {@code metric} (a proxy or an outcome) read per {@code exposure} (a head count, seats): each period's
         * value divided by the exposure's in the same segment, the latest value known carried forward until the next
         * (a head count given once a month holds for the month); a period before the first exposure value, or with an
         * exposure of zero, has no value. Tokens per head do not rise when a team hires; the counted totals still meet
         * the quota and the digit test. The organisation's row divides by the exposure's organisation series (the sum
         * of the latest values of the segments its other series count, {@link Frame#countsInOrganisation}, or the rows
         * given for the organisation itself). Head counts are read on the proxies' and outcomes' calendar: one dated
         * before its first period carries into nothing.
         *
         * @throws IllegalArgumentException if either metric has not been added, {@code metric} is not a proxy or an
         *                                  outcome, {@code exposure} is not an exposure, or {@code metric} is already
         *                                  read per an exposure
         */
        public Builder per(String metric, String exposure) {
            Objects.requireNonNull(metric, "metric");
            Objects.requireNonNull(exposure, "exposure");
            Metric m = metrics.get(metric);
            if (m == null) {
                throw new IllegalArgumentException("per: unknown metric '" + metric + "'; declared metrics are "
                        + metrics.keySet());
            }
            if (m.role() == Role.EXPOSURE) {
                throw new IllegalArgumentException("per: metric '" + metric + "' is an exposure; a proxy or an outcome "
                        + "is read per an exposure");
            }
            checkRole("per exposure", exposure, Role.EXPOSURE);
            String before = exposures.get(metric);
            if (before != null) {
                throw new IllegalArgumentException("per: " + metric + " is already read per " + before);
            }
            exposures.put(metric, exposure);
            return this;
        }

        /**
         * Restricts scoring to these segments (by default every segment in the data is scored).
         *
         * @throws IllegalArgumentException if a name is blank or repeated
         */
        public Builder segments(String... names) {
            Objects.requireNonNull(names, "names");
            for (String name : names) {
                dev.goodhart.internal.Checks.checkName("segment", name);
                if (!segments.add(name)) {
                    throw new IllegalArgumentException("segments: duplicate segment '" + name + "'");
                }
            }
            return this;
        }

        /**
         * Marks metrics as self-reported (people type the numbers in), so that the digit test checks them.
         *
         * @throws IllegalArgumentException if a metric has not been added
         */
        public Builder selfReported(String... metricNames) {
            Objects.requireNonNull(metricNames, "metricNames");
            for (String name : metricNames) {
                if (!metrics.containsKey(name)) {
                    throw new IllegalArgumentException("selfReported: unknown metric '" + name
                            + "'; declared metrics are " + metrics.keySet());
                }
                selfReported.add(name);
            }
            return this;
        }

        /**
         * Declares the period length the data is bucketed to. Without it the model says {@link Granularity#DAY}, and
         * {@link dev.goodhart.Goodhart#score(IntegrityModel, Iterable)} infers the period from the data's dates instead.
         */
        public Builder granularity(Granularity value) {
            this.granularity = Objects.requireNonNull(value, "granularity");
            this.granularityDeclared = true;
            return this;
        }

        /**
         * Builds the immutable model.
         *
         * @throws IllegalStateException if there is no link to score
         */
        public IntegrityModel build() {
            if (links.isEmpty()) {
                throw new IllegalStateException("links: a model needs at least one proxy -> outcome link; metrics are "
                        + metrics.keySet());
            }
            return new IntegrityModel(this);
        }

        private void checkRole(String field, String name, Role expected) {
            Metric m = metrics.get(name);
            if (m == null) {
                throw new IllegalArgumentException(field + ": unknown metric '" + name + "'; declared metrics are "
                        + metrics.keySet());
            }
            if (m.role() != expected) {
                throw new IllegalArgumentException(field + ": metric '" + name + "' is declared as "
                        + m.role().name().toLowerCase(java.util.Locale.ROOT) + ", expected "
                        + expected.name().toLowerCase(java.util.Locale.ROOT));
            }
        }
    }
}
