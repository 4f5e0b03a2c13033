package dev.goodhart.model;

/**
 * Whether a metric is a proxy (usage, activity), an outcome (the result the proxy is meant to move) or an exposure (how
 * many there are to use the proxy or produce the outcome, read only as a denominator).
 */
public enum Role {
    /** A measure of activity that is easy to count and to inflate: tokens, prompts, agents, calls. */
    PROXY,
    /** A measure of the result the organisation actually wants: cycle time, conversion, defects. */
    OUTCOME,
    /**
     * How many there are to use the proxy or produce the outcome: head count, seats, active users. Never linked; a proxy
     * or outcome declared per it ({@link IntegrityModel.Builder#per}) is read as a rate, its value in each period
     * divided by the exposure's (the latest known, carried forward).
     */
    EXPOSURE
}
