#!/usr/bin/env bash
# The router's cost: wrk straight to a replica vs through the service's front door (same load as the scoring bench).
# Goal (issue 4): at most 15% fewer requests/s and under 0.5 ms added at p50.
# Usage: bench/router/run.sh [DURATION=10s] [CONNECTIONS=16]
# The route gets maxConcurrentRequestsPerContainer = CONNECTIONS so nothing queues: this measures proxying, not the queue.
# It runs twice through the router: with the per-request access log (the default) and with it at Warning.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DURATION="${1:-10s}"
CONNECTIONS="${2:-16}"
command -v wrk >/dev/null || { echo "error: wrk is not installed" >&2; echo "hint: apt-get install wrk (scripts/setup.sh does)" >&2; exit 1; }

dotnet build -c Release -v q --nologo "$ROOT/src/Berth.Router/Berth.Router.csproj" >/dev/null
dotnet build -c Release -v q --nologo "$ROOT/bench/router/BenchReplica/BenchReplica.csproj" >/dev/null
ROUTER="$ROOT/artifacts/bin/Berth.Router/release/berth-router"
REPLICA="$ROOT/artifacts/bin/BenchReplica/release/bench-replica"

WORK="$(mktemp -d)"
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_http() { for _ in $(seq 1 100); do curl -s -o /dev/null "$1" && return 0; sleep 0.1; done; echo "error: $1 did not answer" >&2; exit 1; }

REPLICA_PORT="$(free_port)"
"$REPLICA" "$REPLICA_PORT" >"$WORK/replica.log" 2>&1 & PIDS+=($!)
wait_http "http://127.0.0.1:$REPLICA_PORT/"

# run_wrk NAME URL -> prints "rps p50_ms p99_ms"
run_wrk() {
  wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s "$ROOT/bench/router/score.lua" "$2" >"$WORK/$1.txt"
  python3 - "$WORK/$1.txt" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
def ms(v):
    m = re.match(r"([\d.]+)(us|ms|s)", v); n = float(m.group(1))
    return n / 1000 if m.group(2) == "us" else n * 1000 if m.group(2) == "s" else n
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
p50 = ms(re.search(r"50%\s+(\S+)", text).group(1)); p99 = ms(re.search(r"99%\s+(\S+)", text).group(1))
errors = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
print(f"{rps:.0f} {p50:.3f} {p99:.3f} {errors.group(1) if errors else 0}")
PY
}

# start_router LOGLEVEL -> sets SCORE_URL
start_router() {
  local state="$WORK/state-$1"
  env "Logging__LogLevel__Berth.Router.Proxy.ReplicaProxy=$1" "$ROUTER" --state-dir "$state" --url http://127.0.0.1:0 >"$WORK/router-$1.log" 2>&1 & PIDS+=($!)
  for _ in $(seq 1 100); do [ -f "$state/router.json" ] && break; sleep 0.1; done
  local url; url="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["url"])' "$state/router.json")"
  SCORE_URL="$(curl -s -X PUT "$url/admin/v1/routes/bench" -H 'Content-Type: application/json' \
    -d "{\"port\":0,\"replicas\":[{\"id\":\"r1\",\"url\":\"http://127.0.0.1:$REPLICA_PORT\"}],\"maxConcurrentRequestsPerContainer\":$CONNECTIONS}" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["scoringUri"])')"
  wait_http "$SCORE_URL"
}

wrk -t2 -c"$CONNECTIONS" -d2s -s "$ROOT/bench/router/score.lua" "http://127.0.0.1:$REPLICA_PORT/score" >/dev/null   # warm up
read -r D_RPS D_P50 D_P99 D_ERR <<<"$(run_wrk direct "http://127.0.0.1:$REPLICA_PORT/score")"
declare -A RESULTS
for level in Information Warning; do
  start_router "$level"
  wrk -t2 -c"$CONNECTIONS" -d2s -s "$ROOT/bench/router/score.lua" "$SCORE_URL" >/dev/null   # warm up
  RESULTS[$level]="$(run_wrk "router-$level" "$SCORE_URL")"
  kill "${PIDS[-1]}"; wait "${PIDS[-1]}" 2>/dev/null || true; unset 'PIDS[-1]'
done

echo "router bench: wrk -t2 -c$CONNECTIONS -d$DURATION POST /score (small JSON), $(nproc) cores shared by wrk, router and replica"
printf "%-34s %10s %9s %9s %7s\n" "path" "req/s" "p50 ms" "p99 ms" "non-2xx"
printf "%-34s %10s %9s %9s %7s\n" "direct to replica" "$D_RPS" "$D_P50" "$D_P99" "$D_ERR"
for level in Information Warning; do
  read -r R_RPS R_P50 R_P99 R_ERR <<<"${RESULTS[$level]}"
  label="front door (access log $([ "$level" = Information ] && echo on || echo off))"
  printf "%-34s %10s %9s %9s %7s\n" "$label" "$R_RPS" "$R_P50" "$R_P99" "$R_ERR"
  python3 -c "import sys; d,r,dp,rp=map(float,sys.argv[1:]); print(f'    ratio req/s {r/d:.2f} ({(1-r/d)*100:.0f}% fewer), p50 added {rp-dp:+.3f} ms')" "$D_RPS" "$R_RPS" "$D_P50" "$R_P50"
done
