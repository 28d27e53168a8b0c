#!/usr/bin/env bash
# Start-up time and file sizes, for bench/RESULTS.md. Builds a release tree without the tests
# (build/bench-startup), installs it stripped into a private prefix, and times (interleaved, 20 runs, medians) the installed deckhand
# against psql (the real binary, not Debian's Perl wrapper) and dbmate (from npm) in one run.
set -euo pipefail
cd "$(dirname "$0")/../.."

runs=${RUNS:-20}
build=build/bench-startup
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DDECKHAND_BUILD_TESTS=OFF >/dev/null
cmake --build "$build" >/dev/null
prefix=$(mktemp -d /tmp/deckhand-bench-XXXXXX)
trap 'rm -rf "$prefix"' EXIT
cmake --install "$build" --prefix "$prefix" --strip >/dev/null

subjects=("psql --version=/usr/lib/postgresql/15/bin/psql --version")
dbmate_dir=bench/.cache/dbmate
if command -v npm >/dev/null; then
  if [[ ! -x $dbmate_dir/node_modules/.bin/dbmate ]]; then
    mkdir -p "$dbmate_dir"
    npm install --silent --prefix "$dbmate_dir" dbmate >/dev/null 2>&1 || true
  fi
  dbmate=$(ls "$dbmate_dir"/node_modules/@dbmate/linux-x64/bin/dbmate 2>/dev/null || true)
  if [[ -n $dbmate ]]; then subjects+=("dbmate --version=$dbmate --version"); fi
fi
subjects+=(
  "deckhand version (every plugin)=$prefix/bin/deckhand version"
  "deckhand help migrate (one plugin)=$prefix/bin/deckhand help migrate"
)

echo "Start-up, $runs interleaved runs each, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores:"
echo
"$build"/bench/startup/startup_bench --runs "$runs" "${subjects[@]}"
echo
echo "Installed sizes (release, stripped):"
echo
echo "| file | bytes |"
echo "|---|---:|"
for file in "$prefix"/bin/deckhand "$prefix"/lib/libdeckhand_core.so.* "$prefix"/lib/deckhand/plugins/*.so \
  "$prefix"/lib/deckhand/plugins/*.d/*.so; do
  [[ -L $file ]] && continue
  echo "| ${file#"$prefix"/} | $(stat -c %s "$file") |"
done
