#!/bin/sh
# User namespaces in the live machine. Podman does not fit in it, so this script does
# by hand what rootless Podman's helpers do: first the unprivileged user atlas
# (uid 1000) maps itself to root in a new user namespace; then root writes a map
# with a range of subordinate ids, as newuidmap does from /etc/subuid for Podman:
# root inside = the user outside, uid 1000 inside = subordinate uid 100000 + 999.
set -eu
# busybox's sh runs its own applets (unshare, ip, setpriv…) before it searches PATH:
# Debian's util-linux and iproute2 tools are named by their full path.

workdir=$(mktemp -d /tmp/atlas-ex-userns.XXXXXX)
chmod 755 "$workdir"
bg_pid=""
cleanup() {
  rc=$?
  set +e
  [ -n "$bg_pid" ] && kill -KILL "$bg_pid" 2>/dev/null
  rm -rf "$workdir"
  exit "$rc"
}
trap cleanup EXIT

echo "== 1. An unprivileged user maps itself to root =="
mkdir "$workdir/shared"
chown atlas:atlas "$workdir/shared"
cd /
# shellcheck disable=SC2016 # expanded by the inner shell
su -s /bin/sh atlas -c '
  echo "outside: $(id)"
  /usr/bin/unshare --user --map-root-user sh -c "
    echo \"inside: \$(id)\"
    echo \"inside: uid_map: \$(tr -s \" \" < /proc/self/uid_map)\"
    touch $1/made-by-root
    echo \"inside: $1/made-by-root owner uid \$(stat -c %u $1/made-by-root)\"
    if (echo x >> /etc/passwd) 2>/dev/null; then echo \"wrote the host /etc/passwd (unexpected)\"; else echo \"writing the host'"'"'s /etc/passwd from the namespace: Permission denied\"; fi
  "
' sh "$workdir/shared"
echo "on the host: \$WORKDIR/shared/made-by-root owner uid $(stat -c %u "$workdir/shared/made-by-root") ($(stat -c %U "$workdir/shared/made-by-root"))"

echo
echo "== 2. A range of subordinate ids, as newuidmap writes it for rootless Podman =="
echo "atlas:100000:65536" > "$workdir/subuid"
echo "/etc/subuid would say: $(cat "$workdir/subuid")"
start=100000
# the process in the new namespace: waits until its maps are written, then becomes uid 1000 inside
cat > "$workdir/inner.sh" <<'INNER'
while [ -z "$(cat /proc/self/uid_map)" ]; do sleep 0.05; done
exec sh -c 'echo "inside: $(id)"; echo "inside: uid_map:"; sed "s/^ */  /" /proc/self/uid_map
  exec /usr/bin/setpriv --reuid 1000 --regid 1000 --clear-groups sleep 60'
INNER
# started as the user (busybox su and exec keep the PID: $! is the namespace's process)
su -s /bin/sh atlas -c "exec /usr/bin/unshare --user sh $workdir/inner.sh" &
bg_pid=$!
for _ in $(seq 200); do
  [ "$(readlink "/proc/$bg_pid/ns/user")" != "$(readlink /proc/self/ns/user)" ] && break
  sleep 0.05
done
# what newuidmap and newgidmap do (they are set-uid root): write the maps from outside
printf '0 1000 1\n1 %s 65536\n' "$start" > "/proc/$bg_pid/uid_map"
printf '0 1000 1\n1 %s 65536\n' "$start" > "/proc/$bg_pid/gid_map"
uid=""
for _ in $(seq 200); do
  uid=$(awk '/^Uid:/ {print $2}' "/proc/$bg_pid/status")
  [ "$uid" = 1000 ] || break
  sleep 0.05
done
echo "on the host: PID $bg_pid runs as uid $uid = subordinate start $start + 1000 - 1"
kill -KILL "$bg_pid"
wait "$bg_pid" 2>/dev/null || true
bg_pid=""

echo
echo "user-namespaces example finished"
