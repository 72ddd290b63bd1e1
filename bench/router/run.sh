#!/usr/bin/env bash
# The router's cost: wrk straight to a replica vs through the service's front door (same load as the scoring bench).
# Goal (issue 4): at most 15% fewer requests/s and under 0.5 ms added at p50.
# Usage: bench/router/run.sh [DURATION=10s] [CONNECTIONS=16]
# Two replicas: an instant one (measures proxying alone) and one whose run() takes 2 ms (a fast real model).
# Routes get maxConcurrentRequestsPerContainer = CONNECTIONS so nothing queues: this measures proxying, not the queue.
# Through the router it runs with the per-request access log (the default) and, for the instant replica, without it.
# CPU us/req: CPU time (user + system, from /proc) per request of the router and of the replica during the run; on a
# small shared machine it is steadier than requests/s, which also depend on what else runs.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DURATION="${1:-10s}"
CONNECTIONS="${2:-16}"
command -v wrk >/dev/null || { echo "error: wrk is not installed" >&2; echo "hint: apt-get install wrk (scripts/setup.sh does)" >&2; exit 1; }

dotnet build -c Release -v q --nologo "$ROOT/src/Berth.Router/Berth.Router.csproj" >/dev/null
dotnet build -c Release -v q --nologo "$ROOT/bench/router/BenchReplica/BenchReplica.csproj" >/dev/null
ROUTER="$ROOT/artifacts/bin/Berth.Router/release/berth-router"
REPLICA="$ROOT/artifacts/bin/BenchReplica/release/bench-replica"
LUA="$ROOT/bench/router/score.lua"

WORK="$(mktemp -d)"
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_http() { for _ in $(seq 1 100); do curl -s -o /dev/null "$1" && return 0; sleep 0.1; done; echo "error: $1 did not answer" >&2; exit 1; }

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

# measure NAME URL PID... -> "rps p50_ms p99_ms non2xx cpu_us_per_request_of_each_pid..." after a 3 s warm-up
measure() {
  local name="$1" url="$2"; shift 2
  wrk -t2 -c"$CONNECTIONS" -d3s -s "$LUA" "$url" >/dev/null
  local before=() after=() p
  for p in "$@"; do before+=("$(cpu_ticks "$p")"); done
  wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s "$LUA" "$url" >"$WORK/$name.txt"
  for p in "$@"; do after+=("$(cpu_ticks "$p")"); done
  python3 - "$WORK/$name.txt" "$(getconf CLK_TCK)" "${before[*]}" "${after[*]}" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
tick_us = 1e6 / float(sys.argv[2])
before = [int(x) for x in sys.argv[3].split()]; after = [int(x) for x in sys.argv[4].split()]
def ms(v):
    m = re.match(r"([\d.]+)(us|ms|s)", v); n = float(m.group(1))
    return n / 1000 if m.group(2) == "us" else n * 1000 if m.group(2) == "s" else n
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
p50 = ms(re.search(r"^\s+50%\s+(\S+)", text, re.M).group(1)); p99 = ms(re.search(r"^\s+99%\s+(\S+)", text, re.M).group(1))
errors = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
requests = int(re.search(r"(\d+) requests in", text).group(1))
cpu = " ".join(f"{(a - b) * tick_us / requests:.1f}" for a, b in zip(after, before))
print(f"{rps:.0f} {p50:.3f} {p99:.3f} {errors.group(1) if errors else 0} {cpu}")
PY
}

# start_router LOGLEVEL REPLICA_PORT -> sets SCORE_URL
start_router() {
  local state="$WORK/state-$1-$2"
  mkdir -p "$state" && (umask 077; head -c 32 /dev/urandom | base64 | tr -d '\n=' >"$state/admin-token")
  env "Logging__LogLevel__Berth.Router.Proxy.ReplicaProxy=$1" "$ROUTER" --state-dir "$state" --url http://127.0.0.1:0 >"$WORK/router-$1-$2.log" 2>&1 & PIDS+=($!)
  for _ in $(seq 1 100); do [ -f "$state/router.json" ] && break; sleep 0.1; done
  local url; url="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["url"])' "$state/router.json")"
  SCORE_URL="$(curl -s -X PUT "$url/admin/v1/routes/bench" -H 'Content-Type: application/json' -H "Authorization: Bearer $(cat "$state/admin-token")" \
    -d "{\"port\":0,\"replicas\":[{\"id\":\"r1\",\"url\":\"http://127.0.0.1:$2\"}],\"maxConcurrentRequestsPerContainer\":$CONNECTIONS}" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["scoringUri"])')"
  wait_http "$SCORE_URL"
}

stop_last() { kill "${PIDS[-1]}" 2>/dev/null || true; wait "${PIDS[-1]}" 2>/dev/null || true; unset 'PIDS[-1]'; }

row() { printf "%-44s %9s %9s %9s %8s %18s\n" "$@"; }
compare() { python3 -c "import sys; d,r,dp,rp=map(float,sys.argv[1:]); print(f'    through the router: {r/d:.2f}x the requests/s ({(1-r/d)*100:.0f}% fewer), p50 {rp-dp:+.3f} ms')" "$@"; }

echo "router bench: wrk -t2 -c$CONNECTIONS -d$DURATION POST /score (small JSON); $(nproc) cores shared by wrk, router and replica; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
row "path" "req/s" "p50 ms" "p99 ms" "non-2xx" "CPU us/req (r|rep)"
for run_ms in 0 2; do
  port="$(free_port)"
  "$REPLICA" "$port" "$run_ms" >"$WORK/replica.log" 2>&1 & PIDS+=($!)
  replica_pid=$!
  wait_http "http://127.0.0.1:$port/"
  read -r D_RPS D_P50 D_P99 D_ERR D_CPU <<<"$(measure "direct-$run_ms" "http://127.0.0.1:$port/score" "$replica_pid")"
  row "replica run() ${run_ms} ms, direct" "$D_RPS" "$D_P50" "$D_P99" "$D_ERR" "-|$D_CPU"
  levels=(Information); [ "$run_ms" = 0 ] && levels+=(Warning)
  for level in "${levels[@]}"; do
    start_router "$level" "$port"
    read -r R_RPS R_P50 R_P99 R_ERR R_CPU RR_CPU <<<"$(measure "router-$run_ms-$level" "$SCORE_URL" "${PIDS[-1]}" "$replica_pid")"
    stop_last
    row "replica run() ${run_ms} ms, front door, access log $([ "$level" = Information ] && echo on || echo off)" "$R_RPS" "$R_P50" "$R_P99" "$R_ERR" "$R_CPU|$RR_CPU"
    compare "$D_RPS" "$R_RPS" "$D_P50" "$R_P50"
  done
  stop_last
done
