#!/usr/bin/env bash
# CRI: what the kubelet says to containerd. A private containerd with its CRI
# plugin enabled, and a ~250-line gRPC client (cri-client.mjs, no dependencies)
# that creates a Pod sandbox and one container the way the kubelet would.
# No Kubernetes cluster and no kubelet run here.
set -euo pipefail

BUSYBOX=${BUSYBOX:-/bin/busybox}
here=$(cd "$(dirname "$0")" && pwd)
workdir=$(mktemp -d /tmp/atlas-ex-cri.XXXXXX)
sock="$workdir/containerd.sock"
cgroup_parent="atlas-ex-cri-$$"
daemon_pid=""
run_containerd_existed=""
[ -e /run/containerd ] && run_containerd_existed=1

ctr_() { ctr --address "$sock" --namespace k8s.io "$@"; }

cleanup() {
  local rc=$? m p
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
  for p in $(pgrep -f "containerd-shim-runc-v2 -namespace k8s.io .*-address $sock" 2>/dev/null); do kill -KILL "$p"; done
  grep -o " $workdir/[^ ]*" /proc/self/mountinfo | sort -r | while read -r m; do umount -l "$m"; done
  find /sys/fs/cgroup -depth -type d -path "*/$cgroup_parent*" -exec rmdir {} \; 2>/dev/null
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

echo "== 1. Images: the app image and a \"pause\" image for the Pod sandbox (umoci, no registry) =="
umoci init --layout "$workdir/oci"
umoci new --image "$workdir/oci:1.0"
umoci unpack --image "$workdir/oci:1.0" "$workdir/unpacked" >/dev/null
make_rootfs "$workdir/unpacked/rootfs"
umoci repack --image "$workdir/oci:1.0" "$workdir/unpacked"
umoci config --image "$workdir/oci:1.0" --config.cmd sh --config.env PATH=/bin:/sbin:/usr/bin:/usr/sbin
# the sandbox container only has to hold the Pod's namespaces open, like registry.k8s.io/pause
umoci config --image "$workdir/oci:1.0" --tag pause --config.cmd sleep --config.cmd 86400
tar -C "$workdir/oci" -cf "$workdir/image.tar" .
echo "tags in the OCI layout: $(umoci ls --layout "$workdir/oci" | tr '\n' ' ')"

echo
echo "== 2. containerd with the CRI plugin (own root, state, socket; host network only) =="
mkdir -p "$workdir/cni" "$workdir/logs"
cat > "$workdir/config.toml" <<TOML
version = 2
root = "$workdir/root"
state = "$workdir/state"
[grpc]
  address = "$sock"
[ttrpc]
  address = "$sock.ttrpc"
[plugins."io.containerd.internal.v1.opt"]
  path = "$workdir/opt"
[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "localhost/atlas/busybox:pause"
  stream_server_address = "127.0.0.1"
  stream_server_port = "0"
  netns_mounts_under_state_dir = true
  # never set an oom_score_adj below containerd's own (root may lack CAP_SYS_RESOURCE, as here)
  restrict_oom_score_adj = true
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = "$workdir/cni"
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
TOML
sed -n '/io.containerd.grpc.v1.cri"\]/,/conf_dir/p' "$workdir/config.toml" | sed "s#$workdir#\$WORKDIR#g; s/^/  /"
containerd --config "$workdir/config.toml" >"$workdir/containerd.log" 2>&1 &
daemon_pid=$!
for _ in $(seq 100); do
  ctr --address "$sock" version >/dev/null 2>&1 && break
  kill -0 "$daemon_pid" 2>/dev/null || { cat "$workdir/containerd.log"; exit 1; }
  sleep 0.1
done
echo "CRI plugin: $(ctr --address "$sock" plugins ls | awk '$2 == "cri" {print $1, $2, $4}')"
# the CRI plugin works in containerd's "k8s.io" namespace
ctr_ images import --base-name localhost/atlas/busybox "$workdir/image.tar" >/dev/null
echo "imported into namespace k8s.io: $(ctr_ images ls -q | tr '\n' ' ')"

echo
echo "== 3. The kubelet's calls, made by cri-client.mjs over gRPC =="
node "$here/cri-client.mjs" "$sock" localhost/atlas/busybox:1.0 "/$cgroup_parent" "$workdir/logs"

echo
echo "== 4. Behind CRI it is the same containerd: ctr sees what CRI made =="
echo "containers left in namespace k8s.io: $(ctr_ containers ls -q | wc -l)"
echo "images in namespace k8s.io (the CRI plugin adds a sha256:<image id> record for each):"
ctr_ images ls -q | sed 's/^/  /'
ctr_ images rm localhost/atlas/busybox:1.0 localhost/atlas/busybox:pause >/dev/null
echo
echo "cri example finished"
