#!/usr/bin/env bash
# Namespaces: one process, several views of the system.
# PID, UTS, mount and network namespaces as root, then a user namespace as an
# unprivileged user that this script creates and removes again.
set -euo pipefail

workdir=$(mktemp -d /tmp/atlas-ex-namespaces.XXXXXX)
netns="atlas-ex-ns-$$"
user="atlasns$$"
created_user=""
created_netns=""
bg_pid=""
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
  local rc=$?
  set +e
  if [ -n "$bg_pid" ] && kill -0 "$bg_pid" 2>/dev/null; then
    kill -KILL "$bg_pid" 2>/dev/null
    wait "$bg_pid" 2>/dev/null
  fi
  [ -n "$created_netns" ] && ip netns delete "$netns" 2>/dev/null
  restore_run_netns
  [ -n "$created_user" ] && userdel "$user" 2>/dev/null
  rm -rf "$workdir"
  exit "$rc"
}
trap cleanup EXIT

echo "== 1. PID namespace: the first process is PID 1 =="
unshare --pid --fork --mount-proc sh -c 'echo "inside: my PID is $$"; ps -e -o pid,ppid,comm'

echo
echo "-- the same process seen from the host --"
# (stderr silenced: util-linux unshare complains when its child is SIGKILLed)
unshare --pid --fork --mount-proc sleep 30 2>/dev/null &
bg_pid=$!
inner=""
for _ in $(seq 50); do
  inner=$(ps -o pid= --ppid "$bg_pid" | tr -d ' ' || true)
  [ -n "$inner" ] && break
  sleep 0.05
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
unshare --uts sh -c 'hostname atlas-demo; echo "inside:  hostname=$(hostname)"'
echo "outside: hostname=$(hostname)"

echo
echo "== 3. Mount namespace: a private mount =="
mkdir "$workdir/mnt"
# shellcheck disable=SC2016 # expanded by the inner shell
unshare --mount --propagation private sh -c '
  mount -t tmpfs atlas-private "$1"
  echo "written inside" > "$1/file.txt"
  echo "inside:  $(ls "$1")"
  echo "inside:  mounts of type tmpfs named atlas-private: $(grep -c atlas-private /proc/self/mountinfo)"
' sh "$workdir/mnt"
echo "outside: files in the same directory: $(find "$workdir/mnt" -mindepth 1 | wc -l)"
echo "outside: mounts named atlas-private: $(grep -c atlas-private /proc/self/mountinfo || true)"

echo
echo "== 4. Network namespace: only a loopback device =="
echo "host interfaces: $(ip -br link show | wc -l)"
ip netns add "$netns"
created_netns=1
echo "interfaces inside $netns:"
ip netns exec "$netns" ip -br link show | sed 's/^/  /'
ip netns exec "$netns" ip link set lo up
echo "after ip link set lo up:"
ip netns exec "$netns" ip -br addr show | sed 's/^/  /'
ip netns delete "$netns"
created_netns=""
restore_run_netns
echo "/run/netns after delete: $(if mountpoint -q /run/netns; then echo 'still a mount point (it was one before)'; else echo 'no longer a mount point (as before)'; fi)"

echo
echo "== 5. User namespace: an unprivileged user becomes \"root\" =="
useradd --no-create-home --shell /usr/sbin/nologin --user-group "$user"
created_user=1
echo "created user $user (uid $(id -u "$user"))"
cd /
# shellcheck disable=SC2016 # expanded by the inner shell
runuser -u "$user" -- sh -c '
  echo "outside the user namespace: uid=$(id -u)"
  unshare --user --map-root-user sh -c "
    echo \"inside:  uid=\$(id -u) (root)\"
    echo \"inside:  uid_map: \$(cat /proc/self/uid_map | tr -s \" \")\"
    if touch /etc/atlas-should-fail 2>/dev/null; then echo \"inside:  wrote /etc\"; else echo \"inside:  touch /etc/atlas-should-fail: Permission denied (root only inside the namespace)\"; fi
  "
  echo "rootless network namespace, no privileges needed:"
  unshare --user --map-root-user --net ip -br link show | sed "s/^/  /"
'
userdel "$user"
created_user=""
echo "removed user $user"
echo
echo "namespaces example finished"
