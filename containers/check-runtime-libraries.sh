#!/bin/sh
# Fails the image build when an installed binary or plugin needs a library the runtime stage's
# package list (runtime-packages.sh) misses, so the gap shows at build time, not at the first run.
# Run by both final stages of containers/Dockerfile after they copy the installed tree in.
set -eu
missing=$(find /usr/local/bin /usr/local/lib -type f \( -name deckhand -o -name '*.so*' \) \
  -exec ldd {} + | grep 'not found' || true)
if [ -n "$missing" ]; then
  echo "missing runtime libraries:" "$missing" >&2
  exit 1
fi
