#!/usr/bin/env bash
# Seat-map reads of one 10,000-seat trip on an idle service, one after another, timed by curl: 300 to warm
# up, then N measured (default 200); the reader holds two seats, so its answers carry heldByMe.
# Usage: bench/seat-map-reads.sh [N]
set -euo pipefail
port=${PORT:-18080}
reads=${1:-200}
source "$(dirname "$0")/start-app.sh"
admin=$(token admin ADMIN)
user=$(token alice USER)
curl -sf -XPOST "localhost:$port/api/trips" -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' \
  -d '{"tripId":"big","name":"Big","departsAt":"2027-01-01T10:00:00Z","categories":[{"id":"std","name":"Std","price":10,"currency":"EUR"}],"layout":{"rows":100,"columns":100,"category":"std"}}' >/dev/null
curl -sf -XPOST "localhost:$port/api/trips/big/holds" -H "Authorization: Bearer $user" -H 'Content-Type: application/json' \
  -d '{"seats":["1A","1B"]}' >/dev/null
for _ in $(seq 1 300); do curl -s -o /dev/null -H "Authorization: Bearer $user" "localhost:$port/api/trips/big/seats"; done
for _ in $(seq 1 "$reads"); do
  curl -s -o /dev/null -w '%{time_total}\n' -H "Authorization: Bearer $user" "localhost:$port/api/trips/big/seats"
done | sort -n | awk '{a[NR]=$1} END {printf "seat-map reads %d: p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms\n", NR, a[int(NR*0.5)]*1000, a[int(NR*0.95)]*1000, a[int(NR*0.99)]*1000, a[NR]*1000}'
