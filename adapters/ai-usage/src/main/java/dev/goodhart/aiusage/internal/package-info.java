/** Internals of the export readers: the streaming record loop, the per-format parsers, the daily aggregation. */
package dev.goodhart.aiusage.internal;
