# Sourced by scripts/cluster.sh: `up`, `status`, `gpu`.

# The node's dockerd runs containers through this: the kubelet asks for oom_score_adj -998 (sandbox) or -997
# (Guaranteed pods), which runc cannot set without CAP_SYS_RESOURCE, missing here; negative values become 0.
write_runc_wrapper() {
  local runc; runc="$(command -v runc || true)"
  [ -n "$runc" ] || fail "no runc on this machine" "apt-get install runc (docker.io depends on it)"
  mkdir -p "$STATE/bin"
  cat >"$STATE/bin/k8s-runc.tmp" <<EOF
#!/bin/bash
# Written by scripts/cluster.sh: clamps a negative .process.oomScoreAdj of the bundle's config.json to 0, then runs runc.
bundle= prev=
for a in "\$@"; do
  case "\$prev" in --bundle|-b) bundle="\$a" ;; esac
  case "\$a" in --bundle=*) bundle="\${a#--bundle=}" ;; esac
  prev="\$a"
done
if [ -n "\$bundle" ] && [ -f "\$bundle/config.json" ] && jq -e '(.process.oomScoreAdj // 0) < 0' "\$bundle/config.json" >/dev/null 2>&1; then
  jq -c '.process.oomScoreAdj = 0' "\$bundle/config.json" >"\$bundle/config.json.berth" && mv "\$bundle/config.json.berth" "\$bundle/config.json"
fi
exec $runc "\$@"
EOF
  chmod 0700 "$STATE/bin/k8s-runc.tmp"; mv "$STATE/bin/k8s-runc.tmp" "$STATE/bin/k8s-runc"
}

write_registry_config() {
  [ -f "$STATE/image-registry/config.yml" ] && return 0
  cat >"$STATE/image-registry/config.yml" <<EOF
version: 0.1
log: {level: info}
storage:
  filesystem: {rootdirectory: $STATE/image-registry/data}
  delete: {enabled: true}
http:
  addr: $REGISTRY
  secret: $(openssl rand -hex 16)
# Basic auth over plain HTTP: acceptable on loopback only, where no one else sees the traffic.
auth:
  htpasswd: {realm: berth-registry, path: $STATE/image-registry/htpasswd}
EOF
}

ensure_bridge() {
  ip link show "$BRIDGE" >/dev/null 2>&1 || ip link add "$BRIDGE" type bridge
  ip -4 addr show dev "$BRIDGE" | grep -q "${BRIDGE_CIDR%/*}/" || ip addr add "$BRIDGE_CIDR" dev "$BRIDGE"
  ip link set "$BRIDGE" up
}

# What the kubelet is about to change on the host, recorded once before it first starts (kept until `down` restores it).
record_host() {
  local f="$STATE/host-before" s d
  [ -f "$f" ] && return 0
  pid_of kubelet >/dev/null && return 0
  { for s in "${SYSCTLS[@]}"; do [ -e "/proc/sys/${s//.//}" ] && echo "sysctl $s $(cat "/proc/sys/${s//.//}")"; done
    for d in "${KUBELET_HOST_DIRS[@]}"; do [ -e "$d" ] || echo "missing $d"; done; } >"$f.tmp"
  mv "$f.tmp" "$f"
}

start_control_plane() {
  start etcd --name berth --data-dir "$STATE/etcd" \
    --listen-client-urls "$ETCD_URL" --advertise-client-urls "$ETCD_URL" \
    --listen-peer-urls "$ETCD_PEER_URL" --initial-advertise-peer-urls "$ETCD_PEER_URL" \
    --initial-cluster "berth=$ETCD_PEER_URL" --initial-cluster-state new \
    --client-cert-auth --trusted-ca-file "$PKI/etcd-ca.crt" --cert-file "$PKI/etcd-server.crt" --key-file "$PKI/etcd-server.key" \
    --peer-client-cert-auth --peer-trusted-ca-file "$PKI/etcd-ca.crt" --peer-cert-file "$PKI/etcd-server.crt" --peer-key-file "$PKI/etcd-server.key"
  start registry serve "$STATE/image-registry/config.yml"
  wait_for etcd "etcd healthy" etcd_healthy
  start kube-apiserver --bind-address=127.0.0.1 --advertise-address=127.0.0.1 --secure-port=16443 --insecure-port=0 \
    --etcd-servers="$ETCD_URL" --etcd-cafile="$PKI/etcd-ca.crt" \
    --etcd-certfile="$PKI/apiserver-etcd-client.crt" --etcd-keyfile="$PKI/apiserver-etcd-client.key" \
    --tls-cert-file="$PKI/apiserver.crt" --tls-private-key-file="$PKI/apiserver.key" --client-ca-file="$PKI/ca.crt" \
    --authorization-mode=Node,RBAC --enable-admission-plugins=NodeRestriction --profiling=false \
    --service-account-issuer=https://kubernetes.default.svc --service-account-key-file="$PKI/sa.pub" \
    --service-account-signing-key-file="$PKI/sa.key" --service-cluster-ip-range=10.96.0.0/16 --allow-privileged=true \
    --kubelet-client-certificate="$PKI/apiserver-kubelet-client.crt" --kubelet-client-key="$PKI/apiserver-kubelet-client.key" \
    --kubelet-certificate-authority="$PKI/ca.crt" --kubelet-preferred-address-types=Hostname
  wait_for registry "registry answering on $REGISTRY" registry_ok
  wait_for kube-apiserver "kube-apiserver ready" api "$API/readyz"
  start kube-scheduler --kubeconfig="$PKI/scheduler.kubeconfig" --authentication-kubeconfig="$PKI/scheduler.kubeconfig" \
    --authorization-kubeconfig="$PKI/scheduler.kubeconfig" --bind-address=127.0.0.1 --port=0 --leader-elect=false
  start kube-controller-manager --kubeconfig="$PKI/controller-manager.kubeconfig" \
    --authentication-kubeconfig="$PKI/controller-manager.kubeconfig" --authorization-kubeconfig="$PKI/controller-manager.kubeconfig" \
    --bind-address=127.0.0.1 --port=0 --leader-elect=false --controllers='*,-nodeipam' \
    --service-account-private-key-file="$PKI/sa.key" --root-ca-file="$PKI/ca.crt" --use-service-account-credentials=true \
    --flex-volume-plugin-dir="$STATE/controller-manager/volume-plugins"
}

start_node() {
  ensure_bridge
  write_runc_wrapper
  [ -f "$RUN/node-daemon.json" ] || echo '{}' >"$RUN/node-daemon.json"   # not /etc/docker/daemon.json: that is the host engine's
  # Never --bridge=none (it deletes the host's docker0). --group root: the socket is root:root 0660.
  start node-dockerd --config-file "$RUN/node-daemon.json" --data-root "$STATE/docker" --exec-root "$RUN/docker" \
    --pidfile "$RUN/node-dockerd.self.pid" -H "unix://$NODE_SOCK" --group root \
    --bridge "$BRIDGE" --iptables=false --ip-masq=false --ip-forward=false --userland-proxy=false \
    --add-runtime "k8s-runc=$STATE/bin/k8s-runc" --default-runtime k8s-runc --exec-opt native.cgroupdriver=cgroupfs \
    --log-driver json-file --log-opt max-size=10m --log-opt max-file=2
  wait_for node-dockerd "the node's dockerd answering" docker -H "unix://$NODE_SOCK" info
  if ! docker -H "unix://$NODE_SOCK" image inspect "$PAUSE_IMAGE" >/dev/null 2>&1; then
    docker -H "unix://$NODE_SOCK" import --change 'ENTRYPOINT ["/pause"]' "$KCACHE/pause.tar" "$PAUSE_IMAGE" >/dev/null \
      || fail "importing the pause image into the node's dockerd failed" "delete $KCACHE/pause.tar and run scripts/cluster.sh up again (it rebuilds)"
    say "imported $PAUSE_IMAGE into the node's dockerd"
  fi
  record_host
  KUBELET_STARTED=$(now); KUBELET_SINCE=""
  pid_of kubelet >/dev/null || KUBELET_SINCE="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  start kubelet --container-runtime=docker --docker-endpoint="unix://$NODE_SOCK" \
    --container-runtime-endpoint="unix://$RUN/dockershim.sock" --pod-infra-container-image="$PAUSE_IMAGE" \
    --hostname-override="$NODE" --address=127.0.0.1 --port=10250 --read-only-port=0 \
    --healthz-bind-address=127.0.0.1 --healthz-port=10248 \
    --anonymous-auth=false --client-ca-file="$PKI/ca.crt" --authentication-token-webhook --authorization-mode=Webhook \
    --tls-cert-file="$PKI/kubelet-server.crt" --tls-private-key-file="$PKI/kubelet-server.key" \
    --kubeconfig="$PKI/kubelet.kubeconfig" --root-dir="$KUBELET_ROOT" --cert-dir="$KUBELET_ROOT/pki" \
    --volume-plugin-dir="$KUBELET_ROOT/volume-plugins" --cluster-domain=cluster.local \
    --cgroup-driver=cgroupfs --fail-swap-on=false --make-iptables-util-chains=false \
    --image-gc-high-threshold=100 --image-gc-low-threshold=99
}

cmd_up() {
  local t0 gpus=""
  t0=$(now)
  while [ $# -gt 0 ]; do
    case "$1" in --gpus) gpus="${2:?--gpus needs a number}"; shift 2 ;; *) fail "unknown option $1" "usage: scripts/cluster.sh up [--gpus N]" ;; esac
  done
  gpus="${gpus:-${BERTH_CLUSTER_GPUS:-}}"
  need_root up
  ensure_packages
  ensure_binaries
  ensure_host_dockerd
  mkdir -p "$STATE" "$RUN" "$LOGS"; chmod 0700 "$STATE" "$RUN" "$LOGS"
  ensure_pki
  ensure_registry_credentials
  write_registry_config
  start_control_plane
  wait_for kube-scheduler "kube-scheduler healthy" curl -sfk --max-time 5 https://127.0.0.1:10259/healthz
  wait_for kube-controller-manager "kube-controller-manager healthy" curl -sfk --max-time 5 https://127.0.0.1:10257/healthz
  start_node
  wait_for kubelet "kubelet healthy" curl -sf --max-time 5 http://127.0.0.1:10248/healthz
  wait_for kubelet "node $NODE Ready" node_ready "$KUBELET_SINCE"
  say "node $NODE Ready $(took "$KUBELET_STARTED") after the kubelet started"
  [ -z "$gpus" ] || echo "$gpus" >"$STATE/gpus"
  [ ! -f "$STATE/gpus" ] || patch_gpus "$(cat "$STATE/gpus")"
  say "cluster up in $(took "$t0"): kubeconfig $STATE/admin.kubeconfig, registry $REGISTRY (credentials $STATE/registry-credentials)"
  echo "$STATE/admin.kubeconfig"
}

patch_gpus() {
  local n="$1" ops
  [[ "$n" =~ ^[0-9]+$ ]] || fail "the number of GPUs must be a whole number, not '$n'" "scripts/cluster.sh gpu 2"
  if [ "$n" = 0 ]; then
    ops='[{"op":"remove","path":"/status/capacity/nvidia.com~1gpu"},{"op":"remove","path":"/status/allocatable/nvidia.com~1gpu"}]'
  else
    ops="[{\"op\":\"add\",\"path\":\"/status/capacity/nvidia.com~1gpu\",\"value\":\"$n\"},{\"op\":\"add\",\"path\":\"/status/allocatable/nvidia.com~1gpu\",\"value\":\"$n\"}]"
  fi
  api -X PATCH -H 'Content-Type: application/json-patch+json' --data "$ops" "$API/api/v1/nodes/$NODE/status" >/dev/null \
    || [ "$n" = 0 ] || fail "patching node $NODE's status to $n nvidia.com/gpu failed" "is the cluster up? scripts/cluster.sh status"
  say "node $NODE advertises $n nvidia.com/gpu"
}

cmd_gpu() {
  local n="${1:?usage: scripts/cluster.sh gpu N}"
  need_root gpu
  patch_gpus "$n"
  if [ "$n" = 0 ]; then rm -f "$STATE/gpus"; else echo "$n" >"$STATE/gpus"; fi
}

cmd_status() {
  local c pid all=0 ready gpus
  for c in "${COMPONENTS[@]}"; do
    if pid="$(pid_of "$c")"; then printf '%-24s up    pid %s\n' "$c" "$pid"; else printf '%-24s down\n' "$c"; all=1; fi
  done
  if docker info >/dev/null 2>&1; then printf '%-24s up    (the host engine; not stopped by down)\n' "host dockerd"; else printf '%-24s down\n' "host dockerd"; fi
  if [ -f "$PKI/admin.crt" ] && node_ready 2>/dev/null; then ready=Ready; else ready="not Ready"; all=1; fi
  gpus="$(api "$API/api/v1/nodes/$NODE" 2>/dev/null | jq -r '.status.capacity["nvidia.com/gpu"] // "0"' 2>/dev/null || echo "?")"
  printf '%-24s %s (nvidia.com/gpu: %s)\n' "node $NODE" "$ready" "${gpus:-?}"
  printf '%-24s %s\n' kubeconfig "$STATE/admin.kubeconfig" registry "$REGISTRY (address in $STATE/registry, credentials in $STATE/registry-credentials)" \
    "registry login" "DOCKER_CONFIG=$STATE/docker-config (for the Berth server that pushes, or docker push)" logs "$LOGS/"
  return $all
}
