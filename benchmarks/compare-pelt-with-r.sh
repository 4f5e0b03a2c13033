#!/usr/bin/env bash
# PELT against R changepoint 2.3 in one run: the same series, CPU time per element, interleaved, positions compared.
# Needs Rscript with the changepoint package. On Debian: apt-get install r-base-core r-base-dev r-cran-zoo, then
# R CMD INSTALL on changepoint's source (CRAN tarball or github.com/rkillick/changepoint).
# Usage: bash benchmarks/compare-pelt-with-r.sh
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f benchmarks/target/benchmarks.jar ] || ./mvnw -B -q install -DskipTests
DIR="$(mktemp -d)"
trap 'rm -rf "$DIR"' EXIT
java -Xmx2g -cp benchmarks/target/benchmarks.jar dev.goodhart.benchmarks.PeltVsR "$(command -v Rscript)" \
  benchmarks/r/pelt.R "$DIR"
