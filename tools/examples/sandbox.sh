#!/usr/bin/env bash
# The runner's sandbox for one example (see sandbox.ts). Started by the runner as
#   setpriv --pdeathsig KILL -- bash sandbox.sh enter unshare --cgroup --mount --pid --net \
#     --uts --ipc --fork --kill-child --propagation private -- bash sandbox.sh setup <command>...
# `enter` moves itself into the run's own cgroups (made by the runner), so the new cgroup
# namespace is rooted there; `setup` (host side, PID 1 of the new namespaces) builds the
# file system the example sees and pivots into it; `init` (inside) runs the command, then
# lists and kills what the command left behind. Whatever survives dies with the namespaces.
#
# Environment (set by the runner):
#   ATLAS_SANDBOX_CGROUPS  the run's cgroup directories, one per hierarchy, separated by ':'
#   ATLAS_SANDBOX_SYSFS    ro (default) or rw: how /sys is mounted
#   ATLAS_SANDBOX_ROOT     Debian root used read-only as the lower layer; empty: the host's /
#   ATLAS_SANDBOX_SCRATCH  runner-owned empty directory the sandbox's tmpfs is mounted on
#   ATLAS_SANDBOX_EXAMPLE  example folder, mounted read-only at /atlas/example
#   ATLAS_EXAMPLE_RUN      the run's tag, passed on to the command
# File descriptor 3: the leftover report, one `<kind>: <what>` line per item.
set -euo pipefail

inside_path=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

setup() {
  local scratch=${ATLAS_SANDBOX_SCRATCH:?} example=${ATLAS_SANDBOX_EXAMPLE:?} lower=${ATLAS_SANDBOX_ROOT:-}
  local top="$scratch/mnt" new mp fstype link
  mkdir -p "$top"
  # one tmpfs holds every byte the run writes: it vanishes with the mount namespace
  mount -t tmpfs -o mode=755 atlas-sandbox "$top"
  new="$top/root"
  mkdir "$new"
  # the root is always an overlay with its writes in the tmpfs: the host's own / (host
  # mode) is only ever its read-only lower layer
  [ -n "$lower" ] || lower=/
  mkdir "$top/upper" "$top/work"
  mount -t overlay -o "lowerdir=$lower,upperdir=$top/upper,workdir=$top/work" atlas-root "$new"

  mount -t proc proc "$new/proc"      # fresh: this is PID 1 of a new PID namespace
  # /proc/sys stays as the kernel gives it: a read-only bind over it would make the kernel
  # refuse every new proc mount in a user namespace (a covered /proc is "too revealing"
  # to remount), which rootless runc and podman, unprivileged incus and CRIU all need;
  # what it could change on the host is held back by the capabilities init drops
  # fresh (shows this network namespace's devices only) and read-only unless the example
  # declares it needs it (requirements.writable)
  mount -t sysfs -o "${ATLAS_SANDBOX_SYSFS:-ro}" sysfs "$new/sys"
  # the cgroup hierarchies, mounted afresh in this cgroup namespace: their root is the
  # run's own cgroup, so whatever the example creates lands below it (see run-cgroup.ts)
  if [ "$(stat -fc %T /sys/fs/cgroup)" = cgroup2fs ]; then
    mount -t cgroup2 cgroup2 "$new/sys/fs/cgroup"
  else
    # on a private tmpfs: a directory made here (e.g. for a v1 hugetlb mount) stays out
    # of the host's /sys/fs/cgroup
    mount -t tmpfs -o mode=755 cgroup "$new/sys/fs/cgroup"
    while read -r mp fstype opts; do
      case $mp in /sys/fs/cgroup/*) ;; *) continue ;; esac
      mkdir -p "$new$mp"
      case $fstype in
        cgroup) mount -t cgroup -o "$(echo "$opts" | sed -E 's/(^|,)r[ow](,|$)/\1/; s/^,//; s/,$//')" cgroup "$new$mp" ;;
        cgroup2) mount -t cgroup2 cgroup2 "$new$mp" ;;
      esac
    done < <(awk '{ split($0, halves, " - "); split(halves[2], right, " "); print $5, right[1], right[3] }' /proc/self/mountinfo)
    for link in /sys/fs/cgroup/*; do
      [ -L "$link" ] && cp -P "$link" "$new$link"
    done
  fi

  # a /dev of its own: device nodes, a private devpts, shm and mqueue
  mount -t tmpfs -o mode=755,size=1m atlas-dev "$new/dev"
  local node
  for node in null:1:3 zero:1:5 full:1:7 random:1:8 urandom:1:9 tty:5:0 fuse:10:229 net/tun:10:200; do
    IFS=: read -r name major minor <<<"$node"
    mkdir -p "$(dirname "$new/dev/$name")"
    mknod -m 666 "$new/dev/$name" c "$major" "$minor"
  done
  mkdir "$new/dev/pts" "$new/dev/shm" "$new/dev/mqueue"
  mount -t devpts -o newinstance,ptmxmode=0666,mode=0620,gid=5 devpts "$new/dev/pts"
  ln -s pts/ptmx "$new/dev/ptmx"
  mount -t tmpfs -o mode=1777 shm "$new/dev/shm"
  mount -t mqueue mqueue "$new/dev/mqueue"
  ln -s /proc/self/fd "$new/dev/fd"
  ln -s /proc/self/fd/0 "$new/dev/stdin"
  ln -s /proc/self/fd/1 "$new/dev/stdout"
  ln -s /proc/self/fd/2 "$new/dev/stderr"

  # scratch space as separate tmpfs mounts: an overlay upper directory may not sit on overlayfs
  mount -t tmpfs -o mode=1777 atlas-tmp "$new/tmp"
  mount -t tmpfs -o mode=1777 atlas-tmp "$new/var/tmp"
  mount -t tmpfs -o mode=755 atlas-run "$new/run"
  mkdir -m 1777 "$new/run/lock"

  mkdir -p "$new/atlas/example" "$new/atlas/upper" "$new/atlas/lower"
  touch "$new/atlas/sandbox.sh"
  printf '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n' >"$new/etc/hosts"
  # read-only views of the overlay's layers: init compares them to find files left behind
  mount --bind "$top/upper" "$new/atlas/upper"
  mount -o remount,bind,ro "$new/atlas/upper"
  mount --bind "$lower" "$new/atlas/lower"
  mount -o remount,bind,ro "$new/atlas/lower"
  local atlas=/atlas
  mount --bind "$example" "$new$atlas/example"
  mount -o remount,bind,ro "$new$atlas/example"
  mount --bind "${BASH_SOURCE[0]}" "$new$atlas/sandbox.sh"

  ip link set lo up
  hostname atlas-sandbox

  cd "$new"
  pivot_root . .
  umount -l .
  cd /
  # shared inside this mount namespace only (its mounts are copies, private to the host),
  # as on a systemd host: rootless podman and container engines expect it
  mount --make-rshared /
  exec /usr/bin/env -i PATH="$inside_path" ATLAS_EXAMPLE_RUN="${ATLAS_EXAMPLE_RUN:-}" \
    ATLAS_SANDBOX_DIR="$atlas" /bin/bash "$atlas/sandbox.sh" init "$@"
}

mount_list() { # mount point, type and source of every mount, sorted
  awk '{ split($0, halves, " - "); split(halves[2], right, " "); print $5, right[1], right[2] }' /proc/self/mountinfo | sort
}
netns_list() { if [ -d /run/netns ]; then find /run/netns -mindepth 1 -maxdepth 1 -printf "%f\n" | sort; fi; }
# file_list: what differs from the Debian root (its overlay's upper layer, files equal to
# the lower layer's left out: useradd + userdel rewrites /etc/passwd to the same bytes)
# and what is in the scratch tmpfs mounts; one `<path>` or `<path> (deleted)` per line
file_list() {
  local dir=${ATLAS_SANDBOX_DIR:?} p
  if [ -d "$dir/upper" ] && [ -d "$dir/lower/etc" ]; then
    (cd "$dir/upper" && find . -mindepth 1 -path ./atlas -prune -o -print) | sed 's/^\.//' | while read -r p; do
      if [ -c "$dir/upper$p" ] && [ "$(stat -c %t:%T "$dir/upper$p")" = 0:0 ]; then
        echo "$p (deleted)"
      elif [ -d "$dir/upper$p" ] && [ ! -L "$dir/upper$p" ]; then
        [ -d "$dir/lower$p" ] || echo "$p"
      elif ! cmp -s "$dir/upper$p" "$dir/lower$p" 2>/dev/null; then
        echo "$p"
      fi
    done
  fi
  find /tmp /var/tmp /run /dev/shm -mindepth 1 2>/dev/null
}
# system files any host has after its first useradd or mount: shadow's backups of the
# user databases and libmount's /run/mount/utab; not blamed on an example
system_noise='^/etc/(passwd|group|shadow|gshadow|subuid|subgid)-$|^/run/mount(/utab(\.lock)?)?$'

dropped_caps=-sys_module,-sys_rawio,-syslog,-sys_boot,-wake_alarm,-block_suspend,-mac_admin,-mac_override

user_list() { { cut -d: -f1 /etc/passwd; sed 's/^/group:/; s/:.*//' /etc/group; } | sort; }

init() {
  local dir=${ATLAS_SANDBOX_DIR:?} rc=0 child
  local before_mounts before_netns before_users before_files procs pid ppid stat args
  before_mounts=$(mount_list)
  before_netns=$(netns_list)
  before_users=$(user_list)
  before_files=$(file_list | sort)
  cd "$dir/example"
  # PID 1 ignores the runner's SIGTERM (no handler): it reaches the command through the
  # process group; PID 1 keeps reaping orphans while it waits
  # root inside, but without the capabilities that reach past every namespace: loading
  # kernel modules, raw I/O, the kernel log, reboot, wake alarms, LSM policy (CRIU's
  # restore needs CAP_SYS_TIME, so the clock stays)
  env -i PATH="$inside_path" HOME=/root LC_ALL=C.UTF-8 TERM=dumb \
    ATLAS_EXAMPLE_RUN="${ATLAS_EXAMPLE_RUN:-}" \
    setpriv --bounding-set "$dropped_caps" --inh-caps "$dropped_caps" -- "$@" 3>&- &
  child=$!
  wait "$child" || rc=$?

  # what is still running: reported, then killed (the kernel would kill it anyway when PID 1 exits)
  # (the subshell of $(...) and its ps and awk are excluded by the subshell's PID)
  procs=$(
    me=$BASHPID
    ps -e -o pid=,ppid=,stat=,args= | awk -v me="$me" '$1 != 1 && $1 != me && $2 != me'
  )
  while read -r pid ppid stat args; do
    [ -n "$pid" ] || continue
    case $stat in
      Z*) echo "zombie: $pid $args (parent $ppid)" >&3 ;;
      *) echo "process: $pid $args (parent $ppid)" >&3 ;;
    esac
  done <<<"$procs"
  if [ -n "$procs" ]; then
    kill -KILL -1 2>/dev/null || true
    wait 2>/dev/null || true
  fi
  comm -13 <(echo "$before_mounts") <(mount_list) | sed 's/^/mount: /' >&3
  comm -13 <(echo "$before_netns") <(netns_list) | sed '/^$/d; s/^/network namespace: /' >&3
  comm -13 <(echo "$before_users") <(user_list) | sed 's/^/user: /' >&3
  # files: only the top of a new tree, e.g. /tmp/x rather than every file below it
  comm -13 <(echo "$before_files") <(file_list | sort) | { grep -v -E "$system_noise" || true; } | awk '
    { for (i = 1; i <= n; i++) if (index($0, top[i] "/") == 1) next; top[++n] = $0; print "file: " $0 }' >&3
  return "$rc"
}

phase=${1:?usage: sandbox.sh setup|init command...}
shift
# Moves this process into the run's cgroups, then becomes the given command (unshare):
# a cgroup namespace made after this is rooted at the run's cgroup.
enter() {
  local dir
  IFS=: read -r -a dirs <<<"${ATLAS_SANDBOX_CGROUPS:-}"
  for dir in "${dirs[@]}"; do
    [ -n "$dir" ] && echo "$BASHPID" >"$dir/cgroup.procs"
  done
  exec "$@"
}

case $phase in
  enter) enter "$@" ;;
  setup) setup "$@" ;;
  init) init "$@" ;;
  *) echo "sandbox.sh: unknown phase $phase" >&2; exit 2 ;;
esac
