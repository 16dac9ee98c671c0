#!/usr/bin/env bash
# The server under load: signed-in users reading children's records.
#
#   bench/server_bench.sh [--connections 200] [--duration 20] [--rate 5000] [--db FILE] [--pages]
#
# --pages drives the child's record as a page (GET /children/{id}: the same
# audited read, rendered as GOV.UK HTML through the templates) instead of
# the JSON API's GET /api/v1/children/{id}.
#
# Builds (or reuses) a demo database with its demo users, starts
# `safeguard serve` on a free loopback port, signs in as five users of
# different roles and agencies, and drives GET /api/v1/children/{id} with wrk
# (Debian's package) over 200 keep-alive connections. Each request is a real
# audited read: the session is checked, need-to-know decides, the record is
# assembled and the audit row is committed before the answer goes out. Only
# children each user is cleared for are requested, so every answer must be
# 200; any other status is reported and fails the run.
#
# Two measurements:
#   * capacity: wrk, closed loop (each connection sends its next request when
#     the answer arrives), gives the most requests/s the server answers;
#   * latency at a load: bench/http_load.cc, open loop, offers --rate
#     requests/s spread over the same connections whatever the server does,
#     and measures each latency from the request's scheduled time. (Closed
#     loop cannot give a latency at a load: with C connections its mean is
#     always C / throughput.)
# Also prints the audit rows each run added (one per record read).
set -euo pipefail
cd "$(dirname "$0")/.."

connections=200
duration=20
rate=5000
db=""
prefix="/api/v1/children"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --connections) connections="$2"; shift 2 ;;
    --duration) duration="$2"; shift 2 ;;
    --rate) rate="$2"; shift 2 ;;
    --db) db="$2"; shift 2 ;;
    --pages) prefix="/children"; shift ;;
    *) echo "server_bench: unknown option $1" >&2; exit 64 ;;
  esac
done

bin=${SAFEGUARD_BIN:-build/release/safeguard}
load=${SAFEGUARD_HTTP_LOAD:-build/release/bench/http_load}
[[ -x "$bin" && -x "$load" ]] ||
  { echo "server_bench: build first (cmake --build --preset release --target safeguard http_load)" >&2; exit 69; }
command -v wrk >/dev/null || { echo "server_bench: wrk is missing (scripts/bootstrap installs it)" >&2; exit 69; }
command -v sqlite3 >/dev/null || { echo "server_bench: sqlite3 is missing" >&2; exit 69; }

work=$(mktemp -d)
server_pid=""
cleanup() {
  [[ -n "$server_pid" ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

password="${SAFEGUARD_DEMO_PASSWORD:-bench-password-2026}"
if [[ -z "$db" ]]; then
  db="$work/bench.sqlite"
  "$bin" demo --db "$db" --years 3 --users-password "$password" >/dev/null
fi

"$bin" serve --db "$db" --listen 127.0.0.1:0 2>"$work/server.log" &
server_pid=$!
for _ in $(seq 1 100); do
  port=$(grep -o 'http://127.0.0.1:[0-9]*' "$work/server.log" | head -1 | sed 's/.*://') || true
  [[ -n "${port:-}" ]] && break
  sleep 0.1
done
[[ -n "${port:-}" ]] || { echo "server_bench: the server did not start:" >&2; cat "$work/server.log" >&2; exit 1; }
base="http://127.0.0.1:$port"

# Sign in: the cookie value of each user.
sign_in() {
  curl -s -o /dev/null -D - -H 'Content-Type: application/json' \
    -d "{\"username\":\"$1\",\"password\":\"$password\"}" "$base/api/v1/session" |
    tr -d '\r' | sed -n 's/^[Ss]et-[Cc]ookie: __Host-sg_session=\([^;]*\).*/\1/p'
}

# Children each user may read: their team's involvements today; the front
# door and auditors reach every child, so they read a spread of them.
team_children() {
  sqlite3 "$db" "SELECT DISTINCT i.person_id FROM involvements i JOIN users u ON u.team_id = i.team_id
                 WHERE u.username = '$1' AND i.start_date <= date('now')
                   AND (i.end_date IS NULL OR i.end_date >= date('now')) LIMIT 400"
}
any_children() { sqlite3 "$db" "SELECT id FROM persons ORDER BY id LIMIT 2000"; }

lua="$work/requests.lua"
{
  echo "local requests = {}"
  for user in socialworker manager police.officer frontdoor auditor; do
    cookie=$(sign_in "$user")
    [[ -n "$cookie" ]] || { echo "server_bench: $user could not sign in" >&2; exit 1; }
    case "$user" in
      frontdoor|auditor) ids=$(any_children) ;;
      *) ids=$(team_children "$user") ;;
    esac
    for id in $ids; do
      echo "requests[#requests + 1] = {\"$prefix/$id\", \"__Host-sg_session=$cookie\"}"
      echo "$prefix/$id __Host-sg_session=$cookie" >>"$work/requests.txt"
    done
  done
  cat <<'LUA'
local counter = 0
request = function()
  counter = counter + 1
  local r = requests[(counter * 7919) % #requests + 1]
  return wrk.format("GET", r[1], { ["Cookie"] = r[2] })
end
done = function(summary, latency, requests_)
  io.write(string.format("RESULT requests=%d seconds=%.2f rps=%.0f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f errors=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
LUA
} >"$lua"
requests=$(grep -c '^requests\[' "$lua")

audit_rows() { sqlite3 "$db" "SELECT COUNT(*) FROM audit_log"; }
echo "server_bench: GET $prefix/{id}, $requests (user, child) pairs, $connections keep-alive connections"
# Warm-up, then capacity (closed loop).
wrk -t2 -c"$connections" -d3s -s "$lua" "$base" >/dev/null
before=$(audit_rows)
out=$(wrk -t2 -c"$connections" -d"${duration}s" --timeout 5s -s "$lua" "$base")
after=$(audit_rows)
echo "$out" | grep -E 'Non-2xx|Socket errors' || true
echo "  capacity (wrk, closed loop, ${duration} s): $(echo "$out" | grep '^RESULT' | tail -1 | sed 's/^RESULT //')"
echo "    audit rows written: $((after - before))"
status=0
echo "$out" | grep -q 'Non-2xx' && { echo "server_bench: some answers were not 200" >&2; status=1; }

# Latency at a load (open loop).
before=$(audit_rows)
"$load" --port "$port" --rate "$rate" --connections "$connections" --seconds "$duration" \
  --requests "$work/requests.txt" | sed 's/^/  /' || status=1
after=$(audit_rows)
echo "    audit rows written: $((after - before))"
exit $status
