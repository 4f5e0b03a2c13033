package dev.goodhart.model;

import com.google.common.collect.ImmutableList;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * Where the organisation's series, summed from its segments, begins, and the segments it leaves out because their
 * data begin later, during its baseline ({@link Frame#organisationStart}). A team whose rows begin a few weeks before
 * the date would enter the organisation's sums there as a step, which reads as a rise of use (and a change of the
 * outcome) that no team made; the organisation's row sums the segments that had begun by its first period, chosen
 * for many segments and a long baseline ({@link Frame#organisationFirst}).
 *
 * @param from     the first day of the first period the organisation's series sums: the calendar's first unless most
 *                 segments began later than a few
 * @param members  how many segments the organisation's series sums
 * @param earlier  how many of them had begun before {@code from} (their periods before it are left out)
 * @param leftOut  how many segments with data before the organisation's split it leaves out: begun after {@code from},
 *                 or stopped before the split ({@link Frame#begunBeforeSplit})
 * @param examples up to {@value #EXAMPLES} of those, the first by name
 */
public record OrganisationStart(LocalDate from, int members, int earlier, int leftOut, List<String> examples) {
    /** How many left-out segments are named. */
    public static final int EXAMPLES = 3;

    /** Checks the counts and copies the list. */
    public OrganisationStart {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(examples, "examples");
        if (members < 0 || leftOut < 0 || earlier < 0 || earlier > members) {
            throw new IllegalArgumentException("members, earlier and leftOut are 0 or more, earlier at most members: "
                    + members + ", " + earlier + ", " + leftOut);
        }
        if (examples.size() > Math.min(leftOut, EXAMPLES)) {
            throw new IllegalArgumentException("examples: " + examples.size() + " names for " + leftOut
                    + " segments left out (at most " + EXAMPLES + ")");
        }
        examples = ImmutableList.copyOf(examples);
    }
}
