#!/usr/bin/env bash
# Two application nodes on this machine against one Redis and one MongoDB-wire server (the first node's
# embedded ones), with the scenario tool spreading its users over both. Extra arguments go to the tool.
# Usage: bench/two-nodes.sh --scenario onsale --users 200 --seconds 20
set -euo pipefail
port=${PORT:-18080}
mongo_port=${MONGO_PORT:-27117}
redis_port=${REDIS_PORT:-16379}
APP_ARGS="${APP_ARGS:-} --booking.infra.embedded-mongo-port=$mongo_port --booking.infra.embedded-redis-port=$redis_port"
source "$(dirname "$0")/start-app.sh"
second=$((port + 1))
java $service_jvm ${JAVA_OPTS:-} -jar booking-api/target/booking-api.jar --server.port="$second" \
  --booking.infra.mongodb-uri="mongodb://127.0.0.1:$mongo_port" --booking.infra.redis-url="redis://127.0.0.1:$redis_port" \
  --booking.jwt.dev-tokens=true --logging.level.root=WARN $bench_limits > "$data/app2.log" 2>&1 &
app2=$!
trap 'kill $app2 $app 2>/dev/null; wait $app2 $app 2>/dev/null || true; rm -rf "$data"' EXIT
wait_healthy "$second"
java -Xmx2g -Xss256k -cp booking-bench/target/booking-bench.jar com.example.booking.bench.Bench \
  --url "http://localhost:$port,http://localhost:$second" "$@"
