#!/usr/bin/env bash
# Runs the whole-organisation comparison in one go: Goodhart (all detectors) against the same per-segment analysis in R
# doing the same statistics as the five pair detectors (R with sandwich and changepoint: Debian's r-base-core and
# r-cran-sandwich, changepoint from CRAN or benchmarks/compare-pelt-with-r.sh). CPU time; R is timed on K segments and
# extrapolated.
# Usage: bash benchmarks/compare-with-r.sh [SEGMENTS=10000] [K=200]
set -euo pipefail
cd "$(dirname "$0")/.."
SEGMENTS="${1:-10000}"
K="${2:-200}"
[ -f benchmarks/target/benchmarks.jar ] || ./mvnw -B -q install -DskipTests
CSV="$(mktemp --suffix=.csv)"
trap 'rm -f "$CSV"' EXIT
java -Xmx4g -cp benchmarks/target/benchmarks.jar dev.goodhart.benchmarks.CompareWithR "$SEGMENTS" "$CSV"
Rscript benchmarks/r/organisation.R "$CSV" "$K"
