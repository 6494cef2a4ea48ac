#!/usr/bin/env bash
# The benchmark scenarios against the real service on its embedded defaults, plus (with --baseline true)
# the same load against a minimal Redis SET NX + MongoDB service sharing the same Redis and MongoDB-wire server.
# Usage: bench/scenario.sh --scenario onsale|steady [--users N --seconds S --warmup W --think MS --baseline true
#        --json docs/bench-onsale.json]
set -euo pipefail
port=${PORT:-18080}
mongo_port=${MONGO_PORT:-27117}
redis_port=${REDIS_PORT:-16379}
APP_ARGS="${APP_ARGS:-} --booking.infra.embedded-mongo-port=$mongo_port --booking.infra.embedded-redis-port=$redis_port"
source "$(dirname "$0")/start-app.sh"
java -Xmx2g -Xss256k -cp booking-bench/target/booking-bench.jar com.example.booking.bench.Bench \
  --url "http://localhost:$port" --mongo "mongodb://127.0.0.1:$mongo_port" --redis "redis://127.0.0.1:$redis_port" "$@"
