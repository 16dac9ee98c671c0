#!/usr/bin/env bash
# Sets up, builds and runs every test: the release build (which also leaves
# the program at build/release/safeguard), then the same tests under
# AddressSanitizer and UndefinedBehaviorSanitizer.
set -euo pipefail
cd "$(dirname "$0")"
# ccache keys on paths relative to the checkout, so a fresh clone (CI's)
# reuses what any earlier build of the same sources compiled.
export CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=true
scripts/bootstrap
for preset in release asan; do
  echo "== ${preset}: build" >&2
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset"
  echo "== ${preset}: test" >&2
  ctest --preset "$preset"
done
