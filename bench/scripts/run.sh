#!/usr/bin/env bash
# The script-size benchmark of issue 10.5, for bench/RESULTS.md ("## script size"). Builds what
# it needs in an optimised build folder (default build/release, from `cmake --preset release`;
# BUILD_DIR picks another), installs deckhand stripped into a private prefix and runs
# bench_scripts, which starts its own PostgreSQL server. Extra arguments go to bench_scripts
# (--sizes 1,8,50, --rounds N, --large-rounds N, --dialects sqlite,postgres).
set -euo pipefail
cd "$(dirname "$0")/../.."

source bench/lib.sh

build_dir=${BUILD_DIR:-build/release}
bench_release_build "$build_dir"
prefix=$(mktemp -d /tmp/deckhand-bench-scripts-XXXXXX)
trap 'rm -rf "$prefix"' EXIT
bench_install "$build_dir" "$prefix" bench_scripts

echo "deckhand $(git rev-parse --short HEAD 2>/dev/null || echo '?'), $(date -u +%Y-%m-%dT%H:%MZ)," \
  "$(nproc) cores, $(/usr/lib/postgresql/15/bin/psql --version), sqlite3 $(sqlite3 --version | cut -d' ' -f1)"
echo
"$build_dir"/bench/scripts/bench_scripts --deckhand "$prefix/bin/deckhand" "$@"
