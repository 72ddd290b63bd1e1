#!/usr/bin/env bash
# The Kubernetes target on this machine's test cluster against the container target, in one run (issue 10's figures):
#   1. deploy to Healthy with a cached image, score.py, kubernetes vs container (goal: under 15 s);
#   2. from a pod turning Pending-unschedulable (the scheduler's PodScheduled=False transition) to Berth's event saying
#      so with the cause (goal: under 5 s);
#   3. failed requests under load (hey) during a rolling update on the cluster (goal: 0);
#   4. throughput through the front door, score.py and score.cs, kubernetes vs container (goal: at least 0.9x).
# Uses a fresh workspace and the built CLI (./berth); brings the cluster up (scripts/cluster.sh) and the engine
# (scripts/docker.sh). kubectl is used here only to read the scheduler's timestamp.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
RUNS="${RUNS:-3}"
SECONDS_PER_LOAD="${SECONDS_PER_LOAD:-10}"
CONCURRENCY="${CONCURRENCY:-8}"
SECTIONS="${SECTIONS:-1 2 3 4}"   # e.g. SECTIONS=4 for the throughput only
has() { case " $SECTIONS " in *" $1 "*) return 0 ;; *) return 1 ;; esac; }
export BERTH_HOME="$(mktemp -d /tmp/berth-bench-k8s.XXXXXX)"
export BERTH_URL="http://127.0.0.1:$((20000 + RANDOM % 20000))"
WORK="$(mktemp -d /tmp/berth-bench-k8s-apps.XXXXXX)"
SAMPLE="$ROOT/samples/diabetes"
INPUT='{"data": [[1,2,3,4,5,6,7,8,9,10],[10,9,8,7,6,5,4,3,2,1]]}'
berth() { "$ROOT/berth" "$@"; }
cleanup() {
  for s in $(berth service list -o json 2>/dev/null | sed -n 's/.*"name": "\([^"]*\)".*/\1/p'); do berth service delete "$s" >/dev/null 2>&1 || true; done
  if [ -f "$BERTH_HOME/server.json" ]; then kill "$(sed -n 's/.*"[Pp]id": *\([0-9]*\).*/\1/p' "$BERTH_HOME/server.json")" 2>/dev/null || true; fi
  touch "$BERTH_HOME/router/stop" 2>/dev/null || true
  [ -f "$BERTH_HOME/router/supervisor.pid" ] && kill "$(cat "$BERTH_HOME/router/supervisor.pid")" 2>/dev/null || true
  if [ -f "$BERTH_HOME/router/router.json" ]; then kill "$(sed -n 's/.*"pid": *\([0-9]*\).*/\1/p' "$BERTH_HOME/router/router.json")" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT
"$ROOT/scripts/docker.sh" --quiet
kubeconfig="$("$ROOT/scripts/cluster.sh" up 2>/dev/null | tail -n 1)"
state="$(dirname "$kubeconfig")"
export DOCKER_CONFIG="$state/docker-config"   # the registry's login, as `docker login` writes it; the server inherits it
k() { kubectl --kubeconfig "$kubeconfig" "$@" 2>/dev/null; }

berth model register --name diabetes --path "$SAMPLE/model" >/dev/null   # starts the server too
berth compute attach --name bench --kubeconfig "$kubeconfig" --registry "$(cat "$state/registry")" --overwrite >/dev/null
echo '{"computeType": "kubernetes", "authEnabled": false, "containerResourceRequirements": {"cpu": 0.5, "memoryInGB": 1}}' > "$WORK/dc-k8s.json"
echo '{"computeType": "container", "containerResourceRequirements": {"cpu": 2, "memoryInGB": 1}}' > "$WORK/dc-container.json"
echo '{"computeType": "kubernetes", "containerResourceRequirements": {"cpu": 0.1, "memoryInGB": 0.5, "gpu": 64}}' > "$WORK/dc-gpus.json"
# The throughput runs give both targets the same cores (what the node can give one pod).
echo '{"computeType": "kubernetes", "authEnabled": false, "containerResourceRequirements": {"cpu": 1.5, "memoryInGB": 1}}' > "$WORK/dc-k8s-load.json"
echo '{"computeType": "container", "containerResourceRequirements": {"cpu": 1.5, "memoryInGB": 1}}' > "$WORK/dc-container-load.json"

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
deploy_s() { # name ic dc -> seconds to Healthy
  local start end
  start=$(date +%s.%N)
  berth service deploy --name "$1" --model diabetes --overwrite --ic "$2" --dc "$3" >/dev/null 2>&1
  end=$(date +%s.%N)
  echo "$end - $start" | bc
}
ic_py="$SAMPLE/inferenceconfig.json"; ic_cs="$SAMPLE/inferenceconfig-cs.json"

if has 1; then
echo "== 1. deploy to Healthy (median of $RUNS; image built and pushed by a first deploy)"
berth service deploy --name warm --model diabetes --ic "$ic_py" --dc "$WORK/dc-k8s.json" >/dev/null 2>&1
berth service delete warm >/dev/null
k=(); c=()
for i in $(seq "$RUNS"); do
  k+=("$(deploy_s d-k8s "$ic_py" "$WORK/dc-k8s.json")"); berth service delete d-k8s >/dev/null
  c+=("$(deploy_s d-container "$ic_py" "$WORK/dc-container.json")"); berth service delete d-container >/dev/null
done
km="$(printf '%s\n' "${k[@]}" | median)"; cm="$(printf '%s\n' "${c[@]}" | median)"
printf '%-10s %14s %14s %8s\n' script kubernetes_s container_s ratio
printf '%-10s %14.2f %14.2f %8.2f\n' score.py "$km" "$cm" "$(echo "$km / $cm" | bc -l)"

fi
if has 2; then
echo "== 2. Pending-unschedulable to Berth's event (a request for 64 nvidia.com/gpu)"
berth service deploy --name gpus --model diabetes --ic "$ic_py" --dc "$WORK/dc-gpus.json" >/dev/null 2>&1 &
deploying=$!
for _ in $(seq 100); do grep -q "cannot be scheduled" "$BERTH_HOME/services/gpus/events.log" 2>/dev/null && break; sleep 0.2; done
seen="$(grep -m1 "cannot be scheduled" "$BERTH_HOME/services/gpus/events.log" | cut -c1-23)"
pending="$(k get pods -A -l berth.service=gpus -o jsonpath='{.items[0].status.conditions[?(@.type=="PodScheduled")].lastTransitionTime}')"
kill "$deploying" 2>/dev/null || true; wait "$deploying" 2>/dev/null || true
berth service delete gpus >/dev/null 2>&1 || true
lag="$(echo "$(date -u -d "$seen" +%s.%N) - $(date -u -d "$pending" +%s.%N)" | bc)"
printf '%-44s %8.2f s (the scheduler stamps whole seconds: +/- 1 s)\n' "unschedulable shown after" "$lag"

fi
if has 3; then
echo "== 3. a rolling update on the cluster under load (hey -z $((SECONDS_PER_LOAD))s -c $CONCURRENCY)"
berth service deploy --name upd --model diabetes --ic "$ic_py" --dc "$WORK/dc-k8s.json" >/dev/null 2>&1
uri="$(berth service show upd -o json | sed -n 's/.*"scoringUri": "\([^"]*\)".*/\1/p')"
hey -z "${SECONDS_PER_LOAD}s" -c "$CONCURRENCY" -m POST -T application/json -d "$INPUT" "$uri" > "$WORK/hey-update.txt" &
loading=$!
sleep 2; berth service update upd --ic "$ic_py" >/dev/null; wait "$loading"
total="$(sed -n 's/.*\[\([0-9]*\)\]\s*\([0-9]*\) responses.*/\2/p' "$WORK/hey-update.txt" | paste -sd+ | bc)"
ok="$(sed -n 's/.*\[200\]\s*\([0-9]*\) responses.*/\1/p' "$WORK/hey-update.txt")"
errors="$(grep -c -E '^\s+(Post|Get|dial)' "$WORK/hey-update.txt" || true)"
printf '%-44s %8d of %d (%s transport errors)\n' "failed requests during the update" "$(( ${total:-0} - ${ok:-0} ))" "${total:-0}" "$errors"
berth service delete upd >/dev/null

fi
if has 4; then
echo "== 4. throughput through the front door (hey -z ${SECONDS_PER_LOAD}s -c $CONCURRENCY, two-row diabetes input)"
printf '%-10s %16s %16s %8s\n' script kubernetes_rps container_rps ratio
for script in py cs; do
  ic="$ic_py"; [ "$script" = cs ] && ic="$ic_cs"
  rps() { # service dc
    berth service deploy --name "$1" --model diabetes --overwrite --ic "$ic" --dc "$2" >/dev/null 2>&1
    local uri; uri="$(berth service show "$1" -o json | sed -n 's/.*"scoringUri": "\([^"]*\)".*/\1/p')"
    hey -z "${SECONDS_PER_LOAD}s" -c "$CONCURRENCY" -m POST -T application/json -d "$INPUT" "$uri" | sed -n 's/.*Requests\/sec:\s*\([0-9.]*\).*/\1/p'
    berth service delete "$1" >/dev/null
  }
  kr="$(rps "t-k8s-$script" "$WORK/dc-k8s-load.json")"
  cr="$(rps "t-container-$script" "$WORK/dc-container-load.json")"
  printf '%-10s %16.1f %16.1f %8.2f\n' "score.$script" "$kr" "$cr" "$(echo "$kr / $cr" | bc -l)"
done
fi
