#!/usr/bin/env bash
# Installs this build into a fresh prefix, then, as a team would: copies examples/plugin-hello out
# of the tree, builds it with find_package(deckhand) against that prefix alone, installs the
# plugin into a folder of its own and runs its command through the installed deckhand. Also:
# every installed header compiles on its own, the host's private header is not installed, and
# a plugin claiming another API major is refused by name.
set -euo pipefail
build_tree=$1 source_tree=$2 generator=${3:-Ninja}

fail() {
  echo "FAILED: $*" >&2
  exit 1
}

work=$(mktemp -d /tmp/deckhand-sdk-XXXXXX)
trap 'rm -rf "$work"' EXIT
# Paths relative to the work folder, so ccache serves a rerun what an earlier one compiled.
export CCACHE_BASEDIR=$work CCACHE_NOHASHDIR=1
launcher=()
if command -v ccache >/dev/null; then
  launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
fi
prefix=$work/deckhand
cmake --install "$build_tree" --prefix "$prefix" >/dev/null

# configure_and_install <project folder> <plugin prefix>: a plugin project built against the
# installed SDK only, installed under <plugin prefix>.
configure_and_install() {
  local project=$1 plugin_prefix=$2
  cmake -S "$project" -B "$project/build" -G "$generator" "${launcher[@]}" \
    -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_EXPORT_COMPILE_COMMANDS=ON >"$work/configure.log" 2>&1 ||
    { cat "$work/configure.log" >&2; fail "configuring $project against $prefix"; }
  cmake --build "$project/build" >"$work/build.log" 2>&1 ||
    { cat "$work/build.log" >&2; fail "building $project"; }
  # Nothing in the build may reach into deckhand's source or build tree: only the prefix.
  if grep -l -F -e "$source_tree/" -e "$build_tree/" "$project/build/compile_commands.json" \
    "$project/build/CMakeCache.txt" "$project/build/build.ninja" 2>/dev/null; then
    fail "$project's build refers to deckhand's source or build tree"
  fi
  cmake --install "$project/build" --prefix "$plugin_prefix" >/dev/null
}

# The README's "Writing a plugin" shows the example exactly (less its opening comment).
readme_block() {
  awk -v marker="$1" '$0 == marker { on = 1; next } on && /^```/ { exit } on' \
    "$source_tree/README.md"
}
diff <(readme_block "// examples/plugin-hello/hello.cpp") \
  <(tail -n +3 "$source_tree/examples/plugin-hello/hello.cpp") ||
  fail "README.md's hello.cpp differs from examples/plugin-hello/hello.cpp"
diff <(readme_block "# examples/plugin-hello/CMakeLists.txt") \
  <(sed -n '/^cmake_minimum_required/,$p' "$source_tree/examples/plugin-hello/CMakeLists.txt") ||
  fail "README.md's CMakeLists.txt differs from examples/plugin-hello/CMakeLists.txt"

cp -r "$source_tree/examples/plugin-hello" "$work/hello"
rm -rf "$work/hello/build"
configure_and_install "$work/hello" "$work/team"
plugins=$work/team/lib/deckhand/plugins
[[ -f $plugins/hello.so ]] || fail "the example did not install $plugins/hello.so"
deckhand=$prefix/bin/deckhand

out=$("$deckhand" --plugin-dir "$plugins" hello Ada --shout)
[[ $out == "HELLO, ADA" ]] || fail "deckhand hello printed '$out'"
out=$("$deckhand" --plugin-dir "$plugins" hello)
[[ $out == "hello, world" ]] || fail "deckhand hello printed '$out'"
"$deckhand" --plugin-dir "$plugins" help hello | grep -q "Greet someone" ||
  fail "help hello does not show the command's summary"
"$deckhand" --plugin-dir "$plugins" plugins | grep -E -q "hello +1\.0\.0" ||
  fail "deckhand plugins does not list hello 1.0.0"
status=0
"$deckhand" --plugin-dir "$plugins" hello '' 2>"$work/err" || status=$?
[[ $status == 2 ]] || fail "an empty NAME exited $status, not 2"

# Every installed header compiles alone, with nothing but the prefix on the include path.
[[ ! -e $prefix/include/deckhand/host.hpp ]] || fail "the host's private header is installed"
mkdir -p "$work/headers"
sources=()
while IFS= read -r header; do
  relative=${header#"$prefix/include/"}
  source=$work/headers/$(echo "$relative" | tr '/.' '__').cpp
  printf '#include <%s>\n' "$relative" >"$source"
  sources+=("$(basename "$source")")
done < <(find "$prefix/include/deckhand" -name '*.hpp' | sort)
((${#sources[@]} > 20)) || fail "only ${#sources[@]} headers are installed"
cat >"$work/headers/CMakeLists.txt" <<CMAKE
cmake_minimum_required(VERSION 3.25)
project(deckhand_headers LANGUAGES CXX)
set(CMAKE_CXX_STANDARD 20)
find_package(deckhand 1.2 REQUIRED)
add_library(headers OBJECT ${sources[*]})
target_link_libraries(headers PRIVATE deckhand::core)
CMAKE
cmake -S "$work/headers" -B "$work/headers/build" -G "$generator" "${launcher[@]}" \
  -DCMAKE_PREFIX_PATH="$prefix" >/dev/null
cmake --build "$work/headers/build" >"$work/build.log" 2>&1 ||
  { cat "$work/build.log" >&2; fail "an installed header does not compile on its own"; }

# A plugin that claims another API major is refused by name, and the host goes on.
mkdir -p "$work/future"
cat >"$work/future/CMakeLists.txt" <<'CMAKE'
cmake_minimum_required(VERSION 3.25)
project(deckhand_plugin_future LANGUAGES CXX)
set(CMAKE_CXX_STANDARD 20)
find_package(deckhand 1.2 REQUIRED)
deckhand_add_plugin(future SOURCES future.cpp)
CMAKE
cat >"$work/future/future.cpp" <<'CPP'
#include <deckhand/plugin.hpp>
namespace {
void register_nothing(deckhand::Registry&) {}
const deckhand::PluginDescriptor descriptor{deckhand::plugin_api_major + 1, 0, DECKHAND_ABI_TAG,
                                            "future", "1.0.0", &register_nothing};
}  // namespace
BOOST_DLL_ALIAS_SECTIONED(descriptor, deckhand_plugin, deckhand)
BOOST_DLL_ALIAS_SECTIONED(descriptor, DECKHAND_ABI_SYMBOL, deckhand)
BOOST_DLL_ALIAS_SECTIONED(descriptor, deckhand_command_future, deckhand)
CPP
configure_and_install "$work/future" "$work/team"
[[ -f $plugins/future.so ]] || fail "the mismatched plugin was not installed"
status=0
"$deckhand" --plugin-dir "$plugins" future >"$work/out" 2>"$work/err" || status=$?
grep -q "future.so" "$work/err" || { cat "$work/err" >&2; fail "the refusal does not name future.so"; }
grep -q -i "api" "$work/err" || { cat "$work/err" >&2; fail "the refusal does not say why"; }
((status != 0)) || fail "a plugin of another API major ran"
out=$("$deckhand" --plugin-dir "$plugins" hello 2>/dev/null)
[[ $out == "hello, world" ]] || fail "the refusal of future.so stopped hello"
echo "ok: the example plugin builds against the installed SDK and runs"
