/**
 * Metric observations from CSV files, long ({@code date,segment,metric,value}) or wide
 * ({@code date,segment,<metric>...}), read with Apache Commons CSV: {@link dev.goodhart.csv.CsvMetrics}.
 */
package dev.goodhart.csv;
