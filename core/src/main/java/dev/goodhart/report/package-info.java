/**
 * The result of scoring, immutable and complete: the {@link dev.goodhart.report.IntegrityReport}, one
 * {@link dev.goodhart.report.PairResult} per proxy, outcome and segment with its
 * {@link dev.goodhart.report.Verdict} and, for the pairs that get a chart, a {@link dev.goodhart.report.PairChart}
 * with everything the chart needs; and the text renderer {@link dev.goodhart.report.TextReport}. Renderers (text
 * here, JSON and HTML in their adapters) read only the report: no frame, no statistics of their own.
 */
package dev.goodhart.report;
