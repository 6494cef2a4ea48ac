#!/usr/bin/env bash
# Push latency to many live subscribers of one trip, against the real service on its embedded defaults.
# Extra arguments go to the load generator (e.g. --subscribers 2000 --holds 20 --rows 20 --columns 10).
set -euo pipefail
port=${PORT:-18081}
source "$(dirname "$0")/start-app.sh"
# The tool runs on Parallel GC: G1's concurrent refinement over 5,000 sessions' objects was an eighth of its
# CPU, taken from the fan-out it measures on the same cores (docs/benchmarks.md, session 42).
java -Xmx${BENCH_HEAP:-1g} -XX:+UseParallelGC -cp booking-bench/target/booking-bench.jar com.example.booking.bench.LiveBenchmark \
  --url "http://localhost:$port" "$@"
