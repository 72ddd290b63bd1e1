#!/usr/bin/env bash
# samples/mnist-onnx served with no script (ONNX Runtime in berth-scoring) through the service's front door, over the
# Open Inference Protocol (JSON and the binary extension) with dynamic batching off and on, and /score; side by side
# with (a) the ceiling: the same .onnx file in one InferenceSession behind a bare ASP.NET Core minimal API
# (bench/onnx/Ceiling, no router hop), and (b) the same model as a numpy score.py (the weights taken out of the .onnx
# file: softmax(x W + b), as make_model.py computes it). The sample is a 64x10 softmax regression, so cheap that a
# request's HTTP and JSON work dwarfs its Run; batching is also measured on a model whose Run is the work: a
# 64-1024-1024-10 MLP with fixed random weights, built here with python3-onnx (its inputs and outputs are the sample's).
# Usage: bench/onnx/run.sh [SECONDS_PER_LOAD=10] [CONCURRENCY=64]. Builds Berth and the ceiling in Release (its own
# artifacts/bin/*/release, the debug build that ./berth runs is left alone), runs a throw-away workspace and its own
# server; every route gets maxConcurrentRequestsPerContainer = CONCURRENCY and a long queue wait, so the figures
# measure serving, not 503s. Issue 12's goals: OIP binary >= 0.8x the ceiling; batching >= 2x the requests/s at no
# worse p99 (64 clients).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
NAME=onnx
SECONDS_PER_LOAD="${1:-${SECONDS_PER_LOAD:-10}}"
CONCURRENCY="${2:-${CONCURRENCY:-64}}"
# shellcheck source=../lib/workspace.sh
. "$ROOT/bench/lib/workspace.sh"
S="$ROOT/samples/mnist-onnx"
if ! /usr/bin/python3 -c "import onnx" 2>/dev/null; then   # Debian's python3-onnx builds the MLP below
  [ "$(id -u)" = 0 ] || { echo "error: /usr/bin/python3 cannot import onnx" >&2; echo "hint: sudo apt-get install python3-onnx" >&2; exit 1; }
  (apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3-onnx) >/dev/null
fi
for project in Berth.Cli Berth.Server Berth.Router Berth.Scoring; do
  dotnet build -c Release -v q --nologo -clp:ErrorsOnly "$ROOT/src/$project/$project.csproj" >/dev/null
done
dotnet build -c Release -v q --nologo -clp:ErrorsOnly "$ROOT/bench/onnx/Ceiling/Ceiling.csproj" >/dev/null
berth() { "$ROOT/artifacts/bin/Berth.Cli/release/berth" "$@"; }
CEILING="$ROOT/artifacts/bin/Ceiling/release/onnx-ceiling"

# The OIP binary request: the sample's image as raw FP32 after a JSON header, both outputs asked for in binary.
/usr/bin/python3 - "$S/request-oip.json" "$WORK/request-binary.bin" "$WORK/request-binary.length" <<'PY'
import json, sys
import numpy as np
image = np.asarray(json.load(open(sys.argv[1]))["inputs"][0]["data"], dtype="<f4")
header = json.dumps({"inputs": [{"name": "input", "shape": [1, 64], "datatype": "FP32", "parameters": {"binary_data_size": image.nbytes}}],
                     "outputs": [{"name": "probabilities", "parameters": {"binary_data": True}},
                                 {"name": "label", "parameters": {"binary_data": True}}]}, separators=(",", ":")).encode()
open(sys.argv[2], "wb").write(header + image.tobytes())
open(sys.argv[3], "w").write(str(len(header)))
PY
BINARY_LENGTH="$(cat "$WORK/request-binary.length")"

# The MLP: the sample's input and outputs around two 1024-wide ReLU layers (fixed seed; about 1.1 M multiply-adds and
# 4.5 MB of weights per row, which a stacked Run reads once for the whole batch).
mkdir -p "$WORK/mlp"
/usr/bin/python3 - "$WORK/mlp/model.onnx" <<'PY'
import sys
import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper
rng = np.random.default_rng(12)
sizes = [64, 1024, 1024, 10]
nodes, inits, x = [], [], "input"
for i, (a, b) in enumerate(zip(sizes, sizes[1:])):
    inits += [numpy_helper.from_array((rng.standard_normal((a, b)) / np.sqrt(a)).astype(np.float32), f"W{i}"),
              numpy_helper.from_array(np.zeros(b, np.float32), f"b{i}")]
    nodes += [helper.make_node("MatMul", [x, f"W{i}"], [f"m{i}"]), helper.make_node("Add", [f"m{i}", f"b{i}"], [f"z{i}"])]
    x = f"z{i}"
    if i < len(sizes) - 2:
        nodes.append(helper.make_node("Relu", [x], [f"h{i}"]))
        x = f"h{i}"
nodes += [helper.make_node("Softmax", [x], ["probabilities"], axis=1), helper.make_node("ArgMax", [x], ["label"], axis=1, keepdims=0)]
graph = helper.make_graph(nodes, "mlp", [helper.make_tensor_value_info("input", TensorProto.FLOAT, [None, 64])],
                          [helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, [None, 10]),
                           helper.make_tensor_value_info("label", TensorProto.INT64, [None])], inits)
graph.input[0].type.tensor_type.shape.dim[0].dim_param = "batch"
for o in graph.output: o.type.tensor_type.shape.dim[0].dim_param = "batch"
model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
model.ir_version = 8
onnx.checker.check_model(model)
onnx.save(model, sys.argv[1])
PY

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
berth model register --name mlp --path "$WORK/mlp/model.onnx" >/dev/null
berth model register --name mnist-numpy --path "$WORK/numpy-model" >/dev/null

# load NAME URL BODYFILE [binary] -> "req/s p50_ms p99_ms non-200" (hey, after a 2 s warm-up)
load() {
  local kind=(-T application/json)
  [ "${4:-}" = binary ] && kind=(-T application/octet-stream -H "Inference-Header-Content-Length: $BINARY_LENGTH")
  hey -z 2s -c "$CONCURRENCY" -m POST "${kind[@]}" -D "$3" "$2" >/dev/null
  hey -z "${SECONDS_PER_LOAD}s" -c "$CONCURRENCY" -m POST "${kind[@]}" -D "$3" "$2" >"$WORK/$1.txt"
  awk '/Requests\/sec/ {r=$2} / 50% in/ {p50=$3*1000} / 99% in/ {p99=$3*1000} /^[ \t]*\[[0-9]+\]/ {gsub(/[\[\]]/,"",$1); if ($1 != "200") bad += $2}
       END {printf "%.0f %.2f %.2f %d\n", r, p50, p99, bad}' "$WORK/$1.txt"
}
deploy() { berth service deploy --name "$1" --model "$2" --overwrite --dc "$3" "${@:4}" >/dev/null; }
base() { berth service show "$1" -o json | sed -n 's/.*"scoringUri": "\(.*\)\/score".*/\1/p'; }
batches() { curl -s "$1/metrics" | awk '/^berth_scoring_batcher_batches_total/ {print $2}'; }   # the front door passes /metrics on

deploy mnist mnist:1 "$WORK/plain.json"
u="$(base mnist)"
oip_plain="$(load oip-plain "$u/v2/models/mnist/infer" "$S/request-oip.json")"
bin_plain="$(load bin-plain "$u/v2/models/mnist/infer" "$WORK/request-binary.bin" binary)"
score_plain="$(load score-plain "$u/score" "$S/request-score.json")"
deploy mnist mnist:1 "$WORK/batched.json"
u="$(base mnist)"
oip_batched="$(load oip-batched "$u/v2/models/mnist/infer" "$S/request-oip.json")"
bin_batched="$(load bin-batched "$u/v2/models/mnist/infer" "$WORK/request-binary.bin" binary)"
mnist_batches="$(batches "$u")"
berth service delete mnist >/dev/null

deploy mlp mlp:1 "$WORK/plain.json"
mlp_plain="$(load mlp-plain "$(base mlp)/v2/models/mlp/infer" "$WORK/request-binary.bin" binary)"
deploy mlp mlp:1 "$WORK/batched.json"
u="$(base mlp)"
mlp_batched="$(load mlp-batched "$u/v2/models/mlp/infer" "$WORK/request-binary.bin" binary)"
mlp_batches="$(batches "$u")"
berth service delete mlp >/dev/null

deploy numpy mnist-numpy:1 "$WORK/numpy.json" --ic "$WORK/numpy-app/inferenceconfig.json"
numpy_score="$(load numpy "$(base numpy)/score" "$S/request-score.json")"
berth service delete numpy >/dev/null

# The ceiling, one process on its own port, each model in turn.
ceiling() {
  local port=$((40000 + RANDOM % 20000)) pid out
  "$CEILING" "$1" "$port" & pid=$!
  for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.1; done
  out="$(load "ceiling-$2" "http://127.0.0.1:$port/infer" "$WORK/request-binary.bin" binary)"
  kill "$pid"; wait "$pid" 2>/dev/null || true
  echo "$out"
}
ceiling_mnist="$(ceiling "$S/model.onnx" mnist)"
ceiling_mlp="$(ceiling "$WORK/mlp/model.onnx" mlp)"

echo "hey -c $CONCURRENCY -z ${SECONDS_PER_LOAD}s, one image per request; $(nproc) cores shared by hey, router and replica; Release build; load average $(cut -d' ' -f1-3 /proc/loadavg)"
printf "%-50s %9s %8s %8s %8s %11s\n" "served as" "req/s" "p50 ms" "p99 ms" "non-200" "x ceiling"
row() { set -- "$1" $2 "$3"; printf "%-50s %9s %8s %8s %8s %11s\n" "$1" "$2" "$3" "$4" "$5" "$(awk -v a="$2" -v b="$6" 'BEGIN {printf "%.2f", a / b}')"; }
c="${ceiling_mnist%% *}"
echo "sample mnist (64x10 softmax regression)"
row "  ceiling: InferenceSession in a minimal API, binary" "$ceiling_mnist" "$c"
row "  Berth front door, OIP binary" "$bin_plain" "$c"
row "  Berth front door, OIP JSON" "$oip_plain" "$c"
row "  Berth front door, /score" "$score_plain" "$c"
row "  Berth front door, OIP binary, maxBatchSize 32" "$bin_batched" "$c"
row "  Berth front door, OIP JSON, maxBatchSize 32" "$oip_batched" "$c"
row "  numpy score.py, /score (2 workers)" "$numpy_score" "$c"
c="${ceiling_mlp%% *}"
echo "mlp 64-1024-1024-10"
row "  ceiling: InferenceSession in a minimal API, binary" "$ceiling_mlp" "$c"
row "  Berth front door, OIP binary" "$mlp_plain" "$c"
row "  Berth front door, OIP binary, maxBatchSize 32" "$mlp_batched" "$c"
ratio() { awk -v a="${1%% *}" -v b="${2%% *}" -v p="$(echo "$1" | cut -d' ' -f3)" -v q="$(echo "$2" | cut -d' ' -f3)" \
  'BEGIN {printf "%.2fx the requests/s, p99 %.1f ms vs %.1f ms\n", a / b, p, q}'; }
echo "batching on / off, mnist OIP binary: $(ratio "$bin_batched" "$bin_plain"); stacked runs: ${mnist_batches:-?}"
echo "batching on / off, mnist OIP JSON:   $(ratio "$oip_batched" "$oip_plain")"
echo "batching on / off, mlp OIP binary:   $(ratio "$mlp_batched" "$mlp_plain"); stacked runs: ${mlp_batches:-?}"
