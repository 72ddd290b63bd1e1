# Sourced by scripts/cluster.sh: `down` stops what `up` started (by PID file, only while the pid still runs that
# program with our state dir) and undoes the kubelet's host changes. Idempotent. The cached binaries stay.

# The node's containers: removed through its dockerd; should that be gone, their processes (in /kubepods) are killed.
remove_node_containers() {
  local ids n=0 f
  if pid_of node-dockerd >/dev/null; then
    ids="$(docker -H "unix://$NODE_SOCK" ps -aq 2>/dev/null || true)"
    if [ -n "$ids" ]; then
      # shellcheck disable=SC2086
      docker -H "unix://$NODE_SOCK" rm -f $ids >/dev/null 2>&1 || say "some of the node's containers could not be removed"
      say "removed the node's $(echo "$ids" | wc -l) containers"
    fi
  fi
  while read -r f; do
    while read -r p; do [ -n "$p" ] && kill -KILL "$p" 2>/dev/null && n=$((n + 1)); done <"$f"
  done < <(find /sys/fs/cgroup/pids/kubepods -name cgroup.procs 2>/dev/null)
  [ "$n" = 0 ] || say "killed $n leftover pod processes"
}

mounts_under_state() { awk -v s="$STATE/" '{ m = $5; gsub(/\\040/, " ", m); if (index(m "/", s) == 1) print m }' /proc/self/mountinfo | sort -r; }

unmount_state() {
  local m n=0 pass
  # Deepest first: pods' secret tmpfs, the node's overlay mounts, the kubelet's bind mount of its root dir. A bind
  # mount stacked on itself shows once per layer, hence the passes.
  for pass in 1 2 3 4 5; do
    [ -n "$(mounts_under_state)" ] || break
    while read -r m; do
      umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || say "could not unmount $m"
      n=$((n + 1))
    done < <(mounts_under_state)
  done
  [ "$n" = 0 ] || say "unmounted $n mounts under $STATE"
  [ -z "$(mounts_under_state)" ] || say "still mounted under $STATE: $(mounts_under_state | tr '\n' ' ')"
}

remove_kubepods_cgroups() {
  local c n=0
  for c in /sys/fs/cgroup/*/kubepods; do
    [ -d "$c" ] || continue
    while read -r d; do
      if rmdir "$d" 2>/dev/null; then n=$((n + 1)); else say "could not remove the cgroup $d (tasks: $(wc -l <"$d/tasks" 2>/dev/null || echo ?))"; fi
    done \
      < <(find "$c" -depth -type d)
  done
  [ "$n" = 0 ] || say "removed $n /kubepods cgroups"
}

restore_host() {
  local f="$STATE/host-before" kind key value
  [ -f "$f" ] || return 0
  while read -r kind key value; do
    case "$kind" in
      sysctl) [ "$(cat "/proc/sys/${key//.//}" 2>/dev/null)" = "$value" ] || { echo "$value" >"/proc/sys/${key//.//}" && say "restored $key = $value"; } ;;
      missing) [ -e "$key" ] && rm -rf "$key" && say "removed $key (the kubelet made it)" ;;
    esac
  done <"$f"
  rm -f "$f"
}

cmd_down() {
  local purge="" t0 c
  t0=$(now)
  case "${1:-}" in --purge) purge=1 ;; "") ;; *) fail "unknown option $1" "usage: scripts/cluster.sh down [--purge]" ;; esac
  need_root down
  if [ ! -d "$STATE" ]; then say "nothing to stop: no $STATE"; return 0; fi
  stop kubelet                      # first, so it does not restart the containers removed next
  remove_node_containers
  for c in node-dockerd kube-controller-manager kube-scheduler kube-apiserver registry etcd; do stop "$c"; done
  unmount_state
  remove_kubepods_cgroups
  restore_host
  if ip link show "$BRIDGE" >/dev/null 2>&1; then ip link del "$BRIDGE" && say "deleted the bridge $BRIDGE"; fi
  if [ -n "$purge" ]; then rm -rf "$STATE"; say "deleted $STATE (etcd data, certificates, registry, node images)"; fi
  say "cluster down in $(took "$t0") (the host's dockerd and the binaries in $BIN stay)"
}
