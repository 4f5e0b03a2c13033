package dev.goodhart.sim.seventh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.goodhart.model.Frame;
import dev.goodhart.model.Finding;
import dev.goodhart.report.IntegrityReport;
import dev.goodhart.report.PairResult;
import dev.goodhart.scoring.Scorer;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The bar the peers' baseline relation sets is read from what each team's baseline has of its own. Organisation 948 of
 * the seventh zoo's seed 1: 120 daily teams, cycle time following the trailing four weeks' use with elasticity 0.325,
 * Student-t noise, a quarter-end crunch every team shares (use 1.3 times and cycle time 1.15 times its level two weeks
 * a quarter), 210 days before the quota. The crunch was in every team's residuals: it widened every use trend's error,
 * so the trends' reliability read 0.28, the least-squares slope of outcome trends on use trends (0.35) was corrected
 * to 1.49, and its lower bound, 0.42, became the bar: above the elasticity the honest adopters had, 21 of the 104
 * honest teams were flagged (2 adopters, 6 with a lagged gain, 13 hiring). With the shared part taken out
 * (2026-12-04): the reliability 0.60, the slope 0.55, the bar 0.27; 11 flagged, 10 of them hiring (use up with the
 * head count, the outcome per item flat, no head count declared: gaming by every number the library sees).
 */
class SharedCrunchBarTest {
    /** The bar a message names: the peers' relation's, or the declared minimum where it set none. */
    private static final Pattern BAR = Pattern.compile("(?:the baseline's elasticity|declared minimum \\(elasticity) "
            + "([0-9.]+)");

    @Test
    void aCrunchEveryTeamSharesDoesNotRaiseTheBarAboveTheHonestGain() {
        SeventhZoo.Org o = SeventhZoo.organisation(1, 948);
        assertThat(o.quarterCrunch()).isTrue();
        IntegrityReport report = Scorer.builder().build().score(o.model(), Frame.of(o.model(), o.observations()));
        Map<String, SeventhZoo.Team> teams = new HashMap<>();
        o.teams().forEach(t -> teams.put(t.name(), t));
        int honest = 0;
        int flagged = 0;
        int flaggedNotHiring = 0;
        double bar = Double.NaN;
        for (PairResult p : report.pairs()) {
            SeventhZoo.Team t = teams.get(p.segment());
            if (t == null) {
                continue;
            }
            Finding f = p.finding("expected-response").orElse(null);
            Matcher m = f == null ? null : BAR.matcher(f.message());
            if (m != null && m.find()) {
                bar = Double.isNaN(bar) ? Double.parseDouble(m.group(1)) : Math.max(bar, Double.parseDouble(m.group(1)));
            }
            if (!t.gaming()) {
                honest++;
                flagged += p.verdict().flagged() ? 1 : 0;
                flaggedNotHiring += p.verdict().flagged() && !t.kind().equals("hiring") ? 1 : 0;
            }
        }
        System.out.printf("organisation 948: the bar %.2f (elasticity %.3f); honest flagged %d of %d, %d not hiring%n",
                bar, o.elasticity(), flagged, honest, flaggedNotHiring);
        assertThat(honest).isEqualTo(104);
        assertThat(bar).as("the bar from the peers' relation").isLessThan(o.elasticity());
        assertThat(flaggedNotHiring).as("honest teams other than hiring flagged").isLessThanOrEqualTo(2);
        assertThat(flagged).as("honest teams flagged").isLessThanOrEqualTo(12);
    }
}
