# Sourced by bench/container/run.sh and bench/kubernetes/run.sh: a fresh Berth workspace served by the built CLI
# (./berth), removed with everything it started when the bench ends, and the helpers both benches time with.
# Before sourcing, set NAME (the temporary folders' prefix) and ROOT. Settings: RUNS, SECONDS_PER_LOAD, CONCURRENCY,
# SECTIONS (which numbered sections to run, all by default: the caller passes the list).
command -v hey >/dev/null || "$ROOT/scripts/setup.sh" >/dev/null   # the load generator (Debian's hey)
RUNS="${RUNS:-3}"
SECONDS_PER_LOAD="${SECONDS_PER_LOAD:-10}"
CONCURRENCY="${CONCURRENCY:-8}"
export BERTH_HOME="$(mktemp -d "/tmp/berth-bench-$NAME.XXXXXX")"
export BERTH_URL="http://127.0.0.1:$((20000 + RANDOM % 20000))"
WORK="$(mktemp -d "/tmp/berth-bench-$NAME-apps.XXXXXX")"
SAMPLE="$ROOT/samples/diabetes"
INPUT='{"data": [[1,2,3,4,5,6,7,8,9,10],[10,9,8,7,6,5,4,3,2,1]]}'

berth() { "$ROOT/berth" "$@"; }

# True when section $1 is in SECTIONS.
has() { case " $SECTIONS " in *" $1 "*) return 0 ;; *) return 1 ;; esac; }

cleanup() {
  for s in $(berth service list -o json 2>/dev/null | sed -n 's/.*"name": "\([^"]*\)".*/\1/p'); do berth service delete "$s" >/dev/null 2>&1 || true; done
  if [ -f "$BERTH_HOME/server.json" ]; then kill "$(sed -n 's/.*"[Pp]id": *\([0-9]*\).*/\1/p' "$BERTH_HOME/server.json")" 2>/dev/null || true; fi
  touch "$BERTH_HOME/router/stop" 2>/dev/null || true
  [ -f "$BERTH_HOME/router/supervisor.pid" ] && kill "$(cat "$BERTH_HOME/router/supervisor.pid")" 2>/dev/null || true
  if [ -f "$BERTH_HOME/router/router.json" ]; then kill "$(sed -n 's/.*"pid": *\([0-9]*\).*/\1/p' "$BERTH_HOME/router/router.json")" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

# Seconds from `berth service deploy` to Healthy: name ic dc.
deploy_s() {
  local start end
  start=$(date +%s.%N)
  berth service deploy --name "$1" --model diabetes --overwrite --ic "$2" --dc "$3" >/dev/null 2>&1
  end=$(date +%s.%N)
  echo "$end - $start" | bc
}

# Requests per second through the front door (hey, the two-row input), then the service is deleted: name ic dc.
rps() {
  berth service deploy --name "$1" --model diabetes --overwrite --ic "$2" --dc "$3" >/dev/null 2>&1
  local uri; uri="$(berth service show "$1" -o json | sed -n 's/.*"scoringUri": "\([^"]*\)".*/\1/p')"
  hey -z "${SECONDS_PER_LOAD}s" -c "$CONCURRENCY" -m POST -T application/json -d "$INPUT" "$uri" | sed -n 's/.*Requests\/sec:\s*\([0-9.]*\).*/\1/p'
  berth service delete "$1" >/dev/null
}
