#!/usr/bin/env bash
# Hold throughput and latency of one hot trip, measured against the real service on its embedded defaults.
# Extra arguments go to the load generator (e.g. --clients 50 --seconds 30 --warmup 30 --rows 100 --columns 100).
set -euo pipefail
port=${PORT:-18080}
source "$(dirname "$0")/start-app.sh"
java -jar booking-bench/target/booking-bench.jar --url "http://localhost:$port" "$@"
