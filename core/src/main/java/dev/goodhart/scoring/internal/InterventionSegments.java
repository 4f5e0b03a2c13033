package dev.goodhart.scoring.internal;

import dev.goodhart.model.Frame;
import dev.goodhart.model.IntegrityModel;
import dev.goodhart.model.Intervention;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * An intervention whose named segments the data has none of applies to nobody: the segments it meant split at the
 * calendar's middle instead of its date, and only "no intervention date" in their notes hinted at it (a helper's
 * {@code Team-0} for the data's {@code team-0}: GAMED 85 to DIVERGING 60). Said in the organisation's notes, where the
 * frame holds every segment (batch scoring; a live scorer's or a partition's frame of the organisation alone has none).
 */
public final class InterventionSegments {
    /** At most this many names are listed. */
    private static final int LISTED = 5;

    private InterventionSegments() {
    }

    /** One note per intervention of {@code model} that names segments, none of which {@code frame} has rows of. */
    public static List<String> notes(IntegrityModel model, Frame frame) {
        List<String> segments = frame.segments(); // sorted
        if (segments.isEmpty()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (Intervention i : model.interventions()) {
            List<String> missing = new ArrayList<>();
            for (String s : i.segments()) {
                if (Collections.binarySearch(segments, s) < 0) {
                    missing.add(s);
                }
            }
            if (i.segments().isEmpty() || missing.size() < i.segments().size()) {
                // some named segment has rows: the intervention applies there (a partition's or a scale-out run's
                // organisation frame cannot tell the rest apart, so only an intervention that reaches nobody is said)
                continue;
            }
            Collections.sort(missing);
            String listed = String.join(", ", missing.subList(0, Math.min(LISTED, missing.size())))
                    + (missing.size() > LISTED ? ", ..." : "");
            out.add("the intervention on " + i.date() + (i.label().isEmpty() ? "" : " (" + i.label() + ")")
                    + " names " + missing.size() + (missing.size() == 1 ? " segment" : " segments")
                    + ", none with rows in the data: " + listed + " (names match exactly, case included; the data's "
                    + "segments are " + String.join(", ", segments.subList(0, Math.min(LISTED, segments.size())))
                    + (segments.size() > LISTED ? ", ..." : "") + ")");
        }
        return out;
    }
}
