/**
 * Goodhart on Apache Spark: {@link dev.goodhart.spark.SparkScoring} scores observations and usage events held in
 * Datasets on the cluster, with the same results as the core library on one machine.
 */
package dev.goodhart.spark;
