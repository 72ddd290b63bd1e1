#!/usr/bin/env bash
# A real single-node Kubernetes v1.20.2 cluster on this machine, for Berth's Kubernetes target (berth compute attach).
# Everything listens on 127.0.0.1 only; no systemd (processes with PID files), no internet (Debian packages only).
#   scripts/cluster.sh up [--gpus N]   idempotent; progress on stderr, the admin kubeconfig's path as the LAST line of stdout:
#                                        berth compute attach --kubeconfig "$(scripts/cluster.sh up | tail -1)"
#   scripts/cluster.sh down [--purge]  stops what `up` started and undoes its host changes; --purge also deletes the state dir
#   scripts/cluster.sh status          each component up/down with its pid, node Ready, kubeconfig, registry; exit 0 when all up
#   scripts/cluster.sh gpu N           the node advertises N nvidia.com/gpu (status patch; no device plugin, the scheduling is real)
# Steps of `up` (shared/reference/clusters-here.md section 3 has each one measured):
#   1. Debian packages, installed when missing (golang-go, etcd, docker.io, docker-registry, gcc, jq, openssl, ...);
#   2. kube-apiserver, kube-scheduler, kube-controller-manager and kubelet built ONCE from Debian's source package
#      `kubernetes` (its v1.20.2 tree with vendor/, ~12 min on 2 cores) and cached outside the clone in
#      $BERTH_CACHE/kubernetes/v1.20.2/bin/, with the pause image's root file system (pause.c, gcc -static) as pause.tar;
#      the build tree is deleted afterwards. The vendored github.com/modern-go/reflect2 v1.0.1 is swapped for Debian's
#      1.0.2 first: built with Go 1.19, v1.0.1 makes kube-apiserver and the kubelet die within seconds ("unexpected fault
#      address" in map iteration);
#   3. the host's dockerd, started when `docker info` fails, the way scripts/docker.sh step 2 does (same log and pid file);
#   4. a private PKI (openssl, EC P-256): a CA for etcd, a CA for Kubernetes, a cert per component, service-account keys;
#   5. etcd (TLS with client certs, client and peer), kube-apiserver (:16443, client certs, Node+RBAC), scheduler,
#      controller-manager, the node's own dockerd (own data-root, exec-root, root-only socket, bridge br-k8s 198.18.0.1/24,
#      no iptables; its runtime a runc wrapper clamping oomScoreAdj, as this machine lacks CAP_SYS_RESOURCE), the kubelet
#      (no anonymous access, webhook authn/authz, serving cert from our CA) and an image registry (Debian's
#      docker-registry, htpasswd auth, 127.0.0.1:15000) that the node pulls from;
#   6. waits for each component and for the node to be Ready, naming the one that failed and its log.
# Security (another local user can neither read nor change the cluster): the state dir is 0700 and every key, token and
# kubeconfig 0600; etcd takes only client certs from its own CA (client and peer port); the apiserver takes client certs
# (no token file), with Node+RBAC (anonymous gets only RBAC's defaults: /version, /healthz, /readyz); the kubelet has no
# anonymous access and no read-only port, authenticates and authorizes by webhook, and serves a cert from our CA that
# the apiserver verifies (--kubelet-certificate-authority); the node's dockerd socket is root:root 0660 inside the state
# dir; the registry wants basic auth (htpasswd; credentials in $STATE/registry-credentials; push with
# DOCKER_CONFIG=$STATE/docker-config docker push ...; the kubelet pulls with $STATE/kubelet/config.json).
# Host changes the kubelet makes (sysctls, /kubepods cgroups, mounts under its root dir, /var/lib/dockershim,
# /var/lib/kubelet/device-plugins, /var/log/pods) are recorded before it starts and undone by `down`. The host's main
# dockerd is left running by `down`: it is the machine's engine (scripts/docker.sh, Berth's container target).
# No kube-proxy and no cluster DNS: Services get no traffic; use hostNetwork pods bound on 127.0.0.1, or port-forward.
# State (pid files, logs, certs, etcd data, kubeconfigs): $BERTH_CLUSTER_DIR (default /var/lib/berth/cluster), mode 0700.
# Environment: BERTH_CACHE (default /var/cache/berth), BERTH_CLUSTER_DIR, BERTH_CLUSTER_GPUS (N nvidia.com/gpu at `up`),
#              BERTH_CLUSTER_TIMEOUT (seconds to wait for each component and the node, default 120).
set -euo pipefail
umask 077

KVER=v1.20.2
CACHE="${BERTH_CACHE:-/var/cache/berth}"
KCACHE="$CACHE/kubernetes/$KVER"
BIN="$KCACHE/bin"
STATE="${BERTH_CLUSTER_DIR:-/var/lib/berth/cluster}"
PKI="$STATE/pki"
RUN="$STATE/run"
LOGS="$STATE/logs"
TIMEOUT="${BERTH_CLUSTER_TIMEOUT:-120}"
API=https://127.0.0.1:16443
ETCD_URL=https://127.0.0.1:12379
ETCD_PEER_URL=https://127.0.0.1:12380
REGISTRY=127.0.0.1:15000
BRIDGE=br-k8s
BRIDGE_CIDR=198.18.0.1/24
NODE=localhost
PAUSE_IMAGE=berth/pause:3.4.1
NODE_SOCK="$RUN/docker.sock"
KUBELET_ROOT="$STATE/kubelet"
# The sysctls the kubelet sets (setupKernelTunables, and the bridge ones of its no-op network plugin): restored by `down`.
SYSCTLS=(vm.overcommit_memory vm.panic_on_oom kernel.panic kernel.panic_on_oops kernel.keys.root_maxkeys
         kernel.keys.root_maxbytes net.bridge.bridge-nf-call-iptables net.bridge.bridge-nf-call-ip6tables)
# Host paths the kubelet creates when they are missing, whatever its --root-dir (dockershim's checkpoints, container log
# links, the device-plugin socket dir, the flex-volume dir the controller-manager probes): removed by `down` when `up`
# found them missing.
KUBELET_HOST_DIRS=(/var/lib/dockershim /var/log/pods /var/log/containers /var/lib/kubelet /usr/libexec/kubernetes)
COMPONENTS=(etcd kube-apiserver kube-scheduler kube-controller-manager node-dockerd kubelet registry)

say() { echo "cluster.sh: $*" >&2; }
fail() { echo "error: $1" >&2; echo "hint: $2" >&2; exit 1; }
now() { date +%s.%N; }
took() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f s", b - a }'; }
need_root() { [ "$(id -u)" = 0 ] || fail "scripts/cluster.sh $1 needs root" "run it as root (sudo scripts/cluster.sh $1)"; }

# --- processes: a PID file per component; a pid counts only while it still runs that program with our state dir -----
pidfile() { echo "$RUN/$1.pid"; }
logfile() { echo "$LOGS/$1.log"; }
exe_of() {
  case "$1" in
    etcd) echo /usr/bin/etcd ;;
    node-dockerd) echo /usr/sbin/dockerd ;;
    registry) echo /usr/bin/docker-registry ;;
    *) echo "$BIN/$1" ;;
  esac
}
# Prints the component's pid when it is running, else nothing (and returns 1).
pid_of() {
  local f pid exe
  f="$(pidfile "$1")"; [ -f "$f" ] || return 1
  pid="$(cat "$f" 2>/dev/null)"; [ -n "$pid" ] && [ -d "/proc/$pid" ] || return 1
  exe="$(readlink "/proc/$pid/exe" 2>/dev/null || true)"; exe="${exe% (deleted)}"
  [ "$exe" = "$(readlink -f "$(exe_of "$1")")" ] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$STATE/" || return 1
  echo "$pid"
}
# start NAME ARGS...: runs $(exe_of NAME) ARGS in its own session, log in $LOGS/NAME.log, pid in $RUN/NAME.pid.
start() {
  local name="$1"; shift
  if pid_of "$name" >/dev/null; then say "$name is running (pid $(pid_of "$name"))"; return 0; fi
  # Not a process-group leader, so setsid execs in place and $! is the program's pid.
  setsid "$(exe_of "$name")" "$@" >>"$(logfile "$name")" 2>&1 </dev/null &
  echo $! >"$(pidfile "$name")"
  say "started $name (pid $!, log $(logfile "$name"))"
}
# A process that has exited but is not yet reaped (a zombie: our daemons' parent is init) counts as gone.
alive() { [ -d "/proc/$1" ] && [ "$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -c1)" != Z ]; }
stop() {
  local name="$1" pid
  if ! pid="$(pid_of "$name")"; then rm -f "$(pidfile "$name")"; return 0; fi
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 200); do alive "$pid" || break; sleep 0.05; done
  if alive "$pid"; then say "$name (pid $pid) did not stop within 10 s: killing it"; kill -KILL "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do alive "$pid" || break; sleep 0.05; done; fi
  rm -f "$(pidfile "$name")"
  say "stopped $name (pid $pid)"
}
# wait_for NAME DESCRIPTION COMMAND...: until COMMAND succeeds; fails naming NAME and its log when it exits or times out.
wait_for() {
  local name="$1" what="$2" t; shift 2
  t=$(now)
  for _ in $(seq 1 $((TIMEOUT * 4))); do
    "$@" >/dev/null 2>&1 && { say "$what after $(took "$t")"; return 0; }
    pid_of "$name" >/dev/null || break
    sleep 0.25
  done
  tail -n 15 "$(logfile "$name")" >&2 2>/dev/null || true
  if pid_of "$name" >/dev/null; then
    fail "$name is running but not ready ($what) after ${TIMEOUT} s (its last log lines are above)" "read $(logfile "$name"); then scripts/cluster.sh down && scripts/cluster.sh up"
  fi
  fail "$name exited before it was ready ($what; its last log lines are above)" "read $(logfile "$name"); a port of 127.0.0.1 already taken or a leftover of an earlier run are the usual causes (scripts/cluster.sh down, then up)"
}

# --- HTTP to the components, with the admin client cert ------------------------------------------------------------
api() { curl -sf --max-time 10 --cacert "$PKI/ca.crt" --cert "$PKI/admin.crt" --key "$PKI/admin.key" "$@"; }
etcd_healthy() { curl -sf --max-time 5 --cacert "$PKI/etcd-ca.crt" --cert "$PKI/apiserver-etcd-client.crt" --key "$PKI/apiserver-etcd-client.key" "$ETCD_URL/health" | grep -q '"health":"true"'; }
# node_ready [SINCE]: the node's Ready condition is True (and, with SINCE, an ISO time, was posted at or after it:
# a node object left from an earlier run still says Ready until the node controller notices the kubelet is gone).
# shellcheck disable=SC2120  # up passes SINCE through wait_for
node_ready() { api "$API/api/v1/nodes/$NODE" | jq -e --arg t "${1:-}" \
  '.status.conditions[] | select(.type == "Ready") | .status == "True" and .lastHeartbeatTime >= $t' >/dev/null; }
registry_ok() { curl -sf --max-time 5 -u "$(jq -r '.username + ":" + .password' "$STATE/registry-credentials")" "http://$REGISTRY/v2/" >/dev/null; }

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=scripts/cluster/build.sh
source "$HERE/cluster/build.sh"
# shellcheck source=scripts/cluster/pki.sh
source "$HERE/cluster/pki.sh"
# shellcheck source=scripts/cluster/up.sh
source "$HERE/cluster/up.sh"
# shellcheck source=scripts/cluster/down.sh
source "$HERE/cluster/down.sh"

case "${1:-}" in
  up) shift; cmd_up "$@" ;;
  down) shift; cmd_down "$@" ;;
  status) cmd_status ;;
  gpu) shift; cmd_gpu "$@" ;;
  *) echo "usage: scripts/cluster.sh up [--gpus N] | down [--purge] | status | gpu N" >&2; exit 2 ;;
esac
