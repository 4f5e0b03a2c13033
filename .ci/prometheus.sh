#!/usr/bin/env bash
# Starts a throw-away Prometheus server for the goodhart-prometheus tests, with the fixture organisation
# (adapters/prometheus/src/test/resources/fixture-organisation.om) backfilled by promtool, and prints its URL on the
# last line. Idempotent: a server of ours already running on the same data is reused; when the .om file changed, the
# server is stopped and the data rebuilt. Installs Debian's prometheus package when missing (root or sudo); the
# Debian service on port 9090 plays no part: this instance listens on 127.0.0.1:59090.
#   GOODHART_PROMETHEUS_PORT (59090), GOODHART_PROMETHEUS_DIR (/tmp/goodhart-prometheus)
set -euo pipefail
cd "$(dirname "$0")/.."

PORT="${GOODHART_PROMETHEUS_PORT:-59090}"
DIR="${GOODHART_PROMETHEUS_DIR:-/tmp/goodhart-prometheus}"
OM="$PWD/adapters/prometheus/src/test/resources/fixture-organisation.om"
URL="http://127.0.0.1:$PORT"

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

if ! command -v prometheus >/dev/null || ! command -v promtool >/dev/null; then
  echo "prometheus.sh: installing Debian's prometheus package" >&2
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends prometheus >&2 \
    || { as_root apt-get update >&2 && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends prometheus >&2; }
fi

SUM="$(sha256sum "$OM" | cut -d' ' -f1)"
ready() { curl -fsS -m 2 "$URL/-/ready" >/dev/null 2>&1; }

if [ -f "$DIR/fixture.sha256" ] && [ "$(cat "$DIR/fixture.sha256")" = "$SUM" ] && ready; then
  echo "prometheus.sh: reusing the server on $URL" >&2
  echo "$URL"
  exit 0
fi

# stop our own earlier instance (by its recorded pid) before rebuilding its data
if [ -f "$DIR/prometheus.pid" ]; then
  OLD="$(cat "$DIR/prometheus.pid")"
  if kill -0 "$OLD" 2>/dev/null && grep -q prometheus "/proc/$OLD/cmdline" 2>/dev/null; then
    kill "$OLD"
    for _ in $(seq 1 50); do kill -0 "$OLD" 2>/dev/null || break; sleep 0.2; done
  fi
fi
if ready; then
  echo "prometheus.sh: something else answers on $URL; set GOODHART_PROMETHEUS_PORT to another port" >&2
  exit 1
fi

rm -rf "$DIR"
mkdir -p "$DIR/data"
promtool tsdb create-blocks-from openmetrics "$OM" "$DIR/data" >"$DIR/promtool.log" 2>&1 \
  || { cat "$DIR/promtool.log" >&2; exit 1; }
cat >"$DIR/prometheus.yml" <<'YML'
# no scrape targets: the server only serves the backfilled fixture
global:
  scrape_interval: 1h
scrape_configs: []
YML
nohup prometheus --config.file="$DIR/prometheus.yml" --storage.tsdb.path="$DIR/data" \
  --storage.tsdb.retention.time=100y --web.listen-address="127.0.0.1:$PORT" \
  >"$DIR/prometheus.log" 2>&1 </dev/null &
echo $! >"$DIR/prometheus.pid"
for _ in $(seq 1 120); do
  if ready; then
    echo "$SUM" >"$DIR/fixture.sha256"
    echo "prometheus.sh: Prometheus ready on $URL with $(ls -d "$DIR"/data/01* 2>/dev/null | wc -l) backfilled blocks" >&2
    echo "$URL"
    exit 0
  fi
  if ! kill -0 "$(cat "$DIR/prometheus.pid")" 2>/dev/null; then
    echo "prometheus.sh: prometheus exited:" >&2; tail -20 "$DIR/prometheus.log" >&2; exit 1
  fi
  sleep 0.5
done
echo "prometheus.sh: Prometheus not ready on $URL after 60 s:" >&2
tail -20 "$DIR/prometheus.log" >&2
exit 1
