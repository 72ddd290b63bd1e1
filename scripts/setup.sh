#!/usr/bin/env bash
# Installs what `dotnet` cannot (Debian packages: Python with numpy and scikit-learn, the load
# generators, sqlite3 and curl) and builds Berth. Idempotent: on a machine that has everything it only
# checks and builds. Usage: scripts/setup.sh [--quiet]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
QUIET="${1:-}"
say() { [ "$QUIET" = "--quiet" ] || echo "setup: $*" >&2; }
fail() { echo "error: $1" >&2; echo "hint: $2" >&2; exit 1; }

# --- Debian packages -------------------------------------------------------------------------
PACKAGES=(python3 python3-numpy python3-sklearn python3-pandas python3-packaging python3-yaml python3-venv python3-pip python3-debugpy iproute2 wrk hey sqlite3 curl util-linux)
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

# --- Build -----------------------------------------------------------------------------------
say "building (dotnet build)"
log="$(mktemp)"
if ! dotnet build "$ROOT/Berth.sln" -nologo -v quiet -clp:ErrorsOnly >"$log" 2>&1; then
  cat "$log" >&2; rm -f "$log"
  fail "the build failed (errors above)" "fix the errors, or report them with the output above"
fi
rm -f "$log"
