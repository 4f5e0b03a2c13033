/**
 * A self-contained HTML report with inline SVG charts, readable offline: {@link dev.goodhart.html.HtmlReport}.
 */
package dev.goodhart.html;
