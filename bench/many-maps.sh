#!/usr/bin/env bash
# Seat-map reads when more large trips are read than a node keeps rendered (RenderedSeatMaps keeps 200,000
# seats): N trips of 10,000 seats (default 25), each read once, then R rounds (default 200) of one read of
# the first ("hot") trip and one of the others in turn; prints each kind's latency, timed by curl.
# Usage: bench/many-maps.sh [N] [R]
set -euo pipefail
port=${PORT:-18080}
trips=${1:-25}
rounds=${2:-200}
source "$(dirname "$0")/start-app.sh"
admin=$(token admin ADMIN)
user=$(token alice USER)
for t in $(seq 0 $((trips - 1))); do
  curl -sf -XPOST "localhost:$port/api/trips" -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' \
    -d "{\"tripId\":\"big-$t\",\"name\":\"Big $t\",\"departsAt\":\"2027-01-01T10:00:00Z\",\"categories\":[{\"id\":\"std\",\"name\":\"Std\",\"price\":10,\"currency\":\"EUR\"}],\"layout\":{\"rows\":100,\"columns\":100,\"category\":\"std\"}}" >/dev/null
done
read_map() {
  curl -s -o /dev/null -w '%{time_total}\n' -H "Authorization: Bearer $user" "localhost:$port/api/trips/$1/seats"
}
# every map read once, twice over, so the JIT has seen the whole path before the counted rounds
for _ in 1 2; do for t in $(seq 0 $((trips - 1))); do read_map "big-$t" >/dev/null; done; done
hot=$(mktemp); others=$(mktemp)
for r in $(seq 1 "$rounds"); do
  read_map big-0 >> "$hot"
  read_map "big-$((1 + r % (trips - 1)))" >> "$others"
done
summary() {
  sort -n "$2" | awk -v what="$1" '{a[NR]=$1} END {printf "%s: %d reads, p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms\n", what, NR, a[int(NR*0.5)]*1000, a[int(NR*0.95)]*1000, a[int(NR*0.99)]*1000, a[NR]*1000}'
}
summary "hot trip (read every round)" "$hot"
summary "the other $((trips - 1)) trips in turn" "$others"
rm -f "$hot" "$others"
