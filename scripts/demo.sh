#!/usr/bin/env bash
# Berth's main job: register the sample diabetes model, deploy it as a local web service with its
# unchanged score.py, and score the two-row sample. Installs and builds what is missing first.
# The service keeps running afterwards; `./berth service delete diabetes` removes it.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$ROOT/scripts/setup.sh"   # says what it installs and builds; quick when nothing changed
berth() { "$ROOT/berth" "$@"; }
SAMPLE="$ROOT/samples/diabetes"
INPUT='{"data": [[1,2,3,4,5,6,7,8,9,10],[10,9,8,7,6,5,4,3,2,1]]}'

echo "== register the model (samples/diabetes/model)"
if [ "$(berth model list --name diabetes -o json)" = "[]" ]; then
  berth model register --name diabetes --path "$SAMPLE/model" --tag sample=diabetes \
    --description "Ridge regression on scikit-learn's diabetes data set"
else
  echo "diabetes is registered already: $(berth model list --name diabetes -o json | grep -c '"version"') version(s)"
fi

echo "== deploy it locally with score.py (samples/diabetes/inferenceconfig.json, deploymentconfig.json)"
berth service deploy --name diabetes --model diabetes --overwrite \
  --ic "$SAMPLE/inferenceconfig.json" --dc "$SAMPLE/deploymentconfig.json"

echo "== score the two-row sample"
echo "input:       $INPUT"
echo "predictions: $(berth service run diabetes --input-data "$INPUT")"
echo
echo "Call it yourself:  curl -s -X POST $(berth service show diabetes -o json | sed -n 's/.*"scoringUri": "\(.*\)",/\1/p') -d '$INPUT'"
echo "Remove it:         ./berth service delete diabetes"
