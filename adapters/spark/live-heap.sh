#!/usr/bin/env bash
# Samples the live heap of a running SparkScale driver (adapters/spark/scale.sh) with jmap -histo:live (each sample a
# full collection, so the figure is live objects only) every EVERY seconds until it exits; one line per sample:
# seconds since the first sample, live MB. Start it right after scale.sh:
#
#   bash adapters/spark/scale.sh 8g teams=100000 days=365 data=/tmp/scale/100000x365 executorMemory=3g &
#   bash adapters/spark/live-heap.sh target/live-heap.txt 4
set -euo pipefail
out=${1:-live-heap.txt}
every=${2:-4}
: > "$out"
pid=""
for _ in $(seq 1 60); do
  pid=$(pgrep -f "dev.goodhart.spark.SparkScale" | head -1 || true)
  [ -n "$pid" ] && break
  sleep 1
done
[ -n "$pid" ] || { echo "no SparkScale driver running" >&2; exit 1; }
start=$(date +%s)
while kill -0 "$pid" 2>/dev/null; do
  bytes=$(jmap -histo:live "$pid" 2>/dev/null | awk '/Total/ {print $3}' || true)
  [ -n "$bytes" ] && echo "$(( $(date +%s) - start )) $(awk -v b="$bytes" 'BEGIN {printf "%.1f", b / 1048576}')" >> "$out"
  sleep "$every"
done
echo "largest: $(sort -k2 -n "$out" | tail -1)"
