#!/usr/bin/env bash
# Latency of single holds on an idle service (one user, one request at a time), on its embedded defaults:
# what one person booking sees. Usage: bench/idle-holds.sh [holds, default 20, at most 200]
set -euo pipefail
port=${PORT:-18082}
APP_ARGS="${APP_ARGS:-} --booking.infra.embedded-mongo-port=${MONGO_PORT:-27118} --booking.infra.embedded-redis-port=${REDIS_PORT:-16380}"
source "$(dirname "$0")/start-app.sh"
url="http://localhost:$port"
token() {
  curl -sf -XPOST "$url/api/dev/tokens" -H 'Content-Type: application/json' -d "{\"userId\":\"$1\",\"roles\":[\"$2\"]}" \
    | sed 's/.*"token":"\([^"]*\)".*/\1/'
}
admin=$(token admin ADMIN)
user=$(token idle-user USER)
curl -sf -o /dev/null -XPOST "$url/api/trips" -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' \
  -d '{"tripId":"idle","name":"Idle","departsAt":"2026-12-24T08:00:00Z","categories":[{"id":"std","name":"Standard","price":10.00,"currency":"EUR"}],"layout":{"rows":20,"columns":10,"category":"std"}}'
columns=ABCDEFGHIJ
for i in $(seq 0 $(( ${1:-20} - 1 ))); do
  seat="$(( i % 20 + 1 ))${columns:$(( i / 20 % 10 )):1}"
  curl -s -o /dev/null -w "%{http_code} %{time_total}\n" -XPOST "$url/api/trips/idle/holds" \
    -H "Authorization: Bearer $user" -H 'Content-Type: application/json' -d "{\"seats\":[\"$seat\"]}"
done | sort -k2 -n | awk '{ms[NR] = $2 * 1000; status[$1]++}
  END { for (s in status) printf "status %s: %d\n", s, status[s];
        printf "hold latency, ms: min %.0f  median %.0f  max %.0f (%d holds, one at a time)\n", ms[1], ms[int((NR + 1) / 2)], ms[NR], NR }'
