#!/usr/bin/env bash
# Measures the HTTP throughput of the packaged server with wrk: GET /status/{id} and POST /job.
# Starts its own server on a free loopback port with zero processing time and a queue large
# enough that POST /job is never rejected, and stops it afterwards.
#
# Usage: bench/http-throughput.sh [DURATION] [CONNECTIONS]   (defaults: 10s 64)
#   WARMUP=20s sets how long each endpoint is loaded before it is measured, so that the JIT compiler
#   has compiled its path. On two cores shared with wrk, that takes tens of seconds.
# Needs: wrk (apt-get install -y wrk) and a built server (./mvnw package -DskipTests).
set -euo pipefail

duration=${1:-10s}
connections=${2:-64}
warmup=${WARMUP:-20s}
root=$(cd "$(dirname "$0")/.." && pwd)
jar="$root/target/quarkus-app/quarkus-run.jar"

command -v wrk >/dev/null || { echo "wrk is not installed: apt-get install -y wrk" >&2; exit 1; }
[[ -f "$jar" ]] || { echo "No server build at $jar: run ./mvnw package -DskipTests first" >&2; exit 1; }

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
url="http://127.0.0.1:$port"
log=$(mktemp)

java -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$port" \
    -Djobs.processing-time.min=0s -Djobs.processing-time.max=0s -Djobs.queue.capacity=10000000 \
    -jar "$jar" >"$log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null; wait "$server" 2>/dev/null; rm -f "$log"' EXIT

for _ in $(seq 1 100); do
    curl -fs "$url/q/health/ready" >/dev/null 2>&1 && break
    sleep 0.2
done
curl -fs "$url/q/health/ready" >/dev/null || { echo "Server did not become ready; its output:" >&2; cat "$log" >&2; exit 1; }

curl -fs -X POST -H 'Content-Type: application/json' -d '{"payload": "warm-up"}' "$url/job" >/dev/null
echo "Warming up: GET /status/1 for $warmup"
wrk -t2 -c"$connections" -d"$warmup" "$url/status/1" >/dev/null

echo
echo "== GET /status/1: wrk -t2 -c$connections -d$duration"
wrk -t2 -c"$connections" -d"$duration" --latency "$url/status/1"

echo
echo "Warming up: POST /job for $warmup"
wrk -t2 -c"$connections" -d"$warmup" -s "$root/bench/post-job.lua" "$url/job" >/dev/null

echo
echo "== POST /job: wrk -t2 -c$connections -d$duration -s bench/post-job.lua"
wrk -t2 -c"$connections" -d"$duration" --latency -s "$root/bench/post-job.lua" "$url/job"

echo
echo "Server machine: $(nproc) cores; load generator on the same machine; load average $(cut -d' ' -f1-3 /proc/loadavg)"
