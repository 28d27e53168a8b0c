#!/usr/bin/env bash
# deckhand lint beside squawk, for bench/RESULTS.md: builds deckhand and the lint plugin in a
# release tree without tests (build/bench-lint; BUILD=... for another) and runs them from it (the
# build tree mirrors the install tree), brings squawk-cli from npm into
# bench/.cache/squawk (a benchmark tool, never a product dependency), compares the findings of
# both over the PostgreSQL corpus and times both over 1,000 scripts (interleaved, medians).
set -euo pipefail
cd "$(dirname "$0")/../.."

build=${BUILD:-build/bench-lint}
runs=${RUNS:-7}
if [[ ! -f $build/CMakeCache.txt ]]; then
  cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DDECKHAND_BUILD_TESTS=OFF \
    -DDECKHAND_BUILD_BENCH=OFF >/dev/null
fi
cmake --build "$build" --target deckhand deckhand_plugin_lint >/dev/null

squawk_dir=bench/.cache/squawk
if [[ ! -x $squawk_dir/node_modules/.bin/squawk ]]; then
  command -v npm >/dev/null || { echo "run.sh: npm is missing (scripts/install-deps --test)" >&2; exit 2; }
  mkdir -p "$squawk_dir"
  npm install --silent --prefix "$squawk_dir" squawk-cli >/dev/null
fi
squawk=$squawk_dir/node_modules/.bin/squawk

echo "deckhand lint vs $("$squawk" --version), $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, build $build, deckhand $(git rev-parse --short HEAD):"
echo
python3 bench/lint/compare.py "$(realpath "$build/bin/deckhand")" "$(realpath "$squawk")" tests/unit/lint/corpus "$runs"
