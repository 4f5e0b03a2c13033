/**
 * The JSON report (schema version 1) of the design contract, with Jackson: {@link dev.goodhart.json.JsonReport}.
 */
package dev.goodhart.json;
