#!/usr/bin/env bash
# Renders the Helm chart with helm-render (standing in for `helm template`) and checks the
# objects (check-manifests.js).   check-helm.sh HELM_RENDER CHART NODE_MODULES SECRETS [check options] -- [render options]
set -euo pipefail
render=$1 chart=$2 node_modules=$3 secrets=$4
shift 4
checks=()
while [[ $# -gt 0 && $1 != -- ]]; do checks+=("$1"); shift; done
[[ $# -gt 0 ]] && shift
rendered=$(mktemp --suffix=.yaml)
trap 'rm -f "$rendered"' EXIT
"$render" "$chart" "$@" >"$rendered"
NODE_PATH=$node_modules node "$(dirname "$0")/check-manifests.js" "$rendered" --helm --secrets "$secrets" "${checks[@]}"
