#!/usr/bin/env bash
# Makes the two base images containers/Dockerfile starts from, docker.io/library/debian:bookworm
# and :bookworm-slim, without a registry: mmdebstrap builds the root filesystem from this
# machine's own apt sources (no mirror host is named here), buildah imports it under the name a
# registry pull would give. Done once per machine: images already in the cache are kept.
set -euo pipefail
source "$(dirname "$0")/storage.sh"

exec 9>"$cache/bootstrap.lock"
flock 9

# The machine's Debian sources (files naming bookworm), each handed to mmdebstrap as a file.
sources=()
for file in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
  if [[ -f $file ]] && grep -q '^[^#]*bookworm' "$file"; then
    sources+=("$file")
  fi
done
if [[ ${#sources[@]} -eq 0 ]]; then
  echo "bootstrap-bases: no apt source for bookworm under /etc/apt" >&2
  exit 2
fi

# One mmdebstrap run (about five minutes, most of it dpkg installing the essential packages):
# debian:bookworm is the minbase system; debian:bookworm-slim is made from it as the official
# images are (debuerreotype's slimify): dpkg is told to leave documentation and locales out of
# future installs, the files already installed there are deleted, and the result is squashed
# into one layer, so its size counts no deleted file.
bookworm=docker.io/library/debian:bookworm
slim=docker.io/library/debian:bookworm-slim
have() { buildah "${storage[@]}" inspect --type image "$1" >/dev/null 2>&1; }

if ! have "$bookworm"; then
  echo "bootstrap-bases: making $bookworm with mmdebstrap (once per machine)" >&2
  work=$(mktemp -d "$TMPDIR/bootstrap.XXXXXX")
  trap 'rm -rf "$work"' EXIT
  # The image's own apt lists are left out, as in the official images.
  mmdebstrap --variant=minbase --quiet --aptopt='Acquire::Retries "3"' \
    --customize-hook='rm -rf "$1"/var/lib/apt/lists/* "$1"/var/cache/apt/*.bin' \
    bookworm "$work/rootfs.tar" "${sources[@]}" </dev/null
  container=$(buildah "${storage[@]}" from scratch)
  buildah "${storage[@]}" add "$container" "$work/rootfs.tar" / >/dev/null
  buildah "${storage[@]}" config --cmd bash \
    --env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin "$container"
  buildah "${storage[@]}" commit --quiet --rm "$container" "$bookworm" >/dev/null
  rm -rf "$work"
  trap - EXIT
fi

if ! have "$slim"; then
  echo "bootstrap-bases: making $slim from $bookworm (once per machine)" >&2
  container=$(buildah "${storage[@]}" from --pull=never --quiet "$bookworm")
  trap 'buildah "${storage[@]}" rm "$container" >/dev/null 2>&1 || true' EXIT
  root=$(buildah "${storage[@]}" mount "$container")
  cat >"$root/etc/dpkg/dpkg.cfg.d/docker" <<'CFG'
# As in the official -slim images: no documentation but the copyrights, no locales.
path-exclude /usr/share/man/*
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
path-include /usr/share/locale/locale.alias
CFG
  find "$root/usr/share/man" "$root/usr/share/info" -mindepth 1 -depth -delete
  find "$root/usr/share/doc" -mindepth 1 -depth ! -name copyright ! -type d -delete
  find "$root/usr/share/doc" -mindepth 1 -depth -type d -empty -delete
  find "$root/usr/share/locale" -mindepth 1 -depth ! -name locale.alias -delete
  buildah "${storage[@]}" umount "$container" >/dev/null
  buildah "${storage[@]}" commit --quiet --squash --rm "$container" "$slim" >/dev/null
  trap - EXIT
fi
