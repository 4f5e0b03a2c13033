/** Numerical kernels behind the statistics toolkit; not part of the API. */
package dev.goodhart.stats.internal;
