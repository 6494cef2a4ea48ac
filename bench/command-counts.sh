#!/usr/bin/env bash
# The MongoDB commands the service sent during a scenario, counted by command and collection from the
# driver's command log (which slows the service: compare counts between builds, not latencies).
# Usage: bench/command-counts.sh --scenario onsale --users 200 --think 1000 --seconds 20 --warmup 40 --map-every 1000
set -euo pipefail
port=${PORT:-18080}
mongo_port=${MONGO_PORT:-27117}
redis_port=${REDIS_PORT:-16379}
APP_ARGS="${APP_ARGS:-} --booking.infra.embedded-mongo-port=$mongo_port --booking.infra.embedded-redis-port=$redis_port"
APP_ARGS="$APP_ARGS --logging.level.org.mongodb.driver.protocol.command=DEBUG"
source "$(dirname "$0")/start-app.sh"
java -Xmx2g -Xss256k -cp booking-bench/target/booking-bench.jar com.example.booking.bench.Bench \
  --url "http://localhost:$port" --mongo "mongodb://127.0.0.1:$mongo_port" --redis "redis://127.0.0.1:$redis_port" "$@"
echo "MongoDB commands sent by the service over the whole run (warm-up included), by command and collection:"
grep -o 'started on database.*Command: {"[a-zA-Z]*": "[^"]*"' "$data/app.log" \
  | sed 's/.*Command: {"\([a-zA-Z]*\)": "\([^"]*\)"/\1 \2/' | sort | uniq -c | sort -rn
