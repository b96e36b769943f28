#!/usr/bin/env bash
# Measures the PostgreSQL store (jobs.store=postgres) of the packaged server:
#   1. POST /job throughput with wrk, jobs committed before each 202;
#   2. jobs claimed and completed per second with zero processing time, from a backlog.
# Starts a throwaway PostgreSQL cluster and the server on free loopback ports, both on this
# machine, and removes them afterwards.
#
# Usage: bench/postgres-throughput.sh [DURATION] [CONNECTIONS] [BACKLOG]   (defaults: 10s 64 100000)
# Needs: wrk, a PostgreSQL server installation (apt-get install -y wrk postgresql; the script looks
# for initdb under /usr/lib/postgresql/*/bin, or set PG_BIN) and a built server
# (./mvnw package -DskipTests). As root it runs PostgreSQL as the user postgres.
set -euo pipefail

duration=${1:-10s}
connections=${2:-64}
backlog=${3:-100000}
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
    local log="$work/server-$1.log"
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

stop_server() {
    kill "$server"
    wait "$server" || true
    server=""
}

# Phase 1: POST /job. Jobs are also claimed and completed while wrk runs, as in production.
start_server post
curl -fs -X POST -H 'Content-Type: application/json' -d '{"payload": "warm-up"}' "$url/job" >/dev/null
echo "Warming up for 5s"
wrk -t2 -c"$connections" -d5s -s "$root/bench/post-job.lua" "$url/job" >/dev/null
echo
echo "== POST /job, PostgreSQL store: wrk -t2 -c$connections -d$duration -s bench/post-job.lua"
wrk -t2 -c"$connections" -d"$duration" --latency -s "$root/bench/post-job.lua" "$url/job"
echo
echo "== GET /status/1, PostgreSQL store: wrk -t2 -c$connections -d$duration"
wrk -t2 -c"$connections" -d"$duration" --latency "$url/status/1"
stop_server

# Phase 2: claims. A backlog is inserted while no server runs, then one server works it off.
psql_jobs "INSERT INTO jobs (id, payload) SELECT nextval('job_id_seq'), 'benchmark job'::bytea FROM generate_series(1, $backlog)"
psql_jobs "VACUUM ANALYZE jobs"
start_server claim
done_before=$(psql_jobs "SELECT count(*) FROM jobs WHERE status = 'completed'")
start=$(date +%s.%N)
while [[ $(psql_jobs "SELECT count(*) FROM jobs WHERE status IN ('pending', 'processing')") -gt 0 ]]; do
    sleep 0.2
done
end=$(date +%s.%N)
done_after=$(psql_jobs "SELECT count(*) FROM jobs WHERE status = 'completed'")
stop_server
echo
echo "== Claims: a backlog of $backlog pending jobs, 10 workers, zero processing time"
python3 -c "
n = $done_after - $done_before
t = $end - $start
print(f'{n} jobs claimed and completed in {t:.1f}s after the server was ready: {n / t:.0f} jobs/s')"

echo
echo "Machine: $(nproc) cores; PostgreSQL, the server and wrk all on it"
