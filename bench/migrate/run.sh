#!/usr/bin/env bash
# The migration benchmarks of issue 3, for bench/RESULTS.md ("## migrate"). Builds what they need
# in an optimised build folder (default build/release, from `cmake --preset release`; BUILD_DIR
# picks another), installs deckhand stripped into a private prefix, brings dbmate from npm into
# bench/.cache/ (skipped if npm is missing), and runs bench_migrate, which starts its own
# PostgreSQL server. Extra arguments go to bench_migrate (--rounds N, --large-rounds N,
# --status-runs N, --no-large).
set -euo pipefail
cd "$(dirname "$0")/../.."

source bench/lib.sh

build_dir=${BUILD_DIR:-build/release}
bench_release_build "$build_dir"
prefix=$(mktemp -d /tmp/deckhand-bench-XXXXXX)
trap 'rm -rf "$prefix"' EXIT
bench_install "$build_dir" "$prefix" bench_migrate

dbmate_args=()
dbmate_dir=bench/.cache/dbmate
if command -v npm >/dev/null; then
  if ! ls "$dbmate_dir"/node_modules/@dbmate/linux-*/bin/dbmate >/dev/null 2>&1; then
    mkdir -p "$dbmate_dir"
    npm install --silent --prefix "$dbmate_dir" dbmate >/dev/null 2>&1 || true
  fi
  dbmate=$(ls "$dbmate_dir"/node_modules/@dbmate/linux-*/bin/dbmate 2>/dev/null | head -n 1 || true)
  if [[ -n $dbmate ]]; then
    dbmate_args=(--dbmate "$dbmate")
  fi
fi
if [[ ${#dbmate_args[@]} -eq 0 ]]; then
  echo "run.sh: dbmate is not available (npm install dbmate failed or npm is missing)" >&2
fi

echo "deckhand $(git rev-parse --short HEAD 2>/dev/null || echo '?'), $(date -u +%Y-%m-%dT%H:%MZ)," \
  "$("${dbmate_args[1]:-true}" --version 2>/dev/null || echo 'no dbmate')," \
  "$(/usr/lib/postgresql/15/bin/psql --version), sqlite3 $(sqlite3 --version | cut -d' ' -f1)"
echo
"$build_dir"/bench/migrate/bench_migrate --deckhand "$prefix/bin/deckhand" "${dbmate_args[@]}" "$@"
