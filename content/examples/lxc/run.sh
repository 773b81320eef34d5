#!/usr/bin/env bash
# LXC: the older container manager built directly on namespaces and cgroups.
# The busybox template makes a "system container" (an init, syslogd, getty),
# managed by hand with lxc-* tools; no images, no registry.
set -euo pipefail

workdir=$(mktemp -d /tmp/atlas-ex-lxc.XXXXXX)
name="atlas-lxc-$$"
lxc_() { local cmd=$1; shift; "$cmd" -P "$workdir" -n "$name" "$@"; }
created=""
run_lxc_existed=""
[ -e /run/lxc ] && run_lxc_existed=1
# lxc leaves an empty helper cgroup "lxc.pivot" next to its caller's cgroup after a
# stop; remember the ones that exist already so that cleanup removes only its own
pivots_before=$(find /sys/fs/cgroup -maxdepth 6 -type d -name lxc.pivot 2>/dev/null | sort)

cleanup() {
  local rc=$?
  set +e
  if [ -n "$created" ]; then
    lxc_ lxc-stop -k >/dev/null 2>&1
    lxc_ lxc-destroy >/dev/null 2>&1
  fi
  find /sys/fs/cgroup -depth -type d \( -name "lxc.payload.$name" -o -name "lxc.monitor.$name" \) -exec rmdir {} \; 2>/dev/null
  find /sys/fs/cgroup -maxdepth 6 -type d -name lxc.pivot 2>/dev/null | sort | comm -13 <(echo "$pivots_before") - |
    while read -r d; do rmdir "$d"; done
  # this container's lock files sit under /run/lxc/lock/<lxcpath>: ours; the folders
  # above them only go if this script made /run/lxc and they are empty now
  rm -rf "/run/lxc/lock$workdir"
  [ -z "$run_lxc_existed" ] && [ -d /run/lxc ] && find /run/lxc -depth -type d -empty -delete
  rm -rf "$workdir"
  exit "$rc"
}
trap cleanup EXIT

echo "== 1. lxc-create -t busybox (no network device: lxc.net.0.type = empty) =="
echo "lxc.net.0.type = empty" > "$workdir/default.conf"
lxc_ lxc-create -f "$workdir/default.conf" -t busybox -o "$workdir/lxc.log" >/dev/null
created=1
echo "container directory:"
(cd "$workdir/$name" && find . -maxdepth 2 | sort | head -20 | sed 's/^/  /')
echo "rootfs/bin/busybox: $(wc -c < "$workdir/$name/rootfs/bin/busybox") bytes (the host's static busybox)"
echo "config (excerpts):"
grep -E '^lxc\.(net|rootfs|uts|mount\.auto|cap\.drop)' "$workdir/$name/config" | sed "s#$workdir#\$WORKDIR#; s/^/  /"

echo
echo "== 2. lxc-start: a full init inside =="
start=$(date +%s%N)
lxc_ lxc-start -o "$workdir/lxc.log"
for _ in $(seq 50); do [ "$(lxc_ lxc-info -sH)" = RUNNING ] && break; sleep 0.1; done
end=$(date +%s%N)
echo "RUNNING after $(( (end - start) / 1000000 )) ms"
lxc_ lxc-info | grep -E '^(Name|State|PID)'

echo
echo "== 3. lxc-attach: run commands in its namespaces =="
# shellcheck disable=SC2016 # expanded by the shell inside the container
lxc_ lxc-attach -- /bin/sh -c 'echo "hostname: $(hostname)"; ps'
echo "host PID of the container's init: $(lxc_ lxc-info -pH)"

echo
echo "== 4. lxc-cgroup: read and change a cgroup limit while it runs =="
init_pid=$(lxc_ lxc-info -pH)
if [ "$(stat -fc %T /sys/fs/cgroup)" = cgroup2fs ]; then
  key=memory.max
  host_dir="/sys/fs/cgroup$(sed -n 's/^0:://p' "/proc/$init_pid/cgroup")"
else
  key=memory.limit_in_bytes
  host_dir="/sys/fs/cgroup/memory$(sed -n 's/^[0-9]*:memory://p' "/proc/$init_pid/cgroup")"
fi
echo "$key before: $(lxc_ lxc-cgroup "$key")"
lxc_ lxc-cgroup "$key" 67108864
echo "$key after:  $(lxc_ lxc-cgroup "$key")"
echo "seen from the host: $host_dir/$key = $(cat "$host_dir/$key")"

echo
echo "== 5. lxc-stop (clean halt through busybox init) and lxc-destroy =="
start=$(date +%s%N)
lxc_ lxc-stop -t 10
end=$(date +%s%N)
echo "state: $(lxc_ lxc-info -sH) after $(( (end - start) / 1000000 )) ms"
lxc_ lxc-destroy >/dev/null
created=""
echo "destroyed: $( [ -e "$workdir/$name" ] && echo 'directory still there' || echo 'container directory removed')"
echo
echo "lxc example finished"
