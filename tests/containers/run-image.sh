#!/usr/bin/env bash
# Runs an image as a container runtime would, with a read-only root filesystem, which buildah's
# chroot isolation cannot do: the image's config (User, WorkingDir, Env, Entrypoint) is applied
# to a fresh container whose root is bind-mounted read-only in a private mount namespace, with a
# tmpfs on /tmp (the image's volume), /proc and /dev. The host network is shared.
#   run-image.sh IMAGE [--container NAME] [--bind HOST:PATH]... [--env NAME=VALUE]... [--entrypoint PROG] -- ARGS...
# --container NAME reuses (or makes, and keeps) a container of that name: with the vfs driver
# making one copies the whole image, and a read-only root cannot carry anything from run to run.
set -euo pipefail
source "$(dirname "$0")/storage.sh"
image=$1
shift
binds=() envs=() entrypoint=() name=""
while [[ $# -gt 0 && $1 != -- ]]; do
  case $1 in
    --bind) binds+=("$2"); shift 2 ;;
    --env) envs+=("$2"); shift 2 ;;
    --entrypoint) entrypoint=("$2"); shift 2 ;;
    --container) name=$2; shift 2 ;;
    *) echo "run-image: unknown option $1" >&2; exit 2 ;;
  esac
done
[[ $# -gt 0 ]] && shift

inspect() { buildah "${storage[@]}" inspect --type image --format "$1" "$image"; }
user=$(inspect '{{.OCIv1.Config.User}}')
workdir=$(inspect '{{.OCIv1.Config.WorkingDir}}')
mapfile -t image_env < <(inspect '{{range .OCIv1.Config.Env}}{{println .}}{{end}}' | sed '/^$/d')
if [[ ${#entrypoint[@]} -eq 0 ]]; then
  mapfile -t entrypoint < <(inspect '{{range .OCIv1.Config.Entrypoint}}{{println .}}{{end}}' | sed '/^$/d')
fi

if [[ -n $name ]] && buildah "${storage[@]}" inspect --type container "$name" >/dev/null 2>&1; then
  container=$name
elif [[ -n $name ]]; then
  container=$(buildah "${storage[@]}" from --pull=never --quiet --name "$name" "$image")
else
  container=$(buildah "${storage[@]}" from --pull=never --quiet "$image")
  cleanup() {
    buildah "${storage[@]}" umount "$container" >/dev/null 2>&1 || true
    buildah "${storage[@]}" rm "$container" >/dev/null 2>&1 || true
  }
  trap cleanup EXIT
fi
root=$(buildah "${storage[@]}" mount "$container")

setup="set -e; mount --bind '$root' '$root'"
for bind in "${binds[@]}"; do
  # The mount point is made in this throwaway container's own layer, before the root turns read-only.
  setup+="; mkdir -p '$root${bind#*:}'; mount --bind '${bind%%:*}' '$root${bind#*:}'"
  setup+="; mount -o remount,bind,ro '$root${bind#*:}'"
done
setup+="; mount -o remount,bind,ro '$root'"
setup+="; mount -t tmpfs -o mode=1777 tmpfs '$root/tmp'; mount -t proc proc '$root/proc'"
setup+="; mount --rbind /dev '$root/dev'"
set +e
unshare --mount --propagation private -- sh -c "$setup"' && exec "$@"' run-image \
  chroot --userspec="${user:-0:0}" "$root" /usr/bin/env -i -C "${workdir:-/}" \
  "${image_env[@]}" "${envs[@]}" "${entrypoint[@]}" "$@"
status=$?
set -e
exit $status
