#!/usr/bin/env bash
# How long `berth model register` takes for a 100 MB folder, next to the floor of doing the same work
# with coreutils (cp -r, then sha256sum of every file). Usage: bench/register/run.sh [runs]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
RUNS="${1:-5}"
"$ROOT/scripts/setup.sh" --quiet
# Measure optimised code: the Release build of every program (the CLI finds the server, router and replica next to it).
dotnet build "$ROOT/Berth.sln" -c Release -nologo -v quiet -clp:ErrorsOnly >/dev/null
BERTH="$ROOT/artifacts/bin/Berth.Cli/release/berth"
WORK="$(mktemp -d /tmp/berth-bench-register.XXXX)"
SERVER_PID=""
cleanup() { [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT

make_folder() { # name files size_kib
  mkdir -p "$WORK/$1"
  for i in $(seq 1 "$2"); do head -c "$(( $3 * 1024 ))" /dev/urandom > "$WORK/$1/part$i.bin"; done
}
make_folder few 10 10240      # 10 files of 10 MiB
make_folder many 1000 100     # 1000 files of 100 KiB

export BERTH_HOME="$WORK/home" BERTH_URL="http://127.0.0.1:$(( 20000 + RANDOM % 20000 ))"
"$ROOT/artifacts/bin/Berth.Server/release/berth-server" >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 100); do "$BERTH" model list >/dev/null 2>&1 && break; sleep 0.1; done

ms() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

bench() { # label folder
  local berth=() floor=()
  for r in $(seq 1 "$RUNS"); do
    sync; local t=$(date +%s%N)
    "$BERTH" model register --name "bench-$2" --path "$WORK/$2" >/dev/null
    berth+=("$(ms "$t")")
    sync; t=$(date +%s%N)
    cp -r "$WORK/$2" "$WORK/copy-$r" && find "$WORK/copy-$r" -type f -exec sha256sum {} + >/dev/null && sync
    floor+=("$(ms "$t")"); rm -rf "$WORK/copy-$r"
  done
  local b f
  b="$(printf '%s\n' "${berth[@]}" | median)"; f="$(printf '%s\n' "${floor[@]}" | median)"
  printf "%-28s %10s ms %16s ms %8.2fx %10.0f MB/s\n" "$1" "$b" "$f" "$(echo "$b / $f" | bc -l)" "$(echo "104.86 / ($b / 1000)" | bc -l)"
}

printf "berth model register, 100 MiB, median of %s runs (the CLI process, HTTP call, copy, SHA-256, commit)\n" "$RUNS"
printf "%-28s %13s %19s %9s %15s\n" "folder" "berth" "cp -r + sha256sum" "ratio" "berth rate"
bench "10 x 10 MiB" few
bench "1000 x 100 KiB" many
