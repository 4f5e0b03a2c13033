package dev.goodhart.model;

import com.google.common.collect.ImmutableList;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * Where the organisation's series, summed from its segments, begins, and the segments it leaves out because their
 * data begin later, during its baseline ({@link Frame#organisationStart}). A team whose rows begin a few weeks before
 * the date would enter the organisation's sums there as a step, which reads as a rise of use (and a change of the
 * outcome) that no team made; the organisation's row sums the largest block of segments and baseline periods in which
 * every segment it sums has begun ({@link Frame#organisationFirst}).
 *
 * @param from     the first day of the first period the organisation's series sums: the calendar's first unless most
 *                 segments began later than a few
 * @param members  how many segments the organisation's series sums
 * @param leftOut  how many segments with data before the organisation's split it leaves out, their data beginning
 *                 after {@code from}
 * @param examples up to {@value #EXAMPLES} of those, the first by name
 */
public record OrganisationStart(LocalDate from, int members, int leftOut, List<String> examples) {
    /** How many left-out segments are named. */
    public static final int EXAMPLES = 3;

    /** Checks the counts and copies the list. */
    public OrganisationStart {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(examples, "examples");
        if (members < 0 || leftOut < 0) {
            throw new IllegalArgumentException("members and leftOut are 0 or more: " + members + ", " + leftOut);
        }
        if (examples.size() > Math.min(leftOut, EXAMPLES)) {
            throw new IllegalArgumentException("examples: " + examples.size() + " names for " + leftOut
                    + " segments left out (at most " + EXAMPLES + ")");
        }
        examples = ImmutableList.copyOf(examples);
    }
}
