/** Internals of the Spark adapter; not an API. */
package dev.goodhart.spark.internal;
