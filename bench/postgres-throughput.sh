#!/usr/bin/env bash
# Measures the PostgreSQL store (jobs.store=postgres) of the packaged server, with zero processing
# time and 10 workers, so that the workers claim and complete jobs as fast as the database lets them:
#   1. POST /job with wrk right after start-up (cold), then again after a warm-up. Each 202 is
#      sent only after the job is committed, and the workers run at the same time;
#   2. GET /status/1 with wrk;
#   3. jobs claimed and completed per second from a backlog of pending jobs, with no HTTP load.
# Starts a throwaway PostgreSQL cluster and the server on free loopback ports, both on this
# machine, and removes them afterwards.
#
# Usage: bench/postgres-throughput.sh [DURATION] [CONNECTIONS] [BACKLOG]   (defaults: 10s 64 100000)
#   WARMUP=40s sets how long POST /job runs between the cold and the warm measurement. On two
#   cores shared with PostgreSQL and wrk, the JIT compiler needs about that long.
# Needs: wrk, a PostgreSQL server installation (apt-get install -y wrk postgresql; the script looks
# for initdb under /usr/lib/postgresql/*/bin, or set PG_BIN) and a built server
# (./mvnw package -DskipTests). As root it runs PostgreSQL as the user postgres.
set -euo pipefail

duration=${1:-10s}
connections=${2:-64}
backlog=${3:-100000}
warmup=${WARMUP:-40s}
root=$(cd "$(dirname "$0")/.." && pwd)
jar="$root/target/quarkus-app/quarkus-run.jar"

command -v wrk >/dev/null || { echo "wrk is not installed: apt-get install -y wrk" >&2; exit 1; }
[[ -f "$jar" ]] || { echo "No server build at $jar: run ./mvnw package -DskipTests first" >&2; exit 1; }
pg_bin=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}
[[ -x "$pg_bin/initdb" ]] || { echo "No initdb found: apt-get install -y postgresql, or set PG_BIN" >&2; exit 1; }

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

as_db_owner() {
    if [[ $(id -u) -eq 0 ]]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

work=$(mktemp -d)
chmod 755 "$work"
pg_data="$work/pgdata"
pg_port=$(free_port)
http_port=$(free_port)
url="http://127.0.0.1:$http_port"
server=""

cleanup() {
    if [[ -n "$server" ]]; then
        kill "$server" 2>/dev/null || true
        wait "$server" 2>/dev/null || true
    fi
    as_db_owner "$pg_bin/pg_ctl" -D "$pg_data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$work"
}
trap cleanup EXIT

echo "Starting PostgreSQL ($("$pg_bin/postgres" --version)) on port $pg_port"
mkdir -p "$pg_data"
[[ $(id -u) -eq 0 ]] && chown postgres "$pg_data"
as_db_owner "$pg_bin/initdb" -D "$pg_data" -U jobs --auth=trust >/dev/null
as_db_owner "$pg_bin/pg_ctl" -D "$pg_data" -l "$pg_data/server.log" -w \
    -o "-p $pg_port -k /tmp -c listen_addresses=127.0.0.1 -c max_connections=100" start >/dev/null
psql_jobs() {
    psql -h 127.0.0.1 -p "$pg_port" -U jobs -d postgres -qtAX -c "$1"
}

start_server() {
    local log="$work/server.log"
    java -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$http_port" \
        -Djobs.store=postgres -Dquarkus.datasource.jdbc.url="jdbc:postgresql://127.0.0.1:$pg_port/postgres" \
        -Dquarkus.datasource.username=jobs \
        -Djobs.processing-time.min=0s -Djobs.processing-time.max=0s \
        -jar "$jar" >"$log" 2>&1 &
    server=$!
    for _ in $(seq 1 150); do
        curl -fs "$url/q/health/ready" >/dev/null 2>&1 && return 0
        sleep 0.2
    done
    echo "Server did not become ready; its output:" >&2
    cat "$log" >&2
    exit 1
}

count_jobs() {
    psql_jobs "SELECT count(*) FROM jobs WHERE status IN ($1)"
}

seconds_of() {
    python3 -c "import sys; d = sys.argv[1]; print(int(d[:-1]) * {'s': 1, 'm': 60}[d[-1]])" "$1"
}

post_jobs() {
    wrk -t2 -c"$connections" -d"$1" --latency -s "$root/bench/post-job.lua" "$url/job"
}

start_server
curl -fs -X POST -H 'Content-Type: application/json' -d '{"payload": "first"}' "$url/job" >/dev/null

echo
echo "== POST /job, cold (the first $duration after start-up): wrk -t2 -c$connections -d$duration -s bench/post-job.lua"
post_jobs "$duration"

echo
echo "Warming up: POST /job for $warmup"
post_jobs "$warmup" >/dev/null

echo
echo "== POST /job, warm: wrk -t2 -c$connections -d$duration -s bench/post-job.lua"
completed_before=$(count_jobs "'completed'")
post_jobs "$duration"
completed_after=$(count_jobs "'completed'")
echo "The workers completed $((completed_after - completed_before)) jobs meanwhile."

echo
echo "== GET /status/1, while the workers work off the backlog: wrk -t2 -c$connections -d$duration"
wrk -t2 -c"$connections" -d"$duration" --latency "$url/status/1"

# Claims: tops the backlog up to $backlog pending jobs, then counts completions for $duration.
pending=$(count_jobs "'pending'")
if ((pending < backlog)); then
    psql_jobs "INSERT INTO jobs (id, payload) SELECT nextval('job_id_seq'), 'benchmark job'::bytea FROM generate_series(1, $((backlog - pending)))"
fi
window=$(seconds_of "$duration")
completed_before=$(count_jobs "'completed'")
sleep "$window"
completed_after=$(count_jobs "'completed'")
left=$(count_jobs "'pending'")
echo
echo "== Claims: $((completed_after - completed_before)) jobs claimed and completed in ${window}s from a backlog of" \
    "at least $backlog, 10 workers, no HTTP load: $(((completed_after - completed_before) / window)) jobs/s"
((left > 0)) || echo "The backlog ran out before the end: the figure is a lower bound; pass a larger BACKLOG."

echo
echo "Machine: $(nproc) cores; PostgreSQL, the server and wrk all on it; load average $(cut -d' ' -f1-3 /proc/loadavg)"
