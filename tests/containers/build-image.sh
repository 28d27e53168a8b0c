#!/usr/bin/env bash
# Builds containers/Dockerfile into localhost/deckhand:test with buildah (no daemon, no
# registry: the base images come from bootstrap-bases.sh), chroot isolation and the vfs driver.
#   build-image.sh [--prebuilt] [--tag TAG] [BUILD_DIR]
# --prebuilt: installs BUILD_DIR (already built) into a temporary folder and builds the runtime
# stage from it (--target runtime-prebuilt, build context installed): no compiler, about a minute
# cold. Without it the Dockerfile's default target, runtime, compiles the tree in its build stage.
# With the build folder of the preset the suite has just built (build/ci), the image's build
# stage compiles with that preset in this checkout's own path, and the Dockerfile's ccache and apt
# cache mounts are this machine's ccache and apt archive (bind-mounted in a private mount
# namespace, for this build only): the image then compiles almost nothing and downloads nothing
# the machine already has. Layers are kept in the machine's cache, so an unchanged tree rebuilds
# in seconds. Prints the build's wall time.
set -euo pipefail
source "$(dirname "$0")/storage.sh"
source_dir=$(cd "$(dirname "$0")/../.." && pwd)
build_args=() prebuilt=0 tag=localhost/deckhand:test
while [[ $# -gt 0 && $1 == --* ]]; do
  case $1 in
    --prebuilt) prebuilt=1; shift ;;
    --tag) tag=$2; shift 2 ;;
    *) echo "build-image: unknown option $1" >&2; exit 2 ;;
  esac
done
if [[ $prebuilt -eq 1 ]]; then
  [[ $# -eq 1 ]] || { echo "build-image: --prebuilt needs the build folder" >&2; exit 2; }
  installed=$(mktemp -d "${TMPDIR}/installed.XXXXXX")
  trap 'rm -rf "$installed"' EXIT
  cmake --install "$1" --prefix "$installed" --strip >/dev/null
  build_args+=(--target runtime-prebuilt --build-context installed="$installed")
elif [[ $# -gt 0 ]]; then
  # ccache keys its cache on the locale too.
  locale_env=$(env | grep -E '^(LANG|LC_ALL|LC_CTYPE|LC_MESSAGES)=' | paste -s -d ' ' || true)
  build_args+=(--build-arg PRESET="$(basename "$1")" --build-arg SOURCE_DIR="$source_dir"
               --build-arg COMPILE_LOCALE="$locale_env")
fi
"$(dirname "$0")/bootstrap-bases.sh"

# buildah keeps a cache mount with id=NAME in $TMPDIR/buildah-cache/NAME.
mounts=""
bind_cache() {
  local from=$1 id=$2
  if [[ -n $from && -d $from ]]; then
    mkdir -p "$TMPDIR/buildah-cache/$id"
    mounts+="mount --bind '$from' '$TMPDIR/buildah-cache/$id' && "
  fi
}
if command -v ccache >/dev/null; then
  bind_cache "$(ccache --get-config cache_dir)" deckhand-ccache
fi
archives=""
eval "$(apt-config shell archives Dir::Cache::archives/d)"
bind_cache "${archives%/}" deckhand-apt

exec 9>"$cache/build.lock"
flock 9
# An interrupted build leaves its working containers behind (copies of whole layers with vfs).
buildah "${storage[@]}" containers --quiet --filter name=working-container \
  | xargs --no-run-if-empty buildah "${storage[@]}" rm >/dev/null
start=$(date +%s)
revision=$(git -C "$source_dir" rev-parse HEAD 2>/dev/null || echo unknown)
created=$(date -u +%Y-%m-%dT%H:%M:%SZ)
unshare --mount --propagation private -- sh -c "${mounts}"'exec "$@"' build-image \
  buildah "${storage[@]}" bud --isolation chroot --layers --pull=never "${build_args[@]}" \
  --build-arg REVISION="$revision" --build-arg CREATED="$created" \
  -f "$source_dir/containers/Dockerfile" -t "$tag" "$source_dir" </dev/null
# buildah's layer cache ignores a changed ARG at the LABEL step, so an unchanged tree would keep
# an earlier build's revision and date: set them on the built image itself.
labelled=$(buildah "${storage[@]}" from --pull=never --quiet "$tag")
buildah "${storage[@]}" config --label org.opencontainers.image.revision="$revision" \
  --label org.opencontainers.image.created="$created" "$labelled"
buildah "${storage[@]}" commit --quiet --rm "$labelled" "$tag" >/dev/null
echo "build-image: built $tag in $(( $(date +%s) - start ))s" >&2
# Each build leaves its build stage behind as an untagged image (most of a gigabyte with vfs). The
# newest is kept, so an unchanged tree rebuilds from cache; earlier ones only fill the disk.
buildah "${storage[@]}" images --filter dangling=true --noheading --format '{{.Created}} {{.ID}}' \
  | sort -n -r | tail -n +2 | awk '{ print $2 }' \
  | xargs --no-run-if-empty buildah "${storage[@]}" rmi >/dev/null
