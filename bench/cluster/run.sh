#!/usr/bin/env bash
# `scripts/cluster.sh up` from cached binaries (the goal: under 60 s), RUNS times (default 3): each run is a `down`
# (keeping the state dir: etcd data, certificates, the node's images), then a timed `up` to node Ready. Prints each
# figure, the median and the ratio to the goal, and the kubelet-start-to-Ready time that `up` reports.
# The Kubernetes build (once per machine, about 12 minutes) is not measured here: run scripts/cluster.sh up once first.
# Leaves the cluster up. Needs root, like scripts/cluster.sh.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
RUNS="${RUNS:-3}"
GOAL=60
BIN="${BERTH_CACHE:-/var/cache/berth}/kubernetes/v1.20.2/bin"
[ -x "$BIN/kubelet" ] || { echo "error: no cached Kubernetes binaries in $BIN" >&2
  echo "hint: run scripts/cluster.sh up once (it builds them, about 12 minutes), then this benchmark" >&2; exit 1; }
LOG="$(mktemp /tmp/berth-bench-cluster.XXXXXX)"
trap 'rm -f "$LOG"' EXIT
ups=() readys=()
for _ in $(seq 1 "$RUNS"); do
  "$ROOT/scripts/cluster.sh" down >/dev/null 2>>"$LOG"
  start=$(date +%s.%N)
  "$ROOT/scripts/cluster.sh" up >/dev/null 2>"$LOG.up" || { cat "$LOG.up" >&2; rm -f "$LOG.up"; exit 1; }
  end=$(date +%s.%N)
  ups+=("$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }')")
  readys+=("$(sed -n 's/.*Ready \([0-9.]*\) s after the kubelet started.*/\1/p' "$LOG.up" | tail -1)")
  rm -f "$LOG.up"
done
median() { printf '%s\n' "$@" | sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
m="$(median "${ups[@]}")"
echo "scripts/cluster.sh up from cached binaries (after down), $RUNS runs, $(nproc) cores"
printf '%-40s %s\n' "up to node Ready, each (s)" "${ups[*]}" "kubelet start to node Ready, each (s)" "${readys[*]}"
printf '%-40s %s   goal %s s   x goal %s\n' "up, median (s)" "$m" "$GOAL" "$(awk -v m="$m" -v g="$GOAL" 'BEGIN { printf "%.2f", m / g }')"
