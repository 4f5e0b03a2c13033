package dev.goodhart.detect;

import dev.goodhart.stats.BivariateNormal;
import dev.goodhart.stats.BiweightLocation;
import dev.goodhart.stats.Descriptive;
import dev.goodhart.stats.ErrorsInVariablesSlope;
import dev.goodhart.stats.PanelSlope;
import dev.goodhart.model.Variant;
import dev.goodhart.model.IntegrityModel;
import dev.goodhart.model.Finding;
import dev.goodhart.model.Granularity;
import dev.goodhart.model.Metric;
import dev.goodhart.model.Segments;
import dev.goodhart.internal.SafeUnit;
import dev.goodhart.internal.Tails;
import dev.goodhart.internal.Text;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Expected response: the proxy rose by X since the intervention; did the outcome get the gain that such a rise should
 * have bought?
 *
 * <p><b>Why not short-run co-movement.</b> In real organisations the outcome follows adoption over weeks, the proxy
 * has a weekday rhythm the outcome lacks and outcome noise is autocorrelated, so day-to-day co-movement is near zero
 * even where the proxy is valuable. The expectation here rests on evidence that exists in such data.
 *
 * <p><b>Levels.</b> Periods are grouped into blocks aligned on the intervention (weeks for daily data, which removes
 * the weekday rhythm; single periods otherwise); each block's mean is divided by the baseline mean, so the analysis is
 * scale-free and a zero day (a day with no failed change) is data, not a reason to stop. An averaged daily outcome
 * whose weekdays differ in noise in the baseline (a weekend cycle time from one item) has weighted block means, each
 * day by its weekday's noise ({@link WeekdayWeights}). Each series' baseline trend
 * is a least-squares line through its baseline blocks, with the residuals' AR(1) long-run factor in its error: the
 * lag-1 autocorrelation Kendall-corrected, or where the calendar has at least 8 usable segments their pooled one read
 * into the segment's own by empirical Bayes ({@code Autocorrelation}; a short baseline's own is noisy and biased
 * low), the pooled one the autocorrelation whose exact expectation about such a line is the segments' mean lag-1 ratio
 * ({@link LineAutocorrelation}); the noise's variance is the residuals' sum of squares over its exact expectation in
 * units of it ({@link TrendLine#expectedRss}: a line through a few autocorrelated blocks follows their wander). The
 * proxy's line is pulled toward its peers' lines as below, without a relation (toward their median trend;
 * a line three times {@code sqrt(tau² + se²)} from it kept as its own): read alone, the line through a noisy use's
 * baseline (agent runs: daily log noise 0.9), carried months ahead, took a doubling for its trend ({@code
 * NoisyUseTest}: 26 of 80 doublings found, 50 so read; with six weeks before the date and twenty after, 2 and 23).
 * A pulled line also takes a real trend one to three errors off the median for noise, and its continuation for a
 * rise (a reviewer's honest teams whose use grew 3% a week on its own: 6 of 160 flagged before, 19 with the pulled line
 * alone), so the rise must also reach {@value #OWN_LINE_Z} error of the segment's own line (8 of 160); and a pulled
 * line carries no curve every segment's use shares (a season), so where the reference peers' use moved against their
 * pulled lines by more than {@value #SHARED_USE_Z} errors of their biweight centre, that move is taken out of every
 * segment's rise (steady teams in a probe with a shared 26-week season: 39 of 480 flagged before, 100 pulled, 42 now).
 * The rise must
 * still be beyond every other trend the baseline supports, each read as it is ({@link ProxyTrends}), and the rise's
 * error is calibrated on the segment's own placebo dates (below). The outcome's trend is shrunk
 * toward the trend its peers' relation predicts from the segment's proxy trend as pulled (least-squares slope of
 * outcome trends on proxy trends across segments, used when it has the expected sign at two standard errors; the
 * peers' median trend otherwise): empirical Bayes with weight {@code tau² / (tau² + se²)}, {@code tau²} the spread
 * at which the median standardised squared residual is the chi-square(1) median (a median Paule-Mandel estimator, so a
 * minority with trends of their own cannot set it), 0 unless the spread shows in more than half the trends by one
 * standard error of their count (a sign test), and a trend more than three times {@code sqrt(tau² + se²)} from its
 * target kept as it is (a trend of the segment's own; nominally 0.27% of segments without one, normal tails). Until
 * 2026-12-01 that test was at two, and the shrunk trend was limited to one standard error from the segment's own
 * (Efron &amp; Morris 1972): for a segment without a trend of its own both kept noise that the shrinkage removes (a
 * doubled team's shortfall varied 1.7 times as much as its plain before/after change; 1.2 times since). A single
 * team's trend extrapolated over months is mostly noise; its peers are the evidence. The outcome's trend is carried
 * at most as far past the baseline's end as the baseline is long and holds beyond ({@link #TREND_HORIZON}: a damped
 * trend, Gardner &amp; McKenzie 1985); the proxy's runs on. A window's change is
 * {@code log(mean of its blocks / trend-predicted mean)}: the proxy's rise {@code dP} and the outcome's gain
 * {@code dO} (signed so that up is more use and better), with a standard error from the residual variance over the
 * window and the baseline and the posterior variance of the trend (including the target's) at the window's distance,
 * read on the log scale at the predicted level (for an outcome with a week of 0 in its baseline, a fall's level noise
 * at the logarithmic mean of the two levels, so that its noise gives it the level change's z: {@link #linearisedAt}).
 *
 * <p><b>A runaway week</b> (a misconfigured job: one day of ten times a day's tokens; an incident: cycle time three
 * times its level for a week) set the series' level, line and noise, hiding doublings where it fell in the baseline and
 * reading as a rise, or a gain that did not come, where it fell after the date. Isolated episodes of a week or two far
 * off their side's line are left out as missing, by one rule before and after the date ({@link RunawayWeeks}): the
 * use's (above its line) before anything else is read; the outcome's (either way, where the use was not off its own
 * line the same weeks) in the segment's own question, after a shock every segment shared is read out. The detail names
 * them. Its placebo dates are then on whole blocks of the real split (a missing week would leave a straddling block
 * with part of a weekday rhythm).
 *
 * <p><b>A rise that began before the declared date</b> (a quota anticipated) would be part of the baseline's trend
 * and make the proxy's later level read as no rise: where {@link ProxyOnset} finds the proxy's rise significantly
 * earlier (up to 8 weeks, Bonferroni over the candidates, at 1%), the segment's baseline ends there and the periods up
 * to the declared date are left out of both series; its windows still start at the declared date, with its peers'.
 *
 * <p><b>An outcome that shifted late in the baseline</b> (a reorganisation, a new process: a story of the segment's
 * own) has a straight baseline line that reads the step as a trend. As a peer it would widen the spread of trends, so
 * that the other segments keep more of their own noisy trends, and move what the organisation gained anyway; its own
 * trend, pulled toward its peers', would be taken for noise around theirs. Where {@link ProxyOnset#outcomeShift} finds
 * the outcome's level shifted, up or down, within 8 weeks before the declared date (the same search, two-sided, at 1%;
 * a lagged outcome's weeks measured after the date left out), the segment's trend in the shrinkage and its change as a
 * reference peer are read from its new level (its outcome's values from the shift on divided by it, the shift's
 * standard error added to its outcome windows'), while the bar's evidence reads it as it is (a bend in an outcome that
 * followed its own adoption is evidence of the relation); its own question keeps its own trend, unshrunk, and its
 * outcome as it is (a one-week blip before the date, a lagged outcome, or a gain that came early must not reset the
 * level it is judged from). In organisations where 8 of 30 teams' cycle time stepped 20% two weeks before the
 * intervention, the teams that doubled their tokens with a flat outcome were flagged 99 times in 120 (64 before; 112
 * with no such teams); honest adopters whose cycle time had stepped 20% longer before they doubled their tokens and
 * gained 10% were flagged 21 times in 80 (37 before).
 *
 * <p><b>The organisation.</b> Where at least 5 other segments' proxies did not move (less than 10%, or within two
 * standard errors), their typical {@code dO} is what the organisation gained (or lost) anyway (a new CI system, a
 * reorganisation) and is subtracted: a team that matched them while its proxy doubled bought nothing with the extra
 * use (a synthetic-control view; Abadie, Diamond &amp; Hainmueller 2010). The segment never enters its own reference.
 * A split with fewer than 5 untouched segments of its own (a quota rolled out team by team) borrows those of the other
 * splits on its calendar, read at its split (their blocks re-based to the baseline before it, the week boundary
 * nearest the split for daily data) and still untouched there. Where the peers as a group moved their use against
 * their lines (every team adopted, each rise within the wide error of its line), only those still against their
 * lines or in their plain level stay ({@code withoutPeersThatRose}).
 * With 5 or more, it is their biweight location at their typical own error ({@code referenceLevel}: peers with
 * regime changes of their own get no weight), its error the larger of the sandwich error and the mean's of the peers
 * it kept; where that has no sound answer (among others, where it keeps fewer than 5 or than half of them), their
 * median, whose standard error is {@code 1.2533 s / sqrt(n)} with {@code s} the larger of the peers' typical own
 * standard error and the spread of their bulk (the 1/3 quantile of absolute deviations over the normal's). Each
 * window's shortfall z is read against Student's t with the degrees of freedom of the segment's own noise ({@code
 * noiseDf}) and reported as the normal's z with the same tail.
 *
 * <p><b>A calendar every segment shares</b> (a workload cycle, holidays, planning weeks) is in each segment's own
 * baseline line, window error and placebo dates, though the organisation's reference subtracts it from the change.
 * Where the untouched segments' baselines show one ({@link SharedCalendar}: a circular-shift permutation test at 1%),
 * a segment whose baseline is quieter without it is read with its outcome divided by their block-by-block median
 * profile (the reference peers likewise; the organisation's gain after the date is in the profile, the median of the
 * peers' changes so read still subtracted with its error), its trend shrunk toward theirs so read (the relation of
 * outcome trends to proxy trends still from all segments, which a calendar moves alike), its proxy likewise where the
 * untouched segments' use shares a calendar too (else the rise carries the calendar's phase at the date; the rise is
 * then against their use after the date too, so "nothing owed" must also hold of the use as it is; a calendar
 * in the use alone is read out of the use the same way), its placebo dates on the real split's blocks; a segment whose
 * baseline the calendar is not in is read as it is. With a shared four-week cycle of +-25%, teams that doubled their
 * tokens with nothing gained were flagged 101 to 103 times in 120 at four phases of the cycle (0 before). A date that
 * borrows other dates' untouched segments reads them the same way at its split, so the organisation's gain inside a
 * later date's baseline is read out.
 *
 * <p><b>A shock every segment shared in the baseline</b> (a holiday: use at a third and output down for two weeks) is
 * no calendar to divide out (a median profile is as noisy at such a block as the shock is spread across segments) and
 * not the segment's own story: read as part of each baseline it set every segment's line and error, made its outcome
 * look shifted late in the baseline, and made teams that doubled their use pass for untouched. Where the segments'
 * shared level shows one ({@link SharedCalendar#shocks}, from the per-block mean changes of every usable segment, all of
 * them witnesses before the date), every segment is read with those periods missing in both series before anything
 * else; the untouched segments too (as they are where they were continued from a late outcome shift), those whose use
 * then moved left out of the reference, and the trend prior read again from every usable segment's baseline without
 * those blocks (the fold keeps up to {@value #MAX_SHOCK_REFITS} baselines for it: every trend read with the shock was
 * moved by it); a date that borrows untouched segments reads them so. A shock that
 * ends the baseline is one only where the untouched segments' use comes back after the date (else it is a level they
 * moved to for good, which the rise is measured from); the weeks after the date before it comes back (a holiday across
 * the date) are left out too. In 20 organisations of 24 teams (8 steady) with a deep two-week holiday, the teams that
 * doubled their tokens with nothing gained were flagged 121, 113, 112, 107, 94 and 98 times in 160 with the holiday
 * starting 60, 45, 35, 21, 14 and 7 days before the quota (114 with no holiday), the honest adopters never. Until
 * 2026-12-03 the prior was recentred on the untouched segments alone (5 to 8 here), whose few trends could not tell
 * their spread: 125, 119, 125, 95, 66 and 67 (116 with no holiday). Not yet: a shock in the baseline of a date whose
 * segments are too few (fewer than 8 usable) to show one; a shock after the date alone.
 *
 * <p><b>A share near its ceiling</b> (a success rate of 95%, higher better) can rise 5.3% at most: declared a share
 * by its unit, it is read by what it lacks of the ceiling, lower better ({@link ShareCeiling}), and the sentence begins
 * by saying so (the command line declares one an averaged outcome given without a unit whose every value lies in
 * [0, 1]).
 *
 * <p><b>The expected elasticity</b> {@code e} is the largest of: the link's declared {@link
 * dev.goodhart.model.Link#minimumElasticity() minimum useful elasticity} (default 0.1: a doubling should buy 7%); the
 * peers' baseline long-run relation (slope of outcome trends on proxy trends across at least 8 segments, divided by the
 * reliability ratio of the proxy trends, whose estimation noise attenuates it, that noise read without what every
 * segment's baseline shared, a calendar that moves every trend alike ({@code idiosyncraticRelation}); not used below a
 * reliability of 0.25); the pooled short-run relation of block-to-block changes in the baseline, within each block (a
 * fixed effect per block, so that a holiday or a season that moves every team's use and output together is not read as
 * an elasticity); and the level relation within each segment ({@link PanelSlope}, from the kept baselines, at least
 * {@value #LEVEL_MIN_UNITS}): the outcome's log level in a block on the use's log level over that block and the {@link
 * #trailingBlocks three before it} (an outcome follows adoption over weeks, not within the day), each segment's own
 * mean and each block's mean across the segments taken out, with the larger of an error clustered by segment (any
 * autocorrelation of the segment's noise) and the delete-one-segment jackknife's, a week whose use lay more than four
 * robust standard deviations from the segment's median left out (a holiday some teams took moves their work as well as
 * their use: with two thirds of the teams away in the baseline's last two weeks the relation flagged 25 of 120 honest
 * adopters, 12 without those weeks, as many as without the relation). It is not the elasticity itself: what the weeks a
 * team used more than its own mean went with, which a shared cause (work that needs both) can lift above what a lasting
 * rise of use buys (a reviewer's eight-team organisation, failure rates, true 0.50: 1.50), hence the twenty teams and
 * the halving. Where a team's use drifts in its baseline (the seventh zoo: a month-long AR(1) of sd 0.12) the trends
 * across segments say little (errors 0.1 to 1 with 120 teams) and the week-to-week changes are mostly noise, while this
 * relation is read to a few hundredths in large organisations (the seventh zoo's mean cycle time with same-day coupling
 * and 37 teams or more, true 0.13-0.48: within slopes 0.16-0.38, errors 0.03-0.06; over all its same-day couplings,
 * -0.45 to 1.50 with errors 0.03 to 0.50). Each estimate counts halfway between no gain and itself (the decision sits
 * between "no gain" and the honest gain, so an honest team below the average is not accused), and never above its lower
 * bound at two standard errors (a noisy estimate that is significant by luck must not set a high bar); the peers'
 * relation's error is the larger of its classical one and the sandwich error of the errors-in-variables ratio ({@link
 * ErrorsInVariablesSlope}), since where the reliability is low the spread of the true trends is itself uncertain, and
 * its bound takes Student's t with {@code n - 2} degrees of freedom for few peers. All of it comes from the baseline,
 * where nobody gamed.
 *
 * <p><b>Test.</b> The shortfall is {@code S = e dP' - (dO - a)}, {@code dP'} the rise as far as it owes (use owes up to
 * four times its earlier level and no more, {@link ChangeElasticity#MAX_OWED_RISE}: a team that adopted from a few
 * tokens owes no more than two doublings' gain; see {@code owing}) and {@code z = S / (kappa se)}, in two windows: all
 * periods since the intervention, and their last half (ramps, late onsets). A shortfall needs the proxy to have risen
 * materially beyond its own trend: the rise over 10% is tested in the same window and the window's p-value is the
 * larger of the two (an intersection-union test), so an outcome that changed regime for reasons of its own while the
 * proxy stayed on its trend is not gaming. "Its own trend" is every trend the baseline supports: the straight line, and
 * where the baseline shows it compound growth or a break in its trend ({@link ProxyTrends}); the rise must be beyond
 * each (the sentence names the other trend and the rise against it). The rise's error takes the larger of the
 * shortfall's placebo factor and its own: the use's rise at the same placebo dates, against the line each reads, as
 * {@code kappa} is read from the shortfall's, so that a use that wanders more than its line's error allows shows no
 * rise by wandering (with the line pulled toward its peers', the sixth zoo's false alarms were 531 without it, 482
 * with it, 444 before either). The finding's p-value is the smaller window's at
 * its exact level for two correlated statistics ({@link BivariateNormal#minOfTwo}, with the correlation bounded below
 * by the ratio of the two windows' errors, since the last half is nested in the whole: between {@code min p_w} and
 * Bonferroni's {@code 2 min p_w}), except that a gain that lags the adoption and has arrived by the last half (its
 * shortfall below 0), or was arriving (the outcome's gain in the last half beyond its gain in the first half, both
 * against the trend and the organisation's, by two errors of that difference: the AR(1) variance of two adjacent means,
 * the trend's and the organisation's), clears it: then the p-value is no smaller than the last half's. In the first zoo
 * this took honest teams whose gain came five weeks after their adoption from 3.8% flagged to 3.3% (all honest 1.2% to
 * 1.1%; gaming at +40% 30.2% to 30.0%). Neither clause reads the proxy, so more inflation of the recent proxy can only
 * lower the p-value (everything else comes from the baseline and the other segments).
 *
 * <p><b>Decision.</b> The detector is {@linkplain Description#calibratedPerSegment() calibrated per segment}: its
 * q-value is its p-value, not pooled with the other segments' in a false-discovery procedure. Its error is measured on
 * the segment's own placebo dates and it asks each segment its own question, so the bar a team must clear does not
 * move with how many other teams gamed (under a procedure across segments an organisation with many gaming teams
 * accuses more readily, one with few hardly at all); its p-value still uses the peers (the organisation's reference,
 * the trend shrinkage). This is per-team error control: of honest teams whose outcome got exactly the bar's gain,
 * about the significance level's share is flagged by chance, however many teams there are.
 *
 * <p><b>An export not yet complete.</b> Where the segments' use or outcome fell together in the calendar's last
 * blocks (counts not yet synced when the export was taken, a last weekly row that sums a partial week), those blocks,
 * up to three, are left out of every segment's series and of its reference peers' before anything is read, at every
 * date of the calendar ({@link #incompleteEnd}), and the sentence names them: where every team adopted there is no
 * untouched segment whose change takes such a fall out, and honest adopters were read as short of their gain (74 of
 * 480 flagged, 7 now; {@code IncompleteExportTest}).
 *
 * <p><b>Placebos.</b> {@code kappa >= 1} calibrates the standard error on the segment's own data: fake intervention
 * dates in the baseline (at most 40; the mean square of the placebo outcome z, with about one independent observation
 * per two blocks, shrunk toward 1 with 8 pseudo-observations). With at least 10 of them, the segments whose proxy did
 * not move are an empirical null in space, reported but not used as noise: among them are teams whose outcome changed
 * regime for reasons of their own, which would set everyone's error. The sentence says how unusual the segment is:
 * "Of 40 placebo dates in the baseline, 1 scored this high; of 120 segments whose tokens did not move, 2"; where the
 * segment's change was read against the untouched segments', the placebo dates, read against its own trend alone, say
 * so: "of 22 placebo dates in the baseline, 0 scored as high as its own trend alone reads it (z = 5.26); of 120
 * segments whose tokens did not move, 2 scored as high against the others".
 *
 * <p>Statistic: the last half's z where it is below 0 (the gain there exceeds what was owed: a gain that lags the
 * adoption has arrived) or where the gain was arriving, else the larger of the windows' z (the sentence gives the
 * deciding window's); where that is at most -1.645, raised to the same windows' shortfall z against the outcome's
 * baseline level where that is higher, at most to 1.645 (1.645 where the level cannot be read: a line carried on can
 * withhold a clearing, never make one alone); a pair is cleared when it is at most -1.645, which more inflation can
 * only undo. Effect: the shortfall S in log points. One finding per segment whose split
 * is an intervention date, and one for the organisation: against its own baseline and, where at least 3 segments'
 * use did not move (or two that both lost), against what they gained anyway, read as a segment of its teams'
 * calendar; accused only where both find it short, cleared only by its own baseline's reading ({@link
 * #bothReadings}). Against its own baseline alone an organisation-wide loss at the date read as the adopters'
 * shortfall; against the untouched segments alone a story of theirs read as the organisation's ({@code
 * OrganisationReferenceTest}). The organisation owes what its segments' rises would buy it at the bar, each weighted
 * by its share of the outcome ({@link Composition}), not what the total's rise would. Skipped for a segment with
 * negative values, an outcome whose baseline mean is 0, no use before the date and use in fewer than half the blocks
 * after it, or fewer than 6 baseline or 4 recent blocks; use that was zero throughout the baseline and then used in at
 * least half the blocks after the date is a rise from none, owing what a fourfold rise owes (the sentence says "rose
 * from none").
 */
public final class ExpectedResponse implements StagedPortfolioDetector<ExpectedResponse.Summary, ExpectedResponse.Shared> {
    /** The detector's name in reports. */
    public static final String NAME = "expected-response";
    /** Weight 1.0; decides a pair; supports CAUSAL. */
    static final Description DESCRIPTION = Description.of(1.0, true, "shortfall against the expected response, trends shrunk toward peers (Efron and Morris 1973), synthetic control (Abadie et al. 2010), placebo calibration", Variant.CAUSAL).asClearing().asCalibratedPerSegment();
    /** A rise of the proxy below this (log 1.1, 10%) is not material. */
    static final double MATERIAL = Math.log(1.1);
    /**
     * Where the use's line was pulled, a change of use its reference peers shared against their lines beyond this many
     * of its errors is taken out of each segment's rise (a season every team's use followed: steady teams flagged 100
     * of 480 with the pulled line alone in a reviewer's probe, 39 with their own lines, 42 so).
     */
    static final double SHARED_USE_Z = 2;
    /**
     * Where the use's line was pulled toward its peers' lines, the rise against its own line must reach this many of
     * its errors too (one-sided 16%): the pull's evidence that a line is noise does not clear a rise its own line
     * cannot see at all.
     */
    static final double OWN_LINE_Z = 1;
    /**
     * A finding is {@linkplain Finding#undecided() undecided} where its shortfall alone is significant at this level
     * (one-sided 5%, the bound sentence's) while the rise it owes for is not.
     */
    static final double UNDECIDED_LEVEL = 0.05;
    /** The largest rise of the proxy that owes a gain ({@link ChangeElasticity#MAX_OWED_RISE}: a fourfold rise). */
    static final double MAX_OWED_RISE = ChangeElasticity.MAX_OWED_RISE;
    /**
     * A use that was zero throughout the baseline and then rose is read as this many times its baseline (a rise far
     * beyond {@link #MAX_OWED_RISE}, so it owes what the largest rise owes; the sentence says "from none").
     */
    static final double FROM_NOTHING = 64;
    /** The evidence estimates an honest gain; the reference sits halfway between no gain and it. */
    private static final double HALFWAY = 0.5;
    private static final int MIN_BASELINE_BLOCKS = 6;
    /**
     * The fewest observed blocks before the real date for a team to be read (as many as {@link #MIN_WINDOW_BLOCKS}
     * after it): a quota is often set a month after the data begin, and without this detector no team reaches
     * DIVERGING. Placebo dates keep {@link #MIN_BASELINE_BLOCKS} before them, so a shorter baseline has none and its
     * error is the model's own, read on Student's t with its few degrees of freedom.
     */
    static final int MIN_READ_BLOCKS = 4;
    /** The baseline blocks from which a read team's trends are always a peer's evidence ({@code GroupFold.peer}). */
    static final int PEER_BLOCKS = 8;
    /**
     * Observed periods a block of the outcome needs for a mean: one (an outcome seen on the days items close, or once a
     * week, has a mean in every block it was seen in; until 2026-12-03 half the block, which left a daily outcome seen
     * on Mondays only with no blocks at all). The proxy's blocks still need half their periods.
     */
    static final int OUTCOME_PERIODS_PER_BLOCK = 1;
    private static final int MIN_WINDOW_BLOCKS = 4;
    private static final int MIN_PEERS = 8;
    /**
     * How far from its usual level (in robust standard deviations of its baseline blocks) a segment's use may be and
     * still enter the level relation: a week it collapsed or spiked beyond (a holiday some teams took, an outage)
     * moved its work as well as its use.
     */
    private static final double LEVEL_REACH = 4;
    /**
     * The kept baselines the level relation needs: its clustered error runs short with few (a reviewer's seventh-zoo
     * organisation of 8 teams read a within slope of 1.50, error 0.26, true elasticity 0.50: a bar of 0.75).
     */
    private static final int LEVEL_MIN_UNITS = 20;
    /**
     * An untouched segment's use does not share a calendar in the use alone where its baseline read without it is this
     * many times noisier (long-run variance about its line) than as it is.
     */
    private static final double NOT_SHARED = 1.5;
    /** Below this reliability of the proxy trends their relation with the outcome's is not corrected, not used. */
    private static final double MIN_RELIABILITY = 0.25;
    /** The normal's probability below two standard errors: the coverage of an estimate's lower bound. */
    private static final double TWO_STANDARD_ERRORS = 0.9772498680518208;
    /**
     * A gain whose last half since the split exceeds its first half's by this many errors of the difference was
     * arriving (a gain that lags the adoption): the segment is judged by its last half.
     */
    static final double ARRIVING_Z = 2;
    /**
     * The lowest level, relative to the baseline's mean, a line carried past the baseline is read at (a line that
     * falls through zero predicts nothing a log change could be taken against).
     */
    private static final double LOWEST_PREDICTED = 0.2;

    /**
     * Where a window's log change {@code log(mean / predicted)} of an outcome with zero blocks in its baseline has its
     * error read: the
     * level's error divided by this level gives the log change the z of the level change, {@code (mean - predicted) /
     * se}, as far as the level's noise goes (the trend's and the reference's errors are added as before), where the
     * level fell (the logarithmic mean of the two, {@code (predicted - mean) / log(predicted / mean)},
     * the observed mean at least 1% of the predicted as the change reads it), and the delta method's error at the
     * predicted level where it rose. A series without zero blocks keeps the delta method at the predicted level: its
     * noise is taken as multiplicative (a cycle time's), under which a log change's error does not grow as the level
     * falls (read so for every series, honest teams whose cycle time fell were no longer cleared: a helper's hiring
     * teams flagged 4 of 97 before, 9 so). Read at the predicted level, a fall to near zero of a series with zero
     * blocks was a change of many errors that the level does not show (a failure rate of 0 in the last weeks, "99%
     * lower against its trend", a gain of z = -3.5 where the level moved by about one error), which cleared teams whose
     * tokens doubled (that helper's generator: 4 of 31 such failure-rate teams; of 120 doublers in sparse failure-rate
     * organisations, 17 cleared so). Either way: a higher-is-better outcome with weeks of 0 (deployments) that
     * collapsed is likewise read on the level's scale, weaker evidence of a shortfall than the delta method gave.
     */
    static double linearisedAt(double mean, double predicted) {
        double m = Math.max(mean, 0.01 * predicted);
        double log = Math.log(predicted / m);
        // within rounding of the predicted level the two points are one (and the quotient 0 / 0)
        return log < 1e-9 ? predicted : (predicted - m) / log;
    }

    /** Windows tested: everything since the intervention, and its last half (ramps, late onsets). */
    private static final int WINDOWS = 2;
    private static final int MIN_UNTOUCHED = 5;
    /**
     * The fewest untouched segments whose change is subtracted as what the organisation gained anyway (their median
     * from 5 on): with 3 or 4 (a small organisation, most teams adopting) an unrelated change at the date was read as
     * each team's own (a helper: a 10% worsening flagged 16-19% of honest adopters, an improvement hid 91-100% of the
     * gamers); their mean is then subtracted, its error widened as Student's t widens a mean's ({@link #fewPeers}).
     */
    private static final int MIN_REFERENCE = 3;
    /**
     * Where a segment's reference has exactly two untouched segments (fewer than {@value #MIN_REFERENCE}) no spread can
     * be read and nothing is subtracted both ways; a loss both show, each beyond this many of its own standard errors
     * in every window, is taken out, the lesser of their losses ({@code GroupState.sharedLoss}): an organisation of 12
     * teams whose outcome got 13% worse at the date for reasons of its own had its honest adopters and lagged gains
     * accused as if the loss were theirs.
     */
    private static final double FEW_PEERS_LOSS_Z = 2;
    private static final int MIN_SPACE_PLACEBOS = 10;
    /**
     * The reference peers moved their use as a group where their median change against their lines is this many of its
     * errors from 0 (and beyond the material change). At 2, noise alone fires it often enough, with 8 noisy peers whose
     * use all grew on their trends, to empty the reference and flag 5.2% of teams at the minimum (3.0% without the
     * check; 4.1% at 2.5); but where every team adopted, 2.5 left 8 of 400 honest adopters flagged in
     * {@code whereEveryTeamAdoptedTheAdoptersAreNoReference} (2 at 2, 10 without the check), and 3 took the helper's
     * generator's 4.0% only to 2.7% (1.3% at 2 and 2.5).
     */
    private static final double MOVED_PEERS_Z = 2;
    private static final double PRIOR_PLACEBOS = 8;
    private static final double NULL_MEDIAN_CHI2 = 0.4549364;
    /**
     * How many standard errors of the sign test the trends' spread beyond their errors must show in before a segment
     * keeps part of its own trend ({@link Shrinkage#robustSpread}): one (a one-sided sign test at 16%).
     */
    private static final double SPREAD_LOWER_Z = 1;
    /** The biweight's error over the mean's at the normal, at its default tuning (95% efficiency): 1 / sqrt(0.95). */
    private static final double BIWEIGHT_EFFICIENCY = 1.026;
    /** The quantile that describes the bulk of the peers: robust to two thirds of them having stories of their own. */
    static final double BULK = 1.0 / 3;
    /** The normal's {@value #BULK} quantile of |z|: Phi^-1(2/3). */
    static final double BULK_NORMAL = 0.4307272992954576;
    private static final int MAX_PLACEBOS = 40;
    /**
     * How far past the baseline's end the outcome's trend is carried, as a share of the baseline's length; beyond it the
     * expected level holds (a damped trend, Gardner &amp; McKenzie 1985): a line is not carried further past its data than
     * its data reach. An independent generator's outcomes wander (use that drifts for weeks, coupled to the outcome):
     * its 15-week baselines judged over 22 weeks read a flat cycle time as "10% shorter against its trend", the slope's
     * error most of the shortfall's. Same runs against an undamped line: on that generator (79,104 teams) power at +40%
     * 23.9% to 24.1% (19.8% to 20.2% where the recent window is at least twice the baseline), false alarms 2.0% (1,149
     * to 1,153 teams), AUC 0.853 to 0.854; the third zoo 22.9% to 23.0%, the fifth 12.5% to 12.6% (false alarms 224 to
     * 223 teams); the first, second and fourth zoos' summaries as before (their windows mostly end within their
     * baselines' reach; a few cells move by a team).
     * Half the baseline's length did more there (24.4%, AUC 0.856; first zoo 34.1% to 34.8%, AUC 0.908 to 0.910) but
     * failed {@code withTrendsOfTheirOwnTheSizeAtTheMinimumIsAboveTheLevel}: where every team's outcome has a real
     * trend of its own, a trend held too soon is a bias, and teams at the minimum were flagged 8.3% of the time at the
     * 3.16% level (its guard: 7.9%).
     */
    static final double TREND_HORIZON = 1.0;
    /**
     * A baseline trend this many times {@code sqrt(tau² + se²)} (the spread of a trend around what its peers suggest)
     * from that is the segment's own, kept unshrunk.
     */
    private static final double OWN_TREND_Z = 3;
    /** At most this many untouched peers make a segment's reference (its median is precise long before). */
    private static final int MAX_REFERENCE = 401;
    /** In groups of at most this many untouched segments, each is read against the calendar of the others alone. */
    private static final int LEAVE_ONE_OUT = 16;
    /**
     * At most this many untouched segments are borrowed by a date with too few of its own (each borrowing date keeps
     * their windows: with thousands of dates, thousands of such sets).
     */
    private static final int MAX_BORROWED = 100;
    /**
     * At most this many usable segments' baselines are kept by a calendar's fold so that, where every baseline shared a
     * shock, their trends can be read again without it for the trend prior (its first segments beyond that), and so that
     * the peers' relation reads its trends' errors without what every baseline shared ({@code idiosyncraticRelation}).
     */
    private static final int MAX_SHOCK_REFITS = 1_000;
    /**
     * At most this many baselines are kept by all the folds of one run together (about 850 bytes each at 52 weekly
     * blocks): a quota rolled out team by team makes a fold per date, each holding its few segments' baselines until
     * it concludes. A fold that keeps fewer than {@value #MIN_PEERS} recentres the prior on its untouched segments,
     * and reads the peers' relation with each trend's error as it is.
     */
    private static final int MAX_SHOCK_REFITS_TOTAL = 20_000;
    /**
     * The longest run of blocks at the end of the data that can be read as not yet complete (an export taken before
     * the last weeks' events were all recorded: counts low, the last week lowest).
     */
    static final int TAIL_BLOCKS = 3;
    /** The blocks before those, all after the date, against which each segment's level there is read (at most). */
    static final int TAIL_REFERENCE = 6;
    /** The fewest such blocks after the date a segment's level there is read against. */
    static final int TAIL_MIN_REFERENCE = 4;
    /** The least share of the segments below their own level in those blocks for a block read as not yet complete. */
    static final double TAIL_SHARE = 0.75;
    /** The least shared fall (log 1.105: a tenth below) read as a block not yet complete. */
    static final double TAIL_LEAST = 0.1;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Description description() {
        return DESCRIPTION;
    }

    /**
     * A segment's part of the expected response: its calendar, whether it can be examined, its baseline trends and their
     * errors, and its baseline block changes (two numbers a baseline block, which the fold pools block by block into a
     * fixed size per calendar); a segment whose proxy did not move also carries its baseline profile in blocks so that
     * it can serve as a reference peer (the fold keeps at most {@value #MAX_REFERENCE} + 1 of those per calendar and
     * split).
     */
    public static final class Summary implements java.io.Serializable {
        private static final long serialVersionUID = 10L;
        final String group;
        final String segment;
        final Granularity granularity;
        final boolean intervention;
        /** Why the segment cannot be examined, or null. */
        final String skip;
        /** Whether its baseline profile enters the peers' evidence and the trend shrinkage. */
        final boolean usable;
        final double outcomeSlope;
        final double outcomeSlopeSe;
        final double proxySlope;
        final double proxySlopeSe;
        final double errorCovariance;
        final int proxySign;
        final int outcomeSign;
        /**
         * Its baseline blocks relative to the baseline mean, the proxy's then the outcome's (NaN where missing): the fold
         * pools their block-to-block log changes block by block ({@link Profile#blockChanges(double[], int, int)}) and,
         * where every baseline shared a shock, reads its trends again without it; null where not usable.
         */
        final double[] baselineLevels;
        /**
         * Its profile when its proxy did not move materially (a possible reference peer), else null; continued from
         * the new level where its outcome shifted late in the baseline.
         */
        final Profile untouched;
        /**
         * Where {@link #untouched} is continued from a late shift of its outcome, its profile as it is (a shock every
         * segment shared late in the baseline, a holiday, is such a shift to each of them); null otherwise. Such a
         * summary carries two profiles (the fold keeps at most {@value #MAX_REFERENCE} + 1 per calendar and split).
         */
        final Profile untouchedAsIs;
        /**
         * Where its outcome shifted late in the baseline: its outcome trend and that trend's error read from the new
         * level, for the peers' trend shrinkage (the fields above read the outcome as it is, for the bar's evidence);
         * NaN otherwise.
         */
        final double continuedOutcomeSlope;
        final double continuedOutcomeSlopeSe;
        /**
         * Its baseline noise's lag-1 ratio about each line, as read (use, then outcome; NaN where not usable), and the
         * blocks each line was fitted to, for the calendar's pooled autocorrelation.
         */
        final double[] autocorrelation;
        final int[] fittedBlocks;
        /**
         * The log levels of its last {@value #TAIL_REFERENCE} + {@value #TAIL_BLOCKS} blocks, use then outcome, each
         * less the mean of the first {@value #TAIL_REFERENCE} of those that fall after the date (raw, not signed; NaN
         * where missing, not positive or before the date), for the fold's reading of a not yet complete end ({@link
         * #incompleteEnd}); null where not usable or where fewer than {@value #TAIL_MIN_REFERENCE} + {@value
         * #TAIL_BLOCKS} blocks follow the date.
         */
        final double[] tailLevels;
        /** Its blocks before and since the date, on its calendar (0 where not usable). */
        final int blocks;
        /**
         * Its part in the organisation's series, read at the organisation's date whatever its own ({@link
         * Composition#measure}).
         */
        final double[] inOrganisation;

        private Summary(PairSeries s, Profile p, String skip, Profile untouched, Profile continued, double[] share) {
            this.group = groupOf(s);
            this.segment = s.segment();
            this.granularity = s.granularity();
            this.intervention = s.intervention();
            this.skip = skip;
            this.usable = p.skip == null;
            this.outcomeSlope = usable ? p.outcome.fit.slope : Double.NaN;
            this.outcomeSlopeSe = usable ? p.outcome.fit.slopeSe : Double.NaN;
            this.proxySlope = usable ? p.proxy.fit.slope : Double.NaN;
            this.proxySlopeSe = usable ? p.proxy.fit.slopeSe : Double.NaN;
            this.errorCovariance = usable ? p.slopeErrorCovariance() : 0;
            this.proxySign = usable ? p.proxy.sign : 0;
            this.outcomeSign = usable ? p.outcome.sign : 0;
            this.baselineLevels = usable ? p.baselineLevels() : null;
            this.untouched = untouched;
            this.untouchedAsIs = untouched != null && untouched != p ? p : null;
            boolean shifted = usable && continued != null;
            this.continuedOutcomeSlope = shifted ? continued.outcome.fit.slope : Double.NaN;
            this.continuedOutcomeSlopeSe = shifted ? continued.outcome.fit.slopeSe : Double.NaN;
            this.autocorrelation = usable ? new double[] {p.proxy.fit.lag1Ratio(), p.outcome.fit.lag1Ratio()} : null;
            this.fittedBlocks = usable ? new int[] {p.proxy.fit.blocks(), p.outcome.fit.blocks()} : null;
            this.tailLevels = usable ? tailLevels(p) : null;
            this.blocks = usable ? p.proxy.relative.length : 0;
            this.inOrganisation = share;
        }


        /** The segment this summarises. */
        public String segment() {
            return segment;
        }
    }

    /** Segments are compared with peers on the same calendar and split (so their blocks are the same). */
    private static String groupOf(PairSeries s) {
        return s.granularity() + "/" + s.start() + "/" + s.length() + "/" + s.split();
    }

    /** The calendar of a {@link #groupOf} key, without its split: "granularity/start/length/". */
    private static String calendarOf(String group) {
        return group.substring(0, group.lastIndexOf('/') + 1);
    }

    @Override
    public Summary summarize(Context context, PairSeries asMeasured) {
        // a share near its ceiling is read by what it lacks of it (ShareCeiling)
        PairSeries raw = ShareCeiling.read(asMeasured);
        // a runaway week of use, before or after the date, is left out (RunawayWeeks); the outcome's episodes only in
        // the segment's own question (finding), after any shock all shared is read out
        PairSeries kept = raw.runawayUse().series(); // kept on the pair: coupling and yield decay read it too
        // the segment's part of the organisation without it too: a week of a hundred times its use (a mistyped cell)
        // made it hold nearly all of the baseline's use, and the segments' rises, so weighed, came to nothing against
        // the organisation's (a fuzzing helper's file: the organisation DIVERGING 60 without the cell, HEALTHY 0 with)
        double[] share = Composition.measure(context.model(),
                raw == asMeasured ? kept : asMeasured.runawayUse().series());
        // a rise that began before the declared date ends the baseline there (ProxyOnset)
        PairSeries s = ProxyOnset.find(kept).baseline(kept);
        Profile p = Profile.of(s, new Sums(s), s.split(), s.length());
        if (p.skip != null) {
            return new Summary(s, p, p.skip, null, null, share);
        }
        // an outcome that shifted late in the baseline (a story of its own) is read from its new level for what the
        // segment tells its peers (its trend for the shrinkage, its change as a reference peer); the bar's evidence
        // reads it as it is
        ProxyOnset.Shift shift = ProxyOnset.outcomeShift(s);
        Profile continued = null;
        if (shift != null && shift.found()) {
            PairSeries c = shift.continued(s);
            continued = c == null ? null : Profile.of(c, new Sums(c), c.split(), c.length()).withOutcomeShift(shift);
            if (continued != null && (continued.skip != null || windowSkip(continued.windows(continued.proxy,
                    Shrinkage.NONE), continued.windows(continued.outcome, Shrinkage.NONE)) != null)) {
                continued = null;
            }
        }
        Window[] proxyWindows = p.windows(p.proxy, Shrinkage.NONE);
        // whether the outcome's windows exist and are finite does not depend on the trend shrinkage: measured unshrunk
        Window[] outcomeWindows = p.windows(p.outcome, Shrinkage.NONE);
        String skip = windowSkip(proxyWindows, outcomeWindows);
        boolean untouched = skip == null && still(proxyWindows[0])
                && (proxyWindows[1] == null || still(proxyWindows[1]));
        return new Summary(s, p, skip, untouched ? (continued != null ? continued : p) : null, continued, share);
    }

    /**
     * Whether the use's window against its own, unpulled line ({@code own}; null: nothing to check) falls short of the
     * material rise by more than {@value #OWN_LINE_Z} of its errors widened by {@code kappa}.
     */
    private static boolean ownLineMisses(Window own, double kappa) {
        return own != null && (own.change - MATERIAL) / (kappa * own.se) < OWN_LINE_Z;
    }

    /** The sign that turns a proxy change into "more use" as the link counts it. */
    private static int useSign(PairSeries s) {
        return s.proxySign() * s.link().expectedSign();
    }

    /** Why windows cannot be used, or null. */
    private static String windowSkip(Window[] proxy, Window[] outcome) {
        if (proxy[0] == null || outcome[0] == null) {
            return "fewer than " + MIN_WINDOW_BLOCKS + " observed blocks since the intervention";
        }
        if (!finite(proxy) || !finite(outcome)) {
            // the sums are read in a safe unit (Sums): only a level beyond the range of a double times another is left
            return "values too far apart to read as a change (one window's level over the other's is beyond the range"
                    + " of a double)";
        }
        return null;
    }

    private static boolean finite(Window[] windows) {
        for (Window w : windows) {
            if (w != null && !(Double.isFinite(w.change) && Double.isFinite(w.se))) {
                return false;
            }
        }
        return true;
    }

    /**
     * A profile's {@link Summary#tailLevels}: null where the blocks since the date are fewer than {@value
     * #TAIL_MIN_REFERENCE} + {@value #TAIL_BLOCKS}; the reference positions before the date are NaN, and a series with
     * fewer than {@value #TAIL_MIN_REFERENCE} reference blocks seen is NaN throughout.
     */
    private static double[] tailLevels(Profile p) {
        int m = TAIL_REFERENCE + TAIL_BLOCKS;
        int n = p.proxy.relative.length;
        if (n - TAIL_MIN_REFERENCE - TAIL_BLOCKS < p.before) {
            return null;
        }
        double[] out = new double[2 * m];
        Arrays.fill(out, Double.NaN);
        double[][] series = {p.proxy.relative, p.outcome.relative};
        for (int k = 0; k < 2; k++) {
            double sum = 0;
            int seen = 0;
            for (int j = 0; j < m; j++) {
                int b = n - m + j;
                double v = b >= p.before ? series[k][b] : Double.NaN;
                if (v > 0) {
                    out[k * m + j] = Math.log(v);
                    if (j < TAIL_REFERENCE) {
                        sum += out[k * m + j];
                        seen++;
                    }
                }
            }
            for (int j = 0; j < m; j++) {
                out[k * m + j] = seen >= TAIL_MIN_REFERENCE ? out[k * m + j] - sum / seen : Double.NaN;
            }
        }
        return out;
    }

    /**
     * How many of the last blocks of a calendar are not yet complete, from its segments' {@link Summary#tailLevels}
     * folded into {@code moments} (per series and block; see the end): the last block is where the segments' mean
     * level there, in use or in outcome, fell below their level in the reference blocks (up to {@value
     * #TAIL_REFERENCE} after the date, before the last {@value #TAIL_BLOCKS}) by more than {@value #TAIL_LEAST} in
     * logs (about a tenth) and more than {@link
     * SharedCalendar#SHOCK_SPREADS} times the larger of the root mean square of their mean level in those blocks (how
     * far their shared level wanders) and that mean's standard error in the block (their own noise in it, their spread
     * pooled over the reference blocks); the block before it likewise, and so on, up to {@value #TAIL_BLOCKS}.
     * Only a fall: an export taken before the last weeks' events were all recorded has fewer of them (counts, and the
     * mean cycle time of the items already closed). And most segments must have fallen themselves: at least {@value
     * #TAIL_SHARE} of them below their own level there (a third of the teams whose outcome fell 40% at the end move the
     * mean as much, and that is their story, not the export's). At least {@link SharedCalendar#MIN_SEGMENTS} segments
     * must have seen each block, and {@value #TAIL_MIN_REFERENCE} reference blocks; 0 where none is. The moments are
     * per series and block {n, mean, sum of squared deviations, segments below 0}.
     */
    static int incompleteEnd(double[][] moments) {
        int m = TAIL_REFERENCE + TAIL_BLOCKS;
        int incomplete = 0;
        for (int k = 0; k < 2; k++) {
            double wander = 0;
            double squares = 0;
            double df = 0;
            int seen = 0;
            for (int j = 0; j < TAIL_REFERENCE; j++) {
                double[] c = moments[k * m + j];
                if (c[0] >= SharedCalendar.MIN_SEGMENTS) {
                    wander += c[1] * c[1];
                    squares += c[2];
                    df += c[0] - 1;
                    seen++;
                }
            }
            int run = 0;
            if (seen >= TAIL_MIN_REFERENCE) {
                double shared = Math.sqrt(wander / seen);
                for (int j = m - 1; j >= TAIL_REFERENCE; j--) {
                    double[] c = moments[k * m + j];
                    if (!(c[0] >= SharedCalendar.MIN_SEGMENTS)) {
                        break;
                    }
                    // the segments' spread pooled over the reference blocks (a block's own, from a few segments, is
                    // too rough to bound a fall by)
                    double se = Math.sqrt(squares / df / c[0]);
                    if (!(c[1] < -Math.max(TAIL_LEAST, SharedCalendar.SHOCK_SPREADS * Math.max(shared, se)))
                            || c[3] < TAIL_SHARE * c[0]) {
                        break;
                    }
                    run++;
                }
            }
            incomplete = Math.max(incomplete, run);
        }
        return incomplete;
    }

    /**
     * The organisation's finding read against its own baseline ({@code own}) and against the segments whose use did
     * not move ({@code against}): its p-value the larger, so that it is accused only where both readings find a
     * shortfall (an intersection-union test, Berger 1982); its statistic and what it owed its own baseline's, so that
     * only that reading clears it, as before the untouched segments were read for it (read alone, their own story, an
     * outcome 20% worse while two thirds of the teams gamed, cleared an organisation whose other detectors all found
     * the shortfall). Where the untouched segments' reading is the weaker accusation its sentence leads, the own reading's
     * follows.
     */
    private static Finding bothReadings(Finding own, Finding against) {
        if (!(against.pValue() > own.pValue())) {
            return own;
        }
        return new Finding(own.detector(), own.statistic(), against.pValue(), against.qValue(), against.effect(),
                against.message() + " Against its own baseline alone: " + own.message(),
                "read both ways, accused only where both find a shortfall (the p-value the larger) and cleared only by"
                        + " its own baseline (the statistic its); against the segments whose use did not move, "
                        + against.detail() + "; against its own baseline alone, " + own.detail(),
                against.dates(), own.nothingOwed(), undecided(own, against));
    }

    /**
     * Whether the organisation's two readings leave it undecided: both find the shortfall (each undecided, or
     * significant at {@value #UNDECIDED_LEVEL}), one at least could not establish the rise, and its own baseline does
     * not say that nothing was owed (a reading that found no shortfall answers the question).
     */
    private static boolean undecided(Finding own, Finding against) {
        boolean ownShort = own.undecided() || own.pValue() < UNDECIDED_LEVEL;
        boolean againstShort = against.undecided() || against.pValue() < UNDECIDED_LEVEL;
        return (own.undecided() || against.undecided()) && ownShort && againstShort && !own.nothingOwed();
    }

    /**
     * The organisation's outcome as the sentence on its composition reads it: "the organisation's tickets", or for a
     * share read by what it lacks of its ceiling, "what the organisation's pass lacks of 1".
     */
    private static String organisationOutcome(PairSeries org) {
        double ceiling = ShareCeiling.ceiling(org);
        return Double.isNaN(ceiling) ? "the organisation's " + org.outcomeLabel()
                : "what the organisation's " + org.outcomeLabel() + " lacks of " + (ceiling == 1 ? "1" : "100%");
    }

    /**
     * Whether the segments' state {@code teams} gives the organisation's own pair a reference: at least {@value
     * #MIN_REFERENCE} untouched segments, or two that both lost ({@link GroupState#sharedLoss}).
     */
    private static boolean referenced(GroupState teams, PairSeries org) {
        Reference ref = teams.reference(org.segment(), teams.elasticity(org.link()));
        return ref.peers() >= MIN_REFERENCE || ref.fromLoss()[0] || ref.fromLoss()[WINDOWS - 1];
    }

    /** Whether a proxy change is no material move: under 10%, or within two of its standard errors. */
    private static boolean still(Window w) {
        return still(w.change, w.se);
    }

    /** Whether a log change with standard error {@code se} is no material move: under 10%, or within two errors. */
    private static boolean still(double change, double se) {
        return Math.abs(change) < Math.max(MATERIAL, 2 * se);
    }

    /**
     * What every segment needs from its peers: per calendar and split, the outcome trends' shrinkage, the elasticity
     * evidence and the reference peers' windows; and why segments could not be examined (for the message when none
     * could).
     */
    public static final class Shared implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        final Map<String, GroupState> groups;
        final List<String> reasons;
        final int reasonCount;

        Shared(Map<String, GroupState> groups, List<String> reasons, int reasonCount) {
            this.groups = groups;
            this.reasons = reasons;
            this.reasonCount = reasonCount;
        }
    }

    /**
     * The fold: per calendar the usable profiles' trends (48 bytes a segment), the first untouched peers and the first
     * baselines ({@value #MAX_SHOCK_REFITS} a calendar, {@value #MAX_SHOCK_REFITS_TOTAL} in all).
     */
    @Override
    public Merger<Summary, Shared> merger(Context context) {
        return new Merger<>() {
            private final Map<String, GroupFold> groups = new LinkedHashMap<>();
            /** The first reasons of each calendar, listed calendar by calendar as one machine lists them. */
            private final Map<String, List<String>> reasons = new LinkedHashMap<>();
            private int reasonCount;
            /** The baselines the folds keep for a prior read without a shock, all together. */
            private int keptBaselines;
            private boolean anyIntervention;
            private long expected;
            /** Every segment's part in the organisation's series, for what its rise owes. */
            private final Composition.Fold composition = new Composition.Fold();

            @Override
            public void expect(long segments) {
                expected = segments;
            }

            @Override
            public void add(Summary s) {
                // the first calendar usually holds every segment: sized for all of them at once when told how many
                GroupFold fold = groups.computeIfAbsent(s.group, k -> new GroupFold(groups.isEmpty() ? expected : 0));
                if (fold.add(s, keptBaselines < MAX_SHOCK_REFITS_TOTAL)) {
                    keptBaselines++;
                }
                composition.add(s.inOrganisation);
                if (s.intervention) {
                    anyIntervention = true;
                    if (s.skip != null) {
                        reasonCount++;
                        List<String> own = reasons.computeIfAbsent(s.group, k -> new ArrayList<>());
                        if (own.size() < 3) {
                            own.add(s.segment + ": " + s.skip);
                        }
                    }
                }
            }

            @Override
            public Conclusion<Shared> conclude(Optional<PairSeries> organisation) {
                Map<String, GroupState> states = new LinkedHashMap<>();
                Evidence pooled = null;
                // an export's last weeks not yet complete are read once per calendar, from the segments of all its
                // dates, and left out at every date (a date that borrows peers reads them as they read themselves)
                Map<String, double[][]> calendars = new LinkedHashMap<>();
                for (Map.Entry<String, GroupFold> g : groups.entrySet()) {
                    double[][] tail = g.getValue().tailMoments;
                    double[][] pooledTail = calendars.computeIfAbsent(calendarOf(g.getKey()),
                            k -> new double[tail.length][4]);
                    for (int j = 0; j < pooledTail.length; j++) {
                        mergeMoments(pooledTail[j], tail[j]);
                    }
                }
                Map<String, Integer> incompleteOn = new LinkedHashMap<>();
                calendars.forEach((calendar, m) -> incompleteOn.put(calendar, incompleteEnd(m)));
                for (Map.Entry<String, GroupFold> g : groups.entrySet()) {
                    GroupState state = g.getValue().conclude(context, null, incompleteOn.get(calendarOf(g.getKey())));
                    if (pooled == null || state.evidence.peers > pooled.peers) {
                        pooled = state.evidence;
                    }
                    states.put(g.getKey(), state);
                }
                borrowReferences(states);
                List<Finding> own = new ArrayList<>();
                List<String> why = new ArrayList<>();
                for (String g : groups.keySet()) {
                    for (String r : reasons.getOrDefault(g, List.of())) {
                        if (why.size() < 3) {
                            why.add(r);
                        }
                    }
                }
                int count = reasonCount;
                if (organisation.isPresent() && organisation.get().intervention()) {
                    PairSeries org = organisation.get();
                    Summary s = summarize(context, org);
                    GroupState teams = states.get(groupOf(org));
                    GroupFold alone = new GroupFold();
                    alone.add(s, true);
                    GroupState state = alone.conclude(context, pooled);
                    // the teams of its calendar tell whether the export's last weeks are complete
                    state.tail = teams != null ? teams.tail : null;
                    // its outcome moves with each segment's as far as that one holds a share of it
                    IntegrityModel model = context.model();
                    Composition shares = composition.conclude(Composition.measure(model,
                            org.runawayUse().series()),
                            model.exposureOf(org.link().proxy()).isPresent()
                                    || model.exposureOf(org.link().outcome()).isPresent(),
                            ShareCeiling.ceiling(org));
                    Finding f = s.skip == null ? finding(context, state, org, shares, null) : null;
                    if (f != null && teams != null && referenced(teams, org)) {
                        // judged against what the untouched segments gained anyway too: accused only where both
                        // readings find it short
                        Finding against = finding(context, teams, org, shares, null);
                        if (against != null) {
                            f = bothReadings(f, against);
                        }
                    }
                    if (f != null && shares.said() && f.message().contains(shares.counting())) {
                        // a reading counted part of the organisation's rise: why, once, at the end
                        f = new Finding(f.detector(), f.statistic(), f.pValue(), f.qValue(), f.effect(),
                                f.message() + shares.clause(organisationOutcome(org)), f.detail(), f.dates(),
                                f.nothingOwed(), f.undecided());
                    }
                    if (f != null) {
                        own.add(f);
                    } else {
                        anyIntervention = true;
                        count++;
                        if (why.size() < 3) {
                            why.add("the organisation: " + (s.skip != null ? s.skip : "windows too short"));
                        }
                    }
                }
                if (!anyIntervention && own.isEmpty()) {
                    return Conclusion.skipped("no segment had an intervention date");
                }
                return new Conclusion<>(new Shared(states, List.copyOf(why), count), own, null);
            }

            /**
             * A split with fewer than {@value #MIN_UNTOUCHED} untouched segments of its own (interventions rolled out
             * team by team or in small waves, or a few teams given a quota beside teams without one) borrows the
             * untouched segments of the other splits on its calendar, segments without an intervention included, read
             * at its split (their blocks re-based to the baseline before it; for daily data at the week boundary
             * nearest it, so their windows may start up to three days off) and still untouched there, in the order the
             * splits first appeared, up to {@value #MAX_BORROWED}; a segment read from a level its outcome shifted to
             * before its own date is not borrowed. What the organisation gained anyway is then subtracted as with one
             * date: where every team had its own date and the whole organisation improved 13%, the teams that doubled
             * their tokens with nothing gained were flagged 0 times in 120 without it. Where the date has fewer than
             * {@value #MIN_PEERS} usable segments of its own (no trend prior from peers), the outcome trends' shrinkage
             * is fitted on those untouched segments read at its split. Where they share a calendar at its split (the
             * organisation's gain inside this date's baseline is one: every untouched team took the step), its
             * segments are read without it as for a calendar of one date's own: each team its own date and the
             * organisation 13% better on day 91, doubled teams flagged 111 times in 120 instead of 8.
             */
            private void borrowReferences(Map<String, GroupState> states) {
                for (Map.Entry<String, GroupState> e : states.entrySet()) {
                    GroupState state = e.getValue();
                    if (state.names.length >= MIN_UNTOUCHED) {
                        continue;
                    }
                    String key = e.getKey();
                    String calendar = calendarOf(key);
                    int split = Integer.parseInt(key.substring(calendar.length()));
                    List<String> names = new ArrayList<>(Arrays.asList(state.names));
                    List<Window[]> proxy = new ArrayList<>(Arrays.asList(state.proxyWindows));
                    List<Window[]> outcome = new ArrayList<>(Arrays.asList(state.outcomeWindows));
                    GroupFold own = groups.get(key);
                    // a date whose baselines shared a shock reads its own untouched segments without it (with fewer
                    // than MIN_UNTOUCHED of them, no calendar was read: its names are theirs), and the borrowed too
                    List<Profile> profiles = new ArrayList<>(state.shocks != null ? own.shockRead : own.candidates);
                    for (Map.Entry<String, GroupFold> other : groups.entrySet()) {
                        if (names.size() >= MAX_BORROWED) {
                            break;
                        }
                        if (other.getKey().equals(key) || !other.getKey().startsWith(calendar)) {
                            continue;
                        }
                        GroupFold f = other.getValue();
                        // an export's incomplete end: the peers read as this date reads its own segments (left out
                        // here, left out of them; kept here, a date too late to spare the weeks, kept in them)
                        List<Profile> lent = state.tail == null && f.untrimmed != null ? f.untrimmed : f.candidates;
                        List<String> lentNames = lent == f.candidates ? f.candidateNames : f.untrimmedNames;
                        for (int k = 0; k < lent.size() && names.size() < MAX_BORROWED; k++) {
                            if (lent.get(k).outcomeShiftVariance > 0) {
                                // read from the new level its outcome shifted to before its own date: at another
                                // date that removed step can sit inside the window (the organisation's own gain)
                                continue;
                            }
                            Profile q = lent.get(k).atSplit(split);
                            if (q != null && state.tail != null) {
                                q = q.withoutShocks(state.tail);
                            }
                            if (q != null && state.shocks != null) {
                                q = q.withoutShocks(state.shocks);
                            }
                            if (q == null) {
                                continue;
                            }
                            Window[] p = q.windows(q.proxy, Shrinkage.NONE);
                            Window[] o = q.windows(q.outcome, state.outcomeShrink);
                            if (windowSkip(p, o) == null && still(p[0]) && (p[1] == null || still(p[1]))) {
                                names.add(lentNames.get(k));
                                proxy.add(p);
                                outcome.add(o);
                                profiles.add(q);
                            }
                        }
                    }
                    Shrinkage shrink = state.outcomeShrink;
                    int n = profiles.size();
                    if ((own.usable < MIN_PEERS || state.shocks != null && !state.priorWithoutShocks)
                            && n >= MIN_PEERS && n > state.names.length) {
                        // too few segments of its own for a trend prior (or only trends read with a shock every
                        // baseline shared): the untouched ones read at its split give it
                        double[][] t = trends(profiles);
                        shrink = Shrinkage.of(n, t[0], t[1], t[2], own.proxySign, own.outcomeSign, new double[n]);
                        for (int k = 0; k < n; k++) {
                            Profile q = profiles.get(k);
                            outcome.set(k, q.windows(q.outcome, shrink));
                        }
                    }
                    GroupState chosen = state;
                    if (names.size() > state.names.length) {
                        chosen = new GroupState(shrink, state.evidence,
                                names.toArray(new String[0]), proxy.toArray(new Window[0][]),
                                outcome.toArray(new Window[0][]));
                        chosen.shared = chosen.computeReference(chosen.referencePeers(null),
                                chosen.elasticity(context.link()));
                        chosen.shocks = state.shocks;
                        chosen.priorWithoutShocks = state.priorWithoutShocks && shrink == state.outcomeShrink;
                        chosen.tail = state.tail;
                    }
                    if (n >= SharedCalendar.MIN_SEGMENTS) {
                        // a calendar the untouched segments share, read at this split: a step the whole organisation
                        // took inside this date's baseline (another date's gain) is one
                        String[] parts = key.split("/");
                        int block = blockLength(Granularity.valueOf(parts[0]));
                        int before = split / block;
                        int blocks = before + (Integer.parseInt(parts[2]) - split) / block;
                        GroupState c = withoutCalendar(context, profiles, names, chosen, before, blocks);
                        if (c != null) {
                            c.shocks = state.shocks;
                            c.priorWithoutShocks = chosen.priorWithoutShocks;
                            c.tail = state.tail;
                            chosen = c;
                        }
                    }
                    chosen.proxyNoise = state.proxyNoise;
                    chosen.proxyShrink = state.proxyShrink;
                    chosen.outcomeNoise = state.outcomeNoise;
                    e.setValue(chosen);
                }
            }
        };
    }

    @Override
    public String noFindingReason(Shared shared) {
        return shared.reasonCount == 0 ? "no segment had an intervention date"
                : "no segment could be examined (" + String.join("; ", shared.reasons)
                + (shared.reasonCount > 3 ? "; and " + (shared.reasonCount - 3) + " more" : "") + ")";
    }

    @Override
    public List<Finding> findings(Context context, Shared shared, PairSeries s) {
        if (!s.intervention()) {
            return List.of();
        }
        GroupState state = shared.groups.get(groupOf(s));
        if (state == null) {
            return List.of();
        }
        state = state.forSegment(s.segment());
        Finding f = finding(context, state, s, Composition.WHOLE, null);
        return f == null ? List.of() : List.of(f);
    }

    /** No finding: {@code reason} into {@code why[0]} where the caller asked why (non-null {@code why}). */
    private static Finding unread(String[] why, String reason) {
        if (why != null) {
            why[0] = reason;
        }
        return null;
    }

    /** Why a segment with an intervention could not be read (its profile or its windows), or null. */
    @Override
    public String unread(Context context, Shared shared, PairSeries s) {
        GroupState state = s.intervention() ? shared.groups.get(groupOf(s)) : null;
        if (state == null) {
            return null;
        }
        String[] why = new String[1];
        return finding(context, state.forSegment(s.segment()), s, Composition.WHOLE, why) == null ? why[0] : null;
    }

    /**
     * How many blocks before each one the level relation's use reaches back ({@link PanelSlope}'s trail): three for
     * weeks (a month), none for months.
     */
    static int trailingBlocks(Granularity g) {
        return g == Granularity.MONTH ? 0 : 3;
    }

    /**
     * The kept baselines ({@link Summary#baselineLevels}) as a panel of log levels, the use signed as more use and the
     * outcome as better; NaN where a block is missing or not positive. Reads them in place.
     */
    private record BaselinePanel(List<double[]> baselines, int proxySign, int outcomeSign)
            implements PanelSlope.Panel {
        @Override
        public int units() {
            return baselines.size();
        }

        @Override
        public int periods() {
            return baselines.get(0).length / 2;
        }

        @Override
        public double x(int unit, int period) {
            double v = baselines.get(unit)[period];
            return v > 0 ? proxySign * Math.log(v) : Double.NaN;
        }

        @Override
        public double y(int unit, int period) {
            double[] levels = baselines.get(unit);
            double v = levels[levels.length / 2 + period];
            return v > 0 ? outcomeSign * Math.log(v) : Double.NaN;
        }
    }

    /** Blocks: weeks for daily data, single periods otherwise. */
    static int blockLength(Granularity g) {
        return g == Granularity.DAY ? 7 : 1;
    }

    /**
     * The bar's evidence from a calendar's baselines, each reference already halfway between no gain and its estimate
     * and never above its lower bound at two standard errors (NaN where there is none): the peers' long-run relation
     * (their trends), the short-run one (block-to-block changes) and the level one (within each segment,
     * {@link PanelSlope}); and how many usable segments there were.
     */
    private record Evidence(double peerLongRun, double shortRun, double levels, int peers)
            implements java.io.Serializable {
        /** Each reference the larger of this and {@code other}'s (NaN counts as none); the larger peer count. */
        Evidence orLarger(Evidence other) {
            return new Evidence(larger(peerLongRun, other.peerLongRun), larger(shortRun, other.shortRun),
                    larger(levels, other.levels), Math.max(peers, other.peers));
        }

        private static double larger(double a, double b) {
            return Double.isNaN(a) ? b : Double.isNaN(b) ? a : Math.max(a, b);
        }

        /**
         * The largest of the references, each halfway between no gain and its estimate but never above its lower
         * bound at two standard errors (a noisy estimate that is significant by luck must not set a high bar); NaN
         * when there is no evidence.
         */
        double bound() {
            return larger(larger(peerLongRun, shortRun), levels);
        }

        /** Whether some reference shows that more use bought a gain (the bar then comes from the baseline). */
        boolean anyGain() {
            return peerLongRun > 0 || shortRun > 0 || levels > 0;
        }
    }

    /** The fold of one calendar's summaries, in segment order. */
    private static final class GroupFold {
        int usable;
        double[] outcomeSlope;
        double[] outcomeSlopeSe;
        double[] proxySlope;
        double[] proxySlopeSe;
        /** The covariance of the errors of each segment's proxy and outcome trends (signed). */
        double[] errorCovariance;
        int proxySign;
        int outcomeSign;
        /** The calendar's granularity (from its first usable segment). */
        Granularity granularity;
        /**
         * Per baseline block after the first, the co-moments {n, mean x, mean y, sxx, syy, sxy} of the segments'
         * {proxy, outcome} changes into it; null until a usable segment arrives.
         */
        double[][] blockMoments;
        /** The first untouched segments (at most one more than a reference holds), in segment order. */
        final List<Profile> candidates = new ArrayList<>();
        final List<String> candidateNames = new ArrayList<>();
        /** Per candidate, its profile as it is where the candidate is continued from a late outcome shift, else null. */
        final List<Profile> candidatesAsIs = new ArrayList<>();
        /** Where the baselines shared a shock, the candidates that stayed untouched read without it, in order. */
        final List<Profile> shockRead = new ArrayList<>();
        /** The first {@value #MAX_SHOCK_REFITS} usable segments' baselines ({@link Summary#baselineLevels}). */
        final List<double[]> baselines = new ArrayList<>();
        /** The segments whose outcome shifted late in the baseline: their trends read from the new level. */
        final List<Continued> continued = new ArrayList<>();
        /** Per series (use, outcome): moments of the usable segments' autocorrelations ({@link Autocorrelation}). */
        final double[][] autocorrelation = new double[2][6];
        /**
         * Per series (use, outcome) and each of the last {@value #TAIL_REFERENCE} + {@value #TAIL_BLOCKS} blocks, the
         * usable segments' {@link Summary#tailLevels} as {n, mean, sum of squared deviations, how many below 0}
         * ({@link #incompleteEnd}).
         */
        final double[][] tailMoments = new double[2 * (TAIL_REFERENCE + TAIL_BLOCKS)][4];
        /**
         * Where the calendar's incomplete end was left out of {@link #candidates}, those candidates and their names as
         * they were, for a date too late to spare those weeks that borrows them ({@link #withoutTail}); else null.
         */
        List<Profile> untrimmed;
        List<String> untrimmedNames;
        /** The calendar's blocks before and since the date, and before it (its usable segments', all alike). */
        int blocks;
        int before;
        /** The use's trend shrinkage, set as the fold concludes. */
        Shrinkage proxyTrendShrink = Shrinkage.NONE;

        GroupFold() {
            this(0);
        }

        /** A fold sized for {@code expected} segments (16 when not known). */
        GroupFold(long expected) {
            int size = (int) Math.max(16, Math.min(Integer.MAX_VALUE - 8, expected));
            outcomeSlope = new double[size];
            outcomeSlopeSe = new double[size];
            proxySlope = new double[size];
            proxySlopeSe = new double[size];
            errorCovariance = new double[size];
        }

        /**
         * Whether a read segment's baseline is long enough to be a peer's evidence (the trends' relation that sets the
         * bar, their spread and centre, the pooled noise): both its lines fitted on {@value #PEER_BLOCKS} blocks or
         * more, or on half the calendar's baseline blocks where that is fewer. A team renamed six weeks before the
         * date, in a calendar of 26, has trends of six points that are mostly noise and, far from the others, set the
         * relation alone (a helper's organisation: the bar at elasticity 0.66 instead of the declared 0.10, two honest
         * adopters DIVERGING); it is still read itself. Half the calendar alone was too much where one team's history
         * is long (a reviewer: one team of 100 weeks beside teams of 10 left them no peers, and doublings found 0 of 80
         * instead of 8).
         */
        static boolean peer(Summary s) {
            if (!s.usable || s.skip != null) {
                // a segment not read itself (no window since the date: it stopped before it) lends no evidence
                // either: its baseline weeks may be another team's gaming (a helper's team shifted a year earlier
                // moved the bar from 0.25 to 0.18 and cleared the organisation's row)
                return false;
            }
            int calendar = s.baselineLevels.length / 2;
            int need = Math.min(PEER_BLOCKS, (calendar + 1) / 2);
            return s.fittedBlocks[0] >= need && s.fittedBlocks[1] >= need;
        }

        /** Adds a summary; true where its baseline was kept (only where {@code keepBaseline} and there is room). */
        boolean add(Summary s, boolean keepBaseline) {
            boolean kept = false;
            boolean peer = peer(s);
            if (peer && !Double.isNaN(s.continuedOutcomeSlope)) {
                continued.add(new Continued(usable, s.continuedOutcomeSlope, s.continuedOutcomeSlopeSe));
            }
            if (peer) {
                if (usable == outcomeSlope.length) {
                    int n = 2 * usable;
                    outcomeSlope = Arrays.copyOf(outcomeSlope, n);
                    outcomeSlopeSe = Arrays.copyOf(outcomeSlopeSe, n);
                    proxySlope = Arrays.copyOf(proxySlope, n);
                    proxySlopeSe = Arrays.copyOf(proxySlopeSe, n);
                    errorCovariance = Arrays.copyOf(errorCovariance, n);
                }
                if (usable == 0) {
                    proxySign = s.proxySign;
                    outcomeSign = s.outcomeSign;
                    granularity = s.granularity;
                }
                outcomeSlope[usable] = s.outcomeSlope;
                outcomeSlopeSe[usable] = s.outcomeSlopeSe;
                proxySlope[usable] = s.proxySlope;
                proxySlopeSe[usable] = s.proxySlopeSe;
                errorCovariance[usable] = s.errorCovariance;
                usable++;
                for (int k = 0; k < 2; k++) {
                    Autocorrelation.add(autocorrelation[k], s.autocorrelation[k], s.fittedBlocks[k],
                            s.baselineLevels.length / 2);
                }
                addBlockChanges(Profile.blockChanges(s.baselineLevels, s.proxySign, s.outcomeSign));
                blocks = s.blocks;
                before = s.baselineLevels.length / 2;
                if (s.tailLevels != null) {
                    for (int j = 0; j < tailMoments.length; j++) {
                        addTailLevel(tailMoments[j], s.tailLevels[j]);
                    }
                }
                if (keepBaseline && baselines.size() < MAX_SHOCK_REFITS) {
                    baselines.add(s.baselineLevels);
                    kept = true;
                }
            }
            if (s.untouched != null && candidates.size() <= MAX_REFERENCE) {
                candidates.add(s.untouched);
                candidatesAsIs.add(s.untouchedAsIs);
                candidateNames.add(s.segment);
            }
            return kept;
        }

        /**
         * The trend shrinkages with every kept baseline's trends read without the {@code shocks} blocks (every trend read
         * with a shock all shared was moved by it), in one pass over them: {the outcome's, or null; the use's, or
         * {@link Shrinkage#NONE}} (a holiday as the baseline ended bent every use's line: pulled toward their median,
         * honest adopters' rises read against a fall, flagged 16 times in 120 where 9 were before); neither with fewer
         * than {@value #MIN_PEERS} such baselines.
         */
        private Shrinkage[] shockFreePriors(boolean[] shocks) {
            int n = 0;
            double[][] t = new double[5][baselines.size()];
            for (double[] levels : baselines) {
                double[] r = Profile.trendsWithout(levels, shocks);
                if (r != null) {
                    for (int k = 0; k < 4; k++) {
                        t[k][n] = r[k];
                    }
                    n++;
                }
            }
            if (n < MIN_PEERS) {
                return new Shrinkage[] {null, Shrinkage.NONE};
            }
            // the use's first: the outcome's selects its medians in the use's errors
            Shrinkage use = Shrinkage.ofTrends(n, t[2], t[3], t[4]);
            return new Shrinkage[] {Shrinkage.of(n, t[0], t[1], t[2], proxySign, outcomeSign, t[3]), use};
        }

        /** Adds one segment's baseline block changes to the per-block co-moments (segments of a calendar share blocks). */
        private void addBlockChanges(double[] v) {
            int m = v.length / 2;
            if (blockMoments == null) {
                blockMoments = new double[m][6];
            }
            if (blockMoments.length != m) {
                throw new IllegalStateException("expected response: a calendar's segments have " + blockMoments.length
                        + " and " + m + " baseline block changes");
            }
            for (int b = 0; b < m; b++) {
                double x = v[b];
                double y = v[m + b];
                if (!Double.isNaN(x) && !Double.isNaN(y)) {
                    addMoment(blockMoments[b], x, y);
                }
            }
        }

        /**
         * Concludes the fold, once: the evidence first, the last to read the proxy trends' errors, whose array then
         * serves the shrinkage as scratch (its medians selected in place), so the conclusion allocates nothing that
         * grows with the segments; the fold then drops its arrays.
         */
        GroupState conclude(Context context, Evidence fallback) {
            return conclude(context, fallback, 0);
        }

        /**
         * As {@link #conclude(Context, Evidence)}, the last {@code incomplete} blocks of the calendar not yet complete
         * ({@link #incompleteEnd}, read once for every date on the calendar): left out of every segment, as many of
         * them as leave this date {@value #MIN_WINDOW_BLOCKS} blocks since it (a late wave of a rollout is read, not
         * dropped).
         */
        GroupState conclude(Context context, Evidence fallback, int incomplete) {
            boolean[] tail = null;
            incomplete = Math.min(incomplete, blocks - before - MIN_WINDOW_BLOCKS);
            if (incomplete > 0) {
                tail = new boolean[blocks];
                Arrays.fill(tail, tail.length - incomplete, tail.length, true);
                withoutTail(tail);
            }
            GroupState state = states(context, fallback);
            Autocorrelation pooledProxy = Autocorrelation.of(autocorrelation[0], before);
            Autocorrelation pooledOutcome = Autocorrelation.of(autocorrelation[1], before);
            List<GroupState> all = new ArrayList<>(List.of(state));
            if (state.leftOut != null) {
                all.addAll(state.leftOut.values());
            }
            for (GroupState g : all) {
                g.tail = tail;
                g.proxyNoise = pooledProxy;
                g.proxyShrink = proxyTrendShrink;
                g.outcomeNoise = pooledOutcome;
            }
            return state;
        }

        /**
         * The untouched segments read without the {@code tail} blocks (a peer left with too few blocks since the date
         * is no reference), as every segment will be.
         */
        private void withoutTail(boolean[] tail) {
            untrimmed = new ArrayList<>(candidates);
            untrimmedNames = new ArrayList<>(candidateNames);
            for (int k = candidates.size() - 1; k >= 0; k--) {
                Profile q = candidates.get(k).withoutShocks(tail);
                Profile asIs = candidatesAsIs.get(k) == null ? null : candidatesAsIs.get(k).withoutShocks(tail);
                if (q == null || windowSkip(q.windows(q.proxy, Shrinkage.NONE), q.windows(q.outcome, Shrinkage.NONE))
                        != null) {
                    candidates.remove(k);
                    candidatesAsIs.remove(k);
                    candidateNames.remove(k);
                } else {
                    candidates.set(k, q);
                    candidatesAsIs.set(k, asIs);
                }
            }
        }

        /** The state {@link #conclude} returns, before the pooled autocorrelations. */
        private GroupState states(Context context, Evidence fallback) {
            // the bar's evidence reads every segment as it is (a bend in an outcome that followed its own adoption is
            // evidence of the relation, not a story of its own); the trend shrinkage reads a segment whose outcome
            // shifted late in the baseline from its new level
            Evidence own = evidence(this);
            // the use's trends pulled toward their peers' (no coupling: their median and the spread the data show), the
            // error covariances (read by the evidence alone) serving as scratch
            proxyTrendShrink = Shrinkage.ofTrends(usable, proxySlope, proxySlopeSe, errorCovariance);
            // a shock every segment shared in the baseline (a holiday), from the block-to-block changes of all of them:
            // before the date nobody moved, so every usable segment is a witness, not only the untouched ones
            boolean[] shocks = usable >= SharedCalendar.MIN_SEGMENTS ? SharedCalendar.shocks(blockMoments) : null;
            if (shocks != null && shocks[shocks.length - 1]) {
                shocks = lastRunReturns(shocks, candidates, candidatesAsIs);
            }
            for (Continued c : continued) {
                outcomeSlope[c.slot()] = c.slope();
                outcomeSlopeSe[c.slot()] = c.slopeSe();
            }
            Shrinkage outcomeShrink = Shrinkage.of(usable, outcomeSlope, outcomeSlopeSe, proxySlope, proxySign,
                    outcomeSign, proxySlopeSe);
            outcomeSlope = null;
            outcomeSlopeSe = null;
            proxySlope = null;
            proxySlopeSe = null;
            errorCovariance = null;
            Shrinkage shockFree = null;
            if (shocks != null) {
                // every line was read with the shock in it, the use's too
                Shrinkage[] priors = shockFreePriors(shocks);
                shockFree = priors[0];
                proxyTrendShrink = priors[1];
            }
            baselines.clear();
            Evidence evidence = fallback == null ? own : own.orLarger(fallback);
            int n = candidates.size();
            Window[][] proxy = new Window[n][];
            Window[][] outcome = new Window[n][];
            for (int k = 0; k < n; k++) {
                Profile p = candidates.get(k);
                proxy[k] = p.windows(p.proxy, Shrinkage.NONE, p.proxy.fit, p.proxy.fit, proxyTrendShrink);
                outcome[k] = p.windows(p.outcome, outcomeShrink, p.outcome.fit, p.proxy.fit, proxyTrendShrink);
            }
            GroupState state = new GroupState(outcomeShrink, evidence, candidateNames.toArray(new String[0]), proxy,
                    outcome);
            state.proxyShrink = proxyTrendShrink;
            if (shocks != null) {
                return withoutShocks(context, candidates, candidatesAsIs, candidateNames, state, shocks, shockRead,
                        shockFree);
            }
            state.shared = state.computeReference(state.referencePeers(null), state.elasticity(context.link()));
            GroupState calendar = n >= SharedCalendar.MIN_SEGMENTS
                    ? withoutCalendar(context, candidates, candidateNames, state, candidates.get(0).before,
                    candidates.get(0).outcome.relative.length) : null;
            GroupState chosen = calendar != null ? calendar : state;
            chosen.leftOut = leftOut(context, candidates, candidateNames, state, proxy, outcome);
            return chosen;
        }
    }

    /**
     * For each untouched segment whose own baseline decides whether the others share a calendar (of the outcome or of
     * the use), the state it is read against: the one its group would have without it. A segment never enters its own
     * reference; without this its own baseline still chose the calendar it was read against, so that a team whose rise
     * crossed from "did not move" to "moved" was read against another calendar and more inflation weakened the
     * evidence (`moreInflationNeverLowersTheEvidence`, a helper's seed: p 0.101 at an inflation of 0.509, 0.251 at
     * 0.520). Asked of groups of at most {@value #LEAVE_ONE_OUT} untouched segments (two calendar tests of the others
     * per segment); in larger ones a segment is one of many in that test, and the group's decision stands; nor where
     * every baseline shared a shock ({@link #withoutShocks}) or at a date that borrows other dates' untouched segments.
     * Null where no segment's decision differs from the group's.
     */
    private static Map<String, GroupState> leftOut(Context context, List<Profile> candidates, List<String> names,
                                                   GroupState plain, Window[][] proxy, Window[][] outcome) {
        int n = candidates.size();
        if (n < SharedCalendar.MIN_SEGMENTS || n > LEAVE_ONE_OUT) {
            return null;
        }
        int before = candidates.get(0).before;
        int blocks = candidates.get(0).outcome.relative.length;
        List<double[]> outcomes = new ArrayList<>(n);
        List<double[]> uses = new ArrayList<>(n);
        for (Profile p : candidates) {
            outcomes.add(p.aligned(p.outcome, before, blocks));
            uses.add(p.aligned(p.proxy, before, blocks));
        }
        boolean[] all = calendars(outcomes, uses, -1, before);
        Map<String, GroupState> out = null;
        for (int k = 0; k < n; k++) {
            if (Arrays.equals(all, calendars(outcomes, uses, k, before))) {
                continue;
            }
            List<Profile> others = new ArrayList<>(candidates);
            others.remove(k);
            List<String> otherNames = new ArrayList<>(names);
            otherNames.remove(k);
            List<Window[]> p = new ArrayList<>(Arrays.asList(proxy));
            p.remove(k);
            List<Window[]> o = new ArrayList<>(Arrays.asList(outcome));
            o.remove(k);
            GroupState without = new GroupState(plain.outcomeShrink, plain.evidence, otherNames.toArray(new String[0]),
                    p.toArray(new Window[0][]), o.toArray(new Window[0][]));
            without.proxyShrink = plain.proxyShrink;
            without.shared = without.computeReference(without.referencePeers(null),
                    without.elasticity(context.link()));
            GroupState calendar = n - 1 >= SharedCalendar.MIN_SEGMENTS
                    ? withoutCalendar(context, others, otherNames, without, before, blocks) : null;
            if (out == null) {
                out = new java.util.HashMap<>();
            }
            out.put(names.get(k), calendar != null ? calendar : without);
        }
        return out;
    }

    /**
     * Whether the segments' aligned outcomes, and their aligned uses, but the {@code leave}-th (none where negative)
     * share a calendar.
     */
    private static boolean[] calendars(List<double[]> outcomes, List<double[]> uses, int leave, int before) {
        List<double[]> o = new ArrayList<>(outcomes);
        List<double[]> u = new ArrayList<>(uses);
        if (leave >= 0) {
            o.remove(leave);
            u.remove(leave);
        }
        return new boolean[] {SharedCalendar.of(o, before) != null, SharedCalendar.of(u, before) != null};
    }

    /**
     * Where the untouched segments' baselines show a calendar they share ({@link SharedCalendar}): the state in which a
     * segment's outcome is read divided by their median profile, block by block (the reference peers' likewise), the
     * trend shrinkage recentred on the untouched segments so read, and their use's profile where it shares one too;
     * where only their use shares one, the plain state with that profile (each segment's use read without it); null
     * without either or with fewer than {@value #MIN_PEERS} untouched segments left. The calendar is indexed by the
     * split's blocks ({@code before} of them before it, {@code blocks} in all); a peer read at this split from another
     * ({@link Profile#atSplit}) is aligned on the split.
     */
    private static GroupState withoutCalendar(Context context, List<Profile> candidates, List<String> candidateNames,
                                              GroupState plain, int before, int blocks) {
        List<double[]> relative = new ArrayList<>(candidates.size());
        for (Profile p : candidates) {
            relative.add(p.aligned(p.outcome, before, blocks));
        }
        double[] calendar = SharedCalendar.of(relative, before);
        // the proxy's own calendar where the untouched segments' use shares one: a rise read against the baseline
        // would otherwise carry the calendar's phase at the split
        relative.clear();
        for (Profile p : candidates) {
            relative.add(p.aligned(p.proxy, before, blocks));
        }
        double[] proxyCalendar = SharedCalendar.of(relative, before);
        if (calendar == null) {
            if (proxyCalendar == null) {
                return null;
            }
            // a calendar in the use alone: the plain state, each segment's use read without it where that is quieter;
            // where only some segments' use shares it (a holiday two thirds of the teams took as the baseline ended,
            // whose outcome step their lines took in, so no outcome calendar shows), one whose use does not is measured
            // against the untouched segments whose use does not either: read without it, their use's baseline is
            // clearly noisier (by NOT_SHARED), as dividing by a holiday they did not take puts it in; a calendar they
            // all share leaves some only a little noisier by chance, and their reference whole
            boolean[] useAsItIs = new boolean[candidates.size()];
            for (int k = 0; k < useAsItIs.length; k++) {
                Profile p = candidates.get(k);
                Profile q = p.withoutProxyCalendar(proxyCalendar, before);
                useAsItIs[k] = q == null || q.proxy.fit.longRunVariance() > NOT_SHARED * p.proxy.fit.longRunVariance();
            }
            GroupState apart = restrictedTo(context, plain, candidates, useAsItIs);
            if (apart != null && !differs(apart.shared, plain.shared)) {
                // the outcome did not take the calendar in: every untouched segment is a reference (a cycle in half the
                // teams' use alone cost the doubled teams without it 107 -> 90 of 120 flagged when read apart)
                apart = null;
            }
            GroupState state = new GroupState(plain.outcomeShrink, plain.evidence, plain.names, plain.proxyWindows,
                    plain.outcomeWindows, null, proxyCalendar, apart);
            state.shared = plain.shared;
            state.proxyShrink = plain.proxyShrink;
            return state;
        }
        List<Profile> divided = new ArrayList<>();
        List<String> names = new ArrayList<>();
        // the untouched segments whose outcome the calendar is not in (not quieter read without it, as finding() tells
        // a segment apart): the plain state's reference, against which the segments read as they are are measured
        boolean[] asTheyAre = new boolean[candidates.size()];
        int plainPeers = 0;
        for (int k = 0; k < candidates.size(); k++) {
            Profile p = candidates.get(k);
            Profile q = p.withoutCalendar(calendar, proxyCalendar, before);
            // a peer that cannot be read so (too few blocks left) is left out, not the calendar
            if (q != null && windowSkip(q.windows(q.proxy, Shrinkage.NONE), q.windows(q.outcome, Shrinkage.NONE))
                    == null) {
                divided.add(q);
                names.add(candidateNames.get(k));
            }
            asTheyAre[k] = q == null || !(q.outcome.fit.longRunVariance() < p.outcome.fit.longRunVariance());
            plainPeers += asTheyAre[k] ? 1 : 0;
        }
        int n = divided.size();
        if (n < MIN_PEERS) {
            return null;
        }
        // a calendar only some segments share (a holiday in one country's teams): the untouched segments that share
        // it, read as they are, carried it into what the organisation gained anyway, which the segments that do not
        // share it are measured against (honest adopters beside half the teams with a holiday: 23 of 120 flagged;
        // beside two thirds of them, 35 of 40: hence from 3 such teams, their mean's error widened as for few)
        GroupState own = restrictedTo(context, plain, candidates, asTheyAre);
        if (own != null) {
            plain = own;
        }
        // the relation of outcome trends to proxy trends across all segments is the calendar's to none of them (it
        // moves every outcome trend alike): only the centre and the spread are read without it
        double[][] t = trends(divided);
        Shrinkage shrink = plain.outcomeShrink.recentred(n, t[0], t[1], t[2], new double[n]);
        // a use divided by its calendar has trends of another kind than those the use's shrinkage was read from
        return referenceState(context, shrink, plain.evidence, divided, names, calendar, proxyCalendar, plain,
                proxyCalendar == null ? plain.proxyShrink : Shrinkage.NONE);
    }

    /**
     * Whether two references' changes over the whole window since the date differ by more than two standard errors
     * (each's, combined): the segments a calendar in the use is not in saw another organisation's change than all.
     */
    private static boolean differs(Reference a, Reference b) {
        if (a == null || b == null || a.peers() < MIN_REFERENCE || b.peers() < MIN_REFERENCE) {
            return false;
        }
        double d = a.orgChange()[0] - b.orgChange()[0];
        // the two are read on different trend centres: each's centre error is its own here, not shared
        double se = Math.sqrt(a.orgSe()[0] * a.orgSe()[0] + b.orgSe()[0] * b.orgSe()[0]
                + a.orgCentreLoad()[0] * a.orgCentreLoad()[0] + b.orgCentreLoad()[0] * b.orgCentreLoad()[0]);
        return Math.abs(d) > 2 * se;
    }

    /**
     * The plain state with only the candidates {@code keep} marks as its reference peers (those read as they are, which
     * a calendar only some segments share is not in), its trend prior recentred on them: across all segments, those
     * the calendar moved tie outcome trends to use trends, and a segment without it was expected the trend of one whose
     * use did not dip (a four-week cycle in half the teams: honest adopters flagged 9 of 120 with the prior of all, 5);
     * null where fewer than {@value #MIN_REFERENCE} or all of them are marked, or the state is not the candidates'.
     */
    private static GroupState restrictedTo(Context context, GroupState plain, List<Profile> candidates, boolean[] keep) {
        int m = 0;
        for (boolean k : keep) {
            m += k ? 1 : 0;
        }
        if (m < MIN_REFERENCE || m == candidates.size() || plain.names.length != candidates.size()) {
            return null;
        }
        List<String> names = new ArrayList<>();
        List<Profile> profiles = new ArrayList<>();
        for (int k = 0; k < keep.length; k++) {
            if (keep[k]) {
                names.add(plain.names[k]);
                profiles.add(candidates.get(k));
            }
        }
        double[][] t = trends(profiles);
        GroupState state = referenceState(context, plain.outcomeShrink.recentred(m, t[0], t[1], t[2], new double[m]),
                plain.evidence, profiles, names, null, null, null, plain.proxyShrink);
        state.shocks = plain.shocks;
        state.priorWithoutShocks = plain.priorWithoutShocks;
        return state;
    }

    /**
     * The shocks with the run that ends the baseline kept only where the use comes back after the date: inside the
     * baseline a shock is seen to end, there it could be a level of use every segment moved to for good (40% lower from
     * two weeks before the date: left out, it read each segment's rise against the older level and hid the teams that
     * doubled theirs: 106 of 120 flagged before, 5). The untouched segments show it: per series whose level departed
     * in the run (their median log departure from their last 4 blocks before it over {@value SharedCalendar#SHOCK_LEAST}),
     * the first of their blocks after the date whose median (for the use, the lower {@value #BULK} quantile of the use
     * moved: a holiday ending the baseline bends every line, so that teams that doubled their use can pass for
     * untouched; where they were most, the median was theirs and the holiday read as a level: with 8 steady teams of 20
     * and the holiday ending at the date, 20 doubled teams flagged in 120, now 95) is back within half the departure,
     * at most {@value
     * SharedCalendar#LONGEST_RUN} blocks from the run's start; the blocks after the date before it (a holiday across the
     * date) are shocks too (the array then runs past the baseline), where at least {@value #MIN_WINDOW_BLOCKS} + 1
     * blocks after the date remain (the whole window needs {@value #MIN_WINDOW_BLOCKS} observed, and one may be missing
     * of its own; a weekly date 4 weeks before the data end lost every window). An outcome that does
     * not come back is left out all
     * the same: the untouched segments carry its level into the reference, which every change is measured against (an
     * organisation's cycle time 20% longer for good from two weeks before the date: doubled teams flagged 28 of 120 as
     * it was read, 95 left out). Without at least {@value #MIN_REFERENCE} untouched segments that saw the run, or with
     * use that does not come back, the run is not left out; null where no shock is left.
     */
    private static boolean[] lastRunReturns(boolean[] shocks, List<Profile> candidates, List<Profile> asIs) {
        int before = shocks.length;
        int start = before - 1;
        while (start > 0 && shocks[start - 1]) {
            start--;
        }
        int room = SharedCalendar.LONGEST_RUN - (before - start);
        int returnAt = -1;
        for (int series = 0; series < 2; series++) {
            List<double[]> levels = new ArrayList<>();
            for (int k = 0; k < candidates.size(); k++) {
                Profile q = asIs.get(k) != null ? asIs.get(k) : candidates.get(k);
                double[] r = (series == 0 ? q.proxy : q.outcome).relative;
                double pre = meanLog(r, Math.max(0, start - 4), start);
                double run = meanLog(r, start, before);
                if (Double.isNaN(pre) || Double.isNaN(run)) {
                    continue;
                }
                double[] v = new double[room + 2];
                v[0] = run - pre;
                for (int j = 0; j <= room; j++) {
                    v[1 + j] = before + j < r.length && r[before + j] > 0 ? Math.log(r[before + j]) - pre : Double.NaN;
                }
                levels.add(v);
            }
            if (levels.size() < MIN_REFERENCE) {
                continue;
            }
            double departure = medianOf(levels, 0);
            if (!(Math.abs(departure) > SharedCalendar.SHOCK_LEAST)) {
                continue;
            }
            int back = -1;
            int sign = candidates.get(0).proxy.sign;
            for (int j = 0; j <= room && back < 0; j++) {
                // the use of the segments that moved least: those that rose after the date (every one may pass for
                // untouched where the shock bends every line) must not make a shock that came back read as a level
                double after = series == 0 ? sign * quantileOf(levels, 1 + j, sign, BULK) : medianOf(levels, 1 + j);
                if (Math.abs(after) < Math.abs(departure) / 2) {
                    back = j;
                }
            }
            if (back < 0 && series == 1) {
                // an outcome every untouched segment moved to for good is in the reference after the date (what the
                // organisation gained anyway): left out of the baselines, it is subtracted from every change alike
                back = 0;
            }
            if (back < 0) {
                returnAt = Integer.MAX_VALUE;
                break;
            }
            returnAt = Math.max(returnAt, back);
        }
        if (returnAt < 0 || returnAt == Integer.MAX_VALUE) {
            boolean[] kept = Arrays.copyOf(shocks, before);
            Arrays.fill(kept, start, before, false);
            for (boolean b : kept) {
                if (b) {
                    return kept;
                }
            }
            return null;
        }
        if (returnAt == 0 || candidates.isEmpty() || candidates.get(0).after - returnAt < MIN_WINDOW_BLOCKS + 1) {
            // nothing after the date to leave out, or too few blocks after it to spare any (its windows need them)
            return Arrays.copyOf(shocks, before);
        }
        boolean[] extended = Arrays.copyOf(shocks, before + returnAt);
        Arrays.fill(extended, before, before + returnAt, true);
        return extended;
    }

    /** The mean log of the positive values of {@code r[from, to)}; NaN where there are none. */
    private static double meanLog(double[] r, int from, int to) {
        double sum = 0;
        int n = 0;
        for (int b = from; b < to && b < r.length; b++) {
            if (r[b] > 0) {
                sum += Math.log(r[b]);
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /**
     * The {@code p} quantile of {@code sign} times the finite values at {@code index} of {@code rows}; NaN with fewer
     * than {@value #MIN_REFERENCE}.
     */
    private static double quantileOf(List<double[]> rows, int index, int sign, double p) {
        double[] v = new double[rows.size()];
        int n = 0;
        for (double[] row : rows) {
            if (Double.isFinite(row[index])) {
                v[n++] = sign * row[index];
            }
        }
        return n < MIN_REFERENCE ? Double.NaN : Descriptive.quantileInPlace(v, 0, n, p);
    }

    /** The median of the finite values at {@code index} of each array; NaN with fewer than {@value #MIN_REFERENCE}. */
    private static double medianOf(List<double[]> rows, int index) {
        return quantileOf(rows, index, 1, 0.5);
    }

    /**
     * Where every segment's baseline shared a shock ({@link SharedCalendar#shocks}: a holiday, use at a third and output
     * down for two weeks): the state in which every segment is read without those blocks, in both series. The
     * untouched segments are read so too (those continued from a late shift of their outcome as they are: the shock,
     * late in every baseline, was such a shift to each of them), and one whose use moved when so read is no reference
     * peer (the shock's noise had hidden its rise); the trend shrinkage is recentred on them. A calendar their
     * baselines still show without the shock is read as {@link #withoutCalendar} reads one, against this state. The
     * candidates so read are added to {@code read}.
     */
    private static GroupState withoutShocks(Context context, List<Profile> candidates, List<Profile> asIs,
                                            List<String> candidateNames, GroupState plain, boolean[] shocks,
                                            List<Profile> read, Shrinkage shockFree) {
        List<String> names = new ArrayList<>();
        for (int k = 0; k < candidates.size(); k++) {
            Profile q = (asIs.get(k) != null ? asIs.get(k) : candidates.get(k)).withoutShocks(shocks);
            if (q == null) {
                continue;
            }
            Window[] p = q.windows(q.proxy, Shrinkage.NONE);
            if (windowSkip(p, q.windows(q.outcome, Shrinkage.NONE)) == null && still(p[0])
                    && (p[1] == null || still(p[1]))) {
                read.add(q);
                names.add(candidateNames.get(k));
            }
        }
        int n = read.size();
        double[][] t = trends(read);
        // every segment's trend in the plain shrinkage was read with the shock: the prior is every usable segment's
        // trends read again without it where the fold kept at least MIN_PEERS of them; else recentred on the untouched
        // segments read without it (with 3 to 7 of them, too few to tell a spread, the spread of all the trends is
        // kept; with fewer, none)
        Shrinkage shrink = shockFree != null ? shockFree
                : n >= MIN_REFERENCE && plain.outcomeShrink.peers
                ? plain.outcomeShrink.recentred(n, t[0], t[1], t[2], new double[n])
                : Shrinkage.of(0, t[0], t[1], t[2], 0, 0, new double[0]);
        GroupState state = referenceState(context, shrink, plain.evidence, read, names, null, null, null,
                plain.proxyShrink);
        state.shocks = shocks;
        state.priorWithoutShocks = shockFree != null;
        if (n < SharedCalendar.MIN_SEGMENTS) {
            return state;
        }
        GroupState calendar = withoutCalendar(context, read, names, state, read.get(0).before,
                read.get(0).outcome.relative.length);
        if (calendar == null) {
            return state;
        }
        calendar.shocks = shocks;
        calendar.priorWithoutShocks = state.priorWithoutShocks;
        return calendar;
    }

    /**
     * A calendar's state whose reference peers are {@code profiles} (named {@code names}), their windows read with
     * {@code shrink} and their use's line pulled by {@code proxyShrink}, and its reference computed.
     */
    private static GroupState referenceState(Context context, Shrinkage shrink, Evidence evidence, List<Profile> profiles,
                                             List<String> names, double[] calendar, double[] proxyCalendar,
                                             GroupState plain, Shrinkage proxyShrink) {
        int n = profiles.size();
        Window[][] proxy = new Window[n][];
        Window[][] outcome = new Window[n][];
        for (int k = 0; k < n; k++) {
            Profile q = profiles.get(k);
            proxy[k] = q.windows(q.proxy, Shrinkage.NONE, q.proxy.fit, q.proxy.fit, proxyShrink);
            outcome[k] = q.windows(q.outcome, shrink, q.outcome.fit, q.proxy.fit, proxyShrink);
        }
        GroupState state = new GroupState(shrink, evidence, names.toArray(new String[0]), proxy, outcome, calendar,
                proxyCalendar, plain);
        state.proxyShrink = proxyShrink;
        state.shared = state.computeReference(state.referencePeers(null), state.elasticity(context.link()));
        return state;
    }

    /** The profiles' baseline trends: {outcome slopes, their standard errors, proxy slopes}. */
    private static double[][] trends(List<Profile> profiles) {
        int n = profiles.size();
        double[][] t = new double[3][n];
        for (int k = 0; k < n; k++) {
            Fit outcome = profiles.get(k).outcome.fit;
            t[0][k] = outcome.slope;
            t[1][k] = outcome.slopeSe;
            t[2][k] = profiles.get(k).proxy.fit.slope;
        }
        return t;
    }

    /**
     * Adds one segment's level {@code v} (NaN: none) to a block's moments {n, mean, sum of squared deviations, how many
     * below 0} (Welford's update), as {@link #incompleteEnd} reads them.
     */
    static void addTailLevel(double[] c, double v) {
        if (Double.isNaN(v)) {
            return;
        }
        c[0]++;
        double d = v - c[1];
        c[1] += d / c[0];
        c[2] += d * (v - c[1]);
        c[3] += v < 0 ? 1 : 0;
    }

    /**
     * Adds the moments {@code from} {n, mean, sum of squared deviations, count} into {@code into} (Chan, Golub and
     * LeVeque's pairwise update).
     */
    static void mergeMoments(double[] into, double[] from) {
        if (from[0] == 0) {
            return;
        }
        double n = into[0] + from[0];
        double d = from[1] - into[1];
        into[1] += d * from[0] / n;
        into[2] += from[2] + d * d * into[0] * from[0] / n;
        into[3] += from[3];
        into[0] = n;
    }

    /**
     * Adds one segment's {proxy, outcome} change {@code (x, y)} to a block's co-moments {n, mean x, mean y, sxx, syy,
     * sxy} (Welford's update).
     */
    static void addMoment(double[] c, double x, double y) {
        double n = c[0] + 1;
        double dx = x - c[1];
        double dy = y - c[2];
        c[1] += dx / n;
        c[2] += dy / n;
        c[3] += dx * (x - c[1]);
        c[4] += dy * (y - c[2]);
        c[5] += dx * (y - c[2]);
        c[0] = n;
    }

    /** A segment's outcome trend read from the new level its outcome shifted to: its place among the trends. */
    private record Continued(int slot, double slope, double slopeSe) {
    }

    /** One calendar's shared state: the outcome shrinkage, the evidence and the reference peers' windows. */
    private static final class GroupState implements java.io.Serializable {
        private static final long serialVersionUID = 9L;
        final Shrinkage outcomeShrink;
        final Evidence evidence;
        /** The first untouched segments, in segment order, with their windows. */
        final String[] names;
        final Window[][] proxyWindows;
        final Window[][] outcomeWindows;
        /**
         * The calendar's shared outcome profile by which a segment's outcome is divided ({@link SharedCalendar}), or
         * null; the untouched segments' shared proxy profile, or null where their use shares none (with an outcome
         * calendar or without: a calendar in the use alone leaves the rest of the plain state as it is).
         */
        final double[] calendar;
        final double[] proxyCalendar;
        /**
         * With an outcome calendar, the state as without it (for the segments whose outcome the calendar is not in);
         * with a calendar in the use alone that only some segments' use shares, the state of the untouched segments it
         * is not in (for the segments whose use it is not in); else null.
         */
        final GroupState plain;
        /** The reference of every segment that is not among the first untouched ones. */
        Reference shared;
        /**
         * The blocks every segment is read without (a shock they all shared in the baseline, and the blocks after the
         * date a holiday across it still held: {@link #withoutShocks}), or null; {@link #plain}, where there is one, is
         * read without them too.
         */
        boolean[] shocks;
        /** Where {@link #shocks} is set: whether the trend prior is every segment's trends read without them. */
        boolean priorWithoutShocks;
        /**
         * The last blocks of the calendar not yet complete ({@link #incompleteEnd}), missing in every segment's both
         * series before anything is read, the reference peers' likewise; null where the end is complete.
         */
        boolean[] tail;
        /**
         * The calendar's pooled autocorrelations of the baseline noise (use, outcome), read into each segment's own
         * where it is examined; set on the state a fold concludes with (and kept by a date that borrows peers).
         */
        Autocorrelation proxyNoise = Autocorrelation.OWN;
        Autocorrelation outcomeNoise = Autocorrelation.OWN;
        /** The use's trends' shrinkage toward their peers', with which a segment's own use is read. */
        Shrinkage proxyShrink = Shrinkage.NONE;
        /**
         * The state an untouched segment is read against where its own baseline decided the group's calendar (the
         * group's without it), by segment; null where none did ({@link ExpectedResponse#leftOut}).
         */
        Map<String, GroupState> leftOut;

        GroupState(Shrinkage outcomeShrink, Evidence evidence, String[] names, Window[][] proxyWindows,
                   Window[][] outcomeWindows) {
            this(outcomeShrink, evidence, names, proxyWindows, outcomeWindows, null, null, null);
        }

        GroupState(Shrinkage outcomeShrink, Evidence evidence, String[] names, Window[][] proxyWindows,
                   Window[][] outcomeWindows, double[] calendar, double[] proxyCalendar, GroupState plain) {
            this.outcomeShrink = outcomeShrink;
            this.evidence = evidence;
            this.names = names;
            this.proxyWindows = proxyWindows;
            this.outcomeWindows = outcomeWindows;
            this.calendar = calendar;
            this.proxyCalendar = proxyCalendar;
            this.plain = plain;
        }

        /** The expected elasticity for this group: the declared minimum or the evidence, whichever is larger. */
        double elasticity(dev.goodhart.model.Link link) {
            double e = link.minimumElasticity();
            double b = evidence.bound();
            return Double.isNaN(b) ? e : Math.max(e, Math.min(1, b));
        }

        /** The state {@code segment} is read against: its own where its baseline decided the calendar, else this. */
        GroupState forSegment(String segment) {
            GroupState own = leftOut == null ? null : leftOut.get(segment);
            return own != null ? own : this;
        }

        /** Where {@code segment} is among the first untouched ones, or -1. */
        int rank(String segment) {
            for (int k = 0; k < names.length; k++) {
                if (names[k].equals(segment)) {
                    return k;
                }
            }
            return -1;
        }

        /**
         * A segment's reference peers: the first {@value #MAX_REFERENCE} untouched segments other than itself, in
         * segment order. The segment never enters its own reference, so its own recent proxy cannot move it.
         */
        int[] referencePeers(String segment) {
            int own = segment == null ? -1 : rank(segment);
            int n = Math.min(MAX_REFERENCE, names.length - (own >= 0 ? 1 : 0));
            int[] out = new int[Math.max(0, n)];
            int k = 0;
            for (int j = 0; j < names.length && k < out.length; j++) {
                if (j != own) {
                    out[k++] = j;
                }
            }
            return out;
        }

        /** The segment's reference: shared by all segments outside the first untouched ones, computed apart inside. */
        Reference reference(String segment, double e) {
            int own = rank(segment);
            return own >= 0 && own < MAX_REFERENCE ? computeReference(referencePeers(segment), e) : shared;
        }

        /**
         * The factor that widens the error of the mean of {@code n} untouched segments' changes below {@value
         * #MIN_UNTOUCHED}: Student's t's 97.5% quantile with {@code n - 1} degrees of freedom over the normal's (4.30 /
         * 1.96 for 3, 3.18 / 1.96 for 4), 1 from {@value #MIN_UNTOUCHED} on, as before.
         */
        static double fewPeers(int n) {
            return n >= MIN_UNTOUCHED ? 1
                    : dev.goodhart.internal.StudentT.quantile(n - 1, 0.975) / 1.959963984540054;
        }

        /**
         * The reference peers, unless as a group they moved their use: each passed as untouched within the error of its
         * change against its line (a line through a wandering baseline extrapolated over months has a wide one), but
         * their median change against their lines is beyond the material change and beyond {@value #MOVED_PEERS_Z} of
         * its errors ({@code 1.2533 s / sqrt(n)}, {@code s} the larger of their typical error and the spread of their
         * bulk). Then only those whose change against their line is under the material one, or whose plain level is
         * within the material change or two of its errors of their baseline mean, stay: where every team adopted, few
         * or none (what the organisation gained anyway cannot then be told; with two left, only a loss both show:
         * {@link #sharedLoss}). In a helper's organisations where every
         * team adopted over an S-curve, the peers had risen 20-48% against their lines with errors of 15-40%, and their
         * real gain, subtracted from every team, had 4.0% of the honest adopters flagged (1.3% now). The plain level
         * alone does not trigger it: use every team grows on its own trend moves it (a reviewer: with 5 peers and the
         * organisation's outcome 15% worse, 40.8% of the teams at the minimum were flagged when it did).
         */
        private int[] withoutPeersThatRose(int[] reference) {
            int n = reference.length;
            if (n < MIN_REFERENCE) {
                return reference;
            }
            double[] change = new double[n];
            double[] se = new double[n];
            for (int j = 0; j < n; j++) {
                Window w = proxyWindows[reference[j]][0];
                change[j] = w.change;
                se[j] = w.se;
            }
            double median = Descriptive.median(change);
            if (!(Math.abs(median) > Math.max(MATERIAL, MOVED_PEERS_Z * medianError(change, median, se)))) {
                return reference;
            }
            int[] kept = new int[n];
            int m = 0;
            for (int k : reference) {
                Window w = proxyWindows[k][0];
                if (Math.abs(w.change) < MATERIAL || still(w.plain, w.plainSe)) {
                    kept[m++] = k;
                }
            }
            return Arrays.copyOf(kept, m);
        }

        /**
         * A reference of exactly two untouched segments (an organisation's two, after {@link #withoutPeersThatRose};
         * or, for an untouched segment among three, the other two): no spread can be read from two, so neither a gain
         * nor a loss of theirs is subtracted as such; but where both lost, each beyond {@value #FEW_PEERS_LOSS_Z} of
         * its own standard errors (its trend centre's included) in every window (both must have every one), each window
         * takes the lesser of their two losses, with that segment's error and centre load, and is marked in {@code
         * fromLoss}. A loss both show was bought by nobody's use, and the teams whose use rose must not be accused of
         * it; a gain is left in (it may be theirs, and leaving it in accuses nobody). One segment alone is not enough:
         * its own decline (a regime change of its own, 15% worse) would hide every gamer of the organisation (a
         * reviewer: doublings found 78 of 80 without the rule, 0 with it for one peer); two that both changed regime
         * for the worse on their own are read as the organisation's loss (the price of two). Every window or none: a
         * last half read against a loss the whole window was not read against made a loss from mid-window look like a
         * gain arriving late. Measured (the first zoo's generator, organisations of 12 teams, one of each kind, the
         * outcome 13% worse for every team from the date): see README, "The organisation".
         */
        private void sharedLoss(int[] reference, double[] orgChange, double[] orgSe, double[] orgCentreLoad,
                                boolean[] fromLoss) {
            if (reference.length != 2) {
                return;
            }
            for (int w = 0; w < WINDOWS; w++) {
                Window a = outcomeWindows[reference[0]][w];
                Window b = outcomeWindows[reference[1]][w];
                if (a == null || b == null || !(a.change < -FEW_PEERS_LOSS_Z * a.se)
                        || !(b.change < -FEW_PEERS_LOSS_Z * b.se)) {
                    return;
                }
            }
            for (int w = 0; w < WINDOWS; w++) {
                Window a = outcomeWindows[reference[0]][w];
                Window b = outcomeWindows[reference[1]][w];
                Window lesser = a.change >= b.change ? a : b;
                orgChange[w] = lesser.change;
                orgSe[w] = lesser.seAgainst(lesser.centreLoad);
                orgCentreLoad[w] = lesser.centreLoad;
                fromLoss[w] = true;
            }
        }

        /**
         * What the organisation gained anyway (its typical change and that one's error per window: {@code
         * referenceLevel}, or with two peers only a loss both show: {@link #sharedLoss}) and the in-space
         * calibration.
         */
        Reference computeReference(int[] candidates, double e) {
            int[] reference = withoutPeersThatRose(candidates);
            int peers = reference.length;
            double[] orgChange = new double[WINDOWS];
            double[] orgSe = new double[WINDOWS];
            double[] orgCentreLoad = new double[WINDOWS];
            // what the reference peers' use did against their lines (pulled toward their peers'): a change every
            // segment's use shared (a season), which a pulled line cannot carry
            double[] useChange = new double[WINDOWS];
            double[] useSe = new double[WINDOWS];
            if (peers >= MIN_REFERENCE && proxyShrink != Shrinkage.NONE) {
                for (int w = 0; w < WINDOWS; w++) {
                    double[] v = new double[peers];
                    double[] se = new double[peers];
                    int n = 0;
                    for (int k : reference) {
                        Window p = proxyWindows[k][w];
                        if (p != null) {
                            se[n] = p.se;
                            v[n++] = p.change;
                        }
                    }
                    if (n >= MIN_REFERENCE) {
                        referenceLevel(Arrays.copyOf(v, n), Arrays.copyOf(se, n), useChange, useSe, w,
                                MIN_REFERENCE);
                    }
                }
            }
            if (peers >= MIN_REFERENCE) {
                for (int w = 0; w < WINDOWS; w++) {
                    double[] v = new double[peers];
                    double[] ownSe = new double[peers];
                    double[] loads = new double[peers];
                    int n = 0;
                    for (int k : reference) {
                        Window o = outcomeWindows[k][w];
                        if (o != null) {
                            // each peer's own error: the centre's, which all share, moves their median as a whole
                            ownSe[n] = o.seAgainst(o.centreLoad);
                            loads[n] = o.centreLoad;
                            v[n++] = o.change;
                        }
                    }
                    ownSe = Arrays.copyOf(ownSe, n);
                    if (n >= MIN_REFERENCE) {
                        v = Arrays.copyOf(v, n);
                        // the share of the centre's error their median (three or four: their mean) carries
                        loads = Arrays.copyOf(loads, n);
                        orgCentreLoad[w] = n >= MIN_UNTOUCHED ? Descriptive.median(loads) : Descriptive.mean(loads);
                        if (n >= MIN_UNTOUCHED) {
                            referenceLevel(v, ownSe, orgChange, orgSe, w);
                        } else {
                            // three or four: their mean (a median of so few spends a quarter of them) and its error
                            // from their spread, widened as Student's t widens it
                            orgChange[w] = Descriptive.mean(v);
                            double ss = 0;
                            for (double x : v) {
                                ss += (x - orgChange[w]) * (x - orgChange[w]);
                            }
                            orgSe[w] = Math.max(Math.sqrt(ss / (n - 1)), typical(ownSe)) / Math.sqrt(n) * fewPeers(n);
                        }
                    }
                }
            }
            boolean[] fromLoss = new boolean[WINDOWS];
            sharedLoss(reference, orgChange, orgSe, orgCentreLoad, fromLoss);
            double[] shortfalls = new double[0];
            if (peers >= MIN_SPACE_PLACEBOS) {
                shortfalls = new double[peers];
                for (int j = 0; j < peers; j++) {
                    Window o = outcomeWindows[reference[j]][0];
                    Window rise = proxyWindows[reference[j]][0];
                    Window p = owing(rise);
                    double shortfall = e * p.change - (o.change - orgChange[0]);
                    shortfalls[j] = shortfall / shortfallSe(e, erring(rise, p, shortfall), o);
                }
                Arrays.sort(shortfalls);
            }
            return new Reference(peers, orgChange, orgSe, orgCentreLoad, fromLoss, shortfalls, useChange, useSe);
        }
    }

    /**
     * A segment's finding against its calendar's shared state; null when its windows cannot be used. {@code shares}
     * scales what the rise owes ({@link Composition}; {@link Composition#WHOLE} but for the organisation, whose
     * sentence the caller ends with why).
     */
    private static Finding finding(Context context, GroupState g, PairSeries asMeasured, Composition shares,
                                   String[] why) {
        // the last weeks of an export not yet complete are left out of both series before anything is read (the pair
        // as measured keeps what the sentence says of its rows)
        PairSeries complete = g.tail != null ? withoutShocks(asMeasured, g.tail) : asMeasured;
        // a share near its ceiling is read by what it lacks of it, and the sentence says so
        PairSeries raw = ShareCeiling.read(complete);
        // a runaway week of use, before or after the date, is left out (RunawayWeeks), as summarize left it out
        RunawayWeeks runaway = raw.runawayUse();
        // a shock every segment shared in the baseline is left out of it before anything is read
        PairSeries shockless = g.shocks != null ? withoutShocks(runaway.series(), g.shocks) : runaway.series();
        // then an episode of the outcome alone (an incident week), before or after the date
        RunawayWeeks incident = RunawayWeeks.ofOutcome(shockless);
        PairSeries read = incident.series();
        ProxyOnset onset = ProxyOnset.find(read);
        // the segment's own question reads its outcome as it is; only what it tells its peers is continued from a late
        // shift (see summarize)
        PairSeries s = onset.baseline(read);
        // the organisation's change as it is, for the sentence where the segment is read without a calendar
        GroupState asItIs = g;
        // the calendar's pooled autocorrelations, whichever of its states the segment is read against
        Autocorrelation proxyNoise = g.proxyNoise;
        Shrinkage proxyShrink = g.proxyShrink;
        Autocorrelation outcomeNoise = g.outcomeNoise;
        // placebo dates of a series read without shocks or a calendar are on whole blocks of the real split
        boolean divided = g.shocks != null;
        // the use as it is, where it is read without the calendar: "nothing owed" must hold of it too
        PairSeries useAsItIs = null;
        // each series read without the shared calendar where that leaves the segment's own baseline of it quieter (its
        // noise less the calendar's, plus the noise of the untouched segments' median) and its windows can still be
        // read (decided on the baseline alone); an outcome read as it is goes against the plain state
        if (g.proxyCalendar != null) {
            // the use after the date is then read against the untouched segments' use, as the outcome's change is
            // against theirs (the reference); a calendar's level after the date cannot be told from their own change
            // (dividing by its shape alone, re-based to 1 after the date, read a holiday in the baseline as a rise of
            // every team: the fifth zoo's false alarms 177 -> 199)
            PairSeries without = withoutCalendar(s, g.proxyCalendar, true);
            if (quieter(without, s, true)) {
                useAsItIs = s;
                s = without;
                divided = true;
            } else if (g.calendar == null && g.plain != null) {
                // a calendar in the use of only some segments, not in this one's: against those it is not in either
                g = g.plain;
                asItIs = g;
            }
        }
        if (g.calendar != null) {
            asItIs = g.plain;
            PairSeries without = withoutCalendar(s, g.calendar, false);
            if (quieter(without, s, false)) {
                s = without;
                divided = true;
            } else {
                g = g.plain;
            }
        }
        Sums sums = new Sums(s);
        Profile prof = Profile.of(s, sums, s.split(), s.length());
        if (prof.skip != null) {
            return unread(why, prof.skip);
        }
        if (!divided) {
            // the pool is of the segments' baselines as they are: one read without a shock or a calendar keeps its own
            // (a holiday every baseline shared made the pooled noise look autocorrelated, which it is not without it)
            prof = prof.withNoise(proxyNoise, outcomeNoise);
        }
        // a segment whose own outcome shifted late in the baseline keeps its own trend: pulled toward its peers', the
        // step its line reads as a trend would be taken for noise around theirs
        ProxyOnset.Shift ownShift = ProxyOnset.outcomeShift(s);
        boolean ownTrend = ownShift != null && ownShift.found();
        prof = prof.withProxyTrends(s);
        // the use's trend pulled toward its peers' where it is read as it is (a use read against the untouched
        // segments' calendar has trends of another kind)
        Shrinkage useShrink = useAsItIs == null ? proxyShrink : Shrinkage.NONE;
        Window[] proxyWindows = prof.windows(prof.proxy, Shrinkage.NONE, prof.proxy.fit, prof.proxy.fit, useShrink);
        Window[] outcomeWindows = prof.windows(prof.outcome, ownTrend ? Shrinkage.NONE : g.outcomeShrink,
                prof.outcome.fit, prof.proxy.fit, useShrink);
        String skip = windowSkip(proxyWindows, outcomeWindows);
        if (skip != null) {
            return unread(why, skip);
        }
        // the use against its own line, unpulled: where its peers pulled the line, the rise must show against this one
        // too, at one of its errors at least
        Window[] ownWindows = useShrink != Shrinkage.NONE ? prof.windows(prof.proxy, Shrinkage.NONE) : null;
        double elasticity = g.elasticity(s.link());
        double e = shares.share() * elasticity;
        Reference ref = g.reference(s.segment(), e);
        // a change of use the reference peers shared against their pulled lines, beyond two of its errors (a season
        // every team's use followed, which no pulled line carries): taken out of the rise, as the outcome's is
        boolean[] sharedUse = new boolean[WINDOWS];
        for (int w = 0; w < WINDOWS && useShrink != Shrinkage.NONE; w++) {
            if (proxyWindows[w] != null && ref.useSe()[w] > 0
                    && Math.abs(ref.useChange()[w]) > SHARED_USE_Z * ref.useSe()[w]) {
                proxyWindows[w] = proxyWindows[w].againstShared(ref.useChange()[w], ref.useSe()[w]);
                sharedUse[w] = true;
            }
        }
        int peers = ref.peers();
        double[] orgChange = ref.orgChange();
        double[] orgSe = ref.orgSe();
        boolean peerAdjusted = peers >= MIN_REFERENCE;
        double[] spaceShortfalls = ref.sortedSpaceShortfalls();
        // in time: fake intervention dates inside the baseline
        // a segment with runaway weeks left out has whole blocks missing: its placebo blocks are the real split's too
        boolean wholeBlocks = divided || runaway.any() || incident.any();
        int dataStart = sums.firstWithBoth();
        int placeboStep = placeboStep(s, dataStart, wholeBlocks);
        List<double[]> timePlacebos = timePlacebos(g, s, sums, prof, e, dataStart, placeboStep, wholeBlocks,
                useShrink);
        double sumZ2 = 0;
        for (double[] t : timePlacebos) {
            sumZ2 += t[0] * t[0];
        }
        // placebo dates one block apart share most of their windows: about two blocks' worth make one observation
        double effective = timePlacebos.isEmpty() ? 0
                : Math.max(1, Math.min(timePlacebos.size(),
                        timePlacebos.size() * (double) placeboStep / (2.0 * prof.block)));
        double kappaTime = timePlacebos.isEmpty() ? 1 : Math.max(1, Math.sqrt(
                (sumZ2 / timePlacebos.size() * effective + PRIOR_PLACEBOS) / (effective + PRIOR_PLACEBOS)));
        // only in time: the peers whose proxy did not move include teams whose outcome changed regime for reasons of
        // their own; as noise they set everyone's error (kappa 3.4 with 8 such teams among 17 peers, which removed
        // every finding), so in space they are an empirical null to report, not a calibration
        double kappa = kappaTime;
        // the use's own rise at the same dates: where its baseline wanders beyond what its line's error allows, the
        // rise is read as that much less evident
        double sumRise2 = 0;
        for (double[] t : timePlacebos) {
            sumRise2 += t[2] * t[2];
        }
        double kappaRise = timePlacebos.isEmpty() || useShrink == Shrinkage.NONE ? kappa : Math.max(kappa, Math.sqrt(
                (sumRise2 / timePlacebos.size() * effective + PRIOR_PLACEBOS) / (effective + PRIOR_PLACEBOS)));

        // any window may show the shortfall (the smaller p-value, corrected for two), but a gain that lags the adoption by
        // weeks and has arrived by the last half, or was arriving, clears it: then the evidence is no stronger than the
        // last half's
        int windows = 0;
        int best = -1;
        double bestP = 2;
        double bestZ = 0;
        double fullWindowZ = 0;
        double spaceZ = 0;
        double[] pw = new double[WINDOWS];
        double[] zw = new double[WINDOWS];
        double lastShortfall = Double.NaN;
        // the last half's z and p against what the larger of the two rises owed (a gain that was arriving is judged so)
        double lastOwedZ = Double.NaN;
        double lastOwedP = Double.NaN;
        double[] sew = new double[WINDOWS];
        // each window's p-value of the rise itself (the intersection-union test's other part)
        double[] risew = new double[WINDOWS];
        // the use's own rise is read against its own baseline noise, from as few blocks: Student's t at the baseline's
        // degrees of freedom (another trend its baseline supports at that trend's own)
        double proxyDf = noiseDf(prof.proxy.fit.blocks(), prof.proxy.fit.longRunFactor());
        for (int w = 0; w < WINDOWS; w++) {
            Window p = proxyWindows[w];
            Window o = outcomeWindows[w];
            if (p == null || o == null) {
                continue;
            }
            // the rise as far as it owes a gain; the rise itself is tested against the material rise
            Window owed = owing(p);
            windows++;
            double gain = o.change - orgChange[w];
            double shortfall = e * owed.change - gain;
            // the error with the rise's whole error: the windows' correlation and the degrees of freedom read it, so
            // that neither moves with how far beyond the ceiling the use rose
            double seWhole = kappa * norm2(shortfallSe(e, p, o, ref.orgCentreLoad()[w]), orgSe[w]);
            double se = kappa * norm2(shortfallSe(e, erring(p, owed, shortfall), o, ref.orgCentreLoad()[w]), orgSe[w]);
            sew[w] = seWhole;
            // the segment's own noise is estimated from its few baseline blocks: Student's t, not the normal, and the
            // z reported (and cleared by) is the normal's with the same tail
            double df = noiseDf(prof.outcome.fit.blocks(), prof.outcome.fit.longRunFactor(), o.ownSe, seWhole / kappa);
            double z = Tails.normalEquivalentOfT(shortfall / se, df);
            double riseP = p.riseP(kappaRise, proxyDf);
            if (ownWindows != null && ownLineMisses(ownWindows[w], kappaRise)) {
                riseP = 1;
            }
            pw[w] = Math.max(upper(z), riseP);
            zw[w] = z;
            risew[w] = riseP;
            if (w == 0) {
                // as the placebos are measured: no calibration, and in time against the segment's own trend only
                double own = e * owed.change - o.change;
                fullWindowZ = own / shortfallSe(e, erring(p, owed, own), o);
                spaceZ = shortfall / shortfallSe(e, erring(p, owed, shortfall), o);
            }
            if (w == WINDOWS - 1) {
                // a lag has arrived where the last half got what the larger of the two rises owed: use that fell back
                // after its first weeks owes the last half little, and a gain there by chance cleared what it left
                Window all = proxyWindows[0];
                lastShortfall = e * Math.max(owed.change, all != null ? owing(all).change : owed.change) - gain;
                // the last half's error (its use's part as far as it owes, where the outcome fell short)
                double lastSe = kappa * norm2(shortfallSe(e, erring(p, owed, lastShortfall), o,
                        ref.orgCentreLoad()[w]), orgSe[w]);
                lastOwedZ = Tails.normalEquivalentOfT(lastShortfall / lastSe, df);
                lastOwedP = Math.max(upper(lastOwedZ), riseP);
            }
            if (pw[w] < bestP) {
                bestP = pw[w];
                best = w;
                bestZ = z;
            }
        }
        // the smaller of the two windows' p-values at its exact level: the windows are nested, so their statistics
        // correlate by at least the ratio of their errors (the last half's extra error is its own), not Bonferroni's 2
        double pValue = windows == WINDOWS
                ? BivariateNormal.minOfTwo(bestP, windowsCorrelation(sew[0], sew[WINDOWS - 1]))
                : Math.min(1, windows * bestP);
        // the arrival's z at the normal's tail of Student's t, its degrees of freedom the segment's own blocks' (its
        // error also holds the organisation's and the trend centre's: fewer than Satterthwaite's, so arriving is
        // called on a little more evidence, not less)
        double arrivalZ = windows == WINDOWS ? Tails.normalEquivalentOfT(prof.arrivalZ(prof.outcome,
                ownTrend ? Shrinkage.NONE : g.outcomeShrink, orgChange, orgSe, kappa, prof.proxySlope(useShrink)),
                noiseDf(prof.outcome.fit.blocks(), prof.outcome.fit.longRunFactor())) : Double.NaN;
        boolean arriving = arrivalZ > ARRIVING_Z;
        if (lastShortfall < 0 && pw[WINDOWS - 1] > pValue) {
            pValue = pw[WINDOWS - 1];
            best = WINDOWS - 1;
            bestZ = zw[best];
        }
        // a gain that was arriving: the last half decides, owing what the larger rise owed (use that fell back after
        // its first weeks must not be judged by the little its last half owes)
        if (arriving && lastOwedP > pValue) {
            pValue = lastOwedP;
            best = WINDOWS - 1;
            bestZ = lastOwedZ;
        }
        Window p = proxyWindows[best];
        Window o = outcomeWindows[best];
        double gain = o.change - orgChange[best];
        double seGain = kappa * norm2(o.seAgainst(ref.orgCentreLoad()[best]), orgSe[best]);
        double effect = e * owing(p).change - gain;
        int placeboHigher = 0;
        for (double[] t : timePlacebos) {
            placeboHigher += t[1] >= fullWindowZ ? 1 : 0;
        }
        int spaceCount = spaceShortfalls.length;
        int spaceHigher = spaceCount - lowerBound(spaceShortfalls, spaceZ);
        // two peers: a loss both showed was taken out (GroupState.sharedLoss); the state as it is gives the number only
        // where its reference is of the same kind (both a shared loss, or neither)
        boolean sharedLoss = ref.fromLoss()[best];
        Reference refAsItIs = asItIs != g ? asItIs.reference(s.segment(), e) : ref;
        double orgAsItIs = sharedLoss == refAsItIs.fromLoss()[best] ? refAsItIs.orgChange()[best] : orgChange[best];
        // the bound at Student's t's one-sided 95% quantile for the gain's own degrees of freedom (its error has no
        // part of the use's)
        double boundDf = noiseDf(prof.outcome.fit.blocks(), prof.outcome.fit.longRunFactor(), o.ownSe, seGain / kappa);
        double boundZ = Double.isFinite(boundDf) && boundDf <= 1e7
                ? dev.goodhart.internal.StudentT.quantile(boundDf, 0.95)
                : 1.645;
        // the use's level in the deciding window against its baseline mean as it is (not against the untouched
        // segments' use, where it was read so), signed toward more use as stayed reads it: where a trend carried on
        // expected the rise, the sentence says both
        Sums useSums = useAsItIs != null ? new Sums(useAsItIs) : sums;
        double useLevel = prof.proxy.sign * Math.log(useSums.proxyMean(p.from, prof.firstPeriod
                + (prof.before + prof.after) * prof.block) / useSums.proxyMean(prof.firstPeriod,
                prof.firstPeriod + prof.before * prof.block));
        // cleared as owing nothing only where the use rose by no reading, in any window: the sentence says so only then
        boolean cleared = stayed(sums, prof, proxyWindows) && (useAsItIs == null || stayed(useAsItIs, useSums));
        // a use that was zero throughout the baseline and rose (read as a rise from none): said so, not as a percentage
        boolean fromNothing = prof.proxy.sign > 0 && !(useSums.proxyMean(prof.firstPeriod,
                prof.firstPeriod + prof.before * prof.block) > 0);
        // where the deciding window's rise did not show against the use's own line, this reading owes nothing: the
        // sentence says so instead of what the bar would give (a reviewer's generator: 1,625 of 7,320 sentences gave
        // a shortfall's numbers beside a detail that said nothing was owed)
        Window ownBest = ownWindows != null ? ownWindows[best] : null;
        double ownWaived = ownLineMisses(ownBest, kappaRise) ? ownBest.change : Double.NaN;
        String[] text = sentence(g.evidence, s, onset, best, p, useLevel, fromNothing, useAsItIs != null, cleared,
                ownWaived, gain, seGain, o.change, o.plain,
                boundZ, elasticity, shares, pValue, bestZ,
                peerAdjusted || sharedLoss ? peers : 0, sharedLoss, orgAsItIs, timePlacebos.size(), placeboHigher,
                fullWindowZ, spaceCount, spaceHigher);
        if (sharedUse[best]) {
            text[1] += "; the use of the segments whose use did not move " + Text.moved(useSign(s)
                    * ref.useChange()[best], Wording.duration(s.proxyMetric())) + " against their lines, a change all"
                    + " shared, taken out of the rise";
        }
        double ownSlope = prof.proxy.fit.slope;
        double readSlope = prof.proxySlope(useShrink);
        if (Math.abs(ownSlope - readSlope) >= 0.001) {
            // the use's line as its peers' lines pulled it: what its rise was read against
            String per = s.granularity() == Granularity.MONTH ? " a month" : " a week";
            text[1] += "; the use's baseline line, " + Text.num(100 * ownSlope, 1) + "% of its baseline mean" + per
                    + " on its own (standard error " + Text.num(100 * prof.proxy.fit.slopeSe, 1) + "), read as "
                    + Text.num(100 * readSlope, 1) + "%" + per + " with its peers' lines";
            Window own = ownWindows != null ? ownWindows[best] : null;
            if (ownLineMisses(own, kappaRise)) {
                text[1] += "; against its own line alone it " + Text.moved(useSign(s) * own.change,
                        Wording.duration(s.proxyMetric())) + ", under one of that line's errors (a factor of "
                        + Text.factor(kappaRise * own.se, 2) + ") beyond the material rise, so this reading"
                        + " owes no gain";
            }
        }
        if (arriving && best == WINDOWS - 1) {
            text[1] += "; its outcome gained more in the last half than in the first (by " + Text.num(arrivalZ, 1)
                    + " errors: a gain that lags the adoption), so the last half decides";
        }
        // the statistic: the last half's z where the outcome there gained more than the larger rise owed (a gain that
        // lags the adoption has arrived: the lag clause), else the larger of the windows' z (the least gain beyond
        // what was owed). Each window's z grows with the proxy's rise, so clearing (statistic at most -1.645, which needs the last half's z
        // there) can only be lost, never won, by more inflation; the deciding window's z, which can jump when another
        // window comes to decide, had a pair cleared at a 31% inflation that was WATCH at 29% (PropertiesTest)
        double statistic = Double.NEGATIVE_INFINITY;
        for (int w = 0; w < WINDOWS; w++) {
            if (proxyWindows[w] != null && outcomeWindows[w] != null) {
                statistic = Math.max(statistic, zw[w]);
            }
        }
        int last = WINDOWS - 1;
        boolean lastDecides = false;
        if (proxyWindows[last] != null && outcomeWindows[last] != null && lastShortfall < 0) {
            statistic = zw[last];
            lastDecides = true;
        } else if (arriving && best == last) {
            statistic = lastOwedZ;
            lastDecides = true;
        }
        if (statistic <= Description.CLEARS_BELOW) {
            // a gain beyond what was owed clears only where it shows against the outcome's baseline level as well as
            // against its line carried on: a line through a few baseline weeks, carried on, invented gains (helper-176:
            // an organisation whose every team doubled its prompts read "observed 187% higher against its trend; as
            // it is, 10% higher than its baseline's mean, where its trend carried on expected 62% lower", cleared as
            // having gained more than owed). A trend can withhold a clearing, never make one alone.
            for (int w = lastDecides ? last : 0; w < WINDOWS; w++) {
                Window useW = proxyWindows[w];
                Window outW = outcomeWindows[w];
                if (useW != null && outW != null) {
                    double level = outW.plainSe > 0 && !Double.isNaN(outW.plain)
                            ? (e * owing(useW).change - outW.plain) / (kappa * outW.plainSe)
                            : Double.POSITIVE_INFINITY;
                    statistic = Math.max(statistic, Math.min(level, -Description.CLEARS_BELOW));
                }
            }
        }
        Finding finding = Finding.of(NAME, statistic, pValue, effect,
                raw != complete ? ShareCeiling.clause(complete) + text[0] : text[0],
                text[1] + (asMeasured.straddlingClause().isEmpty() ? "" : "; " + asMeasured.straddlingClause())
                        + (g.tail != null ? "; " + tailClause(asMeasured, g.tail) : "")
                        + (runaway.any() ? "; " + runaway.clause() : "")
                        + (incident.any() ? "; " + incident.clause() : "")
                        + (sums.outcomeWeekdays != null
                                ? "; " + WeekdayWeights.clause(sums.outcomeWeekdays, s.outcomeLabel()) : ""));
        if (cleared) {
            return finding.withNothingOwed();
        }
        // the outcome fell short of what the deciding window's rise would owe, but that rise itself is not established
        // (its p-value decides): the question is not answered, and a HEALTHY verdict cannot rest on this finding (a
        // helper's team whose prompts rose 73% with accepted lines flat read HEALTHY 0 on 7 weekly baseline blocks)
        double shortfallP = upper(bestZ);
        return shortfallP < UNDECIDED_LEVEL && risew[best] >= UNDECIDED_LEVEL ? finding.withUndecided() : finding;
    }

    /**
     * Whether the proxy as it is did not rise by any reading ({@link #stayed(Sums, Profile, Window[])}): read without
     * the untouched segments' use calendar, the use after the date is relative to theirs, and a rise of the segment's
     * own beside a smaller one of theirs would read as none (a reviewer's check: 40 of 240 teams that added 20% with
     * nothing gained, where the untouched teams' use rose 8%, were cleared as owing nothing). Read as it is, the
     * calendar's phase at the date is in it, which can only withhold the clearing (dividing by the calendar's shape
     * alone, re-based to 1 after the date, read a holiday in the baseline as a rise). {@code sums} are {@code s}'s
     * running sums (the sentence's level clause reads the same ones).
     */
    private static boolean stayed(PairSeries s, Sums sums) {
        Profile prof = Profile.of(s, sums, s.split(), s.length());
        if (prof.skip != null) {
            return false;
        }
        prof = prof.withProxyTrends(s);
        Window[] proxyWindows = prof.windows(prof.proxy, Shrinkage.NONE);
        return proxyWindows[0] != null && stayed(sums, prof, proxyWindows);
    }

    /**
     * Whether the proxy did not rise by any reading, in every window: under the material rise against its straight
     * baseline line, against every other trend the baseline supports, and against its plain baseline mean (a trend
     * extrapolated from a wandering baseline can hide a rise that the level shows, and the reverse). Then no gain was
     * owed, and an outcome that moved on its own (a regime change, a crunch) is not gaming. "Rise" is toward more use
     * as the link counts it.
     */
    private static boolean stayed(Sums sums, Profile prof, Window[] proxyWindows) {
        int end = prof.firstPeriod + (prof.before + prof.after) * prof.block;
        double before = sums.proxyMean(prof.firstPeriod, prof.firstPeriod + prof.before * prof.block);
        if (!(before > 0)) {
            return false;
        }
        boolean any = false;
        for (Window window : proxyWindows) {
            if (window == null) {
                continue;
            }
            any = true;
            double level = prof.proxy.sign * Math.log(sums.proxyMean(window.from, end) / before);
            // written so that NaN (no values, a trend without one) reads as a rise
            if (!(window.highest < MATERIAL) || !(level < MATERIAL)) {
                return false;
            }
        }
        return any;
    }

    /**
     * Whether {@code a}'s proxy (or outcome) baseline is quieter than {@code b}'s about its line (long-run variance,
     * each relative to its baseline mean) and {@code a}'s windows can be read.
     */
    private static boolean quieter(PairSeries a, PairSeries b, boolean proxy) {
        Profile pa = Profile.of(a, new Sums(a), a.split(), a.length());
        if (pa.skip != null || windowSkip(pa.windows(pa.proxy, Shrinkage.NONE),
                pa.windows(pa.outcome, Shrinkage.NONE)) != null) {
            return false;
        }
        Profile pb = Profile.of(b, new Sums(b), b.split(), b.length());
        if (pb.skip != null) {
            return true;
        }
        Fit fa = proxy ? pa.proxy.fit : pa.outcome.fit;
        Fit fb = proxy ? pb.proxy.fit : pb.outcome.fit;
        return fa.longRunVariance() < fb.longRunVariance();
    }

    /**
     * The pair with its proxy or its outcome divided, period by period, by its calendar's shared profile (the value of
     * the block, aligned on the split, that holds the period; the nearest block before the first and after the last); a
     * period in a block where the shared level is unknown or fell under {@value SharedCalendar#LOWEST} of its baseline
     * left out.
     */
    private static PairSeries withoutCalendar(PairSeries s, double[] calendar, boolean proxy) {
        int block = blockLength(s.granularity());
        int first = s.split() - s.split() / block * block;
        double[] v = proxy ? s.proxy() : s.outcome();
        for (int t = 0; t < v.length; t++) {
            double c = calendar[Math.max(0, Math.min(calendar.length - 1, Math.floorDiv(t - first, block)))];
            v[t] = c >= SharedCalendar.LOWEST ? v[t] / c : Double.NaN;
        }
        return s.describedAs(new PairSeries(s.link(), s.proxyMetric(), s.outcomeMetric(), s.segment(),
                s.granularity(), s.start(), proxy ? v : s.proxy(), proxy ? s.outcome() : v, s.split(), s.seed(),
                s.intervention()));
    }

    /**
     * What the sentence says of the blocks left out as not yet complete: "the last 2 weeks (from 2025-07-21) read in
     * neither window: the segments' use or outcome fell there together, as in an export taken before their events were
     * all recorded".
     */
    private static String tailClause(PairSeries s, boolean[] tail) {
        int block = blockLength(s.granularity());
        int from = tail.length;
        while (from > 0 && tail[from - 1]) {
            from--;
        }
        int count = tail.length - from;
        String unit = s.granularity() == Granularity.MONTH ? "month" : "week";
        LocalDate first = s.granularity().plus(s.start(), s.split() % block + from * block);
        return "the last " + (count == 1 ? unit : count + " " + unit + "s") + " (from " + first + ") read in neither"
                + " window: the segments' use or outcome fell there together, as in an export taken before their"
                + " events were all recorded";
    }

    /** The pair with both series missing in the periods of the {@code shocks} blocks (aligned on the split). */
    private static PairSeries withoutShocks(PairSeries s, boolean[] shocks) {
        int block = blockLength(s.granularity());
        int first = s.split() - s.split() / block * block;
        double[] proxy = s.proxy();
        double[] outcome = s.outcome();
        for (int t = 0; t < proxy.length; t++) {
            int b = Math.floorDiv(t - first, block);
            if (b >= 0 && b < shocks.length && shocks[b]) {
                proxy[t] = Double.NaN;
                outcome[t] = Double.NaN;
            }
        }
        return s.describedAs(new PairSeries(s.link(), s.proxyMetric(), s.outcomeMetric(), s.segment(),
                s.granularity(), s.start(), proxy, outcome, s.split(), s.seed(), s.intervention()));
    }

    /**
     * The use's move in the expected response's first sentence ({@link Text#moved}), where a rise under the material
     * 10% that rounds to it reads to one decimal, rounded down ("rose 9.7%"): "rose 10%, not a material rise (10% or
     * more)" contradicted itself (helper-174).
     */
    static String useMoved(double raw, boolean duration) {
        String moved = Text.moved(raw, duration);
        if (raw > 0 && raw < MATERIAL && moved.endsWith(" 10%")) {
            return moved.substring(0, moved.length() - 3)
                    + Text.num(Math.floor(1000 * Math.expm1(raw) + 1e-6) / 10, 1) + "%";
        }
        return moved;
    }

    /**
     * A z as the detail prints it: {@code = 5.26}, or {@code above 1,000} where a series without noise (a constant
     * outcome, a use exactly doubled) divides by nearly nothing (helper-173 read "z = 68970722.29").
     */
    static String zText(double z) {
        return Math.abs(z) > 1000 ? (z > 0 ? "above 1,000" : "below -1,000") : "= " + Text.num(z, 2);
    }

    /** Placebo dates are at most {@value #MAX_PLACEBOS}, evenly spaced. */
    private static int placeboStep(PairSeries s, int dataStart, boolean wholeBlocks) {
        int block = blockLength(s.granularity());
        // from the segment's first period with both metrics: a segment that begins late in the calendar (a team formed
        // during the baseline) has its dates spread over its own data, not thinned by the periods before it
        int span = s.split() - dataStart - (MIN_BASELINE_BLOCKS + MIN_WINDOW_BLOCKS) * block + 1;
        int step = Math.max(1, (span + MAX_PLACEBOS - 1) / MAX_PLACEBOS);
        // a series divided block by block on the real split's blocks needs placebo blocks that are the same ones, or a
        // block straddling a sharp calendar week (half its days divided by the other block's level) reads as a spike;
        // whole blocks apart give about as many independent placebos as one period apart
        return wholeBlocks ? (step + block - 1) / block * block : step;
    }

    /** {outcome z, shortfall z, use's rise z} at each placebo date in the baseline, on the whole baseline's noise. */
    private static List<double[]> timePlacebos(GroupState g, PairSeries s, Sums running, Profile real, double e,
                                               int dataStart, int step, boolean onRealBlocks, Shrinkage proxyShrink) {
        int block = blockLength(s.granularity());
        List<double[]> out = new ArrayList<>();
        // every placebo date has six blocks of the segment's own data before it (see placeboStep)
        int from = dataStart + MIN_BASELINE_BLOCKS * block;
        if (onRealBlocks) {
            // on the real split's blocks (see placeboStep)
            from += Math.floorMod(s.split() - from, block);
        }
        for (int k = from; k + MIN_WINDOW_BLOCKS * block <= s.split(); k += step) {
            Profile p = Profile.of(s, running, k, s.split());
            if (p.skip != null) {
                continue;
            }
            Window pp = p.windows(p.proxy, Shrinkage.NONE, real.proxy.fit, real.proxy.fit, proxyShrink)[0];
            Window oo = p.windows(p.outcome, g.outcomeShrink, real.outcome.fit, real.proxy.fit, proxyShrink)[0];
            if (pp == null || oo == null) {
                continue;
            }
            Window owed = owing(pp);
            double shortfall = e * owed.change - oo.change;
            double[] placebo = {oo.change / oo.se, shortfall / shortfallSe(e, erring(pp, owed, shortfall), oo),
                    pp.change / pp.se};
            // a date whose windows show no noise at all (an outcome constant before it: an error of 0, a z of
            // infinity) measures nothing of the segment's noise, and as a square it would make every error infinite
            if (Double.isFinite(placebo[0]) && Double.isFinite(placebo[1]) && Double.isFinite(placebo[2])) {
                out.add(placebo);
            }
        }
        return out;
    }

    /** {the plain sentence, the statistics behind it}. */
    private static String[] sentence(Evidence evidence, PairSeries s, ProxyOnset onset, int window, Window p,
                                     double useLevel, boolean fromNothing, boolean againstPeersUse, boolean cleared,
                                     double ownWaived, double gain, double seGain, double outcomeChange,
                                     double outcomePlain, double boundZ, double elasticity,
                                     Composition shares, double pValue, double z,
                                     int peers, boolean sharedLoss, double orgChange, int placebos, int placeboHigher,
                                     double ownTrendZ, int spacePlacebos, int spaceHigher) {
        String proxy = s.proxyLabel();
        String outcome = s.outcomeLabel();
        Metric om = s.outcomeMetric();
        String since = window == 0 ? "Since " + s.splitDate()
                : "In the last half since " + s.splitDate() + " (from " + s.granularity().plus(s.start(), p.from) + ")";
        int useSign = useSign(s);
        double raw = useSign * p.change;
        // a use that was zero throughout the baseline has no percentage to rise by (read as a rise far beyond
        // fourfold, see FROM_NOTHING)
        String moved = useMoved(raw, Wording.duration(s.proxyMetric()));
        StringBuilder b = new StringBuilder(since).append(' ').append(proxy).append(' ')
                .append(fromNothing ? "rose from none (no use at all before " + s.splitDate() + ")" : moved)
                .append(fromNothing ? ""
                        : useSign < 0 ? " against its earlier trend (the way this link counts as more use)"
                        : " beyond its earlier trend").append(onset.clause(s));
        if (p.rise != null && (p.rise.change - MATERIAL) / p.rise.se < (p.change - MATERIAL) / p.se) {
            // the other trend the rise was tested against where it is less evident than against the line, and how far
            // its extrapolation is known
            boolean duration = Wording.duration(s.proxyMetric());
            double lo = useSign * p.rise.change - 1.96 * p.rise.se;
            double hi = useSign * p.rise.change + 1.96 * p.rise.se;
            b.append(" (").append(Text.comparative(useSign * p.rise.change, duration))
                    .append(p.rise.since < 0 ? " than the compound growth its baseline showed"
                            : " than the trend its baseline took from " + s.granularity().plus(s.start(), p.rise.since))
                    .append("; 95% interval ").append(Text.comparative(lo, duration)).append(" to ")
                    .append(Text.comparative(hi, duration)).append(')');
        }
        // two peers that both lost: the lesser loss, "or more" for the other ("worse" where it rounds to 0%)
        String against = peers == 0 ? ""
                : sharedLoss ? ", against the 2 segments whose " + proxy + " did not move (in each " + (orgChange < 0
                        && !Text.magnitude(orgChange).equals("0%") ? Wording.outcomeMoved(om, orgChange) + " or more"
                        : om.name() + " worse") + ")"
                : ", against " + peers + " segments whose " + proxy + " did not move (there "
                        + Wording.outcomeMoved(om, orgChange) + " against their trends)";
        StringBuilder detail = new StringBuilder("shortfall z = ").append(Text.num(z, 2)).append(", one-sided p ")
                .append(Text.pEquals(pValue));
        if (placebos > 0) {
            // the placebo dates are read against the segment's own trend alone (no peers' change at a fake date):
            // where the peers' change was taken out, the sentence says so and gives the z they are compared with
            detail.append("; of ").append(placebos).append(" placebo dates in the baseline, ").append(placeboHigher)
                    .append(peers > 0 ? " scored as high as its own trend alone reads it (z "
                            + zText(ownTrendZ) + ")" : " scored this high");
            if (spacePlacebos > 0) {
                detail.append("; of ").append(spacePlacebos).append(" segments whose ").append(proxy)
                        .append(" did not move, ").append(spaceHigher)
                        .append(peers > 0 ? " scored as high against the others" : "");
            }
        }
        if (p.change < MATERIAL) {
            if (useLevel >= MATERIAL) {
                // a move toward more use from the baseline's level that its trend, carried on, expected: both facts,
                // so that "fell 8%" beside a chart of use four times higher is not taken for a mistake (the sixth zoo:
                // adoption on S-curves; 8,603 sentences gained this clause in seed 1's 44,746 teams)
                b.append(" (").append(Text.moved(useSign * useLevel, Wording.duration(s.proxyMetric())))
                        .append(againstPeersUse
                                ? " against its baseline's mean as it is; read here against the use of the segments "
                                        + "whose " + proxy + " did not move, with which it shares a calendar, and its "
                                        + "trend so read)"
                                : " against its baseline's mean; its trend, carried on, expected "
                                        + (Text.moved(raw, false).equals("held level") ? "as much"
                                                : p.change >= 0 ? "nearly as much"
                                                : useSign > 0 ? "a larger rise" : "a larger fall") + ")");
            }
            // cleared only where the use rose by no reading in any window (stayed): the level, another trend the
            // baseline supports or the other window can keep the pair owing, and then only this reading owes nothing
            b.append(cleared ? ", not a material rise (10% or more), so no gain was owed; "
                    : ", not a material rise against this trend (10% or more), so this reading owes no gain; ");
            b.append(Wording.outcomeMoved(om, gain)).append(asItIs(om, gain, outcomeChange, outcomePlain, proxy, true))
                    .append(against).append('.');
            return new String[] {b.toString(), detail.toString()};
        }
        if (!Double.isNaN(ownWaived)) {
            // the rise showed against the line its peers' lines pulled the use's to, not against the use's own
            b.append(", as its peers' lines read its trend; against its own line alone it ")
                    .append(Text.moved(useSign * ownWaived, Wording.duration(s.proxyMetric())))
                    .append(", under one of that line's errors beyond the material rise (10%), so this reading owes no"
                            + " gain; ")
                    .append(Wording.outcomeMoved(om, gain))
                    .append(asItIs(om, gain, outcomeChange, outcomePlain, proxy, true)).append(against).append('.');
            return new String[] {b.toString(), detail.toString()};
        }
        double upper = gain + boundZ * seGain;
        b.append("; that bought ");
        if (upper <= 0 || Wording.outcomeComparative(om, upper).equals("no different")) {
            // (a bound that rounds to no change bought nothing either: not "at most no change in")
            String asItIs = asItIs(om, gain, outcomeChange, outcomePlain, proxy, false);
            b.append("nothing: ").append(Wording.outcomeMoved(om, gain))
                    .append(asItIs.isEmpty() ? " (at best "
                            : " against its trend (" + asItIs.substring(2) + "; at best ")
                    .append(Wording.outcomeComparative(om, upper)).append(", 95% bound)");
        } else {
            b.append("at most ").append(Wording.outcomeComparative(om, upper)).append(' ').append(outcome)
                    .append(" (95% bound; observed ").append(Wording.outcomeComparative(om, gain))
                    .append(" against its trend").append(asItIs(om, gain, outcomeChange, outcomePlain, proxy, false))
                    .append(')');
        }
        b.append(against).append(", where ")
                .append(elasticity == s.link().minimumElasticity()
                        ? "the declared minimum (elasticity " + Text.num(elasticity, 2) + ")"
                        : "the baseline's elasticity " + Text.num(elasticity, 2))
                .append(" would give ").append(least(Wording.outcomeComparative(om,
                        shares.share() * elasticity * owing(p).change)))
                .append(owing(p) != p ? " (use beyond four times its earlier level owes no more)" : "")
                .append(shares.said() ? ", " + shares.counting() : "").append('.');
        if (pValue < 0.05 && evidence.peers() >= MIN_PEERS && !evidence.anyGain()) {
            b.append(" Before ").append(s.splitDate()).append(", across ").append(evidence.peers())
                    .append(" segments, more ").append(proxy).append(" went with no measurable gain in ")
                    .append(outcome).append(": the number the target rewards had bought nothing measurable, so the ")
                    .append("bar is the declared minimum.");
        }
        return new String[] {b.toString(), detail.toString()};
    }

    /**
     * Where the outcome's change as the sentence gives it (against its baseline line carried on, less what the
     * segments whose use did not move changed) differs from its plain level by a material amount (10%), the plain level
     * and what the line (with the peers' change) expected, so that the two multiply to the change given: "observed 126%
     * higher against its trend" of a throughput 15% below its baseline's mean read as a rise that never happened (a
     * reviewer's queue teams whose throughput drifted down before the date). A line that fell through the floor it is
     * read at ({@link #LOWEST_PREDICTED}) is said to. Empty otherwise.
     *
     * @param gain      the outcome's change as the sentence gives it, in the better direction
     * @param ownChange its change against its own line alone (the peers' change not taken out)
     * @param plain     its level against its baseline's mean, in the better direction
     * @param proxy     the proxy's label, for the peers the sentence names
     * @param open      whether the clause opens its own parentheses (after a sentence's "rose 150%") or continues one
     */
    private static String asItIs(Metric om, double gain, double ownChange, double plain, String proxy, boolean open) {
        if (!(Math.abs(gain - plain) >= MATERIAL)) {
            return "";
        }
        String level = Wording.outcomeComparative(om, plain);
        StringBuilder b = new StringBuilder(open ? " against its trend (as it is, " : "; as it is, ")
                .append(level.equals("no different") ? "no different from" : level + " than")
                .append(" its baseline's mean, where its trend");
        if (Wording.raw(om, plain - ownChange) <= Math.log(LOWEST_PREDICTED) + 1e-9) {
            b.append(", carried on, fell to a fifth of that mean or below (read at a fifth)");
        } else {
            String expected = Wording.outcomeComparative(om, plain - gain);
            b.append(Math.abs(ownChange - gain) > 1e-12 ? " carried on, with the change of the segments whose " + proxy
                    + " did not move, expected " : " carried on expected ")
                    .append(expected.equals("no different") ? "no change" : expected);
        }
        return b.append(open ? ")" : "").toString();
    }

    /** "at least 7% shorter"; a bar that rounds to nothing, "a gain under 0.5%" (not "at least no different"). */
    private static String least(String comparative) {
        return comparative.equals("no different") ? "a gain under 0.5%" : "at least " + comparative;
    }

    /** The variance of the mean of {@code k} consecutive AR(1) values of unit variance and autocorrelation {@code rho}. */
    static double meanVariance(int k, double rho) {
        if (rho <= 0) {
            return 1.0 / k;
        }
        double q = 1 - rho;
        return (k + 2 * rho * (k * q - (1 - Math.pow(rho, k))) / (q * q)) / ((double) k * k);
    }

    /**
     * The covariance of the means of {@code a} and then {@code b} consecutive AR(1) values (adjacent, unit variance,
     * autocorrelation {@code rho}).
     */
    static double adjacentCovariance(int a, int b, double rho) {
        if (rho <= 0) {
            return 0;
        }
        double q = 1 - rho;
        return rho * (1 - Math.pow(rho, a)) * (1 - Math.pow(rho, b)) / (q * q * a * b);
    }

    /**
     * The correlation of the nested windows' statistics, at least the ratio of the whole window's error to the last
     * half's; where that ratio is not a number (both errors zero or infinite) none is assumed, the conservative end.
     */
    private static double windowsCorrelation(double wholeSe, double lastHalfSe) {
        double ratio = wholeSe / lastHalfSe;
        return ratio >= 0 ? Math.min(1, ratio) : 0;
    }

    /** {@code sqrt(a² + b²)} for standard errors (finite, moderate): no {@code Math.hypot} on this hot path. */
    private static double norm2(double a, double b) {
        return Math.sqrt(a * a + b * b);
    }

    private static double upper(double z) {
        return dev.goodhart.internal.Tails.normal(z);
    }

    /**
     * The degrees of freedom of a shortfall's error whose part {@code ownSe} is the segment's own baseline noise,
     * estimated from {@code blocks} blocks about a line with long-run factor {@code longRunFactor}, and whose other
     * parts (the peers', the trend centre's, the use's) are taken as known: Satterthwaite's {@code d (total² /
     * own²)²}, with {@code d} the residual degrees of freedom {@code blocks - 2} times Bartlett's efficiency of a
     * variance estimated from AR(1) values, {@code (1 - rho²) / (1 + rho²)} (the variance of a sample variance is
     * {@code (1 + rho²) / (1 - rho²)} times its value for independent ones). Infinite where there is no own part or
     * fewer than one degree of freedom. A team's z against the normal had the size at the declared minimum at 1.4
     * times the level on 13 weekly blocks once the trends' spread was no longer overstated (the overstatement had
     * widened every error by chance).
     */
    static double noiseDf(int blocks, double longRunFactor, double ownSe, double totalSe) {
        double d = noiseDf(blocks, longRunFactor);
        if (Double.isInfinite(d) || !(ownSe > 0) || !(totalSe > 0)) {
            return Double.POSITIVE_INFINITY;
        }
        double ratio = Math.max(1, totalSe * totalSe / (ownSe * ownSe));
        return d * ratio * ratio;
    }

    /**
     * The degrees of freedom of a noise estimated from {@code blocks} blocks about a line with long-run factor {@code
     * longRunFactor} (an error that is all the segment's own): {@code (blocks - 2) (1 - rho²) / (1 + rho²)}, infinite
     * below 1 (too few blocks to read a t from: the normal's tail).
     */
    static double noiseDf(int blocks, double longRunFactor) {
        double rho = (longRunFactor - 1) / (longRunFactor + 1);
        double d = (blocks - 2) * (1 - rho * rho) / (1 + rho * rho);
        return d >= 1 ? d : Double.POSITIVE_INFINITY;
    }

    /**
     * The peers' baseline relation of outcome trends to proxy trends (errors in variables, as {@link #evidence}) read
     * from the kept baselines ({@link GroupFold#baselines}: the first {@value #MAX_SHOCK_REFITS} usable segments) with
     * what they all shared taken out: each block's mean across them is subtracted from every segment's proxy and
     * outcome (re-based to 1) before each line, its error and the errors' covariance are read. A calendar every segment
     * shares (a quarter-end crunch: use 1.3 times and cycle time 1.15 times its level two weeks a quarter) is in every
     * segment's residuals, so it widened every proxy trend's error and set their errors' covariance, though it moves
     * every trend alike and attenuates nothing: in a seventh-zoo organisation of 120 teams the proxy trends'
     * reliability read 0.28 (0.60 without the shared part), the least-squares slope 0.35 was corrected to 1.49 (0.55),
     * and its lower bound, 0.42, was the bar: above the true elasticity 0.33, 21 of its 104 honest teams flagged. The
     * block means carry each segment's own noise with a weight of about {@code 1/k} (more in blocks some segments
     * miss), so the errors' variances and covariances are scaled by {@code k / (k - 1)}. Without missing blocks a
     * segment's slope so read is its own less a constant, so the scatter of the trends is theirs; where fewer baselines
     * were kept than the calendar has usable segments (the caps), every usable segment's trends are read, their errors
     * scaled (and the covariances shifted) as the kept segments' were (a reviewer: with 8 or 12 of 120 kept, the
     * relation read from those few set a bar in 18 and 50 of 300 repetitions, all 120 in 297; read so, 296 and 293).
     */
    private static ErrorsInVariablesSlope idiosyncraticRelation(GroupFold g) {
        int k = g.baselines.size();
        double[] x = new double[k];
        double[] y = new double[k];
        double[] xSe = new double[k];
        double[] covariance = new double[k];
        int m = ownTrends(g.baselines, g.proxySign * g.outcomeSign, x, y, xSe, covariance);
        if (m < MIN_PEERS) {
            return ErrorsInVariablesSlope.of(g.proxySlope, g.proxySign, g.outcomeSlope, g.outcomeSign,
                    g.proxySlopeSe, g.errorCovariance, g.usable);
        }
        if (m == g.usable || m < k) {
            return ErrorsInVariablesSlope.of(x, g.proxySign, y, g.outcomeSign, xSe, covariance, m);
        }
        // fewer kept than usable (the caps): every usable segment's trends, their errors read as the kept ones' are
        // (the kept baselines are the first usable segments, in slot order, all of them read above): the variances
        // scaled by the kept ones' idiosyncratic share, the covariances shifted by the kept ones' mean difference
        double rawVariance = 0;
        double ownVariance = 0;
        double rawCovariance = 0;
        double ownCovariance = 0;
        for (int i = 0; i < m; i++) {
            rawVariance += g.proxySlopeSe[i] * g.proxySlopeSe[i];
            ownVariance += xSe[i] * xSe[i];
            rawCovariance += g.errorCovariance[i];
            ownCovariance += covariance[i];
        }
        double scale = rawVariance > 0 ? ownVariance / rawVariance : 1;
        return ErrorsInVariablesSlope.of(g.proxySlope, g.proxySign, g.outcomeSlope, g.outcomeSign, g.proxySlopeSe,
                g.errorCovariance, g.usable, scale, (ownCovariance - rawCovariance) / m);
    }

    /**
     * The trends of {@code baselines} ({@link Summary#baselineLevels}: the proxy's blocks, then the outcome's, all of one
     * calendar) with what they all shared taken out (see {@link #idiosyncraticRelation}): per readable baseline, in
     * order, the proxy's slope into {@code x}, the outcome's into {@code y}, the proxy slope's error into {@code xSe}
     * and the errors' covariance, signed by {@code signs} (the product of the two series' signs), into {@code
     * covariance}, the errors scaled by {@code k / (k - 1)}; a baseline with too few blocks left is skipped. The arrays
     * are at least {@code baselines.size()} long.
     *
     * @return how many baselines were read
     */
    static int ownTrends(List<double[]> baselines, int signs, double[] x, double[] y, double[] xSe,
                         double[] covariance) {
        int k = baselines.size();
        int before = baselines.get(0).length / 2;
        double[] shared = new double[2 * before];
        int[] count = new int[2 * before];
        for (double[] levels : baselines) {
            for (int b = 0; b < 2 * before; b++) {
                if (!Double.isNaN(levels[b])) {
                    shared[b] += levels[b];
                    count[b]++;
                }
            }
        }
        for (int b = 0; b < 2 * before; b++) {
            shared[b] = count[b] > 0 ? shared[b] / count[b] : Double.NaN;
        }
        double inflate = k / (k - 1.0);
        int m = 0;
        // scratch series and lines for all the baselines: the conclusion allocates nothing per baseline (what it
        // allocates must not depend on how many segments there are, nor on what the compiler made of a loop)
        double[] proxy = new double[before];
        double[] outcome = new double[before];
        double[] proxyLine = new double[Profile.LINE];
        double[] outcomeLine = new double[Profile.LINE];
        for (double[] levels : baselines) {
            if (!ownPart(levels, 0, shared, proxy) || !ownPart(levels, before, shared, outcome)) {
                continue;
            }
            Profile.line(proxy, before, proxyLine);
            Profile.line(outcome, before, outcomeLine);
            x[m] = proxyLine[0];
            y[m] = outcomeLine[0];
            xSe[m] = proxyLine[1] * Math.sqrt(inflate);
            covariance[m] = signs * inflate * Profile.residualCovariance(proxy, proxyLine, outcome, outcomeLine, before);
            m++;
        }
        return m;
    }

    /**
     * One series of a kept baseline ({@code levels} from {@code from}, {@code out.length} blocks) less the blocks' mean
     * across the kept baselines ({@code shared}), plus 1, re-based to its mean as a profile's series is, into {@code
     * out}; false where fewer than {@value #MIN_READ_BLOCKS} blocks are left or their mean is not positive.
     */
    private static boolean ownPart(double[] levels, int from, double[] shared, double[] out) {
        double total = 0;
        int present = 0;
        for (int b = 0; b < out.length; b++) {
            out[b] = levels[from + b] - shared[from + b] + 1;
            if (!Double.isNaN(out[b])) {
                total += out[b];
                present++;
            }
        }
        if (present < MIN_READ_BLOCKS || !(total > 0)) {
            return false;
        }
        double mean = total / present;
        for (int b = 0; b < out.length; b++) {
            out[b] /= mean;
        }
        return true;
    }

    private static Evidence evidence(GroupFold g) {
        double longRun = Double.NaN;
        int n = g.usable;
        if (n >= MIN_PEERS) {
            // baseline trends, signed: does a team whose proxy grew faster improve faster?
            // the proxy trends are estimates: their noise attenuates the slope by the reliability ratio
            // var(true trends) / var(estimated trends), and where the two series share noise (a busy week raises
            // both), their errors' covariance pulls it toward the within-segment relation; both are corrected
            // (errors in variables with known error covariances, Fuller 1987, sec. 1.2). The bound carries the
            // larger of the model error and the sandwich error of the ratio, with Student's t for few peers: where the
            // reliability is low the spread of the true trends is itself uncertain, and the classical error alone let
            // a slope twice the truth set a bar above what honest adopters got (the fourth zoo). The errors that
            // attenuate are each segment's own: what every segment's baseline shared (a quarter-end crunch) moves every
            // trend alike, so where the baselines were kept it is taken out first (idiosyncraticRelation)
            ErrorsInVariablesSlope fit = g.baselines.size() >= MIN_PEERS ? idiosyncraticRelation(g)
                    : ErrorsInVariablesSlope.of(g.proxySlope, g.proxySign, g.outcomeSlope, g.outcomeSign,
                            g.proxySlopeSe, g.errorCovariance, n);
            double bound = fit.lowerBound(TWO_STANDARD_ERRORS);
            if (fit.reliability() >= MIN_RELIABILITY && Double.isFinite(bound)) {
                longRun = Math.min(HALFWAY * fit.slope(), bound);
            }
        }
        // the baseline's level relation within each segment: in the blocks where a segment used more than its own
        // mean (beyond what every segment's use did that block), did its outcome do better? The use's level over the
        // block and the ones before it (a month of weeks: an outcome follows adoption over weeks)
        double levels = Double.NaN;
        if (g.baselines.size() >= LEVEL_MIN_UNITS) {
            PanelSlope fit = PanelSlope.of(new BaselinePanel(g.baselines, g.proxySign, g.outcomeSign),
                    trailingBlocks(g.granularity), LEVEL_REACH);
            double bound = fit.lowerBound(TWO_STANDARD_ERRORS);
            if (fit.units() >= LEVEL_MIN_UNITS && Double.isFinite(bound)) {
                levels = Math.min(HALFWAY * fit.slope(), bound);
            }
        }
        double shortRun = Double.NaN;
        if (g.blockMoments != null) {
            double[] fit = withinBlockSlope(g.blockMoments);
            if (!Double.isNaN(fit[0])) {
                shortRun = Math.min(HALFWAY * fit[0], fit[0] - 2 * fit[1]);
            }
        }
        return new Evidence(longRun, shortRun, levels, n);
    }

    /**
     * The pooled short-run relation: the least-squares slope of the segments' outcome changes on their proxy changes
     * within each block (a fixed effect per block), and its classical standard error, from the per-block co-moments
     * {n, mean x, mean y, sxx, syy, sxy}; NaN with fewer than 8 degrees of freedom or proxy changes that do not vary.
     * Within the block: a holiday, a workload season or a release week moves every team's use and output together,
     * which is the calendar's doing, not what more use buys (pooled across blocks, the weekly changes of use and items
     * closed in the second zoo's organisations with a season and holidays had a slope of 1.0, a bar of 0.5).
     */
    private static double[] withinBlockSlope(double[][] blocks) {
        double n = 0;
        double sxx = 0;
        double syy = 0;
        double sxy = 0;
        int used = 0;
        for (double[] c : blocks) {
            if (c[0] > 0) {
                n += c[0];
                sxx += c[3];
                syy += c[4];
                sxy += c[5];
                used++;
            }
        }
        double dof = n - used - 1;
        if (dof < 8 || !(sxx > 1e-12 * n)) {
            return new double[] {Double.NaN, Double.NaN};
        }
        double b = sxy / sxx;
        double rss = Math.max(0, syy - b * sxy);
        return new double[] {b, Math.sqrt(rss / dof / sxx)};
    }

    /**
     * Shrinkage of the outcome's baseline trend toward what the peers show (the proxy keeps its own trend): toward the
     * trend the peers' relation predicts from the segment's own proxy trend (least-squares
     * slope of outcome trends on proxy trends across segments, used when significant at two standard errors, with the
     * expected sign; the peers' median outcome trend otherwise), so that a team whose adoption grew faster is expected
     * to improve faster.
     *
     * @param centre      the peers' centre (median trend, or mean outcome trend with a relation)
     * @param spread2     the peers' true spread around the target (a median Paule-Mandel estimate, 0 unless it shows)
     * @param peers       whether there were enough peers; without them James-Stein toward 0
     * @param coupling    outcome trend per unit of proxy trend across segments, 0 when not significant
     * @param proxyCentre the mean proxy trend the relation is centred on
     * @param centreVariance the sampling variance of the peers' centre
     * @param couplingVariance the sampling variance of the coupling (0 without one): a segment's target moves with it
     *                    in proportion to how far its proxy trend is from the centre's
     */
    private record Shrinkage(double centre, double spread2, boolean peers, double coupling, double proxyCentre,
                             double centreVariance, double couplingVariance) implements java.io.Serializable {
        /** No shrinkage: each segment keeps its own trend with its own error. */
        static final Shrinkage NONE = new Shrinkage(0, Double.POSITIVE_INFINITY, true, 0, 0, 0, 0);

        /**
         * Read back from a stream (a cluster's stages), {@link #NONE} is {@link #NONE} again: the detector tells it by
         * identity, and a copy read as a shrinkage pulled every line with it (one machine against stages: 254 pairs of
         * 600 fuzzed organisations differed, a team's p 0.76 on one machine and 1.0 in stages).
         */
        private Object readResolve() {
            return equals(NONE) ? NONE : this;
        }

        /**
         * The outcome trends' shrinkage for the first {@code n} segments' trends; none without at least
         * {@value #MIN_PEERS} of them. Reads the trends in place; {@code scratch} (at least {@code n} long, overwritten)
         * is where the medians are selected.
         */
        static Shrinkage of(int n, double[] slopes, double[] slopeSe, double[] proxySlopes,
                            int proxySign, int outcomeSign, double[] scratch) {
            if (n < MIN_PEERS) {
                return new Shrinkage(0, Double.NaN, false, 0, 0, 0, 0);
            }
            double coupling = 0;
            double couplingVariance = 0;
            System.arraycopy(slopes, 0, scratch, 0, n);
            double centre = Descriptive.medianInPlace(scratch, 0, n);
            double proxyCentre = 0;
            // the least-squares line of the outcome trends on the proxy trends, its classical error
            ErrorsInVariablesSlope fit = ErrorsInVariablesSlope.of(proxySlopes, 1, slopes, 1, null, null, n);
            int expected = proxySign * outcomeSign;
            if (!Double.isNaN(fit.slope()) && expected * fit.slope() - 2 * fit.modelStandardError() > 0) {
                coupling = fit.slope();
                couplingVariance = fit.standardError() * fit.standardError();
                double mx = 0;
                double my = 0;
                for (int i = 0; i < n; i++) {
                    mx += proxySlopes[i] / n;
                    my += slopes[i] / n;
                }
                centre = my;
                proxyCentre = mx;
            }
            return around(n, slopes, slopeSe, proxySlopes, centre, coupling, proxyCentre, couplingVariance, scratch);
        }

        /** Trends shrunk toward their median, without coupling; none with fewer than {@value #MIN_PEERS}. */
        static Shrinkage ofTrends(int n, double[] slopes, double[] slopeSe, double[] scratch) {
            if (n < MIN_PEERS) {
                return NONE;
            }
            System.arraycopy(slopes, 0, scratch, 0, n);
            double centre = Descriptive.medianInPlace(scratch, 0, n);
            return around(n, slopes, slopeSe, slopes, centre, 0, 0, 0, scratch);
        }

        /**
         * This shrinkage's relation of outcome trends to proxy trends (its coupling and the proxy trend it is centred
         * on), centred on the first {@code n} segments' trends given: the median where there is no coupling, else
         * their mean less the coupling's part; the spread and the centre's variance from them where there are at least
         * {@value #MIN_PEERS}; with {@value #MIN_REFERENCE} to {@value #MIN_PEERS} - 1 this one's spread is kept
         * ({@link #recentredKeepingSpread}); with fewer, or without peers, this shrinkage itself.
         */
        Shrinkage recentred(int n, double[] slopes, double[] slopeSe, double[] proxySlopes, double[] scratch) {
            if (!peers || n < MIN_REFERENCE) {
                return this;
            }
            if (n < MIN_PEERS) {
                return recentredKeepingSpread(n, slopes, slopeSe, proxySlopes, scratch);
            }
            return around(n, slopes, slopeSe, proxySlopes, centreOf(n, slopes, proxySlopes, scratch), coupling,
                    proxyCentre, couplingVariance, scratch);
        }

        /**
         * The first {@code n} trends' centre under this relation: their median without coupling, else their mean less
         * the coupling's part.
         */
        private double centreOf(int n, double[] slopes, double[] proxySlopes, double[] scratch) {
            if (coupling == 0) {
                System.arraycopy(slopes, 0, scratch, 0, n);
                return Descriptive.medianInPlace(scratch, 0, n);
            }
            double c = 0;
            for (int i = 0; i < n; i++) {
                c += (slopes[i] - coupling * (proxySlopes[i] - proxyCentre)) / n;
            }
            return c;
        }

        /** The variance of a centre of the first {@code n} trends weighted by their precision at spread {@code spread2}. */
        private static double centreVariance(int n, double[] slopeSe, double spread2) {
            double precision = 0;
            for (int i = 0; i < n; i++) {
                precision += 1 / (slopeSe[i] * slopeSe[i] + spread2);
            }
            return precision > 0 && Double.isFinite(precision) ? 1 / precision : 0;
        }

        /**
         * This shrinkage's spread and relation of outcome trends to proxy trends, centred on the first {@code n} (at
         * least {@value #MIN_REFERENCE}) segments' trends as {@link #recentred} centres them: for too few segments to
         * tell a spread, where every segment's trend behind this one was read with a shock all shared (which moved them
         * alike and left their spread).
         */
        private Shrinkage recentredKeepingSpread(int n, double[] slopes, double[] slopeSe, double[] proxySlopes,
                                                 double[] scratch) {
            // a median's variance is about pi / 2 a weighted mean's (their spread is the kept one, not estimated from
            // these few, so no Student's t)
            double widen = coupling == 0 ? Math.PI / 2 : 1;
            return new Shrinkage(centreOf(n, slopes, proxySlopes, scratch), spread2, true, coupling, proxyCentre,
                    widen * centreVariance(n, slopeSe, spread2), couplingVariance);
        }

        private static Shrinkage around(int n, double[] slopes, double[] slopeSe, double[] proxySlopes, double centre,
                                        double coupling, double proxyCentre, double couplingVariance,
                                        double[] scratch) {
            // the true spread of the trends around the target beyond their sampling error, where the data show one:
            // the tau² at which the median standardised squared residual is the chi-square(1) median (a median version
            // of the Paule-Mandel (1982) estimator, so that a minority of segments with trends of their own cannot set it
            // for everyone)
            double spread2 = robustSpread(n, slopes, slopeSe, proxySlopes, centre, coupling, proxyCentre, scratch);
            return new Shrinkage(centre, spread2, true, coupling, proxyCentre, centreVariance(n, slopeSe, spread2),
                    couplingVariance);
        }

        /**
         * The tau² at which median(r² / (v + tau²)) equals the chi-square(1) median (a median version of the
         * Paule-Mandel estimator), where the spread shows: 0 unless the {@code 1/2 - z / (2 sqrt n)} quantile of r² / v
         * is above that median ({@code z} = {@value #SPREAD_LOWER_Z}: more than half the trends, by one standard error
         * of their count by the sign test, {@code sqrt(n) / 2}, lie beyond it). Truncated at 0 alone, the estimate is
         * positive about half the time where no segment has a trend of its own: in the first zoo's organisations without
         * trends it was 0.0012-0.006 a block against slope errors of 0.004-0.009, and every team kept 10-30% of its own
         * noisy trend, extrapolated over months. Where the spread shows, the estimate itself, not the lower end of its
         * interval: that would keep too little of trends that are real (a reviewer's weekly teams, each on a trend of
         * its own, sd 0.004 a week: the size at the declared minimum 5.4% -> 7.8% with it). The squared residuals r²
         * (from the centre and coupling) and the variances v (the trends' squared errors) are computed as they are
         * read; the quantiles are selected in {@code scratch}.
         */
        static double robustSpread(int n, double[] slopes, double[] slopeSe, double[] proxySlopes, double centre,
                                   double coupling, double proxyCentre, double[] scratch) {
            java.util.function.IntToDoubleFunction r2 = i -> {
                double r = slopes[i] - centre - coupling * (proxySlopes[i] - proxyCentre);
                return r * r;
            };
            java.util.function.DoubleBinaryOperator excess = (tau2, p) -> {
                for (int i = 0; i < n; i++) {
                    double v = slopeSe[i] * slopeSe[i] + tau2;
                    scratch[i] = v > 0 ? r2.applyAsDouble(i) / v : 0;
                }
                return Descriptive.quantileInPlace(scratch, 0, n, p) - NULL_MEDIAN_CHI2;
            };
            // no spread unless it shows in more than half the trends by one standard error of their count
            if (excess.applyAsDouble(0, 0.5 - SPREAD_LOWER_Z / (2 * Math.sqrt(n))) <= 0) {
                return 0;
            }
            for (int i = 0; i < n; i++) {
                scratch[i] = r2.applyAsDouble(i);
            }
            double hi = Descriptive.medianInPlace(scratch, 0, n) / NULL_MEDIAN_CHI2 + 1e-300;
            double lo = 0;
            for (int k = 0; k < 60 && hi - lo > 1e-12 * hi; k++) {
                double mid = (lo + hi) / 2;
                if (excess.applyAsDouble(mid, 0.5) > 0) {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            return hi;
        }

        /**
         * {shrunk slope, its variance, the slope's derivative in the segment's own proxy trend, the part of the variance
         * that is the error of the centre every segment is shrunk toward, the part that is the segment's own slope
         * noise} of a fit, given that proxy trend. The
         * derivative carries the proxy trend's estimation error into the outcome's expectation, where it partly cancels
         * the same error in the proxy's rise (see {@link #shortfallSe}).
         */
        double[] apply(Fit f, double proxySlope, double excessProxyVariance) {
            double se2 = f.slopeSe * f.slopeSe;
            if (spread2 == Double.POSITIVE_INFINITY || !(se2 >= 0) || (peers && !(spread2 >= 0))) {
                // no shrinkage, or nothing sound to shrink with: the segment's own trend and error
                return new double[] {f.slope, se2, 0, 0, se2};
            }
            double target = peers ? centre + coupling * (proxySlope - proxyCentre) : 0;
            double w;
            double d = f.slope - target;
            if (peers) {
                // a trend far from what the peers suggest is the segment's own (a preliminary test at three times the
                // spread of d, which a segment without a trend of its own fails nominally 0.27% of the time with normal
                // tails, more with the few blocks a baseline has): it is kept, not pulled toward the peers. The step
                // at the threshold is up to (1 - w) |d|; between it and a few units below, a real trend of the
                // segment's own is pulled to its peers' and its bias is not in the variance (the price of not keeping
                // the noise of every segment without one)
                w = d * d > OWN_TREND_Z * OWN_TREND_Z * (spread2 + se2) ? 1
                        : spread2 + se2 > 0 ? spread2 / (spread2 + se2) : 0;
            } else {
                // without peers: positive-part James-Stein toward no trend, with the error w se² + (1 - w)² d². The
                // bias term (1 - w)² beta² is estimated with d², which errs high (E d² = beta² + se²), on purpose: the
                // unbiased max(0, d² - se²) is 0 whenever the trend is insignificant (w = 0), so a real but
                // insignificant trend would be dropped with no error for it, as w se² alone did (boundary-null
                // rejections with trending outcomes 13.3% at 5% before this term, 7.2% with it)
                w = d * d > 0 ? Math.max(0, 1 - se2 / (d * d)) : 0;
                // all of it (the shrinkage's weight is the segment's own too): its own noise
                double own = w * se2 + (1 - w) * (1 - w) * d * d;
                return new double[] {w * d, own, 0, 0, own};
            }
            // the normal-normal posterior mean, not limited to one standard error from the segment's own trend: for a
            // segment without a trend of its own the limit kept the part of its noise beyond one standard error
            double shrunk = target + w * d;
            // the posterior variance of the slope (normal-normal): w se², plus the uncertainty of the peers' centre.
            // The segment's own proxy trend adds only what its error exceeds the real baseline's: tau² is the spread
            // of the outcome trends around the relation with the OBSERVED proxy trends of the real baseline, so that
            // error is already in it (counting it again had the outcome's trend error 1.3 to 1.6 times too large in
            // a 96-team organisation); a placebo's shorter baseline has a noisier proxy trend, which it is not. And the
            // coupling's own error, which moves the target as far as the segment's proxy trend is from the centre's
            // (a peer near the centre shares little of it: counted as the segment's own)
            double offCentre = proxySlope - proxyCentre;
            double variance = w * se2 + (1 - w) * (1 - w) * (centreVariance
                    + coupling * coupling * excessProxyVariance + offCentre * offCentre * couplingVariance);
            // how the shrunk slope moves with the proxy trend: (1 - w) c through the target (nothing when kept, w = 1)
            double derivative = (1 - w) * coupling;
            // the part of that variance every segment shrunk toward the same centre shares: its error
            double common = (1 - w) * (1 - w) * centreVariance;
            // and the part that is the segment's own slope noise (w times it): estimated from its own blocks
            return new double[] {shrunk, variance, derivative, common, w * w * se2};
        }
    }

    /** A baseline fit of block means relative to the baseline mean. */
    private record Fit(double slope, double slopeSe, double residualVariance, double longRunFactor, double centre,
                       int blocks, double sxx, double lag1Ratio, double rss) implements java.io.Serializable {
        /** The residual variance times its long-run (autocorrelation) factor: how noisy the baseline is about its line. */
        double longRunVariance() {
            return residualVariance * longRunFactor;
        }

        /** This fit's slope and geometry with another fit's noise (residual variance and long-run factor). */
        Fit withNoiseOf(Fit other) {
            double se = sxx > 0 ? Math.sqrt(other.residualVariance * other.longRunFactor / sxx) : 0;
            return new Fit(slope, se, other.residualVariance, other.longRunFactor, centre, blocks, sxx,
                    other.lag1Ratio, other.rss);
        }

        /**
         * The residuals' lag-1 autocorrelation corrected for the bias a fitted line gives it in {@code n} blocks: the
         * ratio's expectation is about {@code rho - (2 + k rho) / n} for AR(1) noise about a least-squares line
         * ({@code k} is {@link Autocorrelation#LINE_BIAS}), inverted; unclipped, NaN without residuals.
         */
        double correctedAutocorrelation() {
            return Autocorrelation.corrected(lag1Ratio, blocks);
        }

        /** This fit with the residuals' autocorrelation {@code rho}: its long-run factor and slope error follow. */
        Fit withAutocorrelation(double rho, double[] relative, int before) {
            double factor = (1 + rho) / (1 - rho);
            double variance = rss / TrendLine.expectedRss(relative, before, rho, blocks, centre, sxx);
            double se = sxx > 0 ? Math.sqrt(variance * factor / sxx) : 0;
            return new Fit(slope, se, variance, factor, centre, blocks, sxx, lag1Ratio, rss);
        }
    }

    /**
     * One series in blocks: values relative to the baseline mean, NaN where missing, its baseline fit, and the sign
     * that turns a log change into "more use" (proxy) or "better" (outcome).
     */
    private record Series(double[] relative, Fit fit, int sign) implements java.io.Serializable {
        /**
         * Whether a block of the series before the split ({@code before} blocks) is 0 (a week without a failed change;
         * read from the baseline, where the noise is, so that a date's placebos read theirs as it does): such a noise
         * is no log-normal one, whose values are never 0, so a fall of its level is read on the level's scale ({@link
         * #linearisedAt}); the outcome's windows only (the proxy's rise is read at its predicted level whatever its
         * blocks).
         */
        boolean zeroBlocks(int before) {
            for (int b = 0; b < Math.min(before, relative.length); b++) {
                if (relative[b] == 0) {
                    return true;
                }
            }
            return false;
        }

        /**
         * Where a window's log change from {@code predicted} to {@code mean} has its error read, by the {@code before}
         * blocks before the split (the noise the error is read from; a placebo date's the same way, from its own).
         */
        double readAt(double mean, double predicted, int before) {
            return zeroBlocks(before) ? linearisedAt(mean, predicted) : predicted;
        }
    }

    /**
     * The autocorrelation of a calendar's baseline noise about its lines, pooled over its usable segments (one for the
     * use, one for the outcome) and read into each segment's own. A segment's own estimate from 13 weekly blocks has a
     * standard error of about 0.25 and, Kendall-corrected, is still biased low about a fitted line (AR 0.5: 0.28 on
     * average), so its long-run variance was at the median 0.37 of the truth, and honest teams at the declared minimum
     * had p below the level of 3.16% (the decision level until 2026-12-03) 5.0% of the time (3.3% then). Teams whose
     * noise is more autocorrelated than their peers' are pulled toward theirs and not protected (a reviewer: 0.8
     * beside 0.1, 10-13% at the minimum;
     * keeping each at least at its own estimate cost every zoo power and still left 9.9%). Empirical Bayes: each
     * segment's estimate, corrected for the line's bias ({@link Fit#correctedAutocorrelation}), keeps the weight {@code
     * tau² / (tau² + v)} against the segments' mean, {@code v} its sampling variance ({@code (1 - rho²) / n}, inflated
     * as the correction inflates it) and {@code tau²} the spread of the segments' autocorrelations beyond it (method of
     * moments); the result is clipped to [0, 0.9] as the own estimate is. With fewer than {@value #MIN_PEERS} usable
     * segments, or a baseline under {@value #MIN_POOLED_BLOCKS} blocks, each keeps its own. Since 2026-12-07 the
     * centre is not the corrected estimates' mean (a first-order correction, whose mean stays low on short baselines)
     * but the autocorrelation whose exact expected ratio is the segments' mean ratio ({@link #of}), and a segment
     * departs from it by its own estimate's departure from their mean: the size at the declared minimum on 13 weekly
     * blocks fell from 6.3% to 3.3% at 5%, on 5, 6 and 8 from 8.8%, 8.5% and 9.2% to 3.8%, 3.8% and 5.5%.
     *
     * @param centre  the segments' autocorrelation, clipped; NaN where each segment keeps its own
     * @param spread2 the variance of the segments' true autocorrelations around it
     * @param ownMean the mean of the segments' own corrected estimates, which each one's departure is read from where
     *                the centre was read exactly; NaN where it is that mean itself, clipped (departures from the centre)
     */
    private record Autocorrelation(double centre, double spread2, double ownMean) implements java.io.Serializable {
        /** Each segment keeps its own estimate. */
        static final Autocorrelation OWN = new Autocorrelation(Double.NaN, 0, Double.NaN);
        /**
         * The slope of the line's bias in the autocorrelation, {@code rho - (2 + 4 rho) / n}. The lag-1 ratio of AR(1)
         * residuals about a fitted line averages about {@code rho - (2 + k rho) / n} with {@code k} 5.0 to 5.6 for rho
         * up to 0.6 and 6.1 to 6.6 at 0.8 (a reviewer's simulation, 40,000 series a cell); the ratio of the pooled sums
         * has {@code k} about 4 (2.0 + 4.0 rho at 13 blocks). With 4 the size at the declared minimum is nearest its
         * level (13 + 13 weeks 3.3%, 26 + 26 weeks 2.3%, daily 3.1% under 3.16%, the decision level until 2026-12-03); with 5.5 it was 2.6%, 2.1% and 2.9%,
         * and the fourth zoo's power fell 0.5 points: the other parts of a team's error are conservative already.
         */
        static final double LINE_BIAS = 4;
        /** Baselines of fewer blocks keep their own estimate (the correction divides by {@code 1 - 4 / n}). */
        static final int MIN_POOLED_BLOCKS = 5;
        /** The longest baseline, in blocks, whose pooled autocorrelation is read exactly (a year of weeks). */
        static final int MAX_EXACT_BLOCKS = 52;
        /** The highest autocorrelation read, pooled or own. */
        static final double HIGHEST = 0.9;

        /** A lag-1 ratio about a line through {@code blocks} blocks corrected for the line's bias (first order). */
        static double corrected(double ratio, int blocks) {
            return (ratio + 2.0 / blocks) / (1 - LINE_BIAS / blocks);
        }

        /**
         * Adds a fit's corrected estimate ({@link #corrected}), bounded to [-1, 1] (a short baseline's can be far out),
         * to the moments; and where the fit has every one of the calendar's {@code before} baseline blocks, its lag-1
         * ratio as read to the moments of such fits' ratios.
         */
        static void add(double[] moments, double ratio, int blocks, int before) {
            if (Double.isNaN(ratio) || blocks < MIN_POOLED_BLOCKS) {
                return;
            }
            double x = Math.max(-1, Math.min(1, corrected(ratio, blocks)));
            moments[0]++;
            moments[1] += x;
            moments[2] += x * x;
            moments[3] += samplingFactor(blocks);
            if (blocks == before) {
                moments[4]++;
                moments[5] += ratio;
            }
        }

        /**
         * From the moments {count, sum, sum of squares, sum of sampling factors} of the segments' estimates and
         * {count, sum} of the lag-1 ratios of those with all {@code before} blocks. The centre is the autocorrelation
         * whose exact expected ratio about a line through {@code before} blocks is those segments' mean ratio ({@link
         * LineAutocorrelation#solve}) where they are at least {@value #MIN_PEERS}: the mean of the first-order
         * corrected estimates stays low on short baselines (AR 0.5 from 13 blocks: 0.41; from 8: 0.33; from 5: 0.20),
         * and with it every short baseline's error (the honest teams at the declared minimum had p below 0.05 for 7.5%
         * of 1,200 on 13 weekly blocks, 9.2% on 8). Elsewhere the corrected estimates' mean, clipped, as before;
         * so too beyond {@value #MAX_EXACT_BLOCKS} blocks, where that mean is within 0.013 of an AR 0.5 (0.035 of
         * 0.8) and the exact reading's eigenvectors cost more (15 ms a calendar at 52 blocks, 53 ms at 104).
         */
        static Autocorrelation of(double[] moments, int before) {
            double n = moments[0];
            if (n < MIN_PEERS) {
                return OWN;
            }
            double mean = moments[1] / n;
            double variance = Math.max(0, moments[2] - n * mean * mean) / (n - 1);
            boolean exact = moments[4] >= MIN_PEERS && before >= MIN_POOLED_BLOCKS && before <= MAX_EXACT_BLOCKS;
            double centre = exact ? LineAutocorrelation.solve(before, moments[5] / moments[4], HIGHEST)
                    : clipped(mean);
            double sampling = (1 - centre * centre) * moments[3] / n;
            return new Autocorrelation(centre, Math.max(0, variance - sampling), exact ? mean : Double.NaN);
        }

        /** The sampling variance of a corrected estimate from {@code blocks} blocks, over {@code 1 - rho²}. */
        private static double samplingFactor(int blocks) {
            double inflation = 1 - LINE_BIAS / blocks;
            return 1.0 / blocks / (inflation * inflation);
        }

        private static double clipped(double rho) {
            return Math.max(0, Math.min(HIGHEST, rho));
        }

        /** The fit with its autocorrelation pulled toward the segments'; as it is where each keeps its own. */
        Fit read(Fit f, double[] relative, int before) {
            if (Double.isNaN(centre) || Double.isNaN(f.lag1Ratio()) || f.blocks() < MIN_POOLED_BLOCKS) {
                return f;
            }
            double v = (1 - centre * centre) * samplingFactor(f.blocks());
            double own = Math.max(-1, Math.min(1, f.correctedAutocorrelation()));
            // the own estimate's departure from the segments' mean of such estimates (both carry the first-order
            // correction's shortfall alike), kept in the weight of its spread beyond its noise
            double departure = own - (Double.isNaN(ownMean) ? centre : ownMean);
            return f.withAutocorrelation(clipped(centre + spread2 / (spread2 + v) * departure), relative, before);
        }
    }

    /**
     * A segment's reference among the peers whose proxy did not move.
     *
     * @param peers                 how many peers
     * @param orgChange             their typical outcome change per window ({@code referenceLevel}; 0 without enough
     *                              peers; with two, the lesser of a loss both show: {@code GroupState.sharedLoss})
     * @param orgSe                 its standard error per window, without the peers' shared trend-centre error
     * @param orgCentreLoad         the median of their windows' centre loads per window (0 without enough peers; with
     *                              two, that of the one whose loss is taken out): the shared error their change carries
     * @param fromLoss              per window, whether its change is two peers' shared loss ({@code sharedLoss})
     * @param sortedSpaceShortfalls their shortfall z values, sorted (empty with fewer than 10 peers)
     */
    private record Reference(int peers, double[] orgChange, double[] orgSe, double[] orgCentreLoad, boolean[] fromLoss,
                             double[] sortedSpaceShortfalls, double[] useChange, double[] useSe)
            implements java.io.Serializable {
    }

    /** The number of values in a sorted array below {@code x}. */
    private static int lowerBound(double[] sorted, double x) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /**
     * A change over a window of recent blocks against the trend-predicted level.
     *
     * @param change    the log change, signed (more use, better)
     * @param se        its standard error
     * @param trendLoad the change's response to one standard error of the segment's proxy trend (its part of {@code
     *                  se}, signed), shared by the proxy's and the outcome's windows
     * @param from      the window's first period
     * @param rise      for the proxy, its change against another trend its baseline supports where the rise is less
     *                  evident there; null otherwise
     * @param highest   the largest change against any trend the baseline supports, the straight line included (NaN
     *                  where one is NaN): under the material rise, the proxy rose by no reading of its trend
     * @param centreLoad the change's response to one standard error of the peers' trend centre its trend was shrunk
     *                  toward (its part of {@code se}, signed): every segment shrunk toward that centre shares it, so
     *                  it cancels where the peers' change is subtracted
     * @param plain     the log change of the window's plain level against the baseline mean (no trend), signed; NaN
     *                  against another trend
     * @param plainSe   its standard error (the noise about the baseline's line over the window and the baseline)
     */
    private record Window(double change, double se, double trendLoad, int from, Rise rise, double highest,
                          double centreLoad, double plain, double plainSe, double ownSe)
            implements java.io.Serializable {
        /** A window against the straight line alone. */
        Window(double change, double se, double trendLoad, int from, double centreLoad, double plain, double plainSe,
               double ownSe) {
            this(change, se, trendLoad, from, null, change, centreLoad, plain, plainSe, ownSe);
        }

        /**
         * This proxy window less a change every segment's use shared ({@code shared}, with error {@code sharedSe}):
         * the rise beyond it, the trend's prediction raised by it.
         */
        Window againstShared(double shared, double sharedSe) {
            Rise r = rise == null ? null : new Rise(rise.change - shared, Math.sqrt(rise.se * rise.se
                    + sharedSe * sharedSe), rise.since, rise.df);
            return new Window(change - shared, Math.sqrt(se * se + sharedSe * sharedSe), trendLoad, from, r,
                    highest - shared, centreLoad, plain, plainSe, ownSe);
        }

        /**
         * This outcome window's error against a reference of peers whose changes share its trend centre with {@code
         * reference} the load their median carries: the shared part counts only as far as the two loads differ.
         */
        double seAgainst(double reference) {
            double d = centreLoad - reference;
            return Math.sqrt(Math.max(0, se * se - centreLoad * centreLoad + d * d));
        }

        /**
         * The rise's p against the material rise: the larger of the straight line's, at {@code df} degrees of freedom
         * (its baseline's), and the other trend's where the baseline supports one, at that trend's own (a line since a
         * break rests on fewer blocks), each Student's t.
         */
        double riseP(double kappa, double df) {
            double line = Tails.t((change - MATERIAL) / (kappa * se), df);
            return rise == null ? line : Math.max(line, Tails.t((rise.change - MATERIAL) / (kappa * rise.se), rise.df));
        }
    }

    /**
     * The proxy's change in a window against another trend its baseline supports ({@link ProxyTrends}), the one
     * under which the rise is least evident.
     *
     * @param change the signed log change against that trend
     * @param se     its standard error
     * @param since  the period from which that trend is the line since a break; -1 for compound growth
     * @param df     the degrees of freedom of its error: its own blocks', as {@link #noiseDf} reads them
     */
    private record Rise(double change, double se, int since, double df) implements java.io.Serializable {
    }

    /**
     * A window's observed blocks: how many, their mean relative level, mean index, a curve's mean over them, and their
     * mean index with each held at the outcome's trend horizon ({@link #TREND_HORIZON}).
     */
    private record Observed(int blocks, double mean, double meanIndex, double meanOnCurve, double meanHeld) {
    }

    /**
     * The standard error of the shortfall {@code e dP - dO}: the proxy trend's estimation error lowers the proxy's rise
     * and, through the peers' relation, the outcome's expectation too, so its two parts partly cancel ({@code
     * (e load_P - load_O)²}) instead of adding; the rest of each error adds.
     */
    static double shortfallSe(double e, double proxySe, double proxyLoad, double outcomeSe, double outcomeLoad) {
        double proxyRest = Math.max(0, proxySe * proxySe - proxyLoad * proxyLoad);
        double outcomeRest = Math.max(0, outcomeSe * outcomeSe - outcomeLoad * outcomeLoad);
        double shared = e * proxyLoad - outcomeLoad;
        return Math.sqrt(e * e * proxyRest + outcomeRest + shared * shared);
    }

    private static double shortfallSe(double e, Window p, Window o) {
        return shortfallSe(e, p.se, p.trendLoad, o.se, o.trendLoad);
    }

    /**
     * The proxy's window as far as its rise owes a gain: use owes up to four times the higher of its baseline's mean
     * and the level its trend predicted ({@link #MAX_OWED_RISE}) and no more. In logs against the baseline's mean, with
     * {@code L} the window's level and {@code T} the level its trend predicted ({@code L - change}), the owed rise is
     * {@code min(L, max(T, 0) + ln 4) - T}: the rise itself wherever the level stays below that ceiling; {@code
     * min(rise, ln 4)} where the trend was flat or rising (a pilot's trickle before the date owes no more than two
     * doublings); where the trend was falling, the fall it predicted too. Its error where the ceiling binds: the rise's
     * counted by {@link ChangeElasticity#owedErrorShare} (all of it at the ceiling, none far beyond), the trend's part
     * kept where the trend was falling. The error is for a positive shortfall only ({@link #erring}).
     */
    private static Window owing(Window p) {
        double level = p.plain;
        double trend = level - p.change;
        double anchor = Math.max(trend, 0);
        if (!(level > anchor + MAX_OWED_RISE)) {
            return p;
        }
        double owed = anchor + MAX_OWED_RISE - trend;
        if (trend >= 0) {
            // min(change, ln 4): the change's whole error by its share
            double share = ChangeElasticity.owedErrorShare(p.change, p.se);
            return new Window(owed, share * p.se, share * p.trendLoad, p.from, p.centreLoad, p.plain, p.plainSe,
                    p.ownSe);
        }
        // min(L, ln 4) - T: the level's error by its share, the trend's whole
        double share = ChangeElasticity.owedErrorShare(level, p.plainSe);
        double rest = Math.max(0, p.se * p.se - p.trendLoad * p.trendLoad);
        return new Window(owed, Math.sqrt(share * share * rest + p.trendLoad * p.trendLoad), p.trendLoad, p.from,
                p.centreLoad, p.plain, p.plainSe, p.ownSe);
    }

    /**
     * The proxy window whose error a shortfall of sign {@code shortfall} carries: the owed rise's ({@code owed}) where
     * the outcome got less than was owed, the rise's whole error ({@code rise}) otherwise, so that more use, which
     * shrinks the owed rise's error beyond the ceiling, can raise the concern but never lower it.
     */
    private static Window erring(Window rise, Window owed, double shortfall) {
        return shortfall > 0 ? owed : rise;
    }

    /**
     * As {@link #shortfallSe(double, Window, Window)} against a reference of peers whose change carries {@code
     * referenceLoad} of the trend centre the outcome's trend shares with theirs (0 without a reference).
     */
    private static double shortfallSe(double e, Window p, Window o, double referenceLoad) {
        return shortfallSe(e, p.se, p.trendLoad, o.seAgainst(referenceLoad), o.trendLoad);
    }

    /**
     * A segment's running sums and counts of its observed values, so that any block's mean costs O(1) whatever the cut
     * (the real split and up to 40 placebo dates re-cut the same baseline). The sums are compensated (Neumaier): a block
     * sum is {@code (hi[to] - hi[from]) + (lo[to] - lo[from])}, which keeps its digits after an extreme value earlier
     * in the series, where plain running sums lost every later block's.
     */
    private static final class Sums {
        final double[] proxyHi;
        final double[] proxyLo;
        final int[] proxyCount;
        final double[] outcomeHi;
        final double[] outcomeLo;
        final int[] outcomeCount;
        /**
         * The running sum of the outcome's weights where its days weigh by their weekday's noise ({@link
         * WeekdayWeights}; the outcome's sums are then of weighted values), else null (every observed day weighs 1).
         */
        final double[] outcomeWeight;
        /** The outcome's weights by weekday (0 Monday to 6 Sunday) where its days weigh by their noise, else null. */
        final double[] outcomeWeekdays;
        /** The first period with a negative value, or the length when there is none. */
        final int firstNegative;
        final String negative;

        Sums(PairSeries s) {
            // in a power of two near the values where their plain sums would overflow (a summed organisation of
            // tokens near 1e305): everything read from the sums is a ratio of means, so the unit cancels
            double[] p = SafeUnit.divide(s.proxyValues(), SafeUnit.shift(s.proxyValues())); // read only
            double[] o = SafeUnit.divide(s.outcomeValues(), SafeUnit.shift(s.outcomeValues()));
            int n = p.length;
            proxyHi = new double[n + 1];
            proxyLo = new double[n + 1];
            proxyCount = new int[n + 1];
            outcomeHi = new double[n + 1];
            outcomeLo = new double[n + 1];
            outcomeCount = new int[n + 1];
            accumulate(p, proxyHi, proxyLo, proxyCount);
            WeekdayWeights.Read weights = s.weekdayWeights();
            if (weights == null) {
                accumulate(o, outcomeHi, outcomeLo, outcomeCount);
                outcomeWeekdays = null;
                outcomeWeight = null;
            } else {
                accumulate(WeekdayWeights.weighted(o, weights.perPeriod()), outcomeHi, outcomeLo, outcomeCount);
                outcomeWeekdays = weights.byWeekday();
                outcomeWeight = WeekdayWeights.runningWeight(o, weights);
            }
            // the values as given, not in the sums' unit (where a tiny negative value would be -0)
            double[] givenProxy = s.proxyValues();
            double[] givenOutcome = s.outcomeValues();
            int neg = n;
            String text = null;
            for (int t = 0; t < n && neg == n; t++) {
                if (givenProxy[t] < 0 || givenOutcome[t] < 0) {
                    neg = t;
                    text = "negative values (" + (givenProxy[t] < 0 ? s.proxyLabel() + " = " + givenProxy[t]
                            : s.outcomeLabel() + " = " + givenOutcome[t]) + ")";
                }
            }
            firstNegative = neg;
            negative = text;
        }

        /**
         * The first period by which both metrics have a value (each has one in it or before it); the length when one
         * has none.
         */
        int firstWithBoth() {
            int n = proxyCount.length - 1;
            int t = 0;
            while (t < n && (proxyCount[t + 1] == 0 || outcomeCount[t + 1] == 0)) {
                t++;
            }
            return t;
        }

        /** The mean of the observed proxy values in periods {@code [from, to)}; NaN when there are none. */
        double proxyMean(int from, int to) {
            int n = proxyCount[to] - proxyCount[from];
            return n == 0 ? Double.NaN : ((proxyHi[to] - proxyHi[from]) + (proxyLo[to] - proxyLo[from])) / n;
        }

        private static void accumulate(double[] v, double[] hi, double[] lo, int[] count) {
            double sum = 0;
            double comp = 0;
            for (int t = 0; t < v.length; t++) {
                double x = Double.isNaN(v[t]) ? 0 : v[t];
                double next = sum + x;
                comp += Math.abs(sum) >= Math.abs(x) ? (sum - next) + x : (x - next) + sum;
                sum = next;
                hi[t + 1] = sum;
                lo[t + 1] = comp;
                count[t + 1] = count[t] + (Double.isNaN(v[t]) ? 0 : 1);
            }
        }
    }

    /** A segment cut into blocks around a split (real or placebo). */
    private static final class Profile implements java.io.Serializable {
        private static final long serialVersionUID = 3L;
        final int block;
        final int before;
        final int after;
        final int firstPeriod;
        final int split;
        final Series proxy;
        final Series outcome;
        final String skip;
        /** The proxy's trends other than the straight line that its baseline supports; none until asked for. */
        final ProxyTrends.Trend[] proxyTrends;
        /**
         * The variance (log units) of the outcome's shift late in the baseline that {@link ProxyOnset.Shift#continued}
         * took out of the recent periods, 0 without one: the new level is known only as well as its few blocks tell.
         */
        final double outcomeShiftVariance;
        private static final ProxyTrends.Trend[] NO_TRENDS = new ProxyTrends.Trend[0];

        private Profile(int block, int before, int after, int firstPeriod, int split, Series proxy, Series outcome,
                        String skip, ProxyTrends.Trend[] proxyTrends) {
            this(block, before, after, firstPeriod, split, proxy, outcome, skip, proxyTrends, 0);
        }

        private Profile(int block, int before, int after, int firstPeriod, int split, Series proxy, Series outcome,
                        String skip, ProxyTrends.Trend[] proxyTrends, double outcomeShiftVariance) {
            this.block = block;
            this.before = before;
            this.after = after;
            this.firstPeriod = firstPeriod;
            this.split = split;
            this.proxy = proxy;
            this.outcome = outcome;
            this.skip = skip;
            this.proxyTrends = proxyTrends;
            this.outcomeShiftVariance = outcomeShiftVariance;
        }

        /**
         * This profile read at another split, the nearest whole number of blocks away from its own (for daily data
         * the week boundary nearest the split, up to three days off): the blocks re-based to the mean of the baseline
         * before it and the lines refitted; null where the baseline or the window would be too short or the proxy or
         * outcome is missing.
         */
        Profile atSplit(int newSplit) {
            if (proxy == null || outcome == null) {
                return null;
            }
            // the nearest whole number of blocks (daily data: the week boundary within half a week of the split)
            int shift = Math.round((newSplit - split) / (float) block);
            int newBefore = before + shift;
            int newAfter = after - shift;
            if (newBefore < MIN_READ_BLOCKS || newAfter < MIN_WINDOW_BLOCKS) {
                return null;
            }
            Series p = rebased(proxy, newBefore);
            Series o = rebased(outcome, newBefore);
            return p == null || o == null ? null
                    : new Profile(block, newBefore, newAfter, firstPeriod, split + shift * block, p, o, null, NO_TRENDS);
        }

        private static Series rebased(Series s, int before) {
            double total = 0;
            int present = 0;
            for (int b = 0; b < before; b++) {
                if (!Double.isNaN(s.relative[b])) {
                    total += s.relative[b];
                    present++;
                }
            }
            if (present < MIN_READ_BLOCKS || !(total > 0)) {
                return null;
            }
            double m = total / present;
            double[] r = new double[s.relative.length];
            for (int b = 0; b < r.length; b++) {
                r[b] = s.relative[b] / m;
            }
            return new Series(r, fit(r, before), s.sign);
        }

        /**
         * A series' relative blocks on another indexing of the same split: {@code blocks} of them, the split at
         * {@code splitBlock}; NaN where this profile has none.
         */
        double[] aligned(Series series, int splitBlock, int blocks) {
            double[] r = new double[blocks];
            for (int b = 0; b < blocks; b++) {
                int at = b - splitBlock + before;
                r[b] = at >= 0 && at < series.relative.length ? series.relative[at] : Double.NaN;
            }
            return r;
        }

        /**
         * This profile with its proxy's blocks divided by a calendar's shared profile as {@link #withoutCalendar} divides
         * them; null where too few baseline blocks remain.
         */
        Profile withoutProxyCalendar(double[] proxyCalendar, int calendarBefore) {
            Series p = divided(proxy, proxyCalendar, calendarBefore);
            return p == null ? null : new Profile(block, before, after, firstPeriod, split, p, outcome, skip,
                    proxyTrends, outcomeShiftVariance);
        }

        /**
         * This profile with its outcome's blocks (and its proxy's, given a proxy calendar) divided by a calendar's
         * shared profile ({@link SharedCalendar}, indexed with the split at {@code calendarBefore}), re-based to the
         * baseline mean and refitted; a block where the shared level is unknown or fell under {@value
         * SharedCalendar#LOWEST} of its baseline left out; null where too few baseline blocks remain.
         */
        Profile withoutCalendar(double[] calendar, double[] proxyCalendar, int calendarBefore) {
            Series o = divided(outcome, calendar, calendarBefore);
            Series p = proxyCalendar == null ? proxy : divided(proxy, proxyCalendar, calendarBefore);
            return o == null || p == null ? null : new Profile(block, before, after, firstPeriod, split, p, o, skip,
                    proxyTrends, outcomeShiftVariance);
        }

        /**
         * This profile without the {@code shocks} blocks in either series, re-based to the baseline mean and refitted;
         * null where too few baseline blocks remain.
         */
        Profile withoutShocks(boolean[] shocks) {
            Series o = withoutBlocks(outcome, shocks);
            Series p = withoutBlocks(proxy, shocks);
            return o == null || p == null ? null : new Profile(block, before, after, firstPeriod, split, p, o, skip,
                    proxyTrends, outcomeShiftVariance);
        }

        private Series withoutBlocks(Series s, boolean[] shocks) {
            return withoutBlocks(s.relative, s.sign, before, shocks);
        }

        /**
         * A series of {@code relative} blocks (signed {@code sign}) with the {@code shocks} blocks missing, re-based to
         * the mean of its first {@code before} and refitted; null where fewer than {@value #MIN_READ_BLOCKS} remain.
         */
        private static Series withoutBlocks(double[] relative, int sign, int before, boolean[] shocks) {
            double[] r = relative.clone();
            for (int b = 0; b < shocks.length && b < r.length; b++) {
                if (shocks[b]) {
                    r[b] = Double.NaN;
                }
            }
            return rebased(new Series(r, null, sign), before);
        }

        private Series divided(Series s, double[] calendar, int calendarBefore) {
            double[] r = new double[s.relative.length];
            for (int b = 0; b < r.length; b++) {
                int at = b - before + calendarBefore;
                double c = at >= 0 && at < calendar.length ? calendar[at] : Double.NaN;
                r[b] = c >= SharedCalendar.LOWEST ? s.relative[b] / c : Double.NaN;
            }
            return rebased(new Series(r, s.fit, s.sign), before);
        }

        /** This profile with its series' autocorrelations read through the calendar's pooled ones. */
        Profile withNoise(Autocorrelation proxyNoise, Autocorrelation outcomeNoise) {
            if (proxy == null) {
                return this;
            }
            return new Profile(block, before, after, firstPeriod, split,
                    new Series(proxy.relative, proxyNoise.read(proxy.fit, proxy.relative, before), proxy.sign),
                    new Series(outcome.relative, outcomeNoise.read(outcome.fit, outcome.relative, before),
                            outcome.sign), skip, proxyTrends,
                    outcomeShiftVariance);
        }

        /** This profile with the error of the outcome's late shift, when one was found, in its outcome windows. */
        Profile withOutcomeShift(ProxyOnset.Shift shift) {
            if (shift == null || !shift.found()) {
                return this;
            }
            return new Profile(block, before, after, firstPeriod, split, proxy, outcome, skip, proxyTrends,
                    shift.se() * shift.se());
        }

        /**
         * This profile with the other trends its proxy's baseline supports ({@link ProxyTrends}), which the rise of
         * the real split is tested against (placebo dates and the peers' reference use the straight line only).
         */
        Profile withProxyTrends(PairSeries s) {
            if (proxy == null) {
                return this;
            }
            return new Profile(block, before, after, firstPeriod, split, proxy, outcome, skip,
                    ProxyTrends.of(proxy.relative, before, ProxyOnset.candidates(s.granularity())),
                    outcomeShiftVariance);
        }

        /** Blocks of {@code [0, end)} around {@code split}, from the segment's running sums. */
        static Profile of(PairSeries s, Sums sums, int split, int end) {
            int block = blockLength(s.granularity());
            int before = split / block;
            int after = (end - split) / block;
            int first = split - before * block;
            String skip = sums.firstNegative < end ? sums.negative : null;
            if (skip == null && (before < MIN_READ_BLOCKS || after < MIN_WINDOW_BLOCKS)) {
                skip = "needs at least " + MIN_READ_BLOCKS + " blocks before and " + MIN_WINDOW_BLOCKS
                        + " after the intervention, found " + before + " and " + after
                        + (block > 1 ? " (blocks of " + block + " periods)" : "");
            }
            Series ps = null;
            Series os = null;
            if (skip == null) {
                int useSign = s.proxySign() * s.link().expectedSign();
                ps = series(sums.proxyHi, sums.proxyLo, sums.proxyCount, null, first, block, before, after, useSign,
                        (block + 1) / 2, useSign > 0);
                // an outcome is often seen on some days only (cycle time on the days items close, a weekly review):
                // a block with any observed period has a mean
                os = series(sums.outcomeHi, sums.outcomeLo, sums.outcomeCount, sums.outcomeWeight, first, block,
                        before, after, s.outcomeSign(), OUTCOME_PERIODS_PER_BLOCK, false);
                if (ps == null || os == null) {
                    int observed = ps == null
                            ? observedBlocks(sums.proxyCount, first, block, before, (block + 1) / 2)
                            : observedBlocks(sums.outcomeCount, first, block, before, OUTCOME_PERIODS_PER_BLOCK);
                    skip = (ps == null ? s.proxyLabel() : s.outcomeLabel()) + (observed < MIN_READ_BLOCKS
                            ? " has " + observed + " observed " + (observed == 1 ? "block" : "blocks")
                            + " before the intervention, fewer than " + MIN_READ_BLOCKS
                            + (block > 1 ? " (blocks of " + block + " periods)" : "")
                            : " is 0 in every block before the date with enough periods to read"
                            + (ps == null && useSign > 0 ? ", and its use after it is no rise from nothing (use in at "
                            + "least half the blocks after the date)" : ""));
                }
            }
            return new Profile(block, before, after, first, split, ps, os, skip, NO_TRENDS);
        }

        /** How many of the first {@code before} blocks have at least {@code need} observed periods. */
        private static int observedBlocks(int[] counts, int first, int block, int before, int need) {
            int n = 0;
            for (int b = 0; b < before; b++) {
                int from = first + b * block;
                n += counts[from + block] - counts[from] >= need ? 1 : 0;
            }
            return n;
        }

        /**
         * The blocks' means relative to the baseline's mean, with the line through the baseline; null with fewer than
         * {@value #MIN_READ_BLOCKS} observed baseline blocks or a baseline mean that is not positive, except that
         * with {@code fromNothing} a baseline of zeros (no use at all before the date) followed by use is read as a
         * rise from nothing: the baseline as a constant floor {@link #FROM_NOTHING} times below the mean after the date
         * (exact: no use has no noise), so that its rise owes what the largest rise owes ({@link #MAX_OWED_RISE}) and
         * is certainly material; only where no use at all was seen in the baseline's periods, in blocks with a mean or
         * not (the sentence reads the same sums).
         */
        private static Series series(double[] hi, double[] lo, int[] counts, double[] weights, int first, int block,
                                     int before, int after, int sign, int need, boolean fromNothing) {
            int n = before + after;
            double[] means = new double[n];
            for (int b = 0; b < n; b++) {
                int from = first + b * block;
                int to = from + block;
                int count = counts[to] - counts[from];
                double sum = (hi[to] - hi[from]) + (lo[to] - lo[from]);
                // the sums are of weighted values where the days weigh by their weekday's noise
                means[b] = count >= need ? sum / (weights == null ? count : weights[to] - weights[from]) : Double.NaN;
            }
            double total = 0;
            int present = 0;
            for (int b = 0; b < before; b++) {
                if (!Double.isNaN(means[b])) {
                    total += means[b];
                    present++;
                }
            }
            double m = present > 0 ? total / present : Double.NaN;
            int baselineEnd = first + before * block;
            boolean noneSeen = (hi[baselineEnd] - hi[first]) + (lo[baselineEnd] - lo[first]) == 0;
            if (fromNothing && present >= MIN_READ_BLOCKS && total == 0 && noneSeen) {
                double sum = 0;
                int seen = 0;
                for (int b = before; b < n; b++) {
                    if (!Double.isNaN(means[b])) {
                        sum += means[b];
                        seen++;
                    }
                }
                int used = 0;
                for (int b = before; b < n; b++) {
                    used += means[b] > 0 ? 1 : 0;
                }
                // use that began and stayed: in at least half the blocks after the date (a stray day, use that faded or
                // began in the last weeks is no adoption to owe for: skipped, as without any use)
                m = seen > 0 && 2 * used >= seen && sum > 0 && Double.isFinite(sum) ? sum / seen / FROM_NOTHING
                        : Double.NaN;
                // the baseline read as that floor throughout: a level known exactly (no use is no noise)
                for (int b = 0; b < before; b++) {
                    if (!Double.isNaN(means[b])) {
                        means[b] = m;
                    }
                }
            }
            if (present < MIN_READ_BLOCKS || !(m > 0) || !Double.isFinite(m)) {
                return null;
            }
            for (int b = 0; b < n; b++) {
                means[b] /= m;
            }
            return new Series(means, fit(means, before), sign);
        }

        private static Fit fit(double[] r, int before) {
            // relative to the baseline mean, so the line is taken around 1
            TrendLine t = TrendLine.of(r, before, 1);
            int n = t.n();
            double rss = t.rss();
            double lag1 = t.lag1();
            double sxx = t.sxx();
            double slope = t.slope();
            double mx = t.mx();
            double r1 = rss > 0 ? lag1 / rss : 0;
            // Kendall's (1954) bias correction of the AR(1) estimate, clipped: the segment's own, which a calendar's
            // pooled autocorrelation replaces where its segments are enough (Autocorrelation)
            double rho = Math.max(0, Math.min(Autocorrelation.HIGHEST, r1 + (1 + 3 * r1) / n));
            double factor = (1 + rho) / (1 - rho);
            double variance = rss / TrendLine.expectedRss(r, before, rho, n, mx, sxx);
            double slopeSe = sxx > 0 ? Math.sqrt(variance * factor / sxx) : 0;
            return new Fit(slope, slopeSe, variance, factor, mx, n, sxx, rss > 0 ? r1 : Double.NaN, rss);
        }

        /**
         * How many errors the outcome's gain in the last half since the split exceeds its gain in the first half, both
         * against the outcome's (shrunk) trend, held beyond its horizon, and the organisation's gain over the same half
         * ({@code orgChange} and {@code orgSe} for all since the split and its last half; the first half's by their difference, weighted by
         * the halves' spans); NaN where a half is too short. The error is the AR(1) variance of the difference of two
         * adjacent means, the trend slope's error at the two distances and the organisation's (nested windows), times
         * {@code kappa}; the proxy trend's load and the baseline level's error, small beside these, are left out.
         */
        double arrivalZ(Series series, Shrinkage shrinkage, double[] orgChange, double[] orgSe, double kappa,
                        double proxySlope) {
            double[] shrunk = shrinkage.apply(series.fit, proxySlope, 0);
            int half = after - after / 2;
            Observed first = observed(series, 0, half, null);
            Observed last = observed(series, half, after, null);
            if (first == null || last == null) {
                return Double.NaN;
            }
            Fit f = series.fit;
            // the outcome's trend held beyond its horizon, as its windows read it (the proxy's would run on)
            boolean damped = series != proxy;
            double firstDistance = (damped ? first.meanHeld : first.meanIndex) - f.centre;
            double lastDistance = (damped ? last.meanHeld : last.meanIndex) - f.centre;
            double firstPredicted = Math.max(LOWEST_PREDICTED, 1 + shrunk[0] * firstDistance);
            double lastPredicted = Math.max(LOWEST_PREDICTED, 1 + shrunk[0] * lastDistance);
            double firstChange = series.sign * Math.log(Math.max(first.mean, 0.01 * firstPredicted) / firstPredicted);
            double lastChange = series.sign * Math.log(Math.max(last.mean, 0.01 * lastPredicted) / lastPredicted);
            int a = first.blocks;
            int b = last.blocks;
            // the organisation's first half from its whole window and last half, weighted by the halves' spans (its
            // peers' blocks, not this segment's observed ones); the difference's error that of nested windows,
            // ((a + b) / a)² (se_last² - se_all²), at least se_all² + se_last² where the windows' errors saturate
            double spanFirst = half;
            double spanLast = after - half;
            double orgLast = orgChange[1];
            double orgFirst = (orgChange[0] * (spanFirst + spanLast) - orgLast * spanLast) / spanFirst;
            double nested = (spanFirst + spanLast) / spanFirst;
            double orgVariance = Math.max(nested * nested * (orgSe[1] * orgSe[1] - orgSe[0] * orgSe[0]),
                    orgSe[0] * orgSe[0] + orgSe[1] * orgSe[1]);
            double rho = (f.longRunFactor - 1) / (f.longRunFactor + 1);
            // each half's level error read where its log change is (linearisedAt)
            double firstAt = damped ? series.readAt(first.mean, firstPredicted, before) : firstPredicted;
            double lastAt = damped ? series.readAt(last.mean, lastPredicted, before) : lastPredicted;
            double noise = f.residualVariance * (meanVariance(a, rho) / (firstAt * firstAt)
                    + meanVariance(b, rho) / (lastAt * lastAt)
                    - 2 * adjacentCovariance(a, b, rho) / (firstAt * lastAt));
            double slope = lastDistance / lastPredicted - firstDistance / firstPredicted;
            double variance = Math.max(0, noise) + slope * slope * shrunk[1] + orgVariance;
            double se = kappa * Math.sqrt(variance);
            return se > 0 ? ((lastChange - orgLast) - (firstChange - orgFirst)) / se : Double.NaN;
        }

        /** The two windows (all since the split, its last half); null where too short. */
        Window[] windows(Series s, Shrinkage shrinkage) {
            return windows(s, shrinkage, s.fit, proxy.fit);
        }

        /** The proxy's baseline slope as {@code proxyShrink} pulls it toward its peers' (its own without one). */
        double proxySlope(Shrinkage proxyShrink) {
            return proxyShrink == Shrinkage.NONE ? proxy.fit.slope : proxyShrink.apply(proxy.fit, 0, 0)[0];
        }

        /** The windows with the noise of {@code noise} (a placebo uses the whole baseline's, better estimated). */
        Window[] windows(Series series, Shrinkage shrinkage, Fit noise, Fit proxyNoise) {
            return windows(series, shrinkage, noise, proxyNoise, Shrinkage.NONE);
        }

        /**
         * The windows with the proxy's trend shrunk by {@code proxyShrink}: the proxy's own windows read against it,
         * and the outcome's trend expected from it through the outcome shrinkage's coupling.
         */
        Window[] windows(Series series, Shrinkage shrinkage, Fit noise, Fit proxyNoise, Shrinkage proxyShrink) {
            Series s = new Series(series.relative, series.fit.withNoiseOf(noise), series.sign);
            // the proxy trend's estimation error moves this series' predicted level: fully for the proxy itself, by
            // the shrinkage's derivative for the outcome
            double proxySlopeSe = proxy.fit.withNoiseOf(proxyNoise).slopeSe;
            double[] shrunk;
            double load;
            if (proxyShrink != Shrinkage.NONE) {
                // the proxy's line as its peers' lines pull it (weight w on its own): its error's load is w times its
                // own slope error; the outcome expects the trend the peers' relation gives that same line, so that
                // the use's counterfactual and the outcome's are one (with the outcome expected from the team's own
                // line instead, FourthCalibrationTest's honest adopters where the proxy trends' reliability is 0.27
                // were flagged 6 times of 29 instead of none: their organic growth owed a gain its outcome's own trend
                // had already taken)
                double[] pulled = proxyShrink.apply(proxy.fit.withNoiseOf(proxyNoise), 0, 0);
                double own = proxySlopeSe > 0 ? Math.min(1, Math.sqrt(pulled[4]) / proxySlopeSe) : 1;
                if (series == proxy) {
                    shrunk = pulled;
                    load = own * proxySlopeSe;
                } else {
                    shrunk = shrinkage.apply(s.fit, pulled[0], own * own * Math.max(0,
                            proxySlopeSe * proxySlopeSe - proxyNoise.slopeSe * proxyNoise.slopeSe));
                    load = shrunk[2] * own * proxySlopeSe;
                }
            } else {
                shrunk = shrinkage.apply(s.fit, proxy.fit.slope,
                        Math.max(0, proxySlopeSe * proxySlopeSe - proxyNoise.slopeSe * proxyNoise.slopeSe));
                load = (series == proxy ? 1 : shrunk[2]) * proxySlopeSe;
            }
            Window[] w = new Window[WINDOWS];
            ProxyTrends.Trend[] others = series == proxy ? proxyTrends : NO_TRENDS;
            // the outcome's trend holds beyond its horizon; the proxy's runs on ("beyond its own trend" must not be
            // made easier by damping it)
            boolean damped = series != proxy;
            w[0] = window(s, shrunk, load, 0, after, others, damped);
            w[1] = w[0] != null && after / 2 >= MIN_WINDOW_BLOCKS
                    ? window(s, shrunk, load, after - after / 2, after, others, damped) : null;
            if (series == outcome && outcomeShiftVariance > 0) {
                for (int k = 0; k < w.length; k++) {
                    if (w[k] != null) {
                        w[k] = new Window(w[k].change, Math.sqrt(w[k].se * w[k].se + outcomeShiftVariance),
                                w[k].trendLoad, w[k].from, w[k].rise, w[k].highest, w[k].centreLoad, w[k].plain,
                                w[k].plainSe, w[k].ownSe);
                    }
                }
            }
            return w;
        }

        /**
         * The window against the straight line, with the rise against the other trends the baseline supports where
         * that is less evident: the rise must be beyond every trend the baseline supports (an intersection-union
         * test), while the shortfall, the peers' reference and clearing keep the straight line, so a trend that ran
         * away can withhold an accusation but never clear a team.
         */
        private Window window(Series s, double[] shrunk, double load, int from, int to, ProxyTrends.Trend[] others,
                              boolean damped) {
            Window w = window(s, shrunk, load, from, to, damped);
            if (w == null) {
                return null;
            }
            // the other trend whose rise is least evident at its own degrees of freedom: the test takes the larger of
            // its p and the line's whichever z is lower (chosen by z, a trend resting on fewer blocks, its p the
            // larger, was left out until its z fell below the line's, and more inflation could raise the p: jqwik)
            Rise least = null;
            double leastP = -1;
            double highest = w.change;
            for (ProxyTrends.Trend t : others) {
                Window o = window(s, t, from, to);
                if (o == null) {
                    continue;
                }
                highest = Math.max(highest, o.change);
                double df = noiseDf(t.blocks(), t.longRunFactor());
                double p = Tails.t((o.change - MATERIAL) / o.se, df);
                if (p > leastP) {
                    leastP = p;
                    least = new Rise(o.change, o.se, t.since() < 0 ? -1 : firstPeriod + t.since() * block, df);
                }
            }
            return others.length == 0 ? w
                    : new Window(w.change, w.se, w.trendLoad, w.from, least, highest, w.centreLoad, w.plain,
                    w.plainSe, w.ownSe);
        }

        /** The window {@code [before + from, before + to)} against another trend {@code t}, with its own error. */
        private Window window(Series s, ProxyTrends.Trend t, int from, int to) {
            Observed o = observed(s, from, to, t.curve());
            if (o == null) {
                return null;
            }
            int m = o.blocks;
            double mean = o.mean;
            double distance = o.meanIndex - t.centre();
            double predicted = Math.max(LOWEST_PREDICTED, o.meanOnCurve);
            double variance = t.residualVariance() * (Math.min(1, t.longRunFactor() / m)
                    + Math.min(1, t.longRunFactor() / t.blocks())) + distance * distance * t.slopeVariance();
            double se = Math.sqrt(variance) / predicted; // the proxy's other trends: its rises read as they were
            return new Window(s.sign * Math.log(Math.max(mean, 0.01 * predicted) / predicted), se > 0 ? se : 1e-9, 0,
                    firstPeriod + (before + from) * block, 0, Double.NaN, Double.NaN, se > 0 ? se : 1e-9);
        }

        private Window window(Series s, double[] shrunk, double load, int from, int to, boolean damped) {
            Observed o = observed(s, from, to, null);
            if (o == null) {
                return null;
            }
            int m = o.blocks;
            double mean = o.mean;
            // how far the trend is carried from the baseline's centre, on average over the window's blocks
            double distance = (damped ? o.meanHeld : o.meanIndex) - s.fit.centre;
            double predicted = Math.max(LOWEST_PREDICTED, 1 + shrunk[0] * distance);
            Fit f = s.fit;
            double variance = f.residualVariance * (Math.min(1, f.longRunFactor / m) + Math.min(1, f.longRunFactor / f.blocks))
                    + distance * distance * shrunk[1];
            // the outcome's fall of a series with a week of 0 on the level's scale; the proxy as before (its rise is
            // what is read, and its reading must not change with the weeks of 0 that added use fills)
            double at = damped ? s.readAt(mean, predicted, before) : predicted;
            double se = Math.sqrt(variance) / at;
            if (!(se > 0)) {
                se = 1e-9;
            }
            // the signed change's response to one standard error of the proxy trend: -sign distance load / predicted
            double trendLoad = -s.sign * distance * load / predicted;
            // and to one of the peers' trend centre, which every segment shrunk toward it shares
            double centreLoad = -s.sign * distance * Math.sqrt(shrunk[3]) / predicted;
            // the plain level against the baseline mean (1: the blocks are relative to it), no trend extrapolated
            double plainSe = Math.sqrt(f.residualVariance * (Math.min(1, f.longRunFactor / m)
                    + Math.min(1, f.longRunFactor / f.blocks)));
            // the part of the error that is the segment's own noise, estimated from its own blocks: its levels' and
            // what its own slope keeps of its trend ({@link #noiseDf})
            double ownSe = Math.sqrt(plainSe * plainSe + distance * distance * shrunk[4]) / at;
            return new Window(s.sign * Math.log(Math.max(mean, 0.01 * predicted) / predicted), se,
                    Double.isFinite(trendLoad) ? trendLoad : 0, firstPeriod + (before + from) * block,
                    Double.isFinite(centreLoad) && Math.abs(centreLoad) < se ? centreLoad : 0,
                    s.sign * Math.log(Math.max(mean, 0.01 * predicted)), plainSe, Double.isFinite(ownSe) ? ownSe : se);
        }

        /**
         * The observed blocks of {@code [before + from, before + to)}: their count, mean, mean index and, given a
         * {@code curve}, its mean over the same blocks; null with fewer than {@value #MIN_WINDOW_BLOCKS}.
         */
        private Observed observed(Series s, int from, int to, double[] curve) {
            double sum = 0;
            double at = 0;
            double held = 0;
            double onCurve = 0;
            int m = 0;
            // the outcome's trend runs to this block index (the baseline's last block ends at before - 0.5) and holds
            double horizon = before - 0.5 + TREND_HORIZON * before;
            for (int b = before + from; b < before + to; b++) {
                if (!Double.isNaN(s.relative[b])) {
                    sum += s.relative[b];
                    at += b;
                    held += Math.min(b, horizon);
                    onCurve += curve == null ? 0 : curve[b];
                    m++;
                }
            }
            return m < MIN_WINDOW_BLOCKS ? null : new Observed(m, sum / m, at / m, onCurve / m, held / m);
        }

        /**
         * The covariance of the errors of the baseline's proxy and outcome trends (signed as more use, better): the
         * covariance of their residuals over the baseline blocks both observed, with their long-run factors, over the
         * blocks' spread. Nonzero where the two series share noise.
         */
        double slopeErrorCovariance() {
            return proxy.sign * outcome.sign * residualCovariance(proxy.relative, line(proxy.fit), outcome.relative,
                    line(outcome.fit), before);
        }

        /** How long an array {@link #line(double[], int, double[])} writes into must be (it is scratch too). */
        static final int LINE = TrendLine.SIZE;

        /** A fit's line as {@link #line(double[], int, double[])} writes it. */
        private static double[] line(Fit f) {
            return new double[] {f.slope, f.slopeSe, f.centre, f.sxx, f.longRunFactor};
        }

        /**
         * {@link #fit}'s line through {@code r[0, before)} without an object: {slope, its error, the mean index, the
         * index's sum of squares, the long-run factor} into {@code out[0, 5)} (at least {@link #LINE} long). The
         * peers' relation reads its trends' errors so: the residual variance over {@code n - 2}, the long-run factor
         * of the segment's own autocorrelation. Read as {@link #fit} reads a baseline since 2026-12-07 (over the
         * residuals' exact expectation, {@link TrendLine#expectedRss}), the errors grew and so did the relation's
         * correction for them: the seventh zoo's organisation 948 set a bar of 0.36 against its honest adopters'
         * elasticity 0.325 ({@code SharedCrunchBarTest}); with the slope's exact AR(1) variance besides, the fourth
         * zoo's organisation 14 a bar of 0.31 against adopters of 0.15 and more ({@code FourthCalibrationTest}).
         */
        static void line(double[] r, int before, double[] out) {
            TrendLine.into(r, before, 1, out);
            double n = out[TrendLine.N];
            double rss = out[TrendLine.RSS];
            double lag1 = out[TrendLine.LAG1];
            double sxx = out[TrendLine.SXX];
            double variance = rss / Math.max(1, n - 2);
            double r1 = rss > 0 ? lag1 / rss : 0;
            double rho = Math.max(0, Math.min(Autocorrelation.HIGHEST, r1 + (1 + 3 * r1) / n));
            double factor = (1 + rho) / (1 - rho);
            double slope = out[TrendLine.SLOPE];
            double centre = out[TrendLine.MX];
            out[0] = slope;
            out[1] = sxx > 0 ? Math.sqrt(variance * factor / sxx) : 0;
            out[2] = centre;
            out[3] = sxx;
            out[4] = factor;
        }

        /**
         * The covariance of the errors of two lines' slopes ({@link #line(double[], int, double[])}: {@code pl} through
         * the first {@code before} blocks of {@code proxy}, {@code ol} through {@code outcome}; unsigned): their
         * residuals' covariance over the blocks both have, with the two long-run factors, over the slopes' spreads; 0
         * with fewer than 3 such blocks.
         */
        static double residualCovariance(double[] proxy, double[] pl, double[] outcome, double[] ol, int before) {
            double sum = 0;
            int n = 0;
            for (int b = 0; b < before; b++) {
                double p = proxy[b];
                double o = outcome[b];
                if (!Double.isNaN(p) && !Double.isNaN(o)) {
                    sum += (p - 1 - pl[0] * (b - pl[2])) * (o - 1 - ol[0] * (b - ol[2]));
                    n++;
                }
            }
            double sxx = Math.sqrt(pl[3] * ol[3]);
            if (n < 3 || !(sxx > 0)) {
                return 0;
            }
            return sum / (n - 2) * Math.sqrt(pl[4] * ol[4]) / sxx;
        }

        /** The baseline's blocks relative to its mean: the proxy's, then the outcome's. */
        double[] baselineLevels() {
            double[] v = new double[2 * before];
            System.arraycopy(proxy.relative, 0, v, 0, before);
            System.arraycopy(outcome.relative, 0, v, before, before);
            return v;
        }

        /**
         * The trends of a baseline given by {@link #baselineLevels()} without the {@code shocks} blocks: {outcome slope,
         * its error, proxy slope, its error}, each series re-based to its mean without them; null where either keeps
         * fewer than {@value #MIN_READ_BLOCKS} blocks.
         */
        static double[] trendsWithout(double[] levels, boolean[] shocks) {
            int before = levels.length / 2;
            Series p = withoutBlocks(Arrays.copyOfRange(levels, 0, before), 1, before, shocks);
            Series o = withoutBlocks(Arrays.copyOfRange(levels, before, 2 * before), 1, before, shocks);
            return p == null || o == null ? null
                    : new double[] {o.fit.slope, o.fit.slopeSe, p.fit.slope, p.fit.slopeSe};
        }

        /**
         * The block-to-block log changes of a baseline given by {@link #baselineLevels()}, signed as more use and better
         * ({@code proxySign}, {@code outcomeSign}): the proxy's into blocks 1 to {@code before - 1}, then the outcome's,
         * NaN where a block of either is missing or not positive.
         */
        static double[] blockChanges(double[] levels, int proxySign, int outcomeSign) {
            int before = levels.length / 2;
            int m = Math.max(0, before - 1);
            double[] v = new double[2 * m];
            for (int b = 1; b < before; b++) {
                double p0 = levels[b - 1];
                double p1 = levels[b];
                double o0 = levels[before + b - 1];
                double o1 = levels[before + b];
                boolean both = p0 > 0 && p1 > 0 && o0 > 0 && o1 > 0;
                v[b - 1] = both ? proxySign * Math.log(p1 / p0) : Double.NaN;
                v[m + b - 1] = both ? outcomeSign * Math.log(o1 / o0) : Double.NaN;
            }
            return v;
        }
    }

    /**
     * What the organisation gained anyway in window {@code w}, from five or more untouched segments' changes {@code v}
     * and their own errors {@code se}: {@link #referenceLevel(double[], double[], double[], double[], int, int)} with
     * the biweight required to keep at least {@value #MIN_UNTOUCHED} of them and at least half. Of five peers in
     * groups, a biweight at their own error of about 0.05 kept the group near +27% and a fourth at its edge and claimed
     * their agreement as the organisation's (a seventh-zoo organisation: two regime changes and a lean team at +22% to
     * +35%, another regime change at -27%, a hiring team at +6%; a gain of 27% with an error of 0.045 where the median
     * is 0.218 with an error of about 0.1), and 7 of its honest teams were flagged (1 since); a tight minority of more
     * peers is likewise a story of its own, not the organisation's.
     */
    static void referenceLevel(double[] v, double[] se, double[] orgChange, double[] orgSe, int w) {
        referenceLevel(v, se, orgChange, orgSe, w, Math.max(MIN_UNTOUCHED, (v.length + 1) / 2));
    }

    /**
     * The typical change of three or more peers' changes {@code v} with their own errors {@code se}, into {@code
     * orgChange[w]} and {@code orgSe[w]}: the biweight location at their typical error ({@link BiweightLocation}), so
     * that peers whose outcome changed regime on its own get no weight instead of widening everyone's error, with the
     * larger of its sandwich error (times {@code sqrt(m / (m - 1))}, {@code m} the peers it kept) and the error of the
     * mean of those peers at the typical error (times 1.026, the biweight's efficiency at the normal). The median with
     * {@link #medianError}, as before, where the biweight has no sound answer: the typical error is not positive, a
     * change is not finite, the iteration did not settle, it keeps fewer than {@code minKept} peers (or three), fewer
     * than three distinct values are in its reach (ties at a tiny typical error made the floor collapse), or its error
     * exceeds the median's (peers in two groups about two typical errors either side of the centre, where the
     * sandwich's slope is near 0: an error of 117 against the median's 0.063, a reviewer's case). With half of 14 peers
     * changing regime by 15-30%, the median's error was 0.017-0.022 against a peer's own 0.033 (the bulk's spread, read
     * from its lower third, took the regime changes in). The use every reference peer shared is read with {@code
     * minKept} 3.
     */
    static void referenceLevel(double[] v, double[] se, double[] orgChange, double[] orgSe, int w, int minKept) {
        double median = Descriptive.median(v);
        double medianSe = medianError(v, median, se);
        orgChange[w] = median;
        orgSe[w] = medianSe;
        double scale = typical(se);
        if (!(scale > 0) || !Double.isFinite(scale)) {
            return;
        }
        for (double x : v) {
            if (!Double.isFinite(x)) {
                return;
            }
        }
        BiweightLocation b = BiweightLocation.of(v, scale);
        int m = b.inliers();
        if (!b.converged() || !Double.isFinite(b.standardError()) || m < Math.max(MIN_REFERENCE, minKept)
                || distinctWithin(v, b.location(), BiweightLocation.DEFAULT_TUNING * scale) < MIN_REFERENCE) {
            return;
        }
        double error = Math.max(b.standardError() * Math.sqrt(m / (m - 1.0)),
                BIWEIGHT_EFFICIENCY * scale / Math.sqrt(m));
        if (error <= medianSe) {
            orgChange[w] = b.location();
            orgSe[w] = error;
        }
    }

    /** How many distinct values of {@code v} lie less than {@code reach} from {@code centre}. */
    private static int distinctWithin(double[] v, double centre, double reach) {
        double[] in = new double[v.length];
        int n = 0;
        for (double x : v) {
            if (Math.abs(x - centre) < reach) {
                in[n++] = x;
            }
        }
        Arrays.sort(in, 0, n);
        int distinct = 0;
        for (int k = 0; k < n; k++) {
            distinct += k == 0 || in[k] != in[k - 1] ? 1 : 0;
        }
        return distinct;
    }

    /**
     * The error of the median of {@code v} (about {@code median}): 1.2533 times the larger of the bulk's spread
     * ({@link #bulkScale}) and the typical own error, over the square root of their number, so that peers with stories
     * of their own do not set it.
     */
    static double medianError(double[] v, double median, double[] se) {
        return 1.2533 * Math.max(bulkScale(v, median), typical(se)) / Math.sqrt(v.length);
    }

    /**
     * The spread of the bulk of {@code v} around {@code centre}: the {@value #BULK} quantile of the absolute deviations
     * over the normal's, so that up to two thirds of the values may have stories of their own (an outcome regime change
     * in a team whose proxy did not move) without setting everyone's noise.
     */
    static double bulkScale(double[] v, double centre) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = Math.abs(v[i] - centre);
        }
        return Descriptive.quantile(d, BULK) / BULK_NORMAL;
    }

    /** The typical standard error: their median (peers with a regime change of their own have large ones). */
    private static double typical(double[] se) {
        return se.length == 0 ? 0 : Descriptive.median(se);
    }

    @Override
    public String toString() {
        return NAME;
    }
}
