#!/usr/bin/env bash
# No plugin file holds another plugin's engine: plugins meet through the SDK (services, checks),
# never by linking each other's code. Each plugin's engine lives in namespace deckhand::<plugin>,
# so a plugin file (and its private libraries in <plugin>.d/) may define symbols of that
# namespace only for its own plugin name.
#
# The symbol table (nm), not the dynamic one (nm -D, readelf --dyn-syms): plugins are built with
# hidden visibility, so a statically linked engine exports nothing and only the full table shows
# it. Each file must show symbols of its own namespace, or the check would pass on a stripped
# file; and its dynamic table must export only the SDK's descriptor names (readelf), so that no
# engine is reachable from outside either.
#
#   no_foreign_engine_test.sh PLUGIN_FOLDER [NM] [READELF]
set -euo pipefail

folder=${1:?usage: $0 PLUGIN_FOLDER [NM] [READELF]}
nm_program=${2:-nm}
readelf_program=${3:-readelf}

# Every plugin file, with the plugin it belongs to.
declare -A owner_of
for file in "$folder"/*.so; do
    owner_of[$file]=$(basename "$file" .so)
done
for file in "$folder"/*.d/*.so; do
    [[ -e $file ]] || continue
    owner_of[$file]=$(basename "$(dirname "$file")" .d)
done
if ((${#owner_of[@]} == 0)); then
    echo "FAIL: no plugin file in $folder" >&2
    exit 1
fi
# Plugin names hold only [a-z0-9-]; as C++ namespaces, '-' reads '_'.
declare -A plugins
for file in "${!owner_of[@]}"; do
    plugins[${owner_of[$file]//-/_}]=1
done

failures=0
for file in $(printf '%s\n' "${!owner_of[@]}" | sort); do
    own=${owner_of[$file]//-/_}
    shown=${file#"$folder"/}
    namespaces=$("$nm_program" -C --defined-only "$file" | grep -o 'deckhand::[a-z0-9_]*::' |
        sort | uniq -c) || true
    if ! grep -q " deckhand::$own::\$" <<<"$namespaces"; then
        echo "FAIL: $shown defines no symbol of deckhand::$own:: (stripped? then this check" \
            "cannot see what it holds)" >&2
        failures=$((failures + 1))
    fi
    for other in "${!plugins[@]}"; do
        [[ $other == "$own" ]] && continue
        count=$(awk -v ns="deckhand::$other::" '$2 == ns { print $1 }' <<<"$namespaces")
        if [[ -n $count ]]; then
            echo "FAIL: $shown (plugin $own) defines $count symbols of plugin $other's engine" \
                "(deckhand::$other::), such as:" >&2
            "$nm_program" -C --defined-only "$file" | grep "deckhand::$other::" | sed -n 1,3p >&2
            failures=$((failures + 1))
        fi
    done
    # What the file exports: the descriptor's aliases (deckhand_*), a private library's entry,
    # and the C++ runtime's weak names (typeinfo, templates) that the compiler makes default.
    exported=$("$readelf_program" --wide --dyn-syms "$file" |
        awk '$5 == "GLOBAL" && $7 != "UND" { print $8 }')
    for other in "${!plugins[@]}"; do
        [[ $other == "$own" ]] && continue
        if grep -q "8deckhand${#other}${other}" <<<"$exported"; then
            echo "FAIL: $shown exports symbols of plugin $other's engine:" >&2
            grep "8deckhand${#other}${other}" <<<"$exported" | sed -n 1,3p >&2
            failures=$((failures + 1))
        fi
    done
done

if ((failures > 0)); then
    echo "$failures problem(s): link the SDK (deckhand::core) and use services, never another" \
        "plugin's engine library" >&2
    exit 1
fi
echo "ok: ${#owner_of[@]} plugin files, each holding only its own engine (${!plugins[*]})"
