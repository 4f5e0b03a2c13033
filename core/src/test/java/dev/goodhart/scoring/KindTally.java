package dev.goodhart.scoring;

import dev.goodhart.model.Direction;
import dev.goodhart.model.Frame;
import dev.goodhart.model.Granularity;
import dev.goodhart.model.IntegrityModel;
import dev.goodhart.model.Link;
import dev.goodhart.model.Observation;
import dev.goodhart.model.Segments;
import dev.goodhart.report.IntegrityReport;
import dev.goodhart.report.PairResult;
import java.time.LocalDate;
import java.util.List;
import java.util.function.LongFunction;

/**
 * The scoring half of the probes that simulate steady teams, honest adopters and gaming teams (segments named
 * {@code steady-}, {@code adopter-} and {@code gaming-...}), half of each kind marked by a part of its name: daily tokens
 * and cycle time (lower is better) linked, a token quota on the intervention date, ten organisations (seeds 1 to 10).
 */
final class KindTally {
    private KindTally() {
    }

    /**
     * Flagged teams (DIVERGING or GAMED) over the organisations of seeds 1 to 10: steady, adopters, gaming without
     * {@code marker} in their names, then the same kinds with it.
     *
     * @param intervention the quota's date
     * @param organisation the observations of the organisation of a seed
     * @param marker       the part of a segment's name that marks the teams of the second half
     */
    static int[] flagged(LocalDate intervention, LongFunction<List<Observation>> organisation, String marker) {
        return flagged(intervention, organisation, marker, Granularity.DAY);
    }

    /** As {@link #flagged(LocalDate, LongFunction, String)}, the model's periods {@code granularity}. */
    static int[] flagged(LocalDate intervention, LongFunction<List<Observation>> organisation, String marker,
                         Granularity granularity) {
        IntegrityModel model = IntegrityModel.builder().proxy("tokens", "tokens")
                .outcome("cycle_time", Direction.LOWER, "days").link(Link.of("tokens", "cycle_time"))
                .intervention(intervention, "token quota").granularity(granularity).build();
        Scorer scorer = Scorer.builder().parallel().build();
        int[] flagged = new int[6];
        for (long seed = 1; seed <= 10; seed++) {
            IntegrityReport report = scorer.score(model, Frame.of(model, organisation.apply(seed)));
            for (PairResult p : report.pairs()) {
                if (Segments.ALL.equals(p.segment()) || !p.verdict().flagged()) {
                    continue;
                }
                String segment = p.segment();
                int kind = segment.startsWith("steady") ? 0 : segment.startsWith("adopter") ? 1 : 2;
                flagged[kind + (segment.contains(marker) ? 3 : 0)]++;
            }
        }
        return flagged;
    }
}
