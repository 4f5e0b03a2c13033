package dev.goodhart.model;

/** Whether a metric is a proxy (usage, activity) or an outcome (the result the proxy is meant to move). */
public enum Role {
    /** A measure of activity that is easy to count and to inflate: tokens, prompts, agents, calls. */
    PROXY,
    /** A measure of the result the organisation actually wants: cycle time, conversion, defects. */
    OUTCOME
}
