#!/usr/bin/env bash
# User namespaces, rootless: an unprivileged user (made here, removed at the end)
# runs containers with Podman. newuidmap/newgidmap give its user namespace the
# ranges /etc/subuid and /etc/subgid delegate to it: root inside = the user outside,
# uid 1000 inside = a subordinate uid outside.
set -euo pipefail

BUSYBOX=${BUSYBOX:-/bin/busybox}
user="atlasrl$$"
workdir=$(mktemp -d /tmp/atlas-ex-userns.XXXXXX)
chmod 755 "$workdir"
home="$workdir/home"
created_user=""

# as the user, with its own runtime dir and no system-wide podman state
as_user() {
  runuser -u "$user" -- env -i PATH="$PATH" HOME="$home" XDG_RUNTIME_DIR="$home/run" \
    XDG_CONFIG_HOME="$home/.config" XDG_DATA_HOME="$home/.local/share" \
    PODMAN_IGNORE_CGROUPSV1_WARNING=1 "$@"
}

cleanup() {
  local rc=$? m
  set +e
  if [ -n "$created_user" ]; then
    as_user podman rm -a -f -t 0 >/dev/null 2>&1
    # podman's pause process keeps the user namespace alive between commands
    pkill -KILL -u "$user" 2>/dev/null
    sleep 0.2
    grep -o " $workdir/[^ ]*" /proc/self/mountinfo | sort -r | while read -r m; do umount -l "$m"; done
    userdel "$user" 2>/dev/null
    # useradd added the user's ranges; userdel removes them, this makes sure
    sed -i "/^$user:/d" /etc/subuid /etc/subgid
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
  echo 'app:x:1000:1000:app:/tmp:/bin/sh' >> "$root/etc/passwd"
  echo 'root:x:0:' > "$root/etc/group"
}

echo "== 1. An unprivileged user with subordinate ids =="
useradd --home-dir "$home" --create-home --shell /bin/sh --user-group "$user"
created_user=1
uid=$(id -u "$user")
mkdir -m 700 "$home/run"
# file locks in the user's runtime dir instead of a shared-memory file in /dev/shm
mkdir -p "$home/.config/containers"
printf '[engine]\nlock_type = "file"\n' > "$home/.config/containers/containers.conf"
chown -R "$user:$user" "$home/run" "$home/.config"
echo "created user $user (uid $uid), no sudo, no groups but its own: $(id -Gn "$user")"
echo "/etc/subuid: $(grep "^$user:" /etc/subuid)"
echo "/etc/subgid: $(grep "^$user:" /etc/subgid)"
echo "newuidmap and newgidmap write the maps for it (set-uid root): $(stat -c '%A %U' "$(command -v newuidmap)")"
start=$(grep "^$user:" /etc/subuid | cut -d: -f2)

echo
echo "== 2. A busybox image imported as the user =="
make_rootfs "$workdir/rootfs"
tar -C "$workdir/rootfs" -cf "$workdir/rootfs.tar" .
chmod 644 "$workdir/rootfs.tar"
cd "$home"
as_user podman import --quiet "$workdir/rootfs.tar" localhost/atlas/busybox:1.0 >/dev/null
as_user podman info --format 'rootless={{.Host.Security.Rootless}} graphroot={{.Store.GraphRoot}} cgroups {{.Host.CgroupsVersion}}' \
  | sed "s#$home#\$HOME#"

echo
echo "== 3. root in the container, the user outside =="
as_user mkdir "$home/shared"
# runc: crun refuses the hybrid cgroup layout of some hosts; no network: nothing to reach
# shellcheck disable=SC2016 # expanded by the shell inside the container
as_user podman run --rm --runtime runc --network none -v "$home/shared:/shared" localhost/atlas/busybox:1.0 sh -c '
  echo "inside: $(id)"
  echo "inside: uid_map:"; sed "s/^/  /" /proc/self/uid_map
  echo "inside: gid_map:"; sed "s/^/  /" /proc/self/gid_map
  touch /shared/made-by-root && echo "inside: /shared/made-by-root owner uid $(stat -c %u /shared/made-by-root)"'
echo "on the host: \$HOME/shared/made-by-root owner uid $(stat -c %u "$home/shared/made-by-root") ($(stat -c %U "$home/shared/made-by-root"))"

echo
echo "== 4. uid 1000 in the container, seen from the host =="
as_user podman run -d --name sleeper --user 1000 --runtime runc --network none localhost/atlas/busybox:1.0 sleep 60 >/dev/null
pid=$(as_user podman inspect -f '{{.State.Pid}}' sleeper)
echo "inside: $(as_user podman exec sleeper id)"
echo "on the host: PID $pid runs as uid $(ps -o uid= -p "$pid" | tr -d ' ') = subordinate start $start + 1000 - 1"
echo "the user's own podman processes run as uid $(ps -o uid= -C podman,conmon | sort -u | head -n 1 | tr -d ' ')"
as_user podman rm -f -t 0 sleeper >/dev/null
as_user podman unshare cat /proc/self/uid_map | sed 's/^/podman unshare, uid_map: /'

echo
echo "== 5. What the user may not do =="
if as_user podman run --rm --runtime runc --network none -v /etc:/host-etc localhost/atlas/busybox:1.0 \
  sh -c 'echo x >> /host-etc/passwd' 2>"$workdir/err"; then
  echo "wrote the host's /etc/passwd (unexpected)"
else
  echo "writing the host's /etc/passwd from the container: $(grep -o 'Permission denied' "$workdir/err" | head -n 1)"
fi
as_user podman rmi -a -f >/dev/null
echo "containers left: $(as_user podman ps -aq | wc -l), images left: $(as_user podman images -q | wc -l)"

echo
echo "user-namespaces example finished"
