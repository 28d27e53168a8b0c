# Sourced by the container test scripts: where this machine keeps the images the suite builds.
# One cache per machine (not per clone), so the base images are bootstrapped once and the image
# build reuses its layers and its ccache; buildah's own vfs driver needs no kernel overlay
# support and no daemon.
cache=${DECKHAND_CONTAINER_CACHE:-/var/cache/deckhand/containers}
mkdir -p "$cache"
storage=(--root "$cache/storage" --runroot "$cache/run" --storage-driver vfs)
# podman and buildah write their temporary files here rather than into /var/tmp.
export TMPDIR="$cache/tmp"
mkdir -p "$TMPDIR"
