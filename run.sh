#!/usr/bin/env bash
# Sets up, builds the release build, creates the demo database if absent and
# runs the main job: the demo authority's overdue statutory work.
set -euo pipefail
cd "$(dirname "$0")"
scripts/bootstrap
cmake --preset release >/dev/null
cmake --build --preset release --target safeguard
mkdir -p var
if [[ ! -f var/demo.sqlite ]]; then
  build/release/safeguard demo --db var/demo.sqlite
fi
build/release/safeguard work --db var/demo.sqlite --overdue --limit 25
