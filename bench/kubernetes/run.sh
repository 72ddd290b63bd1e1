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
SECTIONS="${SECTIONS:-1 2 3 4}"   # e.g. SECTIONS=4 for the throughput only
NAME=k8s
source "$ROOT/bench/lib/workspace.sh"
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
  kr="$(rps "t-k8s-$script" "$ic" "$WORK/dc-k8s-load.json")"
  cr="$(rps "t-container-$script" "$ic" "$WORK/dc-container-load.json")"
  printf '%-10s %16.1f %16.1f %8.2f\n' "score.$script" "$kr" "$cr" "$(echo "$kr / $cr" | bc -l)"
done
fi
