# Sourced by the container test scripts: where this machine keeps the images the suite builds.
# One cache per machine (not per clone), so the base images are bootstrapped once and the image
# build reuses its layers. The storage driver is buildah's overlay when this kernel and buildah
# can use it (tried once on a scratch root; it shares layers instead of copying them, which
# made vfs spend most of a build copying and deleting), else vfs (no kernel support needed);
# DECKHAND_STORAGE_DRIVER overrides. Each driver has its own root, so their data never mix.
cache=${DECKHAND_CONTAINER_CACHE:-/var/cache/deckhand/containers}
mkdir -p "$cache"
# podman and buildah write their temporary files here rather than into /var/tmp.
export TMPDIR="$cache/tmp"
mkdir -p "$TMPDIR"
if [[ -z ${DECKHAND_STORAGE_DRIVER:-} ]]; then
  if [[ ! -s $cache/driver ]]; then
    # Probe: a scratch root where buildah makes and mounts a container with overlay.
    probe=$(mktemp -d "$TMPDIR/probe.XXXXXX")
    probe_driver=vfs
    if probe_container=$(buildah --root "$probe/root" --runroot "$probe/run" \
           --storage-driver overlay from scratch 2>/dev/null) \
       && buildah --root "$probe/root" --runroot "$probe/run" --storage-driver overlay \
           mount "$probe_container" >/dev/null 2>&1; then
      probe_driver=overlay
    fi
    buildah --root "$probe/root" --runroot "$probe/run" --storage-driver overlay \
      rm --all >/dev/null 2>&1 || true
    rm -rf "$probe"
    echo "$probe_driver" >"$cache/driver.$$" && mv "$cache/driver.$$" "$cache/driver"
  fi
  DECKHAND_STORAGE_DRIVER=$(cat "$cache/driver")
fi
storage=(--root "$cache/storage-$DECKHAND_STORAGE_DRIVER" --runroot "$cache/run-$DECKHAND_STORAGE_DRIVER"
         --storage-driver "$DECKHAND_STORAGE_DRIVER")
