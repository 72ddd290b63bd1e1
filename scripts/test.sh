#!/usr/bin/env bash
# Runs every test of Berth after installing what the tests need (scripts/setup.sh, scripts/docker.sh, scripts/cluster.sh).
# Ends with one line: "N passed, M failed". Extra arguments go to `dotnet test` (e.g. --filter).
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$ROOT/scripts/setup.sh" || { echo "0 passed, 1 failed"; exit 1; }
# The Docker engine and Berth's base image, for the container tests (minutes on a fresh machine, then under a second).
"$ROOT/scripts/docker.sh" || { echo "error: scripts/docker.sh failed (above): the Docker tests cannot run"; echo "0 passed, 1 failed"; exit 1; }
# The test cluster for the Kubernetes tests (scripts/cluster.sh: ~13 min to build Kubernetes on a fresh machine, cached
# outside the clone, then about half a minute). Taken down at the end when this run brought it up.
cluster_was_up=0; "$ROOT/scripts/cluster.sh" status >/dev/null 2>&1 && cluster_was_up=1
kubeconfig="$("$ROOT/scripts/cluster.sh" up | tail -n 1)" || { echo "error: scripts/cluster.sh up failed (above): the Kubernetes tests cannot run"; echo "0 passed, 1 failed"; exit 1; }
export BERTH_TEST_KUBECONFIG="$kubeconfig"
[ "$cluster_was_up" = 1 ] || trap '"$ROOT/scripts/cluster.sh" down >/dev/null 2>&1 || echo "warning: scripts/cluster.sh down failed; run it again" >&2' EXIT
out="$(mktemp)"
dotnet test "$ROOT/Berth.sln" --no-build -nologo "$@" 2>&1 | tee "$out"
status=${PIPESTATUS[0]}
# VSTest prints one summary per test project: "Passed!  - Failed: 0, Passed: 12, Skipped: 0, ..."
read -r passed failed < <(awk '
  /(Passed|Failed)! +- +Failed: +[0-9]+, +Passed: +[0-9]+/ {
    for (i = 1; i <= NF; i++) { if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1) }
  }
  END { print p + 0, f + 0 }' "$out")
rm -f "$out"
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi   # a crash or build error is a failure too
echo "$passed passed, $failed failed"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
