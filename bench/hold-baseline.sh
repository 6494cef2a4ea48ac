#!/usr/bin/env bash
# Hold throughput and latency of one hot trip, measured against the real service on its embedded defaults.
# Starts the app on a fresh data folder, runs the load generator, stops the app. Extra arguments go to
# the load generator (e.g. --clients 50 --seconds 30 --warmup 10 --rows 100 --columns 100).
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B -DskipTests package
data=$(mktemp -d)
port=${PORT:-18080}
java -Xmx1g -jar booking-api/target/booking-api.jar --server.port="$port" --booking.infra.data-dir="$data" ${APP_ARGS:-} \
  --logging.level.root=WARN > "$data/app.log" 2>&1 &
app=$!
trap 'kill $app 2>/dev/null; wait $app 2>/dev/null; rm -rf "$data"' EXIT
for _ in $(seq 1 120); do
  curl -sf "http://localhost:$port/actuator/health" >/dev/null && break
  sleep 1
done
java -jar booking-bench/target/booking-bench.jar --url "http://localhost:$port" "$@"
