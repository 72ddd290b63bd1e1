# Sourced by scripts/docker.sh and scripts/cluster.sh: the host's Docker engine, started when `docker info` fails (no
# systemd here), in a session of its own so it outlives the script. The caller defines say, fail, now and took.
# Log /var/log/berth-dockerd.log, pid /var/run/berth-dockerd.pid: both scripts agree on the one engine.
HOST_DOCKERD_LOG=/var/log/berth-dockerd.log
HOST_DOCKERD_PID=/var/run/berth-dockerd.pid

ensure_host_dockerd() {
  docker info >/dev/null 2>&1 && return 0
  [ "$(id -u)" = 0 ] || fail "the Docker engine is not running" "run this script as root (it starts dockerd), or start dockerd yourself"
  local t; t=$(now)
  say "starting the host's dockerd (log: $HOST_DOCKERD_LOG)"
  # --userland-proxy=false: a port published on 127.0.0.1 is forwarded by the kernel (iptables), not by a docker-proxy
  # process copying every byte, which halves the throughput of a replica behind it on two cores.
  setsid dockerd --userland-proxy=false >"$HOST_DOCKERD_LOG" 2>&1 </dev/null &
  echo $! >"$HOST_DOCKERD_PID"
  for _ in $(seq 1 120); do
    docker info >/dev/null 2>&1 && break
    kill -0 "$(cat "$HOST_DOCKERD_PID")" 2>/dev/null || break
    sleep 0.25
  done
  docker info >/dev/null 2>&1 || { tail -n 20 "$HOST_DOCKERD_LOG" >&2 || true
    fail "the host's dockerd did not answer within 30 s (its last log lines are above)" \
      "read $HOST_DOCKERD_LOG; a stale /var/run/docker.pid or another dockerd on /var/run/docker.sock are the usual causes"; }
  say "the host's dockerd is up (pid $(cat "$HOST_DOCKERD_PID")) in $(took "$t")"
}
