#!/usr/bin/env bash
# Sets up, builds the release build, creates the demo database if absent and
# runs the main job: the demo authority's overdue statutory work, its annual
# report for the last complete reporting year (HTML and PDF), then the server
# on the demo database with its demo users (sign-in details printed), until
# Ctrl-C. `./run.sh --no-serve` stops before the server.
set -euo pipefail
serve=1
[[ "${1:-}" == "--no-serve" ]] && serve=0
# The demo users' password: a demonstration database only, never real data.
demo_password="safeguard-demo-2026"
cd "$(dirname "$0")"
# ccache keys on paths relative to the checkout, so a fresh clone (CI's)
# reuses what any earlier build of the same sources compiled.
export CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=true
scripts/bootstrap
cmake --preset release >/dev/null
cmake --build --preset release --target safeguard
mkdir -p var
# A demo database from before sign-in existed has no users: build it again.
if [[ -f var/demo.sqlite ]] &&
   [[ "$(sqlite3 var/demo.sqlite "SELECT COUNT(*) FROM users" 2>/dev/null || echo 0)" == "0" ]]; then
  rm -f var/demo.sqlite var/demo.sqlite-wal var/demo.sqlite-shm var/demo.sqlite.checkpoint*
fi
if [[ ! -f var/demo.sqlite ]]; then
  build/release/safeguard demo --db var/demo.sqlite --years 7 --users-password "$demo_password"
fi
build/release/safeguard work --db var/demo.sqlite --overdue --limit 25

# The last reporting year (1 April to 31 March) that has ended.
year=$(date +%Y)
if (( 10#$(date +%m) < 4 )); then year=$((year - 1)); fi
label="$((year - 1))-$(printf '%02d' $((year % 100)))"
for format in html pdf; do
  build/release/safeguard report annual --db var/demo.sqlite --year "$year" --format "$format" \
    -o "var/annual-report-$label.$format"
done
echo
echo "The demo authority's annual report $label: var/annual-report-$label.html and var/annual-report-$label.pdf"
echo "Its figures: build/release/safeguard indicators --db var/demo.sqlite --year $year"
echo "Quarterly scorecard: build/release/safeguard scorecard --db var/demo.sqlite --year $year --quarter 4 -o var/scorecard.html"

[[ $serve -eq 1 ]] || exit 0
echo
echo "Demo users (password for all: $demo_password):"
build/release/safeguard user list --db var/demo.sqlite
echo
echo "Open http://localhost:8080/ in a browser and sign in as one of them, e.g. frontdoor"
echo "(the front door), socialworker, manager, police.officer, analyst or admin."
echo "The JSON API: http://localhost:8080/api/v1/openapi.json  (Ctrl-C stops the server)"
exec build/release/safeguard serve --db var/demo.sqlite --listen 127.0.0.1:8080
