#!/usr/bin/env bash
# samples/mnist-onnx served with no script (ONNX Runtime in berth-scoring) through the service's front door, over the
# Open Inference Protocol (JSON) with dynamic batching off and on, and /score; side by side with the same model as a
# numpy score.py (the weights taken out of the .onnx file: softmax(x W + b), as make_model.py computes it).
# Usage: bench/onnx/run.sh [SECONDS_PER_LOAD=10] [CONCURRENCY=64]. Uses the built ./berth (scripts/setup.sh builds it),
# a throw-away workspace and its own server; every route gets maxConcurrentRequestsPerContainer = CONCURRENCY and a
# long queue wait, so the figures measure serving, not 503s. Issue 12's goal: batching >= 2x the requests/s at no worse p99.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
NAME=onnx
SECONDS_PER_LOAD="${1:-${SECONDS_PER_LOAD:-10}}"
CONCURRENCY="${2:-${CONCURRENCY:-64}}"
# shellcheck source=../lib/workspace.sh
. "$ROOT/bench/lib/workspace.sh"
S="$ROOT/samples/mnist-onnx"

# The numpy peer: the graph's W and b as weights.npz, and a score.py that runs the same matmul and softmax.
mkdir -p "$WORK/numpy-model" "$WORK/numpy-app"
/usr/bin/python3 - "$S/model.onnx" "$WORK/numpy-model/weights.npz" <<'PY'
import sys, numpy, onnx
from onnx import numpy_helper
init = {t.name: numpy_helper.to_array(t) for t in onnx.load(sys.argv[1]).graph.initializer}
numpy.savez(sys.argv[2], W=init["W"], b=init["b"])
PY
cat >"$WORK/numpy-app/score.py" <<'PY'
import json, os
import numpy as np
W = b = None

def init():
    global W, b
    weights = np.load(os.path.join(os.environ["AZUREML_MODEL_DIR"], "numpy-model", "weights.npz"))
    W, b = weights["W"], weights["b"]

def run(raw):
    x = np.asarray(json.loads(raw)["data"], dtype=np.float32)
    z = x @ W + b
    e = np.exp(z - z.max(axis=1, keepdims=True))
    p = e / e.sum(axis=1, keepdims=True)
    return {"probabilities": p.tolist(), "label": p.argmax(axis=1).tolist()}
PY
echo '{"entryScript": "score.py", "sourceDirectory": "."}' >"$WORK/numpy-app/inferenceconfig.json"
serving="\"maxConcurrentRequestsPerContainer\": $CONCURRENCY, \"maxQueueWaitMs\": 60000"
echo "{\"computeType\": \"local\", $serving}" >"$WORK/plain.json"
echo "{\"computeType\": \"local\", $serving, \"maxBatchSize\": 32, \"maxBatchDelayMs\": 2}" >"$WORK/batched.json"
# score.py gets a worker per concurrent request: two (the cores), the rest wait in the router's queue.
echo '{"computeType": "local", "maxConcurrentRequestsPerContainer": 2, "maxQueueWaitMs": 60000}' >"$WORK/numpy.json"

berth model register --name mnist --path "$S/model.onnx" >/dev/null
berth model register --name mnist-numpy --path "$WORK/numpy-model" >/dev/null

# load NAME URL BODYFILE -> "req/s p50_ms p99_ms non-200" (hey, after a 2 s warm-up)
load() {
  hey -z 2s -c "$CONCURRENCY" -m POST -T application/json -D "$3" "$2" >/dev/null
  hey -z "${SECONDS_PER_LOAD}s" -c "$CONCURRENCY" -m POST -T application/json -D "$3" "$2" >"$WORK/$1.txt"
  awk '/Requests\/sec/ {r=$2} / 50% in/ {p50=$3*1000} / 99% in/ {p99=$3*1000} /^[ \t]*\[[0-9]+\]/ {gsub(/[\[\]]/,"",$1); if ($1 != "200") bad += $2}
       END {printf "%.0f %.2f %.2f %d\n", r, p50, p99, bad}' "$WORK/$1.txt"
}
deploy() { berth service deploy --name "$1" --model "$2" --overwrite --dc "$3" "${@:4}" >/dev/null; }
base() { berth service show "$1" -o json | sed -n 's/.*"scoringUri": "\(.*\)\/score".*/\1/p'; }

deploy mnist mnist:1 "$WORK/plain.json"
u="$(base mnist)"
oip_plain="$(load oip-plain "$u/v2/models/mnist/infer" "$S/request-oip.json")"
score_plain="$(load score-plain "$u/score" "$S/request-score.json")"
deploy mnist mnist:1 "$WORK/batched.json"
u="$(base mnist)"
oip_batched="$(load oip-batched "$u/v2/models/mnist/infer" "$S/request-oip.json")"
batches="$(curl -s "$u/metrics" | awk '/^berth_scoring_batcher_batches_total/ {print $2}')"   # the front door passes /metrics to the replica
berth service delete mnist >/dev/null
deploy numpy mnist-numpy:1 "$WORK/numpy.json" --ic "$WORK/numpy-app/inferenceconfig.json"
numpy_score="$(load numpy "$(base numpy)/score" "$S/request-score.json")"
berth service delete numpy >/dev/null

echo "mnist-onnx through the front door: hey -c $CONCURRENCY -z ${SECONDS_PER_LOAD}s, one image per request; $(nproc) cores shared by hey, router and replica; load average $(cut -d' ' -f1-3 /proc/loadavg)"
printf "%-40s %9s %8s %8s %8s %10s\n" "served as" "req/s" "p50 ms" "p99 ms" "non-200" "x numpy"
row() { set -- "$1" $2 "$3"; printf "%-40s %9s %8s %8s %8s %10s\n" "$1" "$2" "$3" "$4" "$5" "$(awk -v a="$2" -v b="$6" 'BEGIN {printf "%.2f", a / b}')"; }
n="${numpy_score%% *}"
row "ONNX, OIP JSON, no batching" "$oip_plain" "$n"
row "ONNX, OIP JSON, maxBatchSize 32" "$oip_batched" "$n"
row "ONNX, /score, no batching" "$score_plain" "$n"
row "numpy score.py, /score (2 workers)" "$numpy_score" "$n"
awk -v a="${oip_batched%% *}" -v b="${oip_plain%% *}" 'BEGIN {printf "batching on / off (OIP JSON): %.2fx the requests/s\n", a / b}'
[ -n "$batches" ] && echo "runs of two requests or more during the batched load: $batches"
