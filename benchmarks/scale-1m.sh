#!/usr/bin/env bash
# Scores SEGMENTS segments x DAYS days (2 metrics) from a long CSV with a 2 GB heap, the JSON report streamed
# (--spill auto), and prints wall time, peak RSS and the largest heap after a GC. Not run in CI (a million segments
# take tens of minutes on 2 cores). Usage: bash benchmarks/scale-1m.sh [SEGMENTS=1000000] [DAYS=120] [HEAP=2g]
# Build first: ./mvnw -B -q -o -pl examples -am -DskipTests package
set -euo pipefail
SEGMENTS=${1:-1000000}
DAYS=${2:-120}
HEAP=${3:-2g}
HERE=$(cd "$(dirname "$0")" && pwd)
JAR="$HERE/../examples/target/goodhart.jar"
WORK=${SCALE_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/goodhart-scale.XXXXXX")}
mkdir -p "$WORK"
KEEP=${SCALE_KEEP:-}   # a directory to keep the GC log and /usr/bin/time's output in
trap '[ -n "$KEEP" ] && mkdir -p "$KEEP" && cp "$WORK"/gc.log "$WORK"/time.txt "$KEEP"/ 2>/dev/null; rm -rf "$WORK"' EXIT
CSV="$WORK/data.csv"
echo "generating $SEGMENTS segments x $DAYS days into $CSV"
GEN_START=$(date +%s.%N)
java -Xmx256m "$HERE/scale/ScaleData.java" "$SEGMENTS" "$DAYS" "$CSV"
GEN_END=$(date +%s.%N)
echo "generated $(wc -c < "$CSV") bytes in $(echo "$GEN_END - $GEN_START" | bc) s"
GCLOG="$WORK/gc.log"
START=$(date +%s.%N)
CMD=(java -Xmx"$HEAP" -Xlog:gc:file="$GCLOG" -jar "$JAR" score --data "$CSV" --proxy tokens
     --outcome cycle_time:lower --intervention 2025-03-17 --format json --out "$WORK/report.json"
     --temp-dir "$WORK/tmp" --quiet ${SCALE_ARGS:-})
if [ -x /usr/bin/time ]; then
  /usr/bin/time -v "${CMD[@]}" 2> "$WORK/time.txt" || { cat "$WORK/time.txt"; exit 1; }
  RSS_KB=$(grep "Maximum resident" "$WORK/time.txt" | awk '{print $NF}')
else
  "${CMD[@]}" &
  PID=$!
  RSS_KB=0
  while kill -0 $PID 2>/dev/null; do
    R=$(awk '/VmHWM/ {print $2}' /proc/$PID/status 2>/dev/null || echo 0)
    [ -n "$R" ] && [ "$R" -gt "$RSS_KB" ] && RSS_KB=$R
    sleep 1
  done
  wait $PID
fi
END=$(date +%s.%N)
# the largest heap in use after a collection ("Pause Young ... 1200M->800M(2048M)": the 800M)
MAX_AFTER=$(grep -oE '[0-9]+M->[0-9]+M' "$GCLOG" | sed -E 's/.*->([0-9]+)M/\1/' | sort -n | tail -1)
echo "segments=$SEGMENTS days=$DAYS heap=$HEAP wall_s=$(echo "$END - $START" | bc) peak_rss_mb=$((RSS_KB / 1024)) max_heap_after_gc_mb=${MAX_AFTER:-?} report_bytes=$(wc -c < "$WORK/report.json")"
grep -m3 -oE "\"(segmentCount|pairCount|flaggedCount)\" : [0-9]+" "$WORK/report.json" || true
