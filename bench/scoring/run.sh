#!/usr/bin/env bash
# Benchmarks berth-scoring serving samples/diabetes: score.cs, score.py with 1 and 2 workers, and a plain
# ASP.NET Core minimal API computing the same prediction in process (the ceiling). One command:
#   bench/scoring/run.sh            (env: DURATION=10s WARMUP=10s CONNECTIONS=16 THREADS=2 BERTH_PYTHON=/usr/bin/python3)
# Prints requests/s, p50 and p99 side by side, with ratios to the ceiling and to the hosted platform's
# server measured on this machine with the same score.py (1,100 req/s with 1 worker, 2,000 with 2).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HERE="$ROOT/bench/scoring"
OUT="$ROOT/artifacts/bench/scoring"
DURATION="${DURATION:-10s}"; WARMUP="${WARMUP:-10s}"; CONNECTIONS="${CONNECTIONS:-16}"; THREADS="${THREADS:-2}"
SAMPLE="$ROOT/samples/diabetes"
export BERTH_HOME="$OUT/home"
mkdir -p "$OUT"
command -v wrk >/dev/null || { echo "error: wrk is not installed" >&2; echo "hint: apt-get install wrk (scripts/setup.sh)" >&2; exit 1; }

echo "building Release ..." >&2
dotnet build -c Release "$ROOT/src/Berth.Scoring" -nologo -v q -clp:ErrorsOnly >&2
dotnet build -c Release "$HERE/Ceiling" -nologo -v q -clp:ErrorsOnly >&2
SCORING="$ROOT/artifacts/bin/Berth.Scoring/release/berth-scoring"
CEILING="$ROOT/artifacts/bin/Ceiling/release/scoring-ceiling"

PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

# start NAME CMD...: runs CMD with its log in $OUT/NAME.log and sets URL from its "Listening at:" line.
start() {
  local name="$1"; shift
  "$@" >"$OUT/$name.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 1 600); do
    URL="$(grep -oP 'Listening at: \Khttp://[0-9.:]+' "$OUT/$name.log" | head -1 || true)"
    [ -n "$URL" ] && return 0
    kill -0 "${PIDS[-1]}" 2>/dev/null || break
    sleep 0.1
  done
  echo "error: $name did not start; its log:" >&2; cat "$OUT/$name.log" >&2; exit 1
}

# to_ms VALUE: wrk latency (e.g. 725.00us, 1.20ms, 1.01s) in milliseconds.
to_ms() { awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /s$/) n *= 1000; printf "%.2f", n }'; }

declare -A RPS P50 P99
measure() {
  local name="$1"
  curl -sf -X POST "$URL/score" -H 'Content-Type: application/json' \
    -d '{"data": [[1,2,3,4,5,6,7,8,9,10],[10,9,8,7,6,5,4,3,2,1]]}' >"$OUT/$name.response" \
    || { echo "error: $name did not answer /score" >&2; cat "$OUT/$name.log" >&2; exit 1; }
  # Warm-up under the same load: on 2 busy cores the tiered JIT needs several seconds to finish (perf showed ~14% of
  # the server's CPU still in the JIT after a 2 s warm-up, none after 15 s).
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" -s "$HERE/post.lua" "$URL/score" >/dev/null
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "$HERE/post.lua" "$URL/score" >"$OUT/$name.wrk"
  RPS[$name]="$(awk '/^Requests\/sec:/ { printf "%d", $2 }' "$OUT/$name.wrk")"
  P50[$name]="$(to_ms "$(awk '$1 == "50%" { print $2 }' "$OUT/$name.wrk")")"
  P99[$name]="$(to_ms "$(awk '$1 == "99%" { print $2 }' "$OUT/$name.wrk")")"
  echo "$name: ${RPS[$name]} req/s, p50 ${P50[$name]} ms, p99 ${P99[$name]} ms, response $(cat "$OUT/$name.response")" >&2
  kill "${PIDS[-1]}" 2>/dev/null || true; wait "${PIDS[-1]}" 2>/dev/null || true
}

LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
start ceiling "$CEILING" "$SAMPLE/model/coefficients.json"; measure ceiling
start score_cs "$SCORING" --entry_script "$SAMPLE/score.cs" --model_dir "$SAMPLE/model" --port 0; measure score_cs
start score_py_1 "$SCORING" --entry_script "$SAMPLE/score.py" --model_dir "$SAMPLE/model" --port 0 --worker_count 1; measure score_py_1
start score_py_2 "$SCORING" --entry_script "$SAMPLE/score.py" --model_dir "$SAMPLE/model" --port 0 --worker_count 2; measure score_py_2

declare -A PLATFORM=([score_py_1]=1100 [score_py_2]=2000)
echo
echo "wrk -t$THREADS -c$CONNECTIONS -d$DURATION after a $WARMUP warm-up, POST /score with the two-row diabetes request ($(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ))"
printf '%-24s %10s %9s %9s %11s %12s\n' "server" "req/s" "p50 ms" "p99 ms" "x ceiling" "x platform"
for name in ceiling score_cs score_py_1 score_py_2; do
  ratio_ceiling="$(awk -v a="${RPS[$name]}" -v b="${RPS[ceiling]}" 'BEGIN { printf "%.2f", a / b }')"
  ratio_platform="-"
  [ -n "${PLATFORM[$name]:-}" ] && ratio_platform="$(awk -v a="${RPS[$name]}" -v b="${PLATFORM[$name]}" 'BEGIN { printf "%.2f", a / b }')"
  label="$name"
  case "$name" in
    ceiling) label="ASP.NET Core ceiling";; score_cs) label="berth score.cs";;
    score_py_1) label="berth score.py, 1 worker";; score_py_2) label="berth score.py, 2 workers";;
  esac
  printf '%-26s %8s %9s %9s %11s %12s\n' "$label" "${RPS[$name]}" "${P50[$name]}" "${P99[$name]}" "$ratio_ceiling" "$ratio_platform"
done
echo "load average (1/5/15 min) before: $LOAD_BEFORE, after: $(cut -d' ' -f1-3 /proc/loadavg); wrk shares the cores with the servers"
echo "(platform = the hosted platform's own server with the same score.py on this machine: 1,100 req/s with 1 worker, 2,000 with 2; logs and raw wrk output in ${OUT#$ROOT/})"
