/**
 * The result of scoring, immutable and complete: the {@link dev.goodhart.report.IntegrityReport}, one
 * {@link dev.goodhart.report.PairResult} per proxy, outcome and segment with its
 * {@link dev.goodhart.report.Verdict}, and the text renderer {@link dev.goodhart.report.TextReport}. Renderers (text
 * here, JSON and HTML in their adapters) read only this package's types.
 */
package dev.goodhart.report;
