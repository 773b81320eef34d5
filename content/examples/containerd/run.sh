#!/usr/bin/env bash
# containerd: the high-level runtime. It stores images (content + snapshots),
# and starts containers through containerd-shim-runc-v2, which calls runc.
# This script runs a private containerd (own config, root, state and socket in a
# temp dir, CRI plugin disabled) and an OCI image built locally with umoci.
set -euo pipefail

BUSYBOX=${BUSYBOX:-/bin/busybox}
workdir=$(mktemp -d /tmp/atlas-ex-containerd.XXXXXX)
ns="atlas-ex-$$"                     # containerd namespace; also the cgroup parent /<ns>/<id>
sock="$workdir/containerd.sock"
image="localhost/atlas/busybox:1.0"
daemon_pid=""
run_containerd_existed=""
[ -e /run/containerd ] && run_containerd_existed=1

ctr_() { ctr --address "$sock" --namespace "$ns" "$@"; }

cleanup() {
  local rc=$? m
  set +e
  if [ -n "$daemon_pid" ]; then
    for t in $(ctr_ tasks ls -q 2>/dev/null); do ctr_ tasks kill -s KILL "$t" >/dev/null 2>&1; done
    sleep 0.3
    for t in $(ctr_ tasks ls -q 2>/dev/null); do ctr_ tasks delete -f "$t" >/dev/null 2>&1; done
    for c in $(ctr_ containers ls -q 2>/dev/null); do ctr_ containers delete "$c" >/dev/null 2>&1; done
    kill -TERM "$daemon_pid" 2>/dev/null
    for _ in $(seq 50); do kill -0 "$daemon_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$daemon_pid" 2>/dev/null
    wait "$daemon_pid" 2>/dev/null
  fi
  # shims outlive containerd by design; stop any left from this namespace
  for p in $(pgrep -f "containerd-shim-runc-v2 -namespace $ns " 2>/dev/null); do kill -KILL "$p"; done
  grep -o " $workdir/[^ ]*" /proc/self/mountinfo | sort -r | while read -r m; do umount -l "$m"; done
  # the container cgroups are removed by runc; the namespace's parent cgroup is not
  find /sys/fs/cgroup -depth -type d -name "$ns" -exec rmdir {} \; 2>/dev/null
  # the shim and ctr use fixed directories under /run/containerd: remove them if we made them
  if [ -z "$run_containerd_existed" ] && [ -d /run/containerd ]; then
    find /run/containerd -depth -type d -empty -delete 2>/dev/null
  fi
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

echo "== 1. Build an OCI image locally with umoci (no registry) =="
umoci init --layout "$workdir/oci"
umoci new --image "$workdir/oci:1.0"
umoci unpack --image "$workdir/oci:1.0" "$workdir/unpacked" >/dev/null
make_rootfs "$workdir/unpacked/rootfs"
umoci repack --image "$workdir/oci:1.0" "$workdir/unpacked"
umoci config --image "$workdir/oci:1.0" --config.cmd sh --author "Stack Atlas example"
echo "OCI image layout:"
(cd "$workdir/oci" && find . -type f | sort | sed 's/^/  /')
echo "layers of oci:1.0:"
umoci stat --image "$workdir/oci:1.0" | sed 's/^/  /'
tar -C "$workdir/oci" -cf "$workdir/image.tar" .
echo "image archive: $(du -k "$workdir/image.tar" | cut -f1) KiB"

echo
echo "== 2. A private containerd: own root, state and socket, CRI plugin disabled =="
cat > "$workdir/config.toml" <<TOML
version = 2
root = "$workdir/root"
state = "$workdir/state"
disabled_plugins = ["io.containerd.grpc.v1.cri"]
[grpc]
  address = "$sock"
[ttrpc]
  address = "$sock.ttrpc"
[plugins."io.containerd.internal.v1.opt"]
  path = "$workdir/opt"
TOML
sed "s#$workdir#\$WORKDIR#g; s/^/  /" "$workdir/config.toml"
containerd --config "$workdir/config.toml" >"$workdir/containerd.log" 2>&1 &
daemon_pid=$!
for _ in $(seq 100); do
  ctr --address "$sock" version >/dev/null 2>&1 && break
  kill -0 "$daemon_pid" 2>/dev/null || { cat "$workdir/containerd.log"; exit 1; }
  sleep 0.1
done
ctr --address "$sock" version
echo "CRI plugin loaded: $(ctr --address "$sock" plugins ls | grep -c 'io.containerd.grpc.v1.*cri' || true)"
echo "snapshotter: $(ctr --address "$sock" plugins ls | awk '$2 == "overlayfs" {print $1, $2, $4}')"

echo
echo "== 3. ctr images import =="
ctr_ images import --base-name localhost/atlas/busybox "$workdir/image.tar"
ctr_ images ls

echo
echo "== 4. ctr run --rm =="
start=$(date +%s%N)
# shellcheck disable=SC2016 # expanded by the shell inside the container
ctr_ run --rm "$image" hello sh -c 'echo "hello from $(hostname), PID $$, kernel $(uname -r)"'
end=$(date +%s%N)
echo "host kernel: $(uname -r)  (one kernel, shared by the host and every container)"
echo "ctr run --rm took $(( (end - start) / 1000000 )) ms (create + start + wait + delete)"

echo
echo "== 5. --memory-limit: the limit lands in the container's cgroup =="
ctr_ run -d --memory-limit 67108864 "$image" limited sleep 60 >/dev/null
ctr_ tasks ls
pid=$(ctr_ tasks ls | awk '$1 == "limited" {print $2}')
if [ "$(stat -fc %T /sys/fs/cgroup)" = cgroup2fs ]; then
  echo "cgroup v2: /sys/fs/cgroup/$ns/limited/memory.max = $(cat "/sys/fs/cgroup/$ns/limited/memory.max")"
else
  echo "cgroup v1: /sys/fs/cgroup/memory/$ns/limited/memory.limit_in_bytes = $(cat "/sys/fs/cgroup/memory/$ns/limited/memory.limit_in_bytes")"
fi
echo "process tree: the container process is a child of containerd-shim-runc-v2, which created it with runc:"
ps -o pid,ppid,args -p "$(ps -o ppid= -p "$pid" | tr -d ' ')" -p "$pid" | sed "s#$workdir#\$WORKDIR#g"
echo "runc state kept by the shim: $(ls /run/containerd/runc/"$ns"/)"
echo "container rootfs is an overlay mount of the image snapshot:"
grep " $workdir/state/.*/limited/rootfs " /proc/self/mountinfo | grep -o 'overlay overlay [^,]*,lowerdir=[^,]*' | sed "s#$workdir#\$WORKDIR#g; s/^/  /"
ctr_ tasks kill -s KILL limited
for _ in $(seq 50); do ctr_ tasks ls | grep -q 'limited .*RUNNING' || break; sleep 0.1; done
ctr_ tasks delete limited >/dev/null 2>&1
ctr_ containers delete limited

echo
echo "== 6. Over the limit: OOM kill inside a 32 MiB container =="
set +e
ctr_ run --rm --memory-limit 33554432 "$image" oom dd if=/dev/zero of=/dev/null bs=128M count=1
status=$?
set -e
echo "exit status of ctr run: $status"

echo
echo "== 7. Clean up: image, namespace, daemon =="
ctr_ images rm "$image" >/dev/null
ctr_ content prune references >/dev/null 2>&1 || true
echo "containers left: $(ctr_ containers ls -q | wc -l), images left: $(ctr_ images ls -q | wc -l)"
echo
echo "containerd example finished"
