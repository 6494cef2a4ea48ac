#!/usr/bin/env bash
# Latency of single holds on an idle service (one user, one request at a time), on its embedded defaults:
# what one person booking sees. With CONFIRM=1 each hold is then confirmed, and the confirmations' latency
# is printed too. The first half of the requests is a warm-up and not counted.
# Usage: [CONFIRM=1] bench/idle-holds.sh [holds, default 20, at most 200]
set -euo pipefail
port=${PORT:-18082}
APP_ARGS="${APP_ARGS:-} --booking.infra.embedded-mongo-port=${MONGO_PORT:-27118} --booking.infra.embedded-redis-port=${REDIS_PORT:-16380}"
source "$(dirname "$0")/start-app.sh"
url="http://localhost:$port"
admin=$(token admin ADMIN)
user=$(token idle-user USER)
curl -sf -o /dev/null -XPOST "$url/api/trips" -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' \
  -d '{"tripId":"idle","name":"Idle","departsAt":"2026-12-24T08:00:00Z","categories":[{"id":"std","name":"Standard","price":10.00,"currency":"EUR"}],"layout":{"rows":20,"columns":10,"category":"std"}}'
columns=ABCDEFGHIJ
count=${1:-20}
for i in $(seq 0 $(( count - 1 ))); do
  seat="$(( i % 20 + 1 ))${columns:$(( i / 20 % 10 )):1}"
  counted=$(( i >= count / 2 ))
  curl -s -o /dev/null -w "hold $counted %{http_code} %{time_total}\n" -XPOST "$url/api/trips/idle/holds" \
    -H "Authorization: Bearer $user" -H 'Content-Type: application/json' -d "{\"seats\":[\"$seat\"]}"
  if [ "${CONFIRM:-0}" = 1 ]; then
    curl -s -o /dev/null -w "confirm $counted %{http_code} %{time_total}\n" -XPOST "$url/api/bookings" \
      -H "Authorization: Bearer $user" -H 'Content-Type: application/json' \
      -d "{\"tripId\":\"idle\",\"seats\":[\"$seat\"],\"passengers\":[{\"firstName\":\"Ida\",\"lastName\":\"Idle\"}],\"payment\":{\"reference\":\"p-$i\"},\"contact\":{\"name\":\"Ida\",\"email\":\"ida@example.com\"}}"
  fi
done | awk '$2 == 1' | sort -k1,1 -k4n | awk '{ms[$1, ++n[$1]] = $4 * 1000; status[$1 " " $3]++}
  END { for (s in status) printf "%s: %d\n", s, status[s];
        for (op in n) printf "%s latency, ms: min %.1f  median %.1f  p90 %.1f  max %.1f (%d, one at a time)\n", op,
          ms[op, 1], ms[op, int((n[op] + 1) / 2)], ms[op, int(n[op] * 0.9)], ms[op, n[op]], n[op] }'
