package dev.goodhart.scoring.internal;

import dev.goodhart.model.Frame;
import dev.goodhart.model.Segments;
import java.util.Optional;

/**
 * Rows given for the organisation itself (an empty segment, {@code "*"}, a null segment in memory) replace the sum of
 * the segments as the organisation's series of that metric. A few such rows (a stray line with an empty segment) then
 * leave the organisation with a few periods where its segments have many, and its row reads as too little data with
 * nothing to say why (a helper's organisation: DIVERGING 60, with one such row INSUFFICIENT_DATA). Said where the
 * organisation's series has values in fewer than half the periods of its fullest segment: the segments' sum has a value
 * wherever a member segment has one, so only rows of its own can leave it so short.
 */
public final class OrganisationRows {
    private OrganisationRows() {
    }

    /**
     * The note for {@code metric}'s organisation series, or empty where it is not short of its segments' (or the
     * frame is spilled, or has no segments: a live scorer's or a partition's frame of the organisation alone).
     */
    public static Optional<String> note(Frame frame, String metric) {
        if (frame.spilled() || frame.segments().isEmpty() || !frame.has(Segments.ALL, metric)) {
            return Optional.empty();
        }
        double[] organisation = frame.series(Segments.ALL, metric);
        int own = count(organisation);
        if (2 * own >= organisation.length) {
            return Optional.empty(); // a segment cannot have twice as many periods: the usual case, read at once
        }
        int fullest = 0;
        String example = null;
        for (String s : frame.segments()) {
            if (frame.has(s, metric)) {
                int c = count(frame.series(s, metric));
                if (c > fullest) {
                    fullest = c;
                    example = s;
                }
            }
        }
        if (2 * own >= fullest) {
            return Optional.empty();
        }
        return Optional.of("the organisation's " + metric + " is the rows given for the organisation itself (an empty "
                + "segment or *), values in " + own + (own == 1 ? " period" : " periods") + ", where segment " + example
                + " alone has " + fullest + ": without such rows it is the segments' sum (leave them out, or give "
                + "every period)");
    }

    /**
     * The note on the organisation's pair where segments have one of the link's two metrics and not the other (a team
     * with tokens and no cycle time): the organisation's series of each metric is its segments', so such a segment's
     * use is in the organisation's proxy and nothing of it in its outcome (a newcomer's segment of tokens alone moved
     * the organisation from DIVERGING 60 to WATCH 50 without a word). Empty where there is none, the frame is spilled
     * or has no segments.
     */
    public static Optional<String> oneSided(Frame frame, String proxy, String outcome) {
        if (frame.spilled() || frame.segments().isEmpty()) {
            return Optional.empty();
        }
        java.util.List<String> proxyOnly = new java.util.ArrayList<>();
        java.util.List<String> outcomeOnly = new java.util.ArrayList<>();
        for (String s : frame.segments()) {
            boolean p = frame.has(s, proxy) && count(frame.series(s, proxy)) > 0;
            boolean o = frame.has(s, outcome) && count(frame.series(s, outcome)) > 0;
            if (p && !o) {
                proxyOnly.add(s);
            } else if (o && !p) {
                outcomeOnly.add(s);
            }
        }
        if (proxyOnly.isEmpty() && outcomeOnly.isEmpty()) {
            return Optional.empty();
        }
        java.util.List<String> parts = new java.util.ArrayList<>();
        if (!proxyOnly.isEmpty()) {
            parts.add(named(proxyOnly) + " " + (proxyOnly.size() == 1 ? "has" : "have") + " " + proxy + " and no "
                    + outcome + ": " + (proxyOnly.size() == 1 ? "its" : "their") + " " + proxy + " is in the "
                    + "organisation's, nothing of " + (proxyOnly.size() == 1 ? "it" : "them") + " in its " + outcome);
        }
        if (!outcomeOnly.isEmpty()) {
            parts.add(named(outcomeOnly) + " " + (outcomeOnly.size() == 1 ? "has" : "have") + " " + outcome + " and no "
                    + proxy + ": " + (outcomeOnly.size() == 1 ? "its" : "their") + " " + outcome + " is in the "
                    + "organisation's, nothing of " + (outcomeOnly.size() == 1 ? "it" : "them") + " in its " + proxy);
        }
        return Optional.of(String.join("; ", parts) + " (give both, or leave such segments out)");
    }

    private static String named(java.util.List<String> segments) {
        String listed = String.join(", ", segments.subList(0, Math.min(3, segments.size())));
        return (segments.size() == 1 ? "segment " : segments.size() + " segments (") + listed
                + (segments.size() > 3 ? ", ...)" : segments.size() == 1 ? "" : ")");
    }

    private static int count(double[] v) {
        int n = 0;
        for (double x : v) {
            n += Double.isNaN(x) ? 0 : 1;
        }
        return n;
    }
}
