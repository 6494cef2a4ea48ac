#!/usr/bin/env bash
# Rebuild of every projection over a large event store, measured in-process on the embedded defaults.
# Usage: bench/rebuild.sh [--events 1000000] [--trips 10] [--spacing-ms 10] [--booking.<setting> <value> ...]
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B -pl booking-api -am install -DskipTests
./mvnw -q -B -pl booking-api dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
exec java -Xmx${BENCH_HEAP:-6g} -cp "booking-api/target/test-classes:booking-api/target/classes:$(cat booking-api/target/bench.classpath)" \
  com.example.booking.api.RebuildBenchmark "$@"
