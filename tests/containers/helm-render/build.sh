#!/usr/bin/env bash
# Builds helm-render offline (GOPATH mode against Debian's Go packages in /usr/share/gocode:
# sprig and sigs.k8s.io/yaml; no module download).   build.sh OUTPUT
set -euo pipefail
output=$1
gopath=$(mktemp -d)
trap 'rm -rf "$gopath"' EXIT
mkdir -p "$gopath/src/helm-render"
cp "$(dirname "$0")/main.go" "$gopath/src/helm-render/"
cd "$gopath/src/helm-render"
GO111MODULE=off GOPATH="$gopath:/usr/share/gocode" GOFLAGS= GOCACHE="${GOCACHE:-$gopath/cache}" \
  go build -o "$output" .
