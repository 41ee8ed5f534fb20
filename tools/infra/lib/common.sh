# shellcheck shell=bash disable=SC2034  # variables used by the scripts that source this file
# Shared by tools/infra/{up,down,status,with-infra,ensure-chromium}.
# Settings (environment):
#   KAFKA_PORT             Kafka PLAINTEXT listener on 127.0.0.1   (9092)
#   KAFKA_CONTROLLER_PORT  Kafka KRaft CONTROLLER listener          (KAFKA_PORT + 1)
#   MONGO_PORT             FerretDB (MongoDB wire protocol)         (27017)
#   REGICAM_CACHE          downloaded jars, built binaries          ($HOME/.cache/regicam)
#   REGICAM_INFRA_DIR      pids, addresses, data and logs of a run  (/tmp/regicam-infra)

INFRA_HOME=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

KAFKA_VERSION=4.1.1
FERRETDB_VERSION=1.24.2

REGICAM_CACHE=${REGICAM_CACHE:-${HOME:-/root}/.cache/regicam}
KAFKA_PORT=${KAFKA_PORT:-9092}
# Next to the broker's port, so that moving KAFKA_PORT moves both.
if [ -z "${KAFKA_CONTROLLER_PORT:-}" ]; then
  case $KAFKA_PORT in
  '' | *[!0-9]*) KAFKA_CONTROLLER_PORT=9093 ;; # check_port_var rejects KAFKA_PORT
  *) KAFKA_CONTROLLER_PORT=$((KAFKA_PORT + 1)) ;;
  esac
fi
MONGO_PORT=${MONGO_PORT:-27017}
# Absolute, so that it can be recognised in the command line of the servers.
STATE_DIR=$(realpath -m -- "${REGICAM_INFRA_DIR:-/tmp/regicam-infra}")

KAFKA_CACHE_DIR=$REGICAM_CACHE/kafka-$KAFKA_VERSION
KAFKA_LIBS=$KAFKA_CACHE_DIR/libs
FERRETDB_CACHE_DIR=$REGICAM_CACHE/ferretdb-$FERRETDB_VERSION
FERRETDB_BIN=$FERRETDB_CACHE_DIR/ferretdb

log() { printf 'infra: %s\n' "$*" >&2; }
die() {
  printf 'infra: error: %s\n' "$*" >&2
  exit 1
}

# Seconds since the epoch with decimals, and the time since a start in seconds.
now() { date +%s.%N; }
since() { awk -v s="$1" -v e="$(now)" 'BEGIN { printf "%.1f", e - s }'; }

is_number() { case $1 in '' | *[!0-9]*) return 1 ;; *) return 0 ;; esac }
check_port_var() {
  local name=$1 value=$2
  if ! is_number "$value" || [ "$value" -lt 1 ] || [ "$value" -gt 65535 ]; then
    die "$name=$value is not a TCP port number"
  fi
}

# True when something accepts TCP connections on 127.0.0.1:$1.
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Prints the pid of service $1 (kafka, ferretdb) started by `up` in STATE_DIR,
# if that process still runs; a recycled pid is not ours (its command line
# does not name STATE_DIR).
service_pid() {
  local file="$STATE_DIR/$1.pid" pid
  [ -f "$file" ] || return 1
  pid=$(<"$file")
  is_number "$pid" || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  [ -r "/proc/$pid/cmdline" ] && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$STATE_DIR" || return 1
  printf '%s\n' "$pid"
}

# Address recorded for service $1 by `up`.
service_addr() { [ -f "$STATE_DIR/$1.addr" ] && cat "$STATE_DIR/$1.addr"; }

# Stops the process in $STATE_DIR/$1.pid: SIGTERM, up to $2 seconds, SIGKILL.
stop_service() {
  local name=$1 grace=${2:-20} pid i
  if pid=$(service_pid "$name"); then
    log "stopping $name (pid $pid)"
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < grace * 10; i++)); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
      log "$name (pid $pid) did not stop within ${grace}s; sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      for ((i = 0; i < 50; i++)); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
      done
    fi
  fi
  rm -f "$STATE_DIR/$name.pid" "$STATE_DIR/$name.addr"
}

# Health checks through kafkajs / the mongodb driver (tools/infra/lib/health.cjs).
# $1 kafka|mongo, $2 address, $3 timeout in seconds, $4 pid of the server (the
# wait ends early when it exits). Returns 0 healthy, 1 not, 3 client missing.
node_health() {
  local kind=$1 address=$2 timeout=$3 pid=${4:-} rc=0
  command -v node >/dev/null 2>&1 || return 3
  node "$INFRA_HOME/lib/health.cjs" "$kind" "$address" "$((timeout * 1000))" "$pid" \
    >/dev/null 2>"$STATE_DIR/.health-$kind.err" || rc=$?
  return "$rc"
}

# Waits until 127.0.0.1:$1 accepts connections, at most $2 seconds; fails
# early when pid $3 exits.
wait_port() {
  local port=$1 timeout=$2 pid=${3:-} i
  for ((i = 0; i < timeout * 10; i++)); do
    port_open "$port" && return 0
    if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then return 1; fi
    sleep 0.1
  done
  return 1
}

kafka_healthy() { # $1 timeout seconds
  local addr rc=0 port pid
  addr=$(service_addr kafka) || return 1
  if ! pid=$(service_pid kafka); then
    echo "the kafka process of $STATE_DIR is not running" >"$STATE_DIR/.health-kafka.err"
    return 1
  fi
  node_health kafka "$addr" "$1" "$pid" || rc=$?
  if [ "$rc" -eq 3 ]; then
    # npm ci has not run yet: no kafkajs. Ask with Kafka's own admin client.
    port=${addr##*:}
    wait_port "$port" "$1" "$pid" || return 1
    kafka_jvm_list_topics "$addr" >/dev/null 2>&1 || return 1
    return 0
  fi
  return "$rc"
}

mongo_healthy() { # $1 timeout seconds
  local addr rc=0 port pid
  addr=$(service_addr ferretdb) || return 1
  if ! pid=$(service_pid ferretdb); then
    echo "the ferretdb process of $STATE_DIR is not running" >"$STATE_DIR/.health-mongo.err"
    return 1
  fi
  node_health mongo "mongodb://$addr/" "$1" "$pid" || rc=$?
  if [ "$rc" -eq 3 ]; then
    # npm ci has not run yet: no mongodb driver; FerretDB opens its port
    # only once its backend is ready, so a TCP connection is a fair check.
    port=${addr##*:}
    wait_port "$port" "$1" "$pid"
    return
  fi
  return "$rc"
}

java_bin() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
    printf '%s\n' "$JAVA_HOME/bin/java"
  elif command -v java >/dev/null 2>&1; then
    command -v java
  else
    return 1
  fi
}

kafka_jvm_list_topics() { # $1 bootstrap address
  local java
  java=$(java_bin) || return 1
  printf 'default.api.timeout.ms=5000\nrequest.timeout.ms=3000\n' >"$STATE_DIR/.admin.properties"
  "$java" -Xmx128m -cp "$KAFKA_LIBS/*" -Dlog4j2.configurationFile="$STATE_DIR/kafka/log4j2-tools.xml" \
    org.apache.kafka.tools.TopicCommand --bootstrap-server "$1" --command-config "$STATE_DIR/.admin.properties" --list
}

# Prints $1 free TCP ports on 127.0.0.1, separated by spaces.
free_ports() {
  local n=$1
  if command -v node >/dev/null 2>&1; then
    node -e '
      const net = require("node:net");
      (async () => {
        const servers = [];
        for (let i = 0; i < Number(process.argv[1]); i++) {
          const s = net.createServer();
          await new Promise((ok, ko) => { s.once("error", ko); s.listen(0, "127.0.0.1", ok); });
          servers.push(s);
        }
        console.log(servers.map((s) => s.address().port).join(" "));
        servers.forEach((s) => s.close());
      })().catch((e) => { console.error(e); process.exit(1); });' "$n"
  elif command -v python3 >/dev/null 2>&1; then
    python3 -c '
import socket, sys
socks = []
for _ in range(int(sys.argv[1])):
    s = socket.socket(); s.bind(("127.0.0.1", 0)); socks.append(s)
print(" ".join(str(s.getsockname()[1]) for s in socks))' "$n"
  else
    die "node or python3 is needed to find free ports"
  fi
}
