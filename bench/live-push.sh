#!/usr/bin/env bash
# Push latency to many live subscribers of one trip, against the real service on its embedded defaults.
# Extra arguments go to the load generator (e.g. --subscribers 2000 --holds 200).
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B -DskipTests package
data=$(mktemp -d)
port=${PORT:-18081}
java -Xmx1g -jar booking-api/target/booking-api.jar --server.port="$port" --booking.infra.data-dir="$data" \
  --logging.level.root=WARN ${APP_ARGS:-} > "$data/app.log" 2>&1 &
app=$!
trap 'kill $app 2>/dev/null; wait $app 2>/dev/null; rm -rf "$data"' EXIT
for _ in $(seq 1 120); do
  curl -sf "http://localhost:$port/actuator/health" >/dev/null && break
  sleep 1
done
java -Xmx1g -cp booking-bench/target/booking-bench.jar com.example.booking.bench.LiveBenchmark --url "http://localhost:$port" "$@"
