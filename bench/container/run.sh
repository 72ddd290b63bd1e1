#!/usr/bin/env bash
# The container target against the local target, in one run, on this machine's Docker engine (issue 9's figures):
#   1. deploy to Healthy on a cached image, score.py and score.cs, container vs local (goal: under 3 s);
#   2. the diabetes environment's first image build, and a rebuild after adding a package the base image already has
#      (goal: the second under 15 s);
#   3. throughput through the front door, score.py and score.cs, container vs local (goal: at least 0.9x), with `hey`.
# Uses a fresh workspace and the built CLI (./berth); scripts/docker.sh must have run (scripts/test.sh runs it).
# The peer here is Berth's own local target: the hosted platform's container instances cannot run on this machine.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
SECTIONS="${SECTIONS:-1 2 3}"   # e.g. SECTIONS=3 for the throughput only
# BERTH_CONTAINER_NETWORK=bridge puts the replicas on the engine's bridge, port published on 127.0.0.1 (default: host network)
NAME=container
source "$ROOT/bench/lib/workspace.sh"
"$ROOT/scripts/docker.sh" >/dev/null

cores="$(nproc)"
echo "{\"computeType\": \"local\"}" > "$WORK/dc-local.json"
echo "{\"computeType\": \"container\", \"containerResourceRequirements\": {\"cpu\": $cores, \"memoryInGB\": 1}}" > "$WORK/dc-container.json"
berth model register --name diabetes --path "$SAMPLE/model" >/dev/null   # starts the server too

if has 1; then
echo "== 1. deploy to Healthy (median of $RUNS; the image is cached after the first container deploy)"
berth service deploy --name warm --model diabetes --ic "$SAMPLE/inferenceconfig.json" --dc "$WORK/dc-container.json" >/dev/null 2>&1
berth service deploy --name warm-cs --model diabetes --ic "$SAMPLE/inferenceconfig-cs.json" --dc "$WORK/dc-container.json" >/dev/null 2>&1
berth service delete warm >/dev/null; berth service delete warm-cs >/dev/null
printf '%-10s %12s %12s %8s\n' script local_s container_s ratio
for script in py cs; do
  ic="$SAMPLE/inferenceconfig.json"; [ "$script" = cs ] && ic="$SAMPLE/inferenceconfig-cs.json"
  l=(); c=()
  for i in $(seq "$RUNS"); do
    l+=("$(deploy_s "d-local-$script" "$ic" "$WORK/dc-local.json")")
    c+=("$(deploy_s "d-container-$script" "$ic" "$WORK/dc-container.json")")
  done
  lm="$(printf '%s\n' "${l[@]}" | median)"; cm="$(printf '%s\n' "${c[@]}" | median)"
  printf '%-10s %12.2f %12.2f %8.2f\n' "score.$script" "$lm" "$cm" "$(echo "$cm / $lm" | bc -l)"
done

fi

if has 2; then
echo "== 2. image builds of the diabetes environment (berth env build)"
berth env register --name dia --file "$SAMPLE/myenv.yml" >/dev/null
tag="$(berth env show dia | sed -n 's/^Image: *\([^ ]*\).*/\1/p')"
# A first build as on a new machine: the image gone and the builder's cached layers of Berth's images (they carry the
# base image's label berth.base=1) gone too, so no step is reused.
docker rmi -f "$tag" >/dev/null 2>&1 || true
docker image prune -f --filter label=berth.base=1 >/dev/null
start=$(date +%s.%N); berth env build dia 2>&1 | grep -q "built image" || { echo "the first build built nothing" >&2; exit 1; }; first="$(echo "$(date +%s.%N) - $start" | bc)"
sed 's/^  - numpy$/  - numpy\n  - joblib/' "$SAMPLE/myenv.yml" > "$WORK/myenv-plus.yml"
grep -q joblib "$WORK/myenv-plus.yml" || { echo "could not add joblib to the environment" >&2; exit 1; }
berth env register --name dia --file "$WORK/myenv-plus.yml" >/dev/null
docker rmi -f "$(berth env show dia | sed -n 's/^Image: *\([^ ]*\).*/\1/p')" >/dev/null 2>&1 || true   # built by an earlier run
start=$(date +%s.%N); berth env build dia 2>&1 | grep -q "built image" || { echo "the rebuild built nothing" >&2; exit 1; }; second="$(echo "$(date +%s.%N) - $start" | bc)"
printf '%-44s %8.2f s\n' "first build (diabetes environment)" "$first" "rebuild with joblib added (in the base image)" "$second"

fi

if has 3; then
echo "== 3. throughput through the front door (hey -z ${SECONDS_PER_LOAD}s -c $CONCURRENCY, two-row diabetes input)"
printf '%-10s %14s %14s %8s\n' script local_rps container_rps ratio
for script in py cs; do
  ic="$SAMPLE/inferenceconfig.json"; [ "$script" = cs ] && ic="$SAMPLE/inferenceconfig-cs.json"
  lr="$(rps "t-local-$script" "$ic" "$WORK/dc-local.json")"
  cr="$(rps "t-container-$script" "$ic" "$WORK/dc-container.json")"
  printf '%-10s %14.1f %14.1f %8.2f\n' "score.$script" "$lr" "$cr" "$(echo "$cr / $lr" | bc -l)"
done
fi
