#!/usr/bin/env bash
# Podman: the same kind of OCI image and container, but no daemon.
# Every podman command is a short-lived process; each container is watched by
# its own small conmon process, which calls runc.
set -euo pipefail

BUSYBOX=${BUSYBOX:-/bin/busybox}
workdir=$(mktemp -d /tmp/atlas-ex-podman.XXXXXX)
cgroup_parent="atlas-ex-podman-$$"
image="localhost/atlas/busybox:1.0"
# podman and netavark write a few files at fixed places whatever the configuration says
# (runc's state goes to --runtime-flag root=..., storage and temp files to the temp dir).
# Cleanup removes them only if they did not exist before this script, files by name and
# folders only when empty (rmdir), so that another tool's state made meanwhile stays.
fixed_paths=(/var/lib/containers/cache/blob-info-cache-v1.sqlite /var/lib/containers/cache /var/lib/containers
  /run/lock/netavark.lock /run/containers/networks /run/containers /run/runc)
existed=()
for p in "${fixed_paths[@]}"; do [ -e "$p" ] && existed+=("$p"); done

# private configuration: storage, events and network config under the temp dir
cat > "$workdir/containers.conf" <<CONF
[containers]
default_ulimits = []
[engine]
cgroup_manager = "cgroupfs"
lock_type = "file"
events_logger = "file"
events_logfile_path = "$workdir/events.log"
runtime = "runc"
[network]
network_config_dir = "$workdir/cni"
CONF
cat > "$workdir/storage.conf" <<CONF
[storage]
driver = "overlay"
runroot = "$workdir/runroot"
graphroot = "$workdir/graphroot"
CONF
export CONTAINERS_CONF="$workdir/containers.conf"
export CONTAINERS_STORAGE_CONF="$workdir/storage.conf"
export CONTAINERS_REGISTRIES_CONF=/dev/null
export PODMAN_IGNORE_CGROUPSV1_WARNING=1   # podman 5 warns on every call on cgroup v1 hosts
podman_() { podman --tmpdir "$workdir/tmp" --runtime-flag "root=$workdir/runc" "$@"; }

cleanup() {
  local rc=$? m p e keep
  set +e
  for c in $(podman_ ps -aq 2>/dev/null); do podman_ rm -f "$c" >/dev/null 2>&1; done
  podman_ rmi -a -f >/dev/null 2>&1
  for p in $(pgrep -f "conmon .*$workdir/" 2>/dev/null); do kill -KILL "$p" 2>/dev/null; done
  grep -o " $workdir/[^ ]*" /proc/self/mountinfo | sort -r | while read -r m; do umount -l "$m"; done
  find /sys/fs/cgroup -depth -type d -path "*/$cgroup_parent*" -exec rmdir {} \; 2>/dev/null
  for p in "${fixed_paths[@]}"; do
    keep=""
    for e in "${existed[@]}"; do [ "$e" = "$p" ] && keep=1; done
    [ -n "$keep" ] && continue
    if [ -d "$p" ]; then rmdir "$p" 2>/dev/null; elif [ -e "$p" ]; then rm -f "$p"; fi
  done
  rm -rf "$workdir"
  exit "$rc"
}
trap cleanup EXIT

make_rootfs() { # make_rootfs <dir>: a minimal rootfs from the static busybox binary
  local root=$1 applet
  mkdir -p "$root/bin" "$root/etc" "$root/proc" "$root/sys" "$root/dev" "$root/tmp" "$root/root"
  cp "$BUSYBOX" "$root/bin/busybox"
  for applet in $("$root/bin/busybox" --list); do
    [ "$applet" = busybox ] && continue
    ln -s busybox "$root/bin/$applet"
  done
  echo 'root:x:0:0:root:/root:/bin/sh' > "$root/etc/passwd"
  echo 'root:x:0:' > "$root/etc/group"
}

daemons() { # list container daemons that are running, or say there are none
  local found
  found=$(ps -eo pid=,comm= | awk '$2 == "dockerd" || $2 == "containerd" || $2 == "podman" {print "  " $0}')
  echo "${found:-  (none: no dockerd, containerd or podman process is running)}"
}

echo "== 1. No daemon before we start =="
daemons

echo
echo "== 2. podman import: an image from a busybox tarball =="
make_rootfs "$workdir/rootfs"
tar -C "$workdir/rootfs" -cf "$workdir/rootfs.tar" .
podman_ import --quiet --change 'CMD ["sh"]' "$workdir/rootfs.tar" "$image" >/dev/null
podman_ images

echo
echo "== 3. podman run --rm with limits (runtime: runc, no network) =="
start=$(date +%s%N)
# shellcheck disable=SC2016 # expanded by the shell inside the container
podman_ run --rm --network none --cgroup-parent "/$cgroup_parent" --memory 64m --pids-limit 20 "$image" sh -c '
  if [ -f /sys/fs/cgroup/cgroup.controllers ]; then
    echo "inside (cgroup v2): memory.max=$(cat /sys/fs/cgroup/memory.max) pids.max=$(cat /sys/fs/cgroup/pids.max)"
  else
    echo "inside (cgroup v1): memory.limit_in_bytes=$(cat /sys/fs/cgroup/memory/memory.limit_in_bytes) pids.max=$(cat /sys/fs/cgroup/pids/pids.max)"
  fi'
end=$(date +%s%N)
echo "podman run --rm took $(( (end - start) / 1000000 )) ms"

echo
echo "== 4. A detached container: who is its parent? =="
podman_ run -d --name sleeper --network none --cgroup-parent "/$cgroup_parent" "$image" sleep 60 >/dev/null
podman_ ps --format '{{.Names}} {{.Status}} {{.Image}}'
pid=$(podman_ inspect -f '{{.State.Pid}}' sleeper)
conmon=$(ps -o ppid= -p "$pid" | tr -d ' ')
grand=$(ps -o ppid= -p "$conmon" | tr -d ' ')
echo "container process: PID $pid ($(ps -o comm= -p "$pid"))"
echo "its parent:        PID $conmon ($(ps -o comm= -p "$conmon"))"
echo "conmon's parent:   PID $grand ($(ps -o comm= -p "$grand"))  <- the podman command has already exited"
echo "daemons while the container runs:"
daemons
podman_ stop -t 0 sleeper >/dev/null
podman_ rm sleeper >/dev/null
echo "stopped and removed; containers left: $(podman_ ps -aq | wc -l)"

echo
echo "== 5. Remove the image =="
podman_ rmi "$image" >/dev/null
echo "images left: $(podman_ images -q | wc -l)"
echo
echo "podman example finished"
