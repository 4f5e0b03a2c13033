/**
 * Metric observations sampled from a Micrometer {@link io.micrometer.core.instrument.MeterRegistry}: counters as
 * increases or totals, gauges as values, timers as counts, means or totals per sampling interval, a tag as the
 * segment: {@link dev.goodhart.micrometer.MeterSampler}. The application decides when to sample; nothing runs on a
 * thread of its own.
 */
package dev.goodhart.micrometer;
