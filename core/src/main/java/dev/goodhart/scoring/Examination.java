package dev.goodhart.scoring;

import dev.goodhart.model.Finding;
import dev.goodhart.model.Intervention;
import dev.goodhart.model.Link;

import dev.goodhart.detect.PairSeries;
import java.io.Serializable;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * The per-segment stage of scoring for one link in one segment: what {@link Scorer#examine} returns and
 * {@link Scorer#conclude} takes. Distributed engines (the Spark adapter) run the per-segment stage where the data is
 * and bring only examinations together. Findings carry p-values but no q-values yet.
 *
 * @param link         the link
 * @param segment      the segment, {@code "*"} for the organisation
 * @param findings     the per-segment detectors' findings
 * @param notes        why detectors did not run
 * @param ran          how many detectors ran
 * @param recentFrom   first day of the recent window, null when the pair could not be windowed
 * @param intervention the intervention that set the window, null when the split was the calendar's middle
 * @param pair         the windowed series for the cross-segment detectors, null when the pair could not be windowed
 */
public record Examination(Link link, String segment, List<Finding> findings, List<String> notes, int ran,
        LocalDate recentFrom, Intervention intervention, PairSeries pair) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Copies the lists. */
    public Examination {
        Objects.requireNonNull(link, "link");
        Objects.requireNonNull(segment, "segment");
        findings = List.copyOf(Objects.requireNonNull(findings, "findings"));
        notes = List.copyOf(Objects.requireNonNull(notes, "notes"));
    }
}
