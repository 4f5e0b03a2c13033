package dev.goodhart.examples;

import dev.goodhart.model.CountingChange;
import dev.goodhart.model.Frame;
import dev.goodhart.model.Granularity;
import dev.goodhart.model.IntegrityModel;
import dev.goodhart.model.Link;
import dev.goodhart.model.Metric;
import dev.goodhart.model.Observation;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * What is scored: the proxies, the outcomes, the intervention, quotas, changes in how a metric is counted, metrics
 * read per an exposure (a head count), and how the data becomes periods.
 */
final class ModelOptions {
    @Option(names = "--proxy", paramLabel = "NAME[:sum|mean|last]", converter = Converters.Proxy.class,
            description = "A usage metric to check (repeatable); summed per period unless :mean or :last is given.")
    List<Metric> proxies = new ArrayList<>();

    @Option(names = "--outcome", paramLabel = "NAME:lower|higher[:sum|mean|last[:UNIT]]",
            converter = Converters.Outcome.class,
            description = {"A result the proxies should improve, and which way is better (repeatable); averaged per "
                    + "period unless :sum or :last is given; a unit after it (share or %%: success:higher:mean:share) "
                    + "declares a share; an averaged outcome, higher better and not read --per an exposure, given "
                    + "without one whose values all lie in [0, 1], some above one half, is read as a share "
                    + "(success:higher:mean:count reads it as it is). Every proxy is linked to every outcome."})
    List<Metric> outcomes = new ArrayList<>();

    @Option(names = "--intervention", paramLabel = "YYYY-MM-DD[:SEGMENTS]", converter = Converters.Wave.class,
            description = {"The day the proxy became a target (quota, dashboard, leaderboard). Repeatable for a "
                    + "rollout in waves: YYYY-MM-DD:team-a,team-b for the segments named, one date for the rest, "
                    + "e.g. --intervention 2025-07-07:payments,search --intervention 2025-08-04."})
    List<dev.goodhart.model.Intervention> interventions = new ArrayList<>();

    @Option(names = "--quota", paramLabel = "NAME=VALUE", converter = Converters.QuotaConverter.class,
            description = "A per-period target on a proxy, e.g. tokens=60000 (repeatable).")
    List<Converters.Quota> quotas = new ArrayList<>();

    @Option(names = "--counting-change", paramLabel = "NAME:YYYY-MM-DD:FACTOR[:LABEL]",
            converter = Converters.CountingChangeConverter.class,
            description = {"From that day the same use counts FACTOR times as much (a new tokenizer or model), e.g. "
                    + "tokens:2026-03-16:1.35:new tokenizer; the values from then on are divided by it before scoring "
                    + "(repeatable)."})
    List<CountingChange> countingChanges = new ArrayList<>();

    @Option(names = "--per", paramLabel = "METRIC:EXPOSURE", converter = Converters.PerConverter.class,
            description = {"Read a proxy or outcome per an exposure, e.g. tokens:headcount (repeatable): each period's "
                    + "value divided by the exposure's latest value (its rows in the data, metric EXPOSURE, carried "
                    + "forward), so that a team that grows is not read as using more."})
    List<Converters.Per> per = new ArrayList<>();

    @Option(names = "--absent-zero", paramLabel = "METRIC",
            description = {"A summed metric whose days without a row are 0 (repeatable), e.g. tokens from a SQL GROUP "
                    + "BY that has no row for a day without use: each segment's days (weeks, months, as the metric's "
                    + "rows are dated) without one, from its first row to its last, read as 0 and counted in the "
                    + "report; without it such days are not observed."})
    List<String> absentZero = new ArrayList<>();

    @Option(names = "--min-elasticity", paramLabel = "E", converter = Converters.Elasticity.class,
            description = {"The smallest gain worth the proxy's rise, as an elasticity in [0, 1] (default 0.1: a "
                    + "doubling of the proxy should buy at least 7%% better outcome; 0.2: at least 15%%)."})
    Double minimumElasticity;

    @Option(names = "--alpha", paramLabel = "LEVEL", converter = Converters.Alpha.class,
            description = {"The level at which a finding counts as significant, from 0.0000000001 to 0.1 (default "
                    + "0.05), recorded in the report. The expected response alone makes a segment DIVERGING where its "
                    + "p-value is below it: of teams that gained exactly the declared minimum, about one in twenty at "
                    + "0.05 and one in a hundred at 0.01 (up to twice that where outcomes have trends of their own)."})
    Double alpha;

    @Option(names = "--period", paramLabel = "auto|day|week|month", converter = Converters.Period.class,
            description = "The period the data is bucketed to; auto (default) picks month, week or day from the dates.")
    Granularity period;

    @Option(names = "--duplicates", paramLabel = "reject|aggregate", converter = Converters.Duplicates.class,
            description = {"reject (default): a second row for the same date, segment and metric is an error naming "
                    + "its line; aggregate: combine them as the metric declares and count them in the report."})
    Frame.Duplicates duplicates = Frame.Duplicates.REJECT;

    @Option(names = "--drop-outlying-dates", description = "Drop and count rows dated more than a year outside the "
            + "bulk of the data (a mistyped year) instead of refusing them.")
    boolean dropOutlyingDates;

    /** Whether any of these options was given (they need metrics to score). */
    String firstGiven() {
        return !proxies.isEmpty() ? "--proxy" : !outcomes.isEmpty() ? "--outcome" : !interventions.isEmpty()
                ? "--intervention" : !quotas.isEmpty() ? "--quota" : !countingChanges.isEmpty() ? "--counting-change"
                : !per.isEmpty() ? "--per" : !absentZero.isEmpty() ? "--absent-zero" : period != null ? "--period"
                : minimumElasticity != null ? "--min-elasticity" : alpha != null ? "--alpha" : null;
    }

    /** The report's significance level: {@code --alpha}, or the default. */
    double alpha() {
        return alpha == null ? dev.goodhart.report.IntegrityReport.DEFAULT_ALPHA : alpha;
    }

    /** The metric names the model declares, proxies first, then outcomes, then the exposures of {@code --per}. */
    List<String> metricNames() {
        List<String> names = new ArrayList<>();
        proxies.forEach(m -> names.add(m.name()));
        outcomes.forEach(m -> names.add(m.name()));
        for (String exposure : exposures()) {
            if (!names.contains(exposure)) {
                names.add(exposure);
            }
        }
        return names;
    }

    /** The metrics {@code --absent-zero} names, each once. */
    List<String> absentZero() {
        return absentZero.stream().distinct().toList();
    }

    /** The summed proxies not named by {@code --absent-zero}: where their rows look like a GROUP BY's, a warning. */
    List<String> checkedForAbsentDays() {
        return proxies.stream().filter(m -> m.aggregation() == dev.goodhart.model.Aggregation.SUM)
                .map(Metric::name).filter(n -> !absentZero.contains(n)).distinct().toList();
    }

    /** The exposures {@code --per} names, each once, in order. */
    List<String> exposures() {
        return per.stream().map(Converters.Per::exposure).distinct().toList();
    }

    /**
     * Refuses a model without a proxy or an outcome, a quota on something that is not a proxy, and a model the
     * library refuses (two metrics of one name), before any data is read.
     */
    void check() {
        if (proxies.isEmpty()) {
            throw new UsageException("missing --proxy NAME (the usage metric to check)");
        }
        if (outcomes.isEmpty()) {
            throw new UsageException("missing --outcome NAME:lower|higher (the result the proxy should improve)");
        }
        List<String> proxyNames = proxies.stream().map(Metric::name).toList();
        for (Converters.Quota q : quotas) {
            if (!proxyNames.contains(q.metric())) {
                throw new UsageException("--quota: '" + q.metric() + "' is not a --proxy (proxies: "
                        + String.join(", ", proxyNames) + ")");
            }
        }
        java.util.Map<String, LocalDate> waveOf = new java.util.HashMap<>();
        LocalDate forTheRest = null;
        for (dev.goodhart.model.Intervention i : interventions) {
            if (i.segments().isEmpty()) {
                if (forTheRest != null) {
                    throw new UsageException("--intervention: " + forTheRest + " and " + i.date() + " both apply to "
                            + "every segment; give one date for all, and YYYY-MM-DD:SEGMENT,SEGMENT for the waves");
                }
                forTheRest = i.date();
            }
            for (String segment : i.segments()) {
                LocalDate other = waveOf.put(segment, i.date());
                if (other != null) {
                    throw new UsageException("--intervention: segment " + segment + (other.equals(i.date())
                            ? " is named twice (" + other + ")" : " is named in two waves (" + other + " and "
                            + i.date() + ")") + "; a segment has one date");
                }
            }
        }
        List<String> names = metricNames();
        for (CountingChange c : countingChanges) {
            if (!names.contains(c.metric())) {
                throw new UsageException("--counting-change: '" + c.metric() + "' is not a --proxy or --outcome ("
                        + String.join(", ", names) + ")");
            }
        }
        List<String> linked = new ArrayList<>(proxyNames);
        outcomes.forEach(m -> linked.add(m.name()));
        java.util.Set<String> readPer = new java.util.HashSet<>();
        for (Converters.Per p : per) {
            if (!readPer.add(p.metric())) {
                throw new UsageException("--per: " + p.metric() + " is given more than once (a metric is read per one "
                        + "exposure)");
            }
            if (!linked.contains(p.metric())) {
                throw new UsageException("--per: '" + p.metric() + "' is not a --proxy or --outcome ("
                        + String.join(", ", linked) + ")");
            }
            if (linked.contains(p.exposure())) {
                throw new UsageException("--per: '" + p.exposure() + "' is a --proxy or --outcome; the exposure is a "
                        + "metric of its own in the data (a head count)");
            }
        }
        for (String name : absentZero()) {
            Metric m = proxies.stream().filter(p -> p.name().equals(name)).findFirst()
                    .or(() -> outcomes.stream().filter(o -> o.name().equals(name)).findFirst())
                    .orElseThrow(() -> new UsageException("--absent-zero: '" + name + "' is not a --proxy or --outcome ("
                            + String.join(", ", names) + ")"));
            if (m.aggregation() != dev.goodhart.model.Aggregation.SUM) {
                throw new UsageException("--absent-zero: " + name + " is read as its "
                        + m.aggregation().name().toLowerCase(java.util.Locale.ROOT) + " per period, so a day without "
                        + "its rows has no value, not 0; only a summed metric (a count: " + name + ":sum) is 0 where "
                        + "it has no row");
            }
        }
        model(Granularity.DAY);
    }

    /** The period given, or the one the dates show. */
    Granularity granularity(List<Observation> observations) {
        return period != null ? period : detectGranularity(observations);
    }

    /**
     * The period: {@code --period}, or inferred from each proxy's and outcome's dates, the coarsest
     * ({@link Granularity#inferCoarsest}: daily tokens with a weekly outcome are weekly data); the exposures of
     * {@code --per} are carried forward and do not count.
     */
    Granularity granularity(java.util.Map<String, ? extends java.util.Collection<LocalDate>> datesByMetric) {
        if (period != null) {
            return period;
        }
        java.util.Map<String, java.util.Collection<LocalDate>> scored = new java.util.LinkedHashMap<>();
        for (String name : metricNames()) {
            java.util.Collection<LocalDate> dates = datesByMetric.get(name);
            if (dates != null && !exposures().contains(name)) {
                scored.put(name, dates);
            }
        }
        try {
            return Granularity.inferCoarsest(scored);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage() + " (--period day|week|month)");
        }
    }

    /**
     * The model: every proxy linked to every outcome, bucketed to {@code granularity}.
     *
     * @throws IllegalArgumentException if two metrics share a name
     */
    /**
     * Declares a share each outcome given without a unit, averaged, higher better and not read per an exposure, whose
     * every value read lies in [0, 1] and some above one half (a pass rate of 97%): read as it is, a doubling of use
     * would owe 7% of the rate itself, which a rate near its ceiling cannot give (a helper's generator flagged 29% of
     * its honest teams so). One decision per metric over every segment's values, so that the segments of one
     * organisation are read alike. Returns the warnings that say so.
     *
     * @param ranges each metric's {smallest, largest} value read
     */
    List<String> declareShares(java.util.Map<String, double[]> ranges) {
        List<String> warnings = new ArrayList<>();
        for (int i = 0; i < outcomes.size(); i++) {
            Metric o = outcomes.get(i);
            double[] range = ranges.get(o.name());
            boolean perExposure = per.stream().anyMatch(p -> p.metric().equals(o.name()));
            if (!o.unit().isBlank() || o.direction() != dev.goodhart.model.Direction.HIGHER
                    || o.aggregation() != dev.goodhart.model.Aggregation.MEAN || perExposure || range == null) {
                continue;
            }
            if (range[0] >= 0 && range[1] <= 100 && range[1] > 50 && !(range[1] <= 1)) {
                // a percentage given without its unit is not read as one (an averaged count of 0-100 a day may be
                // just that): said, since read as it is a pass rate of 97 owes 7% more of itself for a doubling of
                // use, 104 (a helper's honest teams, 3% to 1.8% failures, were DIVERGING 60 without a word)
                warnings.add(o.name() + " has no unit and every value lies in [0, 100]: if it is a percentage, give "
                        + o.name() + ":higher:mean:% to read it as a share, by what it lacks of 100% (as it is, a gain "
                        + "is read as a share of itself, and from 97 a doubling of use owes more than 100)");
                continue;
            }
            if (!(range[0] >= 0 && range[1] <= 1 && range[1] > 0.5)) {
                continue;
            }
            outcomes.set(i, new Metric(o.name(), o.role(), o.direction(), "share", o.aggregation()));
            warnings.add(o.name() + " has no unit and every value lies in [0, 1]: it is read as a share, by what it"
                    + " lacks of 1 where a segment's baseline is above one half (a pass rate of 97% owes fewer"
                    + " failures, not 7% more of itself, for a doubling of use); give " + o.name()
                    + ":higher:mean:count to read it as it is");
        }
        return warnings;
    }

    IntegrityModel model(Granularity granularity) {
        IntegrityModel.Builder model = IntegrityModel.builder();
        proxies.forEach(model::metric);
        outcomes.forEach(model::metric);
        double minimum = minimumElasticity == null ? Link.DEFAULT_MINIMUM_ELASTICITY : minimumElasticity;
        for (Metric p : proxies) {
            for (Metric o : outcomes) {
                model.link(Link.of(p.name(), o.name()).withMinimumElasticity(minimum));
            }
        }
        // a wave naming a segment wins over the date for every segment (IntegrityModel.interventionFor)
        interventions.forEach(model::intervention);
        for (Converters.Quota q : quotas) {
            model.quota(q.metric(), q.value());
        }
        countingChanges.forEach(model::countingChange);
        for (String exposure : exposures()) {
            model.exposure(exposure, "");
        }
        for (Converters.Per p : per) {
            model.per(p.metric(), p.exposure());
        }
        return model.granularity(granularity).build();
    }

    /**
     * The period of observations of any metrics ({@link Granularity#inferCoarsest}, each metric's dates, the coarsest);
     * a usage error naming a stray date when it cannot be inferred. Every metric counts here: the score command reads
     * only its proxies and outcomes ({@link #granularity(java.util.Map)}).
     */
    static Granularity detectGranularity(List<Observation> observations) {
        java.util.Map<String, java.util.Set<LocalDate>> dates = new java.util.LinkedHashMap<>();
        for (Observation o : observations) {
            dates.computeIfAbsent(o.metric(), m -> new java.util.HashSet<>()).add(o.date());
        }
        try {
            return Granularity.inferCoarsest(dates);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage() + " (--period day|week|month)");
        }
    }
}
