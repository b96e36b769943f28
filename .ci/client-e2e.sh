#!/usr/bin/env bash
# End-to-end check of job-client against the packaged job-server. It starts the server on a free loopback port
# with millisecond jobs and runs a client simulation, a 5-second load test and a load test that runs out of file
# descriptors. A trap stops the server with SIGTERM however the script ends.
# Both projects must be built first:
#   ./mvnw package -DskipTests && ./mvnw -f client-cli/pom.xml package -DskipTests
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SERVER_JAR="$ROOT/target/quarkus-app/quarkus-run.jar"
CLIENT_JAR="$ROOT/client-cli/target/job-client-runner.jar"
READY_TIMEOUT_SECONDS=60
STOP_TIMEOUT_SECONDS=30

log() {
    echo "client-e2e: $*"
}

fail() {
    echo "client-e2e: FAILED: $*" >&2
    exit 1
}

for jar in "$SERVER_JAR" "$CLIENT_JAR"; do
    [[ -f "$jar" ]] || fail "$jar is missing; build both projects first (see the top of this script)"
done

# Picks a port in the ephemeral range on which nothing listens yet.
free_port() {
    local port
    for _ in $(seq 1 50); do
        port=$((20000 + RANDOM % 20000))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "$port"
            return 0
        fi
    done
    return 1
}

PORT="$(free_port)" || fail "found no free loopback port"
URL="http://127.0.0.1:$PORT"
SERVER_LOG="$(mktemp -t job-server-e2e.XXXXXX.log)"
SERVER_PID=""

stop_server() {
    if [[ -z "$SERVER_PID" ]] || ! kill -0 "$SERVER_PID" 2>/dev/null; then
        return 0
    fi
    log "stopping job-server (pid $SERVER_PID) with SIGTERM, waiting up to ${STOP_TIMEOUT_SECONDS}s"
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    local waited=0
    while kill -0 "$SERVER_PID" 2>/dev/null && (( waited < STOP_TIMEOUT_SECONDS * 10 )); do
        sleep 0.1
        waited=$((waited + 1))
    done
    if kill -0 "$SERVER_PID" 2>/dev/null; then
        log "job-server did not stop within ${STOP_TIMEOUT_SECONDS}s; sending SIGKILL"
        kill -KILL "$SERVER_PID" 2>/dev/null || true
    fi
    wait "$SERVER_PID" 2>/dev/null || true
    log "job-server stopped"
}
trap stop_server EXIT

log "starting job-server on $URL (log: $SERVER_LOG)"
java -Djobs.processing-time.min=1ms -Djobs.processing-time.max=20ms \
    -Dquarkus.http.port="$PORT" -Dquarkus.http.host=127.0.0.1 \
    -jar "$SERVER_JAR" >"$SERVER_LOG" 2>&1 &
SERVER_PID=$!

log "waiting up to ${READY_TIMEOUT_SECONDS}s for $URL/q/health/ready"
deadline=$((SECONDS + READY_TIMEOUT_SECONDS))
until curl -fsS -o /dev/null "$URL/q/health/ready" 2>/dev/null; do
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
        cat "$SERVER_LOG" >&2
        fail "job-server exited before it was ready; its log is above"
    fi
    if (( SECONDS >= deadline )); then
        tail -n 50 "$SERVER_LOG" >&2
        fail "job-server was not ready after ${READY_TIMEOUT_SECONDS}s; the end of its log is above"
    fi
    sleep 0.2
done
log "job-server is ready"

log "running: JOB_SERVER_URL=$URL job-client simulate --clients 10 --jobs-per-client 3 --timeout 2m"
if ! JOB_SERVER_URL="$URL" java -jar "$CLIENT_JAR" simulate --clients 10 --jobs-per-client 3 --timeout 2m; then
    fail "simulate exited with a non-zero code"
fi

# 500 requests per second, 80% of them POSTs, stays below what 10 workers with 1-20 ms jobs process, so no 503s.
log "running: job-client load --url $URL --rate 500 --duration 5s"
if ! java -jar "$CLIENT_JAR" load --url "$URL" --rate 500 --duration 5s; then
    fail "load exited with a non-zero code"
fi

# With 1024 file descriptors, 5000 connections cannot all open: the run must end with a report of client-side
# failures and exit code 1, not crash.
log "running: (ulimit -n 1024; job-client load --url $URL --concurrency 5000 --duration 3s --mix status=100)"
set +e
exhausted_output="$(ulimit -n 1024 && java -jar "$CLIENT_JAR" load --url "$URL" --concurrency 5000 --duration 3s \
    --mix status=100 2>&1)"
exhausted_status=$?
set -e
echo "$exhausted_output"
if (( exhausted_status != 1 )); then
    fail "load with 5000 connections under 'ulimit -n 1024' exited with $exhausted_status, expected 1"
fi
grep -q "too many open files" <<<"$exhausted_output" \
    || fail "load with 5000 connections under 'ulimit -n 1024' did not report 'too many open files'"

log "all client checks passed"
