# Sourced by scripts/cluster.sh: Debian packages, the Kubernetes binaries and pause image (built once, cached), the host's dockerd.

PACKAGES=(golang-go golang-github-modern-go-reflect2-dev etcd-server etcd-client rsync make gcc libc6-dev docker.io docker-registry apache2-utils jq openssl
          curl iproute2 util-linux procps socat)   # socat: the kubelet port-forwards with it (kubectl port-forward)

ensure_packages() {
  local missing=() p t
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -gt 0 ] || return 0
  say "installing Debian packages: ${missing[*]}"
  t=$(now)
  # Another apt may be running (setup.sh, docker.sh): wait for its locks rather than fail.
  apt-get -o DPkg::Lock::Timeout=300 update -q >/dev/null \
    || fail "apt-get update failed" "check the package sources in /etc/apt/sources.list.d"
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -q --no-install-recommends "${missing[@]}" >/dev/null \
    || fail "apt-get could not install: ${missing[*]}" "check the package sources (apt-get update) and disk space"
  say "installed ${missing[*]} in $(took "$t")"
}

# Debian's source package `kubernetes` (the whole v1.20.2 tree with vendor/), fetched with a private apt configuration
# (a deb-src copy of the host's debian.sources, own lists dir) so the host's apt setup is not changed.
fetch_source() {
  local dir="$1" apt="$1/apt" opts
  mkdir -p "$apt/sources.list.d" "$apt/lists/partial" "$apt/cache/archives/partial"
  [ -f /etc/apt/sources.list.d/debian.sources ] \
    || fail "no /etc/apt/sources.list.d/debian.sources to derive a deb-src entry from" "add Debian's sources (deb822 format) there"
  sed 's/^Types:.*/Types: deb-src/' /etc/apt/sources.list.d/debian.sources >"$apt/sources.list.d/debian-src.sources"
  opts=(-o Dir::Etc::SourceList=/dev/null -o "Dir::Etc::SourceParts=$apt/sources.list.d" -o "Dir::State::Lists=$apt/lists"
        -o "Dir::Cache=$apt/cache" -o APT::Sandbox::User=root -q)
  apt-get "${opts[@]}" update >"$dir/apt.log" 2>&1 || { tail -5 "$dir/apt.log" >&2; fail "apt-get update (deb-src) failed" "check that the Debian mirror answers"; }
  (cd "$dir" && apt-get "${opts[@]}" source -d kubernetes >>"$dir/apt.log" 2>&1) \
    || { tail -5 "$dir/apt.log" >&2; fail "apt-get source kubernetes failed" "read $dir/apt.log"; }
  ls "$dir"/kubernetes_*really1.20.2.orig.tar.gz >/dev/null 2>&1 \
    || fail "Debian's source package kubernetes is not the v1.20.2 tree ($(ls "$dir"/*.orig.tar.gz 2>/dev/null))" \
            "this script builds $KVER; get kubernetes_*really1.20.2.orig.tar.gz into $dir by hand"
}

# What the cached binaries were built from: a change here rebuilds them.
BUILD_RECIPE="kubernetes $KVER (Debian source package, orig tree); vendored reflect2 replaced by Debian's 1.0.2; pause.c static"
REFLECT2=/usr/share/gocode/src/github.com/modern-go/reflect2

ensure_binaries() {
  local b stale=0 build t src
  for b in kube-apiserver kube-scheduler kube-controller-manager kubelet; do [ -x "$BIN/$b" ] || stale=1; done
  [ -f "$KCACHE/pause.tar" ] || stale=1
  [ "$(cat "$KCACHE/recipe" 2>/dev/null)" = "$BUILD_RECIPE" ] || stale=1
  [ "$stale" = 1 ] || return 0
  build="$KCACHE/build"
  say "building Kubernetes $KVER from Debian's source package (once; about 12 minutes on 2 cores, 3.3 GB in $build)"
  t=$(now)
  rm -rf "$build"; mkdir -p "$build/src" "$BIN"
  fetch_source "$build"
  tar xzf "$build"/kubernetes_*.orig.tar.gz -C "$build/src" --strip-components=1
  say "source fetched and unpacked in $(took "$t")"
  src="$build/src"
  # The tree vendors github.com/modern-go/reflect2 v1.0.1, whose map iteration (linked to the runtime's mapiterinit)
  # breaks with Go >= 1.18: kube-apiserver and the kubelet die within seconds with "unexpected fault address".
  # v1.0.2 (Debian's golang-github-modern-go-reflect2-dev) has the fix and the same API.
  [ -f "$REFLECT2/go_above_118.go" ] || fail "no reflect2 1.0.2 source in $REFLECT2" "apt-get install golang-github-modern-go-reflect2-dev"
  find "$src/vendor/github.com/modern-go/reflect2" -maxdepth 1 \( -name '*.go' -o -name '*.s' \) -delete
  cp "$REFLECT2"/*.go "$src/vendor/github.com/modern-go/reflect2/"
  mkdir -p "$src/.go/src/k8s.io"; ln -s ../../.. "$src/.go/src/k8s.io/kubernetes"   # GOPATH mode, as debian/rules does
  # No .git: the version (what `--version` prints) comes from hack/lib/version.sh, filled in by `git archive`.
  local env=(GOPATH="$src/.go" GOCACHE="$build/gocache" GOPROXY=off GOFLAGS=)
  t=$(now)
  (cd "$src" && env "${env[@]}" CGO_ENABLED=0 make WHAT="cmd/kube-apiserver cmd/kube-scheduler cmd/kube-controller-manager") \
      >"$build/make-control-plane.log" 2>&1 \
    || { tail -20 "$build/make-control-plane.log" >&2; fail "building the control plane failed (last lines above)" "read $build/make-control-plane.log"; }
  say "built kube-apiserver, kube-scheduler, kube-controller-manager in $(took "$t")"
  t=$(now)
  (cd "$src" && env "${env[@]}" CGO_ENABLED=1 make WHAT=cmd/kubelet) >"$build/make-kubelet.log" 2>&1 \
    || { tail -20 "$build/make-kubelet.log" >&2; fail "building the kubelet failed (last lines above)" "read $build/make-kubelet.log"; }
  say "built kubelet in $(took "$t")"
  "$src/_output/bin/kube-apiserver" --version | grep -q "Kubernetes $KVER" \
    || fail "the built kube-apiserver says $("$src/_output/bin/kube-apiserver" --version), not $KVER" "read $build/make-control-plane.log"
  # The pause container (the pod sandbox), from the same tree: a static binary alone in a root file system for `docker import`.
  mkdir -p "$build/pause-root"
  gcc -Os -Wall -Werror -static -DVERSION="v3.4.1-berth" -o "$build/pause-root/pause" "$src/build/pause/linux/pause.c" \
    || fail "compiling build/pause/linux/pause.c failed" "check that gcc and libc6-dev are installed"
  strip "$build/pause-root/pause"
  tar -C "$build/pause-root" --numeric-owner --owner=0 --group=0 -cf "$KCACHE/pause.tar.tmp" pause
  for b in kube-apiserver kube-scheduler kube-controller-manager kubelet; do cp "$src/_output/bin/$b" "$BIN/$b.tmp"; mv "$BIN/$b.tmp" "$BIN/$b"; done
  mv "$KCACHE/pause.tar.tmp" "$KCACHE/pause.tar"
  echo "$BUILD_RECIPE" >"$KCACHE/recipe"
  chmod 0755 "$CACHE" "$CACHE/kubernetes" "$KCACHE" "$BIN"; chmod 0755 "$BIN"/*; chmod 0644 "$KCACHE/pause.tar" "$KCACHE/recipe"
  rm -rf "$build"
  say "cached the binaries in $BIN and the pause image in $KCACHE/pause.tar ($(du -sh "$KCACHE" | cut -f1)); build tree deleted"
}

# The host's engine: ensure_host_dockerd, from scripts/lib/host-dockerd.sh (shared with scripts/docker.sh).
source "$HERE/lib/host-dockerd.sh"
