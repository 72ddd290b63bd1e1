#!/usr/bin/env bash
# Deploy-to-Healthy time (score.cs and score.py), reload time (score.cs), and the router's cost
# (wrk through the service's front door vs straight to its replica) for samples/diabetes on the local
# target. One command: bench/deploy/run.sh [runs]. Uses a throw-away workspace and its own server.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
RUNS="${1:-5}"
DURATION="${DURATION:-10s}"
"$ROOT/scripts/setup.sh" --quiet
# Measure optimised code: the Release build of every program (the CLI finds the server, router and replica next to it).
dotnet build "$ROOT/Berth.sln" -c Release -nologo -v quiet -clp:ErrorsOnly >/dev/null
WORK="$(mktemp -d /tmp/berth-bench-deploy.XXXX)"
export BERTH_HOME="$WORK/home" BERTH_URL="http://127.0.0.1:$(( 20000 + RANDOM % 20000 ))"
berth() { "$ROOT/artifacts/bin/Berth.Cli/release/berth" "$@"; }
cleanup() {
  for f in "$BERTH_HOME"/router/router.json; do [ -f "$f" ] && kill "$(sed -n 's/.*"pid":\([0-9]*\).*/\1/p' "$f")" 2>/dev/null; done
  find "$BERTH_HOME/services" -name pid -exec sh -c 'pkill -9 -P "$(cat "$1")"; kill -9 "$(cat "$1")"' _ {} \; 2>/dev/null || true
  [ -f "$BERTH_HOME/server.json" ] && kill "$(sed -n 's/.*"Pid":\([0-9]*\).*/\1/p' "$BERTH_HOME/server.json")" 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT
S="$ROOT/samples/diabetes"
DC="$WORK/dc.json"; echo '{"computeType": "local"}' > "$DC"
berth model register --name diabetes --path "$S/model" >/dev/null 2>&1
ms() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

deploy_times() { # ic
  for _ in $(seq 1 "$RUNS"); do
    local t; t=$(date +%s%N)
    berth service deploy --name bench --model diabetes --ic "$1" --dc "$DC" --overwrite >/dev/null
    ms "$t"
  done | median
}
cs="$(deploy_times "$S/inferenceconfig-cs.json")"
reload="$(for _ in $(seq 1 "$RUNS"); do t=$(date +%s%N); berth service reload bench >/dev/null; ms "$t"; done | median)"
py="$(deploy_times "$S/inferenceconfig.json")"

printf "\nlocal target, samples/diabetes, median of %s runs (the whole CLI command: validate, app folder, environment check, start, init(), router)\n" "$RUNS"
printf "%-34s %8s %8s %8s\n" "" "Berth" "goal" "ratio"
printf "%-34s %6s ms %6s ms %8.2f\n" "deploy -> Healthy, score.cs" "$cs" 1000 "$(echo "$cs/1000" | bc -l)"
printf "%-34s %6s ms %6s ms %8.2f\n" "deploy -> Healthy, score.py" "$py" 2000 "$(echo "$py/2000" | bc -l)"
printf "%-34s %6s ms %6s ms %8.2f\n" "reload -> Healthy, score.cs" "$reload" 300 "$(echo "$reload/300" | bc -l)"

# Router cost: the score.cs service (Python would hide the router behind run() time), with as many requests
# in flight per replica as wrk keeps open, so both paths see the same concurrency (the platform's default of 1
# would measure the queue, not the router).
echo '{"computeType": "local", "maxConcurrentRequestsPerContainer": 64, "maxQueueWaitMs": 5000}' > "$WORK/dc-router.json"
berth service deploy --name bench --model diabetes --ic "$S/inferenceconfig-cs.json" --dc "$WORK/dc-router.json" --overwrite >/dev/null
show="$(berth service show bench -o json)"
front="$(echo "$show" | sed -n 's/.*"scoringUri": "\(.*\)",/\1/p')"
replica="$(echo "$show" | sed -n 's/.*"url": "\(http[^"]*\)".*/\1/p' | head -1)/score"
run_wrk() { wrk -t2 -c16 -d"$DURATION" --latency -s "$ROOT/bench/scoring/post.lua" "$1" 2>&1; }
parse() { # wrk output -> rps p50_ms p99_ms
  awk '/Requests\/sec/ {r=$2} /^ +50%/ {p50=$2} /^ +99%/ {p99=$2}
       function ms(v) { if (v ~ /us$/) return v/1000; if (v ~ /ms$/) return v+0; if (v ~ /s$/) return v*1000; return v }
       END {printf "%s %.3f %.3f\n", r, ms(p50), ms(p99)}'
}
# Warm both paths up first: the first seconds of a .NET process run in the JIT.
WARMUP="${WARMUP:-5s}"; wrk -t2 -c16 -d"$WARMUP" -s "$ROOT/bench/scoring/post.lua" "$front" >/dev/null 2>&1
read -r drps dp50 dp99 < <(run_wrk "$replica" | parse)
read -r frps fp50 fp99 < <(run_wrk "$front" | parse)
printf "\nrouter cost, wrk -t2 -c16 -d%s, two-row request to score.cs\n" "$DURATION"
printf "%-24s %12s %10s %10s\n" "" "requests/s" "p50 ms" "p99 ms"
printf "%-24s %12.0f %10.3f %10.3f\n" "straight to the replica" "$drps" "$dp50" "$dp99"
printf "%-24s %12.0f %10.3f %10.3f\n" "through the front door" "$frps" "$fp50" "$fp99"
printf "%-24s %11.1f%% %+9.3f %+10.3f   (goal: at most 15%% fewer requests/s, under +0.5 ms at p50)\n" "difference" \
  "$(echo "($drps-$frps)*100/$drps" | bc -l)" "$(echo "$fp50-$dp50" | bc -l)" "$(echo "$fp99-$dp99" | bc -l)"
