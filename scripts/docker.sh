#!/usr/bin/env bash
# Makes the Docker engine and Berth's default base image ready (DESIGN.md "Images"). Idempotent: on a machine that has
# everything it only checks. Steps:
#   1. Debian docker.io and debootstrap, installed when missing (needs root);
#   2. dockerd, started when `docker info` fails (scripts/lib/host-dockerd.sh, shared with scripts/cluster.sh);
#   3. the base image berth/base:<key>: debootstrap (minbase + Python, numpy, scikit-learn, pandas, ... + what .NET
#      needs) with this machine's .NET runtime copied in, so the framework-dependent berth-scoring runs inside.
#      <key> = first 12 hex of sha256 over the recipe below (suite, packages, runtime versions). The rootfs tarball is
#      cached in /var/cache/berth/ (outside the clone), the image made with `docker import`, then checked.
#      The tag is written to /var/cache/berth/base-image.tag: the server reads it (Targets/Docker/BerthBaseImage.cs).
# Usage: scripts/docker.sh [--quiet]     Environment: BERTH_CACHE (default /var/cache/berth)
set -euo pipefail
QUIET="${1:-}"
CACHE="${BERTH_CACHE:-/var/cache/berth}"
say() { [ "$QUIET" = "--quiet" ] || echo "docker.sh: $*" >&2; }
fail() { echo "error: $1" >&2; echo "hint: $2" >&2; exit 1; }
now() { date +%s.%N; }
took() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f s", b - a }'; }

# --- 1. Debian packages ----------------------------------------------------------------------------
missing=()
for p in docker.io debootstrap; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  [ "$(id -u)" = 0 ] || fail "missing Debian packages: ${missing[*]}" "run scripts/docker.sh as root, or: sudo apt-get install ${missing[*]}"
  say "installing Debian packages: ${missing[*]}"
  t=$(now)
  apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >/dev/null \
    || fail "apt-get could not install: ${missing[*]}" "check the package sources (apt-get update) and disk space"
  say "installed ${missing[*]} in $(took "$t")"
fi

# --- 2. The engine -----------------------------------------------------------------------------------
source "$(dirname "${BASH_SOURCE[0]}")/lib/host-dockerd.sh"
ensure_host_dockerd

# --- 3. Berth's default base image ------------------------------------------------------------------
SUITE=bookworm
PACKAGES=(python3 python3-pip python3-numpy python3-sklearn python3-pandas python3-packaging python3-yaml
          libicu72 libssl3 zlib1g ca-certificates tzdata)
DOTNET_ROOT_HOST="${DOTNET_ROOT:-/usr/share/dotnet}"
runtimes() { for f in Microsoft.NETCore.App Microsoft.AspNetCore.App; do
  [ -d "$DOTNET_ROOT_HOST/shared/$f" ] || fail "no $f under $DOTNET_ROOT_HOST/shared" "install the .NET 10 runtime (or set DOTNET_ROOT)"
  for v in "$DOTNET_ROOT_HOST/shared/$f"/*/; do echo "$f $(basename "$v")"; done; done; }
RUNTIMES="$(runtimes)"
RECIPE="berth-base v1
suite $SUITE
packages $(printf '%s\n' "${PACKAGES[@]}" | sort | tr '\n' ' ')
$RUNTIMES"
KEY="$(printf '%s' "$RECIPE" | sha256sum | cut -c1-12)"
TAG="berth/base:$KEY"
mkdir -p "$CACHE"

if docker image inspect "$TAG" >/dev/null 2>&1; then
  say "base image $TAG exists"
else
  TARBALL="$CACHE/base-$KEY.tar"
  if [ -f "$TARBALL" ]; then
    say "using the cached root file system $TARBALL"
  else
    MIRROR="$(awk '/^URIs:/ { print $2; exit }' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)"
    MIRROR="${BERTH_DEBIAN_MIRROR:-${MIRROR:-}}"
    [ -n "$MIRROR" ] || fail "no Debian mirror found in /etc/apt/sources.list.d/debian.sources" "set BERTH_DEBIAN_MIRROR to your Debian mirror's URL"
    ROOTFS="$CACHE/rootfs-$KEY"
    rm -rf "$ROOTFS" "$TARBALL.tmp"
    say "building the base root file system with debootstrap ($SUITE, ${#PACKAGES[@]} packages); this takes a few minutes"
    t=$(now)
    if ! debootstrap --variant=minbase --include="$(IFS=,; echo "${PACKAGES[*]}")" "$SUITE" "$ROOTFS" "$MIRROR" >"$CACHE/debootstrap-$KEY.log" 2>&1; then
      tail -n 20 "$CACHE/debootstrap-$KEY.log" >&2 || true
      rm -rf "$ROOTFS"
      fail "debootstrap failed (last lines above; whole log: $CACHE/debootstrap-$KEY.log)" "check that the mirror $MIRROR answers (apt-get update) and that there is disk space"
    fi
    say "debootstrap took $(took "$t")"
    t=$(now)
    # The host's .NET runtime (dotnet, host, the two shared frameworks), so the framework-dependent berth-scoring runs.
    mkdir -p "$ROOTFS/usr/share/dotnet/shared"
    cp -a "$DOTNET_ROOT_HOST/dotnet" "$DOTNET_ROOT_HOST/host" "$ROOTFS/usr/share/dotnet/"
    cp -a "$DOTNET_ROOT_HOST/shared/Microsoft.NETCore.App" "$DOTNET_ROOT_HOST/shared/Microsoft.AspNetCore.App" "$ROOTFS/usr/share/dotnet/shared/"
    ln -sf /usr/share/dotnet/dotnet "$ROOTFS/usr/bin/dotnet"
    rm -rf "$ROOTFS"/var/cache/apt/archives/*.deb "$ROOTFS"/var/lib/apt/lists/*
    printf '%s\n' "$RECIPE" >"$ROOTFS/etc/berth-base"
    tar -C "$ROOTFS" --numeric-owner -cf "$TARBALL.tmp" . && mv "$TARBALL.tmp" "$TARBALL"
    rm -rf "$ROOTFS"
    say "root file system with .NET cached as $TARBALL ($(du -h "$TARBALL" | cut -f1)) in $(took "$t")"
  fi
  say "importing $TAG"
  t=$(now)
  docker import \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'ENV DOTNET_ROOT=/usr/share/dotnet' \
    --change 'ENV LANG=C.UTF-8' \
    --change "LABEL berth.base=1 berth.base.key=$KEY" \
    --change 'CMD ["/bin/bash"]' \
    "$TARBALL" "$TAG" >/dev/null || fail "docker import of $TARBALL failed" "delete $TARBALL and run scripts/docker.sh again"
  say "imported $TAG in $(took "$t")"
  t=$(now)
  check="$(docker run --rm --network none "$TAG" sh -c 'python3 -c "import numpy, sklearn, pandas, yaml, packaging; print(\"python\", numpy.__version__, sklearn.__version__)" && dotnet --list-runtimes' 2>&1)" \
    || { docker image rm "$TAG" >/dev/null 2>&1 || true; echo "$check" >&2
         fail "the base image $TAG does not run Python with numpy and scikit-learn, or .NET (output above)" "delete $TARBALL and run scripts/docker.sh again"; }
  echo "$check" | grep -q 'Microsoft.AspNetCore.App' || { docker image rm "$TAG" >/dev/null 2>&1 || true
         fail "the base image $TAG lacks Microsoft.AspNetCore.App" "delete $TARBALL and run scripts/docker.sh again"; }
  say "checked $TAG in $(took "$t"): $(echo "$check" | tr '\n' ';' | sed 's/ \[[^]]*\]//g')"
fi
printf '%s\n' "$TAG" >"$CACHE/base-image.tag.tmp" && mv "$CACHE/base-image.tag.tmp" "$CACHE/base-image.tag"
say "base image: $TAG (recorded in $CACHE/base-image.tag)"
