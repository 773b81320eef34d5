#!/usr/bin/env bash
# BuildKit: the builder behind `docker buildx build`. It turns a Dockerfile into a
# graph of steps, runs independent stages in parallel and keys a cache on every
# step, so a rebuild with an unchanged context reuses every step ("CACHED").
# A private dockerd (own data root, socket and network namespace) runs the build.
set -euo pipefail

BUSYBOX=${BUSYBOX:-/bin/busybox}
workdir=$(mktemp -d /tmp/atlas-ex-buildkit.XXXXXX)
netns="atlas-ex-buildkit-$$"
cgroup_parent="atlas-ex-buildkit-$$"
export DOCKER_HOST="unix://$workdir/docker.sock"
export DOCKER_CONFIG="$workdir/client-config"   # keep the client away from ~/.docker
daemon_pid=""
created_netns=""
# `ip netns add` turns /run/netns into a mount point (bound onto itself) the first
# time it runs on a machine; if that is this script, undo it at the end
run_netns_existed=""
run_netns_mounted=""
[ -d /run/netns ] && run_netns_existed=1
mountpoint -q /run/netns 2>/dev/null && run_netns_mounted=1
existed_run_docker=""
existed_run_containerd=""
[ -e /run/docker ] && existed_run_docker=1
[ -e /run/containerd ] && existed_run_containerd=1
# dockerd's containerd makes /opt/containerd, BuildKit's runc executor /run/runc:
# removed at the end if this script made them and they are empty
existed_opt_containerd=""
existed_run_runc=""
[ -e /opt/containerd ] && existed_opt_containerd=1
[ -e /run/runc ] && existed_run_runc=1

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
    kill -TERM "$daemon_pid" 2>/dev/null
    for _ in $(seq 150); do kill -0 "$daemon_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$daemon_pid" 2>/dev/null
    wait "$daemon_pid" 2>/dev/null
  fi
  for p in $(pgrep -f "$workdir/" 2>/dev/null); do kill -KILL "$p" 2>/dev/null; done
  grep -o " $workdir/[^ ]*" /proc/self/mountinfo | sort -r | while read -r m; do umount -l "$m"; done
  [ -n "$created_netns" ] && ip netns delete "$netns"
  restore_run_netns
  # BuildKit puts its build containers below <cgroup parent>/buildkit: deepest first
  find /sys/fs/cgroup -depth -type d -path "*/$cgroup_parent*" -exec rmdir {} \; 2>/dev/null
  [ -z "$existed_run_docker" ] && [ -d /run/docker ] && find /run/docker -depth -type d -empty -delete
  [ -z "$existed_run_containerd" ] && [ -d /run/containerd ] && find /run/containerd -depth -type d -empty -delete
  [ -z "$existed_opt_containerd" ] && [ -d /opt/containerd ] && find /opt/containerd -depth -type d -empty -delete
  [ -z "$existed_run_runc" ] && [ -d /run/runc ] && find /run/runc -depth -type d -empty -delete
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

# build <log>: the same build every time; plain progress output, one line per event
build() {
  docker buildx build --progress=plain --load -t atlas/app:1.0 "$workdir/ctx" > "$1" 2>&1
}

echo "== 1. A private dockerd and the buildx plugin =="
ip netns add "$netns"
created_netns=1
mkdir -p "$DOCKER_CONFIG"
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
echo "dockerd $(docker version --format '{{.Server.Version}}'), $(docker buildx version | cut -d' ' -f1-2)"
docker buildx ls | sed 's/^/  /'

echo
echo "== 2. A base image and a two-stage Dockerfile =="
make_rootfs "$workdir/rootfs"
tar -C "$workdir/rootfs" -c . | docker import -c 'CMD ["sh"]' - atlas/busybox:1.0 >/dev/null
mkdir -p "$workdir/ctx"
cat > "$workdir/ctx/Dockerfile" <<'DOCKERFILE'
# stage 1: "compile" with a (fake) 16 MiB toolchain; the sleep stands for real work,
# /proc/uptime (the shared kernel's clock, 1/100 s) records when each RUN ran
FROM atlas/busybox:1.0 AS build
RUN mkdir -p /out /toolchain && cut -d' ' -f1 /proc/uptime > /out/build.start \
 && dd if=/dev/urandom of=/toolchain/compiler bs=1M count=16 2>/dev/null && sleep 2 && cut -d' ' -f1 /proc/uptime > /out/build.end
COPY app.sh /src/app.sh
RUN cp /src/app.sh /out/app && chmod +x /out/app

# stage 2, independent of stage 1: BuildKit runs it at the same time
FROM atlas/busybox:1.0 AS docs
RUN mkdir -p /docs && cut -d' ' -f1 /proc/uptime > /docs/docs.start && echo "usage: app" > /docs/README && sleep 2 && cut -d' ' -f1 /proc/uptime > /docs/docs.end

# final stage: only the artefacts
FROM atlas/busybox:1.0
COPY --from=build /out/ /opt/app/
COPY --from=docs /docs/ /opt/app/docs/
CMD ["/opt/app/app"]
DOCKERFILE
printf '#!/bin/sh\necho "hello from the app, built by BuildKit"\n' > "$workdir/ctx/app.sh"
sed 's/^/  /' "$workdir/ctx/Dockerfile"

echo
echo "== 3. First build: every step runs =="
start=$(date +%s%N)
build "$workdir/build1.log"
echo "took $(( ($(date +%s%N) - start) / 1000000 )) ms"
grep -E '^#[0-9]+ \[(build|docs|stage-2) ' "$workdir/build1.log" | sed 's/^#[0-9]* /  /' | sort -u | cut -c1-110
echo "cached steps: $(grep -c -E '^#[0-9]+ CACHED$' "$workdir/build1.log" || true)"
# each RUN recorded its start and end: the stages ran in parallel if the intervals overlap
read -r b0 b1 d0 d1 <<<"$(docker run --rm atlas/app:1.0 cat /opt/app/build.start /opt/app/build.end \
  /opt/app/docs/docs.start /opt/app/docs/docs.end | tr -d '.' | tr '\n' ' ')"
echo "RUN in stage build: $(( (b1 - b0) * 10 )) ms, RUN in stage docs: $(( (d1 - d0) * 10 )) ms, started $(( (d0 - b0) * 10 )) ms apart"
if [ "$b0" -lt "$d1" ] && [ "$d0" -lt "$b1" ]; then
  echo "the two stages ran at the same time (their RUN steps overlap)"
else
  echo "the two stages ran one after the other"
fi
docker run --rm atlas/app:1.0

echo
echo "== 4. Rebuild with the same context: the cache answers =="
start=$(date +%s%N)
build "$workdir/build2.log"
echo "took $(( ($(date +%s%N) - start) / 1000000 )) ms"
grep -E '^#[0-9]+ CACHED$' -B1 "$workdir/build2.log" | grep -E '^#[0-9]+ \[' | sed 's/^#[0-9]* /  CACHED /' | sort -u | cut -c1-110
echo "cached steps: $(grep -c -E '^#[0-9]+ CACHED$' "$workdir/build2.log")"

echo
echo "== 5. Change app.sh: only the steps after COPY app.sh run again =="
printf '#!/bin/sh\necho "hello again, rebuilt from a changed file"\n' > "$workdir/ctx/app.sh"
build "$workdir/build3.log"
echo "cached: $(grep -c -E '^#[0-9]+ CACHED$' "$workdir/build3.log"), run again: $(grep -E '^#[0-9]+ \[build [0-9]/[0-9]\] (COPY|RUN cp)' "$workdir/build3.log" | sed 's/^#[0-9]* //' | sort -u | tr '\n' ';')"
docker run --rm atlas/app:1.0
echo "build cache records: $(docker buildx du 2>/dev/null | grep -c -E '^[a-z0-9]{25}' || true)"

echo
echo "== 6. Stop the daemon =="
docker image rm atlas/app:1.0 atlas/busybox:1.0 >/dev/null
docker buildx prune -af >/dev/null
kill -TERM "$daemon_pid"
for _ in $(seq 150); do kill -0 "$daemon_pid" 2>/dev/null || break; sleep 0.1; done
wait "$daemon_pid" 2>/dev/null || true
daemon_pid=""
echo "dockerd stopped"

echo
echo "buildkit example finished"
