#!/usr/bin/env bash
# Renders one Kustomize folder of containers/k8s with `kubectl kustomize` (offline) and checks
# the objects (check-manifests.js).   check-kustomize.sh FOLDER SECRETS NODE_MODULES
set -euo pipefail
folder=$1 secrets=$2 node_modules=$3
rendered=$(mktemp --suffix=.yaml)
trap 'rm -f "$rendered"' EXIT
kubectl kustomize "$folder" >"$rendered"
NODE_PATH=$node_modules node "$(dirname "$0")/check-manifests.js" "$rendered" --secrets "$secrets"
