/** The scorer's machinery: running segments, false-discovery control, chart data. Not API. */
package dev.goodhart.scoring.internal;
