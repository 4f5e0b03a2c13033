package dev.goodhart.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.goodhart.model.Direction;
import dev.goodhart.model.Finding;
import dev.goodhart.model.Granularity;
import dev.goodhart.model.IntegrityModel;
import dev.goodhart.model.Link;
import dev.goodhart.model.Metric;
import dev.goodhart.sim.Scenario;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The compatibility kit every {@link PortfolioDetector} passes (its test extends this class): it describes itself,
 * gives no NaN and no probability outside [0, 1] on realistic and awkward organisations (one segment, constant
 * series, missing values), is deterministic, is invariant to the units of either metric (the quota scaled with the
 * proxy), and refuses null.
 *
 * @param <D> the detector under test
 */
abstract class PortfolioDetectorContract<D extends PortfolioDetector> {
    static final int N = 104;
    static final int SPLIT = 52;
    private static final Link LINK = Link.of("tokens", "output");

    /** The detector under test, with its default settings. */
    abstract D detector();

    /** A weekly model with a quota of {@code 1000 * proxyUnit} tokens and a self-reported outcome. */
    static IntegrityModel model(double proxyUnit) {
        return IntegrityModel.builder().proxy("tokens", "tokens").outcome("output", Direction.HIGHER, "units")
                .link("tokens", "output").granularity(Granularity.WEEK).quota("tokens", 1000 * proxyUnit)
                .selfReported("output").intervention(LocalDate.of(2024, 1, 1).plusWeeks(SPLIT), "quota").build();
    }

    static PairSeries pair(String segment, double[] proxy, double[] outcome, boolean intervention) {
        return new PairSeries(LINK, Metric.proxy("tokens", ""), Metric.outcome("output", Direction.HIGHER, ""),
                segment, Granularity.WEEK, LocalDate.of(2024, 1, 1), proxy, outcome, SPLIT, segment.hashCode(),
                intervention);
    }

    /** Thirty segments of several stories, five gaming, five without the intervention; units scaled as given. */
    static List<PairSeries> organisation(double proxyUnit, double outcomeUnit) {
        List<PairSeries> out = new ArrayList<>();
        Scenario[] kinds = {Scenario.COUPLED_STEADY, Scenario.HEALTHY_GROWTH, Scenario.LEAN, Scenario.GAMED,
                Scenario.JUMP_AT_QUOTA, Scenario.AUTOCORRELATED_OUTCOME};
        for (int s = 0; s < 30; s++) {
            double[][] g = kinds[s % kinds.length].generate(s + 1, N, SPLIT);
            out.add(pair("team-" + s, DetectorContract.scale(g[0], proxyUnit), DetectorContract.scale(g[1], outcomeUnit),
                    s >= 5));
        }
        return out;
    }

    private PortfolioResult run(List<PairSeries> segments, double proxyUnit) {
        return detector().detect(new Portfolio(model(proxyUnit), LINK, segments, 5));
    }

    @Test
    void describesItself() {
        D d = detector();
        assertThat(d.name()).matches("[a-z]+(-[a-z]+)*");
        assertThat(d.description()).isNotNull();
        assertThat(d.description().weight()).isBetween(0.0, 1.0).isPositive();
        assertThat(d.description().reference()).isNotBlank();
    }

    @Test
    void noNaNAndProbabilitiesInRangeOnAnyOrganisation() {
        List<List<PairSeries>> inputs = new ArrayList<>();
        inputs.add(organisation(1, 1));
        inputs.add(organisation(1, 1).subList(0, 1));
        double[] constant = new double[N];
        java.util.Arrays.fill(constant, 7);
        List<PairSeries> awkward = new ArrayList<>(organisation(1, 1).subList(0, 12));
        awkward.add(pair("constant", constant, constant, true));
        double[] holes = Scenario.COUPLED_STEADY.generate(99, N, SPLIT)[0];
        for (int t = 0; t < N; t += 4) {
            holes[t] = Double.NaN;
        }
        awkward.add(pair("holes", holes, Scenario.COUPLED_STEADY.generate(98, N, SPLIT)[1], true));
        inputs.add(awkward);
        for (List<PairSeries> segments : inputs) {
            PortfolioResult r = run(segments, 1);
            assertThat(r).isNotNull();
            if (!r.ran()) {
                assertThat(r.skipReason()).isNotBlank();
                continue;
            }
            for (List<Finding> findings : r.findings().values()) {
                for (Finding f : findings) {
                    assertThat(f.pValue()).as(f.message()).isBetween(0.0, 1.0);
                    assertThat(f.statistic()).as(f.message()).isNotNaN();
                    assertThat(f.message()).doesNotContain("NaN").doesNotContain("Infinity");
                    assertThat(f.detail()).doesNotContain("NaN").doesNotContain("Infinity");
                    // one wording per direction: a move is "rose 5%" or "5% shorter", never a signed percentage
                    assertThat(f.message()).doesNotContainPattern("[-+]\\d+(\\.\\d+)?%").doesNotContain("% better")
                            .doesNotContain("% worse");
                    // a bound that rounds to no change is said as such, not "at most no change in"
                    assertThat(f.message()).doesNotContain("at most no ");
                }
            }
        }
    }

    @Test
    void examinesARealisticOrganisationDeterministically() {
        PortfolioResult r = run(organisation(1, 1), 1);
        assertThat(r.ran()).as(String.valueOf(r.skipReason())).isTrue();
        assertThat(r.findings()).isNotEmpty();
        assertThat(run(organisation(1, 1), 1)).isEqualTo(r);
    }

    /** Units far from 1 included (values near 1e200 or 1e-200, whose squares overflow or vanish): the same data. */
    @ParameterizedTest
    @CsvSource({"1000, 0.01", "1e200, 1e-200", "1e-200, 1e200", "1e-250, 1e-250"})
    void theUnitsOfEitherMetricDoNotMatter(double proxyUnit, double outcomeUnit) {
        PortfolioResult a = run(organisation(1, 1), 1);
        PortfolioResult b = run(organisation(proxyUnit, outcomeUnit), proxyUnit);
        assertThat(b.ran()).isEqualTo(a.ran());
        if (!a.ran()) {
            return;
        }
        assertThat(b.findings().keySet()).isEqualTo(a.findings().keySet());
        for (Map.Entry<String, List<Finding>> e : a.findings().entrySet()) {
            List<Finding> other = b.findings().get(e.getKey());
            assertThat(other).hasSameSizeAs(e.getValue());
            for (int i = 0; i < other.size(); i++) {
                Finding fa = e.getValue().get(i);
                Finding fb = other.get(i);
                assertThat(fb.pValue()).as(e.getKey() + ": " + fa.message())
                        .isCloseTo(fa.pValue(), within(1e-9 + 1e-6 * fa.pValue()));
            }
        }
    }

    @Test
    void refusesNull() {
        assertThatThrownBy(() -> detector().detect(null)).isInstanceOf(NullPointerException.class);
    }
}
