package dev.goodhart.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.goodhart.internal.Text;
import dev.goodhart.internal.Windows;
import dev.goodhart.model.Finding;
import dev.goodhart.stats.CorrelationTest;
import dev.goodhart.stats.Correlations;
import dev.goodhart.stats.Descriptive;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.apache.commons.math3.stat.ranking.NaturalRanking;
import org.apache.commons.math3.stat.ranking.TiesStrategy;
import org.junit.jupiter.api.Test;

/**
 * Tail divergence's conclusion, ranked in place on the fold's arrays, gives the findings of the conclusion it replaced
 * (boxed growths sorted as a list, Commons Math's ranking of copies) to the last digit, ties and signed zeros included.
 */
class TailDivergenceInPlaceTest {
    private static final StagedPortfolioDetector.Context CONTEXT =
            new StagedPortfolioDetector.Context(PortfolioDetectorContract.model(1), dev.goodhart.model.Link.of("tokens", "output"), 1);

    @Test
    void equalsTheCopyingConclusionToTheLastDigit() {
        Random random = new Random(18);
        for (int draw = 0; draw < 300; draw++) {
            int n = 10 + random.nextInt(draw < 250 ? 300 : 5000);
            double[] proxy = new double[n];
            double[] outcome = new double[n];
            int kind = draw % 4;
            for (int i = 0; i < n; i++) {
                proxy[i] = value(random, kind);
                outcome[i] = value(random, kind);
            }
            assertThat(conclude(proxy, outcome, draw % 2 == 0)).as("draw %d, n %d", draw, n)
                    .isEqualTo(reference(proxy, outcome));
        }
    }

    @Test
    void infiniteGrowthFailsAsBefore() {
        double[] proxy = new double[20];
        double[] outcome = new double[20];
        for (int i = 0; i < 20; i++) {
            proxy[i] = i;
            outcome[i] = i % 7;
        }
        proxy[3] = Double.POSITIVE_INFINITY;
        assertThatThrownBy(() -> reference(proxy, outcome)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("correlation: infinite value at index 0");
        assertThatThrownBy(() -> conclude(proxy, outcome, false)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("correlation: infinite value at index 0");
    }

    /** Continuous values, values with many ties (signed zeros among them), few distinct values, or constant. */
    private static double value(Random random, int kind) {
        return switch (kind) {
            case 0 -> random.nextGaussian() * 0.3;
            case 1 -> Math.round(random.nextGaussian() * 4) / 8.0 * (random.nextBoolean() ? 1 : -1);
            case 2 -> random.nextInt(3) == 0 ? -0.0 : random.nextInt(3) * 0.1;
            default -> random.nextInt(40) == 0 ? 0.5 : 0.0;
        };
    }

    private static List<Finding> conclude(double[] proxy, double[] outcome, boolean expect) {
        StagedPortfolioDetector.Merger<TailDivergence.Growth, Boolean> m = new TailDivergence().merger(CONTEXT);
        if (expect) {
            m.expect(proxy.length + 7);
        }
        for (int i = 0; i < proxy.length; i++) {
            m.add(new TailDivergence.Growth(proxy[i], outcome[i]));
        }
        StagedPortfolioDetector.Conclusion<Boolean> c = m.conclude(Optional.empty());
        return c.organisation();
    }

    /** The conclusion before issue 18, verbatim but for its return. */
    private static List<Finding> reference(double[] proxyGrowth, double[] outcomeGrowth) {
        StagedPortfolioDetector.Context portfolio = CONTEXT;
        List<double[]> growth = new ArrayList<>(proxyGrowth.length); // {g_p, g_o}
        for (int i = 0; i < proxyGrowth.length; i++) {
            growth.add(new double[] {proxyGrowth[i], outcomeGrowth[i]});
        }
        int n = growth.size();
        growth.sort(Comparator.comparingDouble((double[] g) -> g[0]).reversed());
        int top = Math.max(2, (int) Math.ceil(0.1 * n));
        double[] leaders = new double[top];
        double[] rest = new double[n - top];
        double[] gp = new double[n];
        double[] go = new double[n];
        for (int i = 0; i < n; i++) {
            gp[i] = growth.get(i)[0];
            go[i] = growth.get(i)[1];
            if (i < top) {
                leaders[i] = go[i];
            } else {
                rest[i - top] = go[i];
            }
        }
        double[] all = new double[n];
        System.arraycopy(leaders, 0, all, 0, top);
        System.arraycopy(rest, 0, all, top, n - top);
        double[] ranks = new NaturalRanking(TiesStrategy.AVERAGE).rank(all);
        double rankSum = 0;
        for (int i = 0; i < top; i++) {
            rankSum += ranks[i];
        }
        double u = rankSum - (double) top * (top + 1) / 2.0;
        double mu = (double) top * (n - top) / 2.0;
        double sigma = Math.sqrt((double) top * (n - top) * (n + 1) / 12.0);
        double z = (u - mu) / sigma;
        double pTail = dev.goodhart.internal.Normal.STANDARD.cumulativeProbability(z);
        double pRank = 1;
        double rho = 0;
        if (Windows.varies(gp) && Windows.varies(go)) {
            CorrelationTest s = Correlations.spearman(gp, go);
            rho = s.estimate();
            pRank = rho < 0 ? s.pValue() / 2 : 1 - s.pValue() / 2;
        }
        double p = Math.min(1, 2 * Math.min(pTail, pRank));
        double effect = Descriptive.median(rest) - Descriptive.median(leaders);
        dev.goodhart.model.Metric outcome = portfolio.model().metric(portfolio.link().outcome());
        String msg = "In the " + top + " segments whose " + portfolio.link().proxy() + " grew most (median: "
                + Text.moved(Descriptive.median(Arrays.copyOf(gp, top)), Wording.duration(portfolio.model().metric(portfolio.link().proxy())))
                + "), " + Wording.outcomeMoved(outcome, Descriptive.median(leaders)) + " (median); in the other " + (n - top)
                + " it " + Text.moved(Wording.raw(outcome, Descriptive.median(rest)), Wording.duration(outcome)) + ".";
        String detail = "Mann-Whitney z = " + Text.num(z, 2) + "; rank correlation of proxy growth and outcome "
                + "improvement across segments rho = " + Text.num(rho, 2) + "; combined one-sided p "
                + Text.pEquals(p);
        return List.of(Finding.of(TailDivergence.NAME, z, p, effect, msg, detail));
    }
}
