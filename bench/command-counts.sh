#!/usr/bin/env bash
# The MongoDB commands the service sent during a scenario, counted by command and collection from the
# driver's command log (which slows the service: compare counts between builds, not latencies).
# Usage: bench/command-counts.sh --scenario onsale --users 200 --think 1000 --seconds 20 --warmup 40 --map-every 1000
set -euo pipefail
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
APP_LOG="$log" APP_ARGS="${APP_ARGS:-} --logging.level.org.mongodb.driver.protocol.command=DEBUG" \
  "$(dirname "$0")/scenario.sh" "$@" || status=$?
echo "MongoDB commands sent by the service over the whole run (warm-up included), by command and collection:"
grep -o 'started on database.*Command: {"[a-zA-Z]*": "[^"]*"' "$log" \
  | sed 's/.*Command: {"\([a-zA-Z]*\)": "\([^"]*\)"/\1 \2/' | sort | uniq -c | sort -rn
exit $status
