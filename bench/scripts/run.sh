#!/usr/bin/env bash
# The script-size benchmark of issue 10.5, for bench/RESULTS.md ("## script size"). Builds what
# it needs in an optimised build folder (default build/release, from `cmake --preset release`;
# BUILD_DIR picks another), installs deckhand stripped into a private prefix and runs
# bench_scripts, which starts its own PostgreSQL server. Extra arguments go to bench_scripts
# (--sizes 1,8,50, --rounds N, --large-rounds N, --dialects sqlite,postgres).
set -euo pipefail
cd "$(dirname "$0")/../.."

build_dir=${BUILD_DIR:-build/release}
if [[ ! -f $build_dir/CMakeCache.txt ]]; then
  if [[ $build_dir == build/release ]]; then
    cmake --preset release >/dev/null
  else
    cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release -DDECKHAND_BUILD_TESTS=ON >/dev/null
  fi
fi
build_type=$(sed -n 's/^CMAKE_BUILD_TYPE:STRING=//p' "$build_dir/CMakeCache.txt")
if [[ $build_type != Release ]]; then
  echo "run.sh: $build_dir is a $build_type build; benchmarks measure Release builds" >&2
  exit 2
fi
if grep -q '^DECKHAND_BUILD_TESTS:BOOL=OFF' "$build_dir/CMakeCache.txt"; then
  echo "run.sh: $build_dir has DECKHAND_BUILD_TESTS=OFF; the benchmark starts PostgreSQL with the test fixtures" >&2
  exit 2
fi
mapfile -t plugins < <(cmake --build "$build_dir" --target help | grep -o '^deckhand_plugin_[a-z0-9_]*' | sort -u)
cmake --build "$build_dir" -j2 --target deckhand "${plugins[@]}" bench_scripts >/dev/null

prefix=$(mktemp -d /tmp/deckhand-bench-scripts-XXXXXX)
trap 'rm -rf "$prefix"' EXIT
cmake --install "$build_dir" --prefix "$prefix" --strip >/dev/null
chmod 0755 "$prefix"

echo "deckhand $(git rev-parse --short HEAD 2>/dev/null || echo '?'), $(date -u +%Y-%m-%dT%H:%MZ)," \
  "$(nproc) cores, $(/usr/lib/postgresql/15/bin/psql --version), sqlite3 $(sqlite3 --version | cut -d' ' -f1)"
echo
"$build_dir"/bench/scripts/bench_scripts --deckhand "$prefix/bin/deckhand" "$@"
