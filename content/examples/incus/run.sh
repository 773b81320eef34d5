#!/usr/bin/env bash
# Incus: a system-container manager (the community fork of LXD) built on LXC.
# A private incusd (INCUS_DIR in a temp dir) gets a "dir" storage pool and a
# busybox image built here (metadata.yaml + rootfs tarball, no image server, no
# network). The container boots busybox init; exec, stop and delete follow.
set -euo pipefail

BUSYBOX=${BUSYBOX:-/bin/busybox}
workdir=$(mktemp -d /tmp/atlas-ex-incus.XXXXXX)
chmod 711 "$workdir"   # the container's root (uid 1000000 on the host) must traverse it
export INCUS_DIR="$workdir/incus"          # incusd's state, socket and containers
export INCUS_CONF="$workdir/client"        # the client's config, away from ~/.config/incus
# incusd makes ~/.cache/incus for the user it runs as (found through /etc/passwd, not
# $HOME); removed at the end if this script made it and it is empty
passwd_home=$(getent passwd "$(id -un)" | cut -d: -f6)
cache_existed=""
cache_incus_existed=""
[ -e "$passwd_home/.cache" ] && cache_existed=1
[ -e "$passwd_home/.cache/incus" ] && cache_incus_existed=1
PATH="$PATH:/usr/libexec/incus"            # Debian installs incusd there
name="atlas-incus-$$"
daemon_pid=""
run_lxc_existed=""
[ -e /run/lxc ] && run_lxc_existed=1
# liblxc leaves an empty helper cgroup "lxc.pivot" in every hierarchy after a stop;
# remember the ones that exist already so that cleanup removes only its own
pivots_before=$(find /sys/fs/cgroup -maxdepth 6 -type d -name lxc.pivot 2>/dev/null | sort)

cleanup() {
  local rc=$? m
  set +e
  if [ -n "$daemon_pid" ]; then
    incus delete --force "$name" >/dev/null 2>&1
    incus image delete atlas-busybox >/dev/null 2>&1
    incus admin shutdown --timeout 20 >/dev/null 2>&1
    for _ in $(seq 200); do kill -0 "$daemon_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$daemon_pid" 2>/dev/null
    wait "$daemon_pid" 2>/dev/null
  fi
  for p in $(pgrep -f "$workdir/" 2>/dev/null); do kill -KILL "$p" 2>/dev/null; done
  grep -o " $workdir/[^ ]*" /proc/self/mountinfo | sort -r | while read -r m; do umount -l "$m"; done
  # the container's cgroups are named after it
  find /sys/fs/cgroup -depth -type d \( -name "lxc.payload.$name" -o -name "lxc.monitor.$name" \) -exec rmdir {} \; 2>/dev/null
  find /sys/fs/cgroup -maxdepth 6 -type d -name lxc.pivot 2>/dev/null | sort | comm -13 <(echo "$pivots_before") - |
    while read -r d; do rmdir "$d"; done
  # liblxc's lock files for this INCUS_DIR are ours; folders above them only if empty
  rm -rf "/run/lxc/lock$INCUS_DIR"
  [ -z "$run_lxc_existed" ] && [ -d /run/lxc ] && find /run/lxc -depth -type d -empty -delete
  [ -z "$cache_incus_existed" ] && rmdir "$passwd_home/.cache/incus" 2>/dev/null
  [ -z "$cache_existed" ] && rmdir "$passwd_home/.cache" 2>/dev/null
  rm -rf "$workdir"
  exit "$rc"
}
trap cleanup EXIT

echo "== 1. A private incusd =="
mkdir -p "$INCUS_DIR" "$INCUS_CONF"
incusd --group root >"$workdir/incusd.log" 2>&1 &
daemon_pid=$!
start=$(date +%s%N)
incus admin waitready --timeout 60 2>/dev/null
echo "incusd $(incusd --version) ready after $(( ($(date +%s%N) - start) / 1000000 )) ms, state in \$INCUS_DIR"
echo "server: $(incus info 2>/dev/null | grep -E '^\s+(driver|driver_version|server_version):' | tr -s ' ' | tr '\n' ' ')"
incus storage create default dir >/dev/null
incus profile device add default root disk path=/ pool=default >/dev/null
echo "storage pool 'default' (driver dir), root disk in the default profile; no network device at all"

echo
echo "== 2. An image built here: metadata.yaml + a busybox rootfs tarball =="
root="$workdir/image/rootfs"
mkdir -p "$root/bin" "$root/sbin" "$root/etc" "$root/proc" "$root/sys" "$root/dev" "$root/tmp" "$root/run" "$root/root"
cp "$BUSYBOX" "$root/bin/busybox"
for applet in $("$root/bin/busybox" --list); do
  [ "$applet" = busybox ] && continue
  ln -s busybox "$root/bin/$applet"
done
ln -s ../bin/busybox "$root/sbin/init"
echo 'root:x:0:0:root:/root:/bin/sh' > "$root/etc/passwd"
echo 'root:x:0:' > "$root/etc/group"
# busybox init: mount /run, then keep one service running
printf '::sysinit:/bin/mount -t tmpfs tmpfs /run\n::respawn:/bin/sleep 3600\n::shutdown:/bin/echo stopping\n' > "$root/etc/inittab"
cat > "$workdir/image/metadata.yaml" <<YAML
architecture: $(uname -m)
creation_date: $(date +%s)
properties:
  description: busybox system container (Stack Atlas example)
  os: busybox
  release: "$("$BUSYBOX" | head -n 1 | awk '{print $2}')"
YAML
tar -C "$workdir/image" -czf "$workdir/meta.tar.gz" metadata.yaml
tar -C "$root" -czf "$workdir/rootfs.tar.gz" .
incus image import "$workdir/meta.tar.gz" "$workdir/rootfs.tar.gz" --alias atlas-busybox >/dev/null
incus image list --format csv --columns ldt | sed 's/^/  /'

echo
echo "== 3. incus launch: a system container with an init =="
start=$(date +%s%N)
incus launch atlas-busybox "$name" --quiet
echo "RUNNING after $(( ($(date +%s%N) - start) / 1000000 )) ms: $(incus list "$name" --format csv --columns ns)"
echo "network devices: $(incus config show "$name" --expanded | grep -c 'type: nic' || true)"

echo
echo "== 4. incus exec: commands in its namespaces =="
# shellcheck disable=SC2016 # expanded by the shell inside the container
incus exec "$name" -- sh -c 'echo "hostname: $(hostname)"; ps -o pid,comm; echo "interfaces: $(ls /sys/class/net | tr "\n" " ")"'
pid=$(incus info "$name" | awk '$1 == "PID:" {print $2}')
echo "on the host, the container's init is PID $pid: $(ps -o comm= -p "$pid"), parent $(ps -o comm= -p "$(ps -o ppid= -p "$pid" | tr -d ' ')")"
echo "it runs as host uid $(ps -o uid= -p "$pid" | tr -d ' '): an unprivileged container, root inside is mapped to a high uid"
echo "its cgroup: $(grep -E ':memory:|^0::' "/proc/$pid/cgroup" | head -n 1 | sed 's#.*/##')"

echo
echo "== 5. incus stop and delete =="
start=$(date +%s%N)
incus stop "$name"
echo "$(incus list "$name" --format csv --columns s) after $(( ($(date +%s%N) - start) / 1000000 )) ms"
incus delete "$name"
incus image delete atlas-busybox
echo "instances left: $(incus list --format csv | wc -l), images left: $(incus image list --format csv | wc -l)"
incus admin shutdown --timeout 20
for _ in $(seq 200); do kill -0 "$daemon_pid" 2>/dev/null || break; sleep 0.1; done
wait "$daemon_pid" 2>/dev/null || true
daemon_pid=""
echo "incusd stopped"

echo
echo "incus example finished"
