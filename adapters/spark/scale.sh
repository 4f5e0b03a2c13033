#!/usr/bin/env bash
# Scale measurement of SparkScoring.score (mode=distributed, the default: rows written from the executors) or
# SparkScoring.report (mode=report: every row collected on the driver):
# N teams x D days generated on a standalone cluster (a master and two one-core workers on 127.0.0.1), written to
# Parquet, read back and scored; one line per run is appended to adapters/spark/target/spark-scale.tsv.
#
#   bash adapters/spark/scale.sh [DRIVER_HEAP] [key=value ...]
#   bash adapters/spark/scale.sh 6g teams=100000 days=365            # the README's largest row
#   bash adapters/spark/scale.sh 6g teams=10000 days=120 master='local[2]'
#
# Keys (SparkScale): teams (10000), days (365), gamed (0.1), master (cluster or local[N]), executorMemory (1g),
# out (results file), work (scratch directory, kept when given), data (Parquet directory: made and kept if missing,
# read if present; same teams, days and gamed), generateOnly (true: only make the data), mode (distributed or report), liveEvery (ms between forced collections that
# sample the driver's live heap; 0, off: those runs are for memory, not time), workers (2) and executorCores (1): e.g.
# workers=1 executorCores=2 executorMemory=6g runs one executor of two cores instead of two of one. Run from the
# repository root.
set -euo pipefail
cd "$(dirname "$0")/../.."
heap="${1:-6g}"
shift || true

# the reactor build (nothing installed into ~/.m2), and this module's test class path; SKIP_BUILD=1 reuses the last
if [ -z "${SKIP_BUILD:-}" ] || [ ! -s adapters/spark/target/classpath.txt ]; then
  ./mvnw -B -o -q -pl adapters/spark -am package dependency:build-classpath -DskipTests \
    -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=test
fi
# absolute: executors start in the workers' directories and read this class path (spark.executor.extraClassPath)
cp="$PWD/adapters/spark/target/test-classes:$PWD/adapters/spark/target/classes:$(cat adapters/spark/target/classpath.txt)"

# what spark-submit adds on Java 17 (as adapters/spark/pom.xml gives the tests)
opens=$(sed -n 's:.*<spark.java17.options>\(.*\)</spark.java17.options>.*:\1:p' adapters/spark/pom.xml)
mkdir -p adapters/spark/target/scale
log="adapters/spark/target/scale/driver-gc-$(date +%Y%m%d-%H%M%S).log"
# class=SparkEventScale measures usage-event scoring instead (its keys: actors, days, perDay, executorMemory, work,
# data, single)
main=SparkScale
args=()
for arg in "$@"; do
  case "$arg" in
    class=*) main="${arg#class=}" ;;
    *) args+=("$arg") ;;
  esac
done
if [ "$main" = SparkScale ]; then
  args=(out=adapters/spark/target/spark-scale.tsv "${args[@]}")
fi
# DRIVER_OPTS: more options for the driver's JVM, e.g. DRIVER_OPTS=-XX:StartFlightRecording:filename=driver.jfr
# shellcheck disable=SC2086
exec java $opens ${DRIVER_OPTS:-} -Xmx"$heap" -Xlog:gc:file="$log" -cp "$cp" "dev.goodhart.spark.$main" "${args[@]}"
