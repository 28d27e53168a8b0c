# Sourced by the bench/*/run.sh scripts that run a benchmark executable against an installed
# release: where that release is built, the checks that it is one, and the build and install of
# deckhand with every plugin. One copy, so that every benchmark measures the same kind of build.

# bench_release_build DIR: configures DIR if needed (build/release from the README's preset,
# another folder as an equivalent Release build with tests) and refuses a build that is not
# Release or lacks the test fixtures the benchmarks start PostgreSQL with.
bench_release_build() {
  local build_dir=$1
  if [[ ! -f $build_dir/CMakeCache.txt ]]; then
    if [[ $build_dir == build/release ]]; then
      cmake --preset release >/dev/null
    else
      cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release -DDECKHAND_BUILD_TESTS=ON \
        >/dev/null
    fi
  fi
  local build_type
  build_type=$(sed -n 's/^CMAKE_BUILD_TYPE:STRING=//p' "$build_dir/CMakeCache.txt")
  if [[ $build_type != Release ]]; then
    echo "run.sh: $build_dir is a $build_type build; benchmarks measure Release builds" >&2
    exit 2
  fi
  if grep -q '^DECKHAND_BUILD_TESTS:BOOL=OFF' "$build_dir/CMakeCache.txt"; then
    echo "run.sh: $build_dir has DECKHAND_BUILD_TESTS=OFF; the benchmark starts PostgreSQL with the test fixtures" >&2
    exit 2
  fi
}

# bench_plugin_targets DIR: the plugin targets of a configured build (test plugins included;
# they are not installed).
bench_plugin_targets() {
  cmake --build "$1" --target help | grep -o '^deckhand_plugin_[a-z0-9_]*' | sort -u
}

# bench_install DIR PREFIX [TARGET...]: builds deckhand, every plugin and the given benchmark
# targets in DIR, and installs the product stripped into PREFIX.
bench_install() {
  local build_dir=$1 prefix=$2
  shift 2
  local plugins
  mapfile -t plugins < <(bench_plugin_targets "$build_dir")
  cmake --build "$build_dir" -j2 --target deckhand "${plugins[@]}" "$@" >/dev/null
  cmake --install "$build_dir" --prefix "$prefix" --strip >/dev/null
  chmod 0755 "$prefix"
}
