#!/usr/bin/env bash
# Builds containers/Dockerfile into localhost/deckhand:test with buildah (no daemon, no
# registry: the base images come from bootstrap-bases.sh), chroot isolation and the vfs driver.
# Layers are kept in the machine's cache, so an unchanged tree rebuilds in seconds and a changed
# one recompiles through the Dockerfile's ccache mount. Prints the build's wall time.
set -euo pipefail
source "$(dirname "$0")/storage.sh"
source_dir=$(cd "$(dirname "$0")/../.." && pwd)
"$(dirname "$0")/bootstrap-bases.sh"

exec 9>"$cache/build.lock"
flock 9
start=$(date +%s)
buildah "${storage[@]}" bud --isolation chroot --layers --pull=never \
  --build-arg REVISION="$(git -C "$source_dir" rev-parse HEAD 2>/dev/null || echo unknown)" \
  -f "$source_dir/containers/Dockerfile" -t localhost/deckhand:test "$source_dir" </dev/null
echo "build-image: built localhost/deckhand:test in $(( $(date +%s) - start ))s" >&2
