/**
 * Metric observations from CSV files, long ({@code date,segment,metric,value}) or wide
 * ({@code date,segment,<metric>...}), read with FastCSV (RFC 4180): {@link dev.goodhart.csv.CsvMetrics}.
 */
package dev.goodhart.csv;
