#!/usr/bin/env bash
# Installs what `dotnet` cannot (Debian packages, Python packages, the Docker engine, the ONNX
# Runtime native library) and builds Berth. Idempotent: on a machine that has everything it only
# checks and builds. Usage: scripts/setup.sh [--quiet]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="$ROOT/.tools"
QUIET="${1:-}"
say() { [ "$QUIET" = "--quiet" ] || echo "setup: $*" >&2; }
fail() { echo "error: $1" >&2; echo "hint: $2" >&2; exit 1; }

# --- Debian packages -------------------------------------------------------------------------
PACKAGES=(python3 python3-numpy python3-sklearn python3-yaml python3-venv python3-pip iproute2 wrk hey docker.io debootstrap sqlite3 curl)
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  [ "$(id -u)" = 0 ] || fail "missing Debian packages: ${missing[*]}" "run scripts/setup.sh as root, or: sudo apt-get install ${missing[*]}"
  say "installing Debian packages: ${missing[*]}"
  apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >/dev/null \
    || fail "apt-get could not install: ${missing[*]}" "check the package sources (apt-get update) and disk space"
fi

# --- Python: Berth runs score.py with the system interpreter, which has numpy and scikit-learn --
/usr/bin/python3 -c "import numpy, sklearn" 2>/dev/null \
  || fail "/usr/bin/python3 cannot import numpy and sklearn" "apt-get install python3-numpy python3-sklearn"

# --- Docker engine (no systemd here: start dockerd ourselves) ---------------------------------
if ! docker info >/dev/null 2>&1; then
  if command -v dockerd >/dev/null && [ "$(id -u)" = 0 ]; then
    say "starting dockerd (log: /var/log/berth-dockerd.log)"
    nohup dockerd >/var/log/berth-dockerd.log 2>&1 &
    for _ in $(seq 1 30); do docker info >/dev/null 2>&1 && break; sleep 1; done
    docker info >/dev/null 2>&1 || say "warning: dockerd did not answer within 30 s; see /var/log/berth-dockerd.log (only the docker target needs it)"
  else
    say "warning: no Docker engine answers (only the docker target needs it)"
  fi
fi

# --- ONNX Runtime native library from the npm package onnxruntime-node ------------------------
ORT_VERSION=1.30.0
ORT_DIR="$TOOLS/onnxruntime-$ORT_VERSION"
if [ ! -f "$ORT_DIR/libonnxruntime.so.1" ]; then
  if command -v npm >/dev/null; then
    say "fetching libonnxruntime.so.1 from onnxruntime-node@$ORT_VERSION"
    tmp="$(mktemp -d)"
    if (cd "$tmp" && npm pack --silent "onnxruntime-node@$ORT_VERSION" >/dev/null 2>&1 && tar xzf onnxruntime-node-*.tgz); then
      mkdir -p "$ORT_DIR"
      cp "$tmp"/package/bin/napi-v6/linux/x64/libonnxruntime.so* "$ORT_DIR/"
    else
      say "warning: npm pack onnxruntime-node@$ORT_VERSION failed; ONNX models will not be served"
    fi
    rm -rf "$tmp"
  fi
fi

# --- Build -----------------------------------------------------------------------------------
say "building (dotnet build)"
log="$(mktemp)"
if ! dotnet build "$ROOT/Berth.sln" -nologo -v quiet -clp:ErrorsOnly >"$log" 2>&1; then
  cat "$log" >&2; rm -f "$log"
  fail "the build failed (errors above)" "fix the errors, or report them with the output above"
fi
rm -f "$log"
