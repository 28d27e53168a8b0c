#!/usr/bin/env bash
# The status --wait crowd benchmark of issue 10.15, for bench/RESULTS.md ("## status --wait under
# a crowd"). Builds what it needs in an optimised build folder (default build/release, from
# `cmake --preset release`; BUILD_DIR picks another), installs deckhand stripped into a private
# prefix and runs bench_status_wait, which starts its own PostgreSQL server. With BASELINE_REF
# (a git ref, e.g. the commit before a change), that ref is built too (in a temporary worktree,
# tests off) and its waiters are measured in the same run, in turn with this tree's. Extra
# arguments go to bench_status_wait (--waiters N, --rounds R, --transport socket|tcp|both).
set -euo pipefail
cd "$(dirname "$0")/../.."

source bench/lib.sh

build_dir=${BUILD_DIR:-build/release}
bench_release_build "$build_dir"
scratch=$(mktemp -d /tmp/deckhand-bench-wait-XXXXXX)
cleanup() {
  if [[ -d $scratch/baseline-src ]]; then
    git worktree remove --force "$scratch/baseline-src" >/dev/null 2>&1 || true
  fi
  rm -rf "$scratch"
}
trap cleanup EXIT
bench_install "$build_dir" "$scratch/prefix" bench_status_wait

baseline_args=()
baseline_name="none"
if [[ -n ${BASELINE_REF:-} ]]; then
  baseline_name=$(git rev-parse --short "$BASELINE_REF")
  git worktree add --detach "$scratch/baseline-src" "$BASELINE_REF" >/dev/null 2>&1
  cmake -S "$scratch/baseline-src" -B "$scratch/baseline-build" -G Ninja \
    -DCMAKE_BUILD_TYPE=Release -DDECKHAND_BUILD_TESTS=OFF -DDECKHAND_BUILD_BENCH=OFF >/dev/null
  bench_install "$scratch/baseline-build" "$scratch/baseline"
  baseline_args=(--baseline "$scratch/baseline/bin/deckhand")
fi

echo "deckhand $(git rev-parse --short HEAD 2>/dev/null || echo '?'), baseline $baseline_name," \
  "$(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(/usr/lib/postgresql/15/bin/postgres --version)"
echo
"$build_dir"/bench/wait/bench_status_wait --deckhand "$scratch/prefix/bin/deckhand" \
  "${baseline_args[@]}" "$@"
