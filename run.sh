#!/usr/bin/env bash
# Sets up, builds the release build, creates the demo database if absent and
# runs the main job: the demo authority's overdue statutory work, and its
# annual report for the last complete reporting year (HTML and PDF).
set -euo pipefail
cd "$(dirname "$0")"
# ccache keys on paths relative to the checkout, so a fresh clone (CI's)
# reuses what any earlier build of the same sources compiled.
export CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=true
scripts/bootstrap
cmake --preset release >/dev/null
cmake --build --preset release --target safeguard
mkdir -p var
if [[ ! -f var/demo.sqlite ]]; then
  build/release/safeguard demo --db var/demo.sqlite --years 7
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
