# Sourced by bench/run and bench/crash-test: builds the server and starts and stops the pieces under test
# (a fresh PostgreSQL database, Postfix's smtp-sink as the relay, the Liberty server), each by its own pid.
# Every process started here is stopped by stack_cleanup, which the scripts run on exit.

# On a machine shared with other measurements, BENCH_LOCK names a lock file: the whole script runs under flock.
if [[ -n "${BENCH_LOCK:-}" && -z "${BENCH_LOCK_HELD:-}" ]]; then
    BENCH_LOCK_HELD=1 exec flock "$BENCH_LOCK" "$0" "$@"
fi

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$BENCH_DIR/.." && pwd)"
WLP="$REPO_ROOT/liberty/target/liberty/wlp"
SERVER_NAME=segmentflow

PG_HOST="${BENCH_PG_HOST:-127.0.0.1}"
PG_PORT="${BENCH_PG_PORT:-5432}"
PG_USER="${BENCH_PG_USER:-postgres}"
HTTP_PORT="${BENCH_HTTP_PORT:-9480}"
SMTP_PORT="${BENCH_SMTP_PORT:-2525}"
# Random-looking, as the server requires of a configured key (at least the 238 bits of a generated one by its estimate).
API_KEY="${BENCH_API_KEY:-sf_bench_d151c1cfe99de101d89dbff99edb7d4607e755756fbac06d}"
BASE_URL="http://127.0.0.1:$HTTP_PORT"
JAVA_TOOL=(java -XX:+UseSerialGC -Xmx512m)

WORK="$(mktemp -d)"
chmod 755 "$WORK"   # smtp-sink drops to user nobody and writes its dumps below here
SINK_PID=""
SERVER_PID=""
SERVER_OUT=""
CREATED_DB=""
AUDIENCE_DB=""       # the database the imported audience lives in between bench rows, dropped on exit like CREATED_DB
BACKGROUND_PIDS=()   # other processes started in the background, stopped on exit unless already reaped

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

require_tools() {
    local t
    for t in java mvn curl psql pgbench pg_isready ss "$@"; do
        command -v "$t" > /dev/null || die "needs $t on the PATH (see bench/README.md)"
    done
    [[ -x /usr/sbin/smtp-sink ]] || die "needs Postfix's /usr/sbin/smtp-sink (Debian package postfix)"
}

psql_db() { psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d "$1" -v ON_ERROR_STOP=1 -qAt "${@:2}"; }

port_free() { ! ss -ltnH "sport = :$1" | grep -q .; }

build_server() {
    if [[ "${BENCH_SKIP_BUILD:-0}" == 1 && -d "$WLP/usr/servers/$SERVER_NAME/apps" ]]; then
        log "reusing the server built before (BENCH_SKIP_BUILD=1)"
        return
    fi
    log "building the server (mvn -DskipTests package, then the Liberty server's create/install-feature/deploy)"
    (cd "$REPO_ROOT" && mvn -B -q -ntp -DskipTests -pl liberty -am package \
        liberty:create liberty:install-feature liberty:deploy) > "$WORK/build.log" 2>&1 \
        || { tail -40 "$WORK/build.log" >&2; die "build failed"; }
}

fresh_database() {
    local db="$1"
    pg_isready -h "$PG_HOST" -p "$PG_PORT" -q || die "PostgreSQL is not answering at $PG_HOST:$PG_PORT"
    psql_db postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
    CREATED_DB="$db"
}

# start_sink DUMP_DIR|"" : smtp-sink on SMTP_PORT; with a folder, each message is dumped to its own file there.
start_sink() {
    local dump="$1" args=()
    port_free "$SMTP_PORT" || die "port $SMTP_PORT is taken (set BENCH_SMTP_PORT)"
    [[ $(id -u) == 0 ]] && args+=(-u nobody)
    if [[ -n "$dump" ]]; then
        mkdir -p "$dump" && chmod 777 "$dump"
        args+=(-d "$dump/%H%M/")
    fi
    # A large listen backlog: the server opens its pooled connections all at once.
    /usr/sbin/smtp-sink "${args[@]}" "127.0.0.1:$SMTP_PORT" 4096 > "$WORK/sink.log" 2>&1 &
    SINK_PID=$!
    for _ in $(seq 50); do
        port_free "$SMTP_PORT" || return 0
        sleep 0.1
    done
    die "smtp-sink did not start: $(cat "$WORK/sink.log")"
}

stop_sink() {
    if [[ -n "$SINK_PID" ]]; then
        kill "$SINK_PID" 2>/dev/null || true
        wait "$SINK_PID" 2>/dev/null || true
        SINK_PID=""
    fi
}

# start_server DB [VAR=value ...] : Liberty with its output (logs, workarea, pid file) in a folder of its own.
start_server() {
    local db="$1"
    shift
    port_free "$HTTP_PORT" || die "port $HTTP_PORT is taken (set BENCH_HTTP_PORT)"
    SERVER_OUT="$(mktemp -d "$WORK/server.XXXX")"
    log "starting Liberty on port $HTTP_PORT (database $db${*:+, $*})"
    env WLP_OUTPUT_DIR="$SERVER_OUT" \
        SEGMENTFLOW_HTTP_PORT="$HTTP_PORT" SEGMENTFLOW_HTTPS_PORT="$((HTTP_PORT + 1000))" \
        SEGMENTFLOW_DB_URL="jdbc:postgresql://$PG_HOST:$PG_PORT/$db?stringtype=unspecified" \
        SEGMENTFLOW_DB_USER="$PG_USER" SEGMENTFLOW_DB_PASSWORD="" \
        SEGMENTFLOW_SMTP_HOST=127.0.0.1 SEGMENTFLOW_SMTP_PORT="$SMTP_PORT" \
        SEGMENTFLOW_BOOTSTRAP_API_KEY="$API_KEY" \
        SEGMENTFLOW_PUBLIC_URL="$BASE_URL" \
        SEGMENTFLOW_CAPTURE_DIR="$SERVER_OUT/mail-capture" \
        "$@" \
        "$WLP/bin/server" start "$SERVER_NAME" > "$WORK/server-start.log" 2>&1 \
        || { cat "$WORK/server-start.log" >&2; die "Liberty did not start"; }
    # The server script writes the JVM's own pid here: the one process to stop or kill.
    SERVER_PID="$(cat "$SERVER_OUT/.pid/$SERVER_NAME.pid")"
    local deadline=$((SECONDS + ${BENCH_START_TIMEOUT:-180}))
    until curl -fs -o /dev/null "$BASE_URL/health/ready"; do
        kill -0 "$SERVER_PID" 2>/dev/null || { server_log_tail; die "Liberty exited while starting"; }
        ((SECONDS < deadline)) || { server_log_tail; die "Liberty not ready in time"; }
        sleep 0.5
    done
    local listener
    listener="$(ss -ltnpH "sport = :$HTTP_PORT" | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2)"
    [[ -z "$listener" || "$listener" == "$SERVER_PID" ]] \
        || die "port $HTTP_PORT is held by pid $listener, not by our server ($SERVER_PID)"
    log "Liberty ready (pid $SERVER_PID)"
}

server_log_tail() {
    [[ -n "$SERVER_OUT" ]] && tail -30 "$SERVER_OUT/$SERVER_NAME/logs/messages.log" >&2 2>/dev/null || true
}

stop_server() {
    [[ -n "$SERVER_PID" ]] || return 0
    if kill -0 "$SERVER_PID" 2>/dev/null; then
        WLP_OUTPUT_DIR="$SERVER_OUT" timeout 60 "$WLP/bin/server" stop "$SERVER_NAME" > /dev/null 2>&1 || true
        for _ in $(seq 100); do
            kill -0 "$SERVER_PID" 2>/dev/null || break
            sleep 0.2
        done
        kill -9 "$SERVER_PID" 2>/dev/null || true
    fi
    SERVER_PID=""
}

# kill_server_hard : SIGKILL the Liberty JVM, no shutdown hooks, as a crash would.
kill_server_hard() {
    kill -9 "$SERVER_PID"
    while kill -0 "$SERVER_PID" 2>/dev/null; do sleep 0.05; done
    SERVER_PID=""
}

stack_cleanup() {
    local p
    for p in "${BACKGROUND_PIDS[@]}"; do
        kill "$p" 2>/dev/null || true
    done
    stop_server
    stop_sink
    if [[ -n "$CREATED_DB" && "${BENCH_KEEP_DB:-0}" != 1 ]]; then
        psql_db postgres -c "DROP DATABASE IF EXISTS $CREATED_DB WITH (FORCE)" 2>/dev/null || true
    fi
    if [[ -n "$AUDIENCE_DB" && "${BENCH_KEEP_DB:-0}" != 1 ]]; then
        psql_db postgres -c "DROP DATABASE IF EXISTS $AUDIENCE_DB WITH (FORCE)" 2>/dev/null || true
    fi
    [[ "${BENCH_KEEP_WORK:-0}" == 1 ]] && log "work files kept in $WORK" || rm -rf "$WORK"
}

RESET_TEMPLATE='{
  "name": "Bench reset",
  "subject": "Your code: [[${data.code}]]",
  "html": "<p>Hi <b th:text=\"${data.name}\">there</b>, your code is <b th:text=\"${data.code}\">0</b>.</p>",
  "text": "Hi [[${data.name}]], your code is [[${data.code}]]."}'

# create_template [JSON] : prints the id of a new template, by default one like a password reset.
create_template() {
    local body="${1:-$RESET_TEMPLATE}" answer
    answer="$(curl -fs "$BASE_URL/api/v1/templates" -H "x-api-key: $API_KEY" -H 'Content-Type: application/json' \
        -d "$body")" || die "could not create a template"
    grep -o '"id":"tpl_[^"]*"' <<< "$answer" | head -1 | cut -d'"' -f4
}

# Counts of sends by status, as "queued processing sent failed skipped total".
status_counts() {
    psql_db "$1" -F' ' -c "SELECT count(*) FILTER (WHERE status = 'queued'), count(*) FILTER (WHERE status = 'processing'),
        count(*) FILTER (WHERE status = 'sent'), count(*) FILTER (WHERE status = 'failed'),
        count(*) FILTER (WHERE status = 'skipped'), count(*) FROM email_sends"
}

# wait_drained DB SECONDS : until no send is queued or processing; false when time ran out.
wait_drained() {
    local db="$1" deadline=$((SECONDS + $2)) open
    while :; do
        open="$(psql_db "$db" -c "SELECT count(*) FROM email_sends WHERE status IN ('queued', 'processing')")"
        [[ "$open" == 0 ]] && return 0
        ((SECONDS < deadline)) || { log "still $open sends queued or processing"; return 1; }
        sleep 1
    done
}

# load ARGS... : the load generator against the server, with the key and template filled in.
load() {
    "${JAVA_TOOL[@]}" "$BENCH_DIR/Load.java" --url "$BASE_URL" --key "$API_KEY" --template "$TEMPLATE" "$@"
}

# result KEY < output : a value from a RESULT line.
result() { grep '^RESULT ' | tail -1 | tr ' ' '\n' | grep "^$1=" | cut -d= -f2; }

# analyze_meanwhile DB [TABLE...] : where autovacuum is off, analyzes the tables every 10 s in the background until
# analyze_stop, as autovacuum would while they grow; a planner that still believed them empty would scan every row
# where an index probe is meant, and a warm-up would then run (and compile) the slow plans rather than the server's.
analyze_meanwhile() {
    local db="$1"
    shift
    local autovacuum
    ANALYZER_PID=""
    autovacuum="$(psql_db "$db" -c 'SHOW autovacuum')"
    log "PostgreSQL autovacuum: $autovacuum"
    [[ "$autovacuum" == off ]] || return 0
    (while sleep 10; do psql_db "$db" -c "ANALYZE $*" 2> /dev/null || true; done) &
    ANALYZER_PID=$!
    BACKGROUND_PIDS+=("$ANALYZER_PID")
}

analyze_stop() {
    [[ -n "${ANALYZER_PID:-}" ]] || return 0
    kill "$ANALYZER_PID" 2> /dev/null || true
    wait "$ANALYZER_PID" 2> /dev/null || true
    ANALYZER_PID=""
}

# cpu_ticks PID : user+system CPU time of a process so far, in clock ticks.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
