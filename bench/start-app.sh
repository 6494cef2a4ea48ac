#!/usr/bin/env bash
# Sourced by the benchmark scripts: builds the service and starts it on its embedded defaults with a fresh
# data folder on $port, stopping it when the calling script exits. Extra app arguments: $APP_ARGS; JVM options: $JAVA_OPTS;
# the service's log: $APP_LOG (default: inside the data folder, removed with it).
cd "$(dirname "${BASH_SOURCE[0]}")/.."
./mvnw -q -B -DskipTests package
data=$(mktemp -d)
app_log=${APP_LOG:-$data/app.log}
# The tool's users are load generators acting without a pause, hundreds of commands a minute each; the
# per-user command limit (300 a minute) is meant for people and answered them 429 once the service was warm.
bench_limits="--booking.rate-limit.commands-per-minute=1000000"
# The JVM options the image runs the service with (Dockerfile): at the default compile thresholds C2 was still
# compiling the hold path's lukewarm methods a quarter of the time minutes after the start, beside the work
# measured (docs/benchmarks.md, session 43).
service_jvm="-Xmx1g -XX:CompileThresholdScaling=4"
java $service_jvm ${JAVA_OPTS:-} -jar booking-api/target/booking-api.jar --server.port="$port" --booking.infra.data-dir="$data" \
  --logging.level.root=WARN $bench_limits ${APP_ARGS:-} > "$app_log" 2>&1 &
app=$!
trap 'kill $app 2>/dev/null; wait $app 2>/dev/null || true; rm -rf "$data"' EXIT
# waits up to two minutes for the service on port $1 to report healthy
wait_healthy() {
  for _ in $(seq 1 120); do
    curl -sf "http://localhost:$1/actuator/health" >/dev/null && return 0
    sleep 1
  done
}
wait_healthy "$port"
# a development token of user $1 with role $2 (the service starts with development tokens on)
token() {
  curl -sf -XPOST "http://localhost:$port/api/dev/tokens" -H 'Content-Type: application/json' \
    -d "{\"userId\":\"$1\",\"roles\":[\"$2\"]}" | sed 's/.*"token":"\([^"]*\)".*/\1/'
}
