#!/usr/bin/env bash
# Times scripts/test as a fresh clone runs it, for bench/RESULTS.md ("Build time"): clones this
# repository at COMMIT into a scratch folder and runs its scripts/test with an empty ccache and
# an empty container cache (base images bootstrapped and the image built from nothing), without
# standard input, each output line prefixed with the seconds since the start; the last line is
# "TOTAL <seconds> rc=<status>".
#   bench/build-time/run.sh COMMIT [LOG]        LOG defaults to /tmp/deckhand-fresh-<commit>.log
# The scratch folder (/tmp/deckhand-fresh-<commit>) is kept for its build logs (.ninja_log).
set -uo pipefail
cd "$(dirname "$0")/../.."
commit=$(git rev-parse --short "${1:?usage: bench/build-time/run.sh COMMIT [LOG]}") || exit 2
root=/tmp/deckhand-fresh-$commit
log=${2:-$root.log}
rm -rf "$root"
mkdir -p "$root"
git clone --quiet "$PWD" "$root/clone" && git -C "$root/clone" checkout --quiet "$commit" || exit 2
export CCACHE_DIR=$root/ccache DECKHAND_CONTAINER_CACHE=$root/containers
start=$(date +%s)
(cd "$root/clone" && scripts/test </dev/null 2>&1) |
  while IFS= read -r line; do
    printf '%s %s\n' "$(($(date +%s) - start))" "$line"
  done >"$log"
status=${PIPESTATUS[0]}
echo "TOTAL $(($(date +%s) - start)) rc=$status" | tee -a "$log"
exit "$status"
