#!/usr/bin/env bash
# Docker: the developer tool chain on top of containerd and runc.
# A private dockerd (own data root, exec root and socket) runs inside its own
# network namespace, so its bridge and iptables rules never touch the host.
# No registry: the base image is imported from a busybox tarball.
set -euo pipefail

BUSYBOX=${BUSYBOX:-/bin/busybox}
workdir=$(mktemp -d /tmp/atlas-ex-docker.XXXXXX)
netns="atlas-ex-docker-$$"
cgroup_parent="atlas-ex-docker-$$"   # containers go to /<cgroup_parent>/<id> in every hierarchy
export DOCKER_HOST="unix://$workdir/docker.sock"
export DOCKER_CONFIG="$workdir/client-config"   # keep the client away from ~/.docker
export DOCKER_BUILDKIT=0   # classic builder: BuildKit needs the separate buildx plugin on newer clients
daemon_pid=""
created_netns=""
existed_run_docker=""
existed_run_containerd=""
[ -e /run/docker ] && existed_run_docker=1
[ -e /run/containerd ] && existed_run_containerd=1
# dockerd's own containerd makes /opt/containerd (its plugin folder); removed if empty and ours
existed_opt_containerd=""
[ -e /opt/containerd ] && existed_opt_containerd=1
# `ip netns add` turns /run/netns into a mount point (bound onto itself) the first
# time it runs on a machine; if that is this script, undo it at the end
run_netns_existed=""
run_netns_mounted=""
[ -d /run/netns ] && run_netns_existed=1
mountpoint -q /run/netns 2>/dev/null && run_netns_mounted=1

restore_run_netns() {
  [ -n "$run_netns_mounted" ] && return 0
  # only while it holds no network namespace of someone else
  [ -d /run/netns ] && [ -z "$(ls -A /run/netns)" ] || return 0
  mountpoint -q /run/netns && umount /run/netns
  [ -z "$run_netns_existed" ] && rmdir /run/netns
  return 0
}

cleanup() {
  local rc=$? m
  set +e
  if [ -n "$daemon_pid" ]; then
    ids=$(docker ps -aq 2>/dev/null)
    # shellcheck disable=SC2086 # one argument per container id
    [ -n "$ids" ] && docker rm -f $ids >/dev/null 2>&1
    kill -TERM "$daemon_pid" 2>/dev/null
    for _ in $(seq 150); do kill -0 "$daemon_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$daemon_pid" 2>/dev/null
    wait "$daemon_pid" 2>/dev/null
  fi
  # dockerd's own containerd and shims, if any survived
  for p in $(pgrep -f "$workdir/" 2>/dev/null); do kill -KILL "$p" 2>/dev/null; done
  grep -o " $workdir/[^ ]*" /proc/self/mountinfo | sort -r | while read -r m; do umount -l "$m"; done
  [ -n "$created_netns" ] && ip netns delete "$netns"
  restore_run_netns
  find /sys/fs/cgroup -depth -type d -name "$cgroup_parent" -exec rmdir {} \; 2>/dev/null
  # fixed directories the daemon and shims create: remove them if we made them
  [ -z "$existed_run_docker" ] && [ -d /run/docker ] && find /run/docker -depth -type d -empty -delete
  [ -z "$existed_run_containerd" ] && [ -d /run/containerd ] && find /run/containerd -depth -type d -empty -delete
  [ -z "$existed_opt_containerd" ] && [ -d /opt/containerd ] && find /opt/containerd -depth -type d -empty -delete
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

echo "== 1. A private dockerd in its own network namespace =="
ip netns add "$netns"
created_netns=1
mkdir -p "$DOCKER_CONFIG"
start=$(date +%s%N)
# nsenter, not "ip netns exec": the latter remounts /sys and dockerd then finds no cgroups
nsenter --net="/run/netns/$netns" \
  dockerd --data-root "$workdir/data" --exec-root "$workdir/exec" \
          -H "$DOCKER_HOST" --pidfile "$workdir/docker.pid" \
          --cgroup-parent "/$cgroup_parent" >"$workdir/dockerd.log" 2>&1 &
daemon_pid=$!
for _ in $(seq 200); do
  docker version >/dev/null 2>&1 && break
  kill -0 "$daemon_pid" 2>/dev/null || { tail -20 "$workdir/dockerd.log"; exit 1; }
  sleep 0.1
done
end=$(date +%s%N)
echo "dockerd answered after $(( (end - start) / 1000000 )) ms"
echo "the engine reports the layers below it:"
docker version --format '{{range .Server.Components}}  {{.Name}} {{.Version}}{{"\n"}}{{end}}'
echo "dockerd started its own containerd:"
ps -o pid,ppid,args --ppid "$daemon_pid" | sed "s#$workdir#\$WORKDIR#g; s/^/  /"
echo "interfaces in $netns: $(ip netns exec "$netns" ip -br link | awk '{print $1}' | tr '\n' ' ')"

echo
echo "== 2. docker import: a base image from a tarball =="
make_rootfs "$workdir/rootfs"
tar -C "$workdir/rootfs" -c . | docker import -c 'CMD ["sh"]' -m "busybox rootfs" - atlas/busybox:1.0
docker image ls atlas/busybox

echo
echo "== 3. docker run --memory --pids-limit: limits in the container's cgroup =="
start=$(date +%s%N)
docker run --rm --memory 64m --pids-limit 20 atlas/busybox:1.0 sh -c '
  if [ -f /sys/fs/cgroup/cgroup.controllers ]; then
    echo "inside (cgroup v2): memory.max=$(cat /sys/fs/cgroup/memory.max) pids.max=$(cat /sys/fs/cgroup/pids.max)"
  else
    echo "inside (cgroup v1): memory.limit_in_bytes=$(cat /sys/fs/cgroup/memory/memory.limit_in_bytes) pids.max=$(cat /sys/fs/cgroup/pids/pids.max)"
  fi
  echo "inside: $(grep -E ":memory:|^0::" /proc/self/cgroup | head -1)"
'
end=$(date +%s%N)
echo "docker run --rm took $(( (end - start) / 1000000 )) ms"

echo
echo "== 4. Multi-stage docker build: the toolchain stays in the build stage =="
mkdir -p "$workdir/ctx"
cat > "$workdir/ctx/Dockerfile" <<'DOCKERFILE'
# stage 1: "build" with a (fake) 16 MiB toolchain
FROM atlas/busybox:1.0 AS build
RUN mkdir -p /toolchain /out \
 && dd if=/dev/urandom of=/toolchain/compiler bs=1M count=16 2>/dev/null \
 && printf '#!/bin/sh\necho "hello from the app, built in a multi-stage build"\n' > /out/app \
 && chmod +x /out/app

# stage 2: only the artifact is copied into a fresh base
FROM atlas/busybox:1.0
COPY --from=build /out/app /usr/local/bin/app
CMD ["app"]
DOCKERFILE
sed 's/^/  /' "$workdir/ctx/Dockerfile"
docker build -q --target build -t atlas/app-build:1.0 "$workdir/ctx" >/dev/null 2>&1
docker build -t atlas/app:1.0 "$workdir/ctx" 2>&1 | grep -E '^(Step|Successfully)'
docker image ls --format 'table {{.Repository}}:{{.Tag}}\t{{.Size}}' | grep -E 'REPOSITORY|atlas/'
build_size=$(docker image inspect -f '{{.Size}}' atlas/app-build:1.0)
final_size=$(docker image inspect -f '{{.Size}}' atlas/app:1.0)
echo "build stage: $build_size bytes, final image: $final_size bytes"
if [ "$final_size" -lt "$build_size" ]; then
  echo "final image is smaller than the build stage by $(( (build_size - final_size) / 1024 )) KiB"
fi
docker run --rm atlas/app:1.0

echo
echo "== 5. Stop the daemon =="
docker image rm atlas/app:1.0 atlas/app-build:1.0 atlas/busybox:1.0 >/dev/null
kill -TERM "$daemon_pid"
start=$(date +%s%N)
for _ in $(seq 150); do kill -0 "$daemon_pid" 2>/dev/null || break; sleep 0.1; done
wait "$daemon_pid" 2>/dev/null || true
daemon_pid=""
echo "dockerd stopped after $(( ($(date +%s%N) - start) / 1000000 )) ms"
echo
echo "docker example finished"
