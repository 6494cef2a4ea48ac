#!/usr/bin/env bash
# Scenario 4: a trip of 100,000 seats with 1,000,000 events, measured in-process on the embedded defaults
# (in memory): loads from the events and from a snapshot, projection catch-up, seat-map reads, and holds
# by concurrent users next to a fresh 10,000-seat trip.
# Usage: bench/large-trip.sh [--events 1000000] [--rows 250 --columns 400] [--users 20 --seconds 20 --warmup 20]
#        [--booking.<setting> <value> ...]
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B -pl booking-api -am install -DskipTests
./mvnw -q -B -pl booking-api dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
exec java -Xmx${BENCH_HEAP:-12g} -cp "booking-api/target/test-classes:booking-api/target/classes:$(cat booking-api/target/bench.classpath)" \
  com.example.booking.api.LargeTripBenchmark "$@"
