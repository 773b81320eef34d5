#!/bin/sh
# Namespaces in the live machine: the same five steps as run.sh, written for busybox sh.
# PID, UTS, mount and network namespaces as root, then a user namespace as the
# machine's unprivileged user atlas (uid 1000). unshare and nsenter are util-linux's,
# ip is iproute2's (Debian 12 packages).
set -eu
# busybox's sh runs its own applets (unshare, ip, setpriv…) before it searches PATH:
# Debian's util-linux and iproute2 tools are named by their full path.

workdir=$(mktemp -d /tmp/atlas-ex-namespaces.XXXXXX)
netns="atlas-ex-ns-$$"
bg_pid=""
cleanup() {
  rc=$?
  set +e
  [ -n "$bg_pid" ] && kill -KILL "$bg_pid" 2>/dev/null
  /bin/ip netns delete "$netns" 2>/dev/null
  rm -rf "$workdir"
  exit "$rc"
}
trap cleanup EXIT

echo "== 1. PID namespace: the first process is PID 1 =="
/usr/bin/unshare --pid --fork --mount-proc sh -c 'echo "inside: my PID is $$"; ps -o pid,ppid,comm'

echo
echo "-- the same process seen from the host --"
/usr/bin/unshare --pid --fork --mount-proc sleep 30 2>/dev/null &
bg_pid=$!
inner=""
i=0
# the namespace's PID 1 is the child of unshare
while [ -z "$inner" ] && [ "$i" -lt 100 ]; do
  inner=$(tr -d ' ' < "/proc/$bg_pid/task/$bg_pid/children" 2>/dev/null || true)
  [ -n "$inner" ] || sleep 0.05
  i=$((i + 1))
done
[ -n "$inner" ] || { echo "sleep inside the namespace did not start"; exit 1; }
grep NSpid "/proc/$inner/status"
echo "host PID namespace:      $(readlink /proc/$$/ns/pid)"
echo "container PID namespace: $(readlink "/proc/$inner/ns/pid")"

echo
echo "-- PID 1 of a namespace ignores SIGTERM it has no handler for --"
kill -TERM "$inner"
sleep 0.3
if kill -0 "$inner" 2>/dev/null; then
  echo "after SIGTERM: PID $inner (PID 1 inside) is still alive"
fi
kill -KILL "$inner"
wait "$bg_pid" 2>/dev/null || true
bg_pid=""
if ! kill -0 "$inner" 2>/dev/null; then
  echo "after SIGKILL: PID $inner is gone"
fi

echo
echo "== 2. UTS namespace: a hostname of its own =="
# shellcheck disable=SC2016 # expanded by the inner shell
/usr/bin/unshare --uts sh -c 'hostname atlas-demo; echo "inside:  hostname=$(hostname)"'
echo "outside: hostname=$(hostname)"

echo
echo "== 3. Mount namespace: a private mount =="
mkdir "$workdir/mnt"
# shellcheck disable=SC2016 # expanded by the inner shell
/usr/bin/unshare --mount --propagation private sh -c '
  mount -t tmpfs atlas-private "$1"
  echo "written inside" > "$1/file.txt"
  echo "inside:  $(ls "$1")"
  echo "inside:  mounts of type tmpfs named atlas-private: $(grep -c atlas-private /proc/self/mountinfo)"
' sh "$workdir/mnt"
echo "outside: files in the same directory: $(find "$workdir/mnt" -mindepth 1 | wc -l)"
echo "outside: mounts named atlas-private: $(grep -c atlas-private /proc/self/mountinfo || true)"

echo
echo "== 4. Network namespace: only a loopback device =="
echo "host interfaces: $(/bin/ip -br link show | wc -l)"
/bin/ip netns add "$netns"
echo "interfaces inside $netns:"
/bin/ip netns exec "$netns" /bin/ip -br link show | sed 's/^/  /'
/bin/ip netns exec "$netns" /bin/ip link set lo up
echo "after ip link set lo up:"
/bin/ip netns exec "$netns" /bin/ip -br addr show | sed 's/^/  /'
/bin/ip netns delete "$netns"

echo
echo "== 5. User namespace: an unprivileged user becomes \"root\" =="
cd /
# shellcheck disable=SC2016 # expanded by the inner shell
su -s /bin/sh atlas -c '
  echo "outside the user namespace: uid=$(id -u) ($(id -un))"
  /usr/bin/unshare --user --map-root-user sh -c "
    echo \"inside:  uid=\$(id -u) (root)\"
    echo \"inside:  uid_map: \$(cat /proc/self/uid_map | tr -s \" \")\"
    if touch /etc/atlas-should-fail 2>/dev/null; then echo \"inside:  wrote /etc\"; else echo \"inside:  touch /etc/atlas-should-fail: Permission denied (root only inside the namespace)\"; fi
  "
  echo "rootless network namespace, no privileges needed:"
  /usr/bin/unshare --user --map-root-user --net /bin/ip -br link show | sed "s/^/  /"
'
echo
echo "namespaces example finished"
