#!/usr/bin/env bash
# Makes the two base images containers/Dockerfile starts from, docker.io/library/debian:bookworm
# and :bookworm-slim, without a registry: mmdebstrap builds each root filesystem from this
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

# As the official images are made: minbase, and for -slim without documentation and locales.
slim_options=(
  --dpkgopt='path-exclude=/usr/share/man/*'
  --dpkgopt='path-exclude=/usr/share/doc/*'
  --dpkgopt='path-include=/usr/share/doc/*/copyright'
  --dpkgopt='path-exclude=/usr/share/info/*'
  --dpkgopt='path-exclude=/usr/share/locale/*'
  --dpkgopt='path-include=/usr/share/locale/locale.alias'
)
for tag in bookworm bookworm-slim; do
  image=docker.io/library/debian:$tag
  if buildah "${storage[@]}" inspect --type image "$image" >/dev/null 2>&1; then
    continue
  fi
  echo "bootstrap-bases: making $image with mmdebstrap (once per machine)" >&2
  work=$(mktemp -d "$TMPDIR/bootstrap.XXXXXX")
  trap 'rm -rf "$work"' EXIT
  options=(--variant=minbase --quiet --aptopt='Acquire::Retries "3"')
  if [[ $tag == bookworm-slim ]]; then
    options+=("${slim_options[@]}")
  fi
  # The image's own apt lists are left out, as in the official images.
  mmdebstrap "${options[@]}" \
    --customize-hook='rm -rf "$1"/var/lib/apt/lists/* "$1"/var/cache/apt/*.bin' \
    bookworm "$work/rootfs.tar" "${sources[@]}" </dev/null
  container=$(buildah "${storage[@]}" from scratch)
  buildah "${storage[@]}" add "$container" "$work/rootfs.tar" / >/dev/null
  buildah "${storage[@]}" config --cmd bash \
    --env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin "$container"
  buildah "${storage[@]}" commit --quiet --rm "$container" "$image" >/dev/null
  rm -rf "$work"
  trap - EXIT
done
