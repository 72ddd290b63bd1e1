#!/usr/bin/env bash
# Autoscaling on this machine (issue 11's figures), in one run: a service whose run() takes 20 ms, with
# maxConcurrentRequestsPerContainer 1, autoscaled between 1 and 8 replicas (target 70 %, every 1 s), under
#   low:  5 clients at 10 requests/s each (50 requests/s: about 1 request in the system, 2 replicas at 70 %), 20 s;
#   step: 40 clients as fast as they can (40 in the system: more than 8 replicas could take at 70 %), 60 s;
#   low again for 90 s, then no load until the service is back at its minimum.
# It reports the time from the step to the first scale-up decision and to the first added replica (goal under 2 s), the share of
# 503s during the step (goal under 1 % with the default 500 ms queue wait), when replicas were removed after the step
# (goal: 60-90 s after the load fell, never while it is high), and the same step with autoscale off at 1 and at 8
# replicas side by side. TARGET=container runs it on the container target (scripts/docker.sh builds the base image).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
NAME=autoscale
SECTIONS=""
TARGET="${TARGET:-local}"
STEP_S="${STEP_S:-60}"
source "$ROOT/bench/lib/workspace.sh"
[ "$TARGET" = container ] && "$ROOT/scripts/docker.sh" --quiet
compute="$TARGET"

mkdir -p "$WORK/app"
cat > "$WORK/app/score.py" <<'PY'
import time

def init():
    pass

def run(data):
    time.sleep(0.02)
    return data
PY
echo '{"entryScript": "score.py", "sourceDirectory": "."}' > "$WORK/app/inferenceconfig.json"
resources='"containerResourceRequirements": {"cpu": 0.25, "memoryInGB": 0.5}'
echo "{\"computeType\": \"$compute\", $resources, \"maxConcurrentRequestsPerContainer\": 1, \"autoScaler\": {\"autoscaleEnabled\": true, \"minReplicas\": 1, \"maxReplicas\": 8, \"targetUtilization\": 70, \"refreshPeriodInSeconds\": 1}}" > "$WORK/dc-auto.json"
echo "{\"computeType\": \"$compute\", $resources, \"maxConcurrentRequestsPerContainer\": 1, \"numReplicas\": 1}" > "$WORK/dc-1.json"
echo "{\"computeType\": \"$compute\", $resources, \"maxConcurrentRequestsPerContainer\": 1, \"numReplicas\": 8}" > "$WORK/dc-8.json"
if [ "$TARGET" = container ]; then
  # ACI's config has no numReplicas or maxConcurrentRequestsPerContainer: the fixed runs are autoscaled with min = max.
  echo "{\"computeType\": \"container\", $resources, \"autoScaler\": {\"autoscaleEnabled\": true, \"minReplicas\": 1, \"maxReplicas\": 8, \"refreshPeriodInSeconds\": 1}}" > "$WORK/dc-auto.json"
  echo "{\"computeType\": \"container\", $resources, \"autoScaler\": {\"autoscaleEnabled\": true, \"minReplicas\": 1, \"maxReplicas\": 1}}" > "$WORK/dc-1.json"
  echo "{\"computeType\": \"container\", $resources, \"autoScaler\": {\"autoscaleEnabled\": true, \"minReplicas\": 8, \"maxReplicas\": 8}}" > "$WORK/dc-8.json"
fi
berth model register --name m --path "$WORK/app/score.py" >/dev/null

deploy() { berth service deploy --name "$1" --model m --ic "$WORK/app/inferenceconfig.json" --dc "$2" --overwrite >/dev/null; }
uri_of() { berth service show "$1" -o json | sed -n 's/.*"scoringUri": "\([^"]*\)".*/\1/p'; }
load() { hey -z "$1" -c "$2" ${3:+-q "$3"} -m POST -T application/json -d '"x"' "$URI"; }
share503() { # hey output: 503s as a percentage of all responses
  local total s503
  total="$(sed -n 's/.*\[\([0-9]*\)\]\s*\([0-9]*\) responses.*/\2/p' "$1" | paste -sd+ | bc)"
  s503="$(sed -n 's/.*\[503\]\s*\([0-9]*\) responses.*/\1/p' "$1")"
  echo "${total:-0} ${s503:-0}" | awk '{printf "%.2f %% of %d", ($1 ? 100 * $2 / $1 : 0), $1}'
}
ready_of() { berth service show "$1" -o json | python3 -c 'import json, sys; print(sum(r["status"] == "Ready" for r in json.load(sys.stdin)["replicas"]))' 2>/dev/null || echo 0; }
now() { date +%s.%N; }

echo "== autoscale on $TARGET: run() 20 ms, maxConcurrentRequestsPerContainer 1, min 1, max 8, target 70 %"
deploy auto "$WORK/dc-auto.json"
URI="$(uri_of auto)"
# The replica count every 0.25 s, for the figures below.
( while :; do echo "$(now) $(ready_of auto)"; sleep 0.25; done ) > "$WORK/ready.txt" 2>/dev/null &
watcher=$!
load 20s 5 10 > /dev/null
step="$(now)"
load "${STEP_S}s" 40 > "$WORK/hey-step.txt"
fell="$(now)"
load 90s 5 10 > "$WORK/hey-low.txt"
quiet="$(now)"
for _ in $(seq 600); do [ "$(tail -n 1 "$WORK/ready.txt" | cut -d' ' -f2)" = 1 ] && break; sleep 0.25; done
kill "$watcher"; wait "$watcher" 2>/dev/null || true
events="$BERTH_HOME/services/auto/events.log"
epoch() { date -u -d "$(echo "$1" | cut -c1-23 | tr T ' ')" +%s.%N; }
first_add="$(awk -v t="$step" '$1 > t && $2 > prev {print $1; exit} {prev = $2}' "$WORK/ready.txt")"
first_up_event="$(grep 'scaling to' "$events" | while read -r line; do e="$(epoch "$line")"; if [ "$(echo "$e > $step" | bc)" = 1 ]; then echo "$e"; break; fi; done)"
first_down="$(awk -v t="$fell" '$1 > t && $2 < prev {print $1; exit} {prev = $2}' "$WORK/ready.txt")"
at_min="$(awk -v t="$quiet" '$1 > t && $2 == 1 {print $1; exit}' "$WORK/ready.txt")"
removed_during_step="$(awk -v a="$step" -v b="$fell" '$1 > a + 5 && $1 < b && $2 < prev {n++} {prev = $2} END {print n + 0}' "$WORK/ready.txt")"
lag() { [ -n "$2" ] && printf '%.2f s' "$(echo "$2 - $1" | bc)" || echo "never"; }
printf '%-52s %s\n' "step to the first scale-up decision" "$(lag "$step" "$first_up_event")"
printf '%-52s %s\n' "step to the first added replica ready" "$(lag "$step" "$first_add")"
printf '%-52s %s\n' "503s during the step (autoscale 1..8)" "$(share503 "$WORK/hey-step.txt")"
printf '%-52s %s\n' "replicas removed while the step's load was high" "$removed_during_step"
printf '%-52s %s\n' "load fell to the first replica removed" "$(lag "$fell" "$first_down")"
printf '%-52s %s\n' "load stopped to back at 1 replica" "$(lag "$quiet" "$at_min")"
echo "decisions:"; grep -E 'scaling to|at maxReplicas|draining' "$events" | cut -c12-200 | sed 's/^/  /' | head -20
berth service delete auto >/dev/null

for fixed in 1 8; do
  deploy "fixed$fixed" "$WORK/dc-$fixed.json"
  URI="$(uri_of "fixed$fixed")"
  load "${STEP_S}s" 40 > "$WORK/hey-fixed$fixed.txt"
  rps="$(sed -n 's/.*Requests\/sec:\s*\([0-9.]*\).*/\1/p' "$WORK/hey-fixed$fixed.txt")"
  printf '%-52s %s (%s req/s)\n' "503s during the step, autoscale off, $fixed replica(s)" "$(share503 "$WORK/hey-fixed$fixed.txt")" "$rps"
  berth service delete "fixed$fixed" >/dev/null
done
printf '%-52s %s req/s\n' "throughput during the step, autoscale 1..8" "$(sed -n 's/.*Requests\/sec:\s*\([0-9.]*\).*/\1/p' "$WORK/hey-step.txt")"
