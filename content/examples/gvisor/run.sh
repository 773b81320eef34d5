#!/usr/bin/env bash
# gVisor: the same OCI bundle, run once by runc and once by runsc. Under runc the
# container's system calls go to the host kernel; under runsc they go to gVisor's
# Sentry, a kernel written in Go that runs as an ordinary process on the host.
set -euo pipefail

BUSYBOX=${BUSYBOX:-/bin/busybox}
workdir=$(mktemp -d /tmp/atlas-ex-gvisor.XXXXXX)
id="atlas-ex-gvisor-$$"

cleanup() {
  local rc=$? rt
  set +e
  for rt in runc runsc; do
    [ -d "$workdir/state-$rt" ] || continue
    "$rt" --root "$workdir/state-$rt" kill "$id" KILL >/dev/null 2>&1
    "$rt" --root "$workdir/state-$rt" delete --force "$id" >/dev/null 2>&1
  done
  # runsc's sandbox and gofer processes carry the state directory on their command line
  for p in $(pgrep -f "$workdir/state-runsc" 2>/dev/null); do kill -KILL "$p" 2>/dev/null; done
  rm -rf "$workdir"
  exit "$rc"
}
trap cleanup EXIT

make_rootfs() { # make_rootfs <dir>: a minimal rootfs from the static busybox binary
  local root=$1 applet
  mkdir -p "$root/bin" "$root/etc" "$root/proc" "$root/sys" "$root/dev" "$root/tmp" "$root/root" "$root/mnt"
  cp "$BUSYBOX" "$root/bin/busybox"
  for applet in $("$root/bin/busybox" --list); do
    [ "$applet" = busybox ] && continue
    ln -s busybox "$root/bin/$applet"
  done
  echo 'root:x:0:0:root:/root:/bin/sh' > "$root/etc/passwd"
  echo 'root:x:0:' > "$root/etc/group"
}

# the probe each runtime runs: which kernel answers, and what works
cat > "$workdir/probe.sh" <<'PROBE'
echo "uname -r:     $(uname -r)"
echo "uname -v:     $(uname -v)"
echo "dmesg:        $(dmesg 2>&1 | head -n 3 | tr '\n' '|')"
echo "/proc/loadavg: $(cat /proc/loadavg)"
echo "/sys/class/net: $(ls /sys/class/net 2>&1 | tr '\n' ' ')"
echo "ionice -c 3:  $(ionice -c 3 true 2>&1 && echo ok)"
PROBE

echo "== 1. One OCI bundle: busybox rootfs + config.json from runc spec =="
make_rootfs "$workdir/bundle/rootfs"
cp "$workdir/probe.sh" "$workdir/bundle/rootfs/probe.sh"
(cd "$workdir/bundle" && runc spec)
jq '.process.terminal = false | .process.args = ["sh", "/probe.sh"]' \
  "$workdir/bundle/config.json" > "$workdir/config.json"
mv "$workdir/config.json" "$workdir/bundle/config.json"
echo "process.args: $(jq -c .process.args "$workdir/bundle/config.json")"
echo "runtimes: $(runc --version | head -n 1), $(runsc --version | head -n 1)"

echo
echo "== 2. runc: the host kernel answers =="
runc --root "$workdir/state-runc" run --bundle "$workdir/bundle" "$id" </dev/null 2>&1 | sed 's/^/  runc  | /'
echo "host kernel: $(uname -r)"

echo
echo "== 3. runsc: gVisor's own kernel (the Sentry) answers =="
# --network=none: no network stack at all; --strace logs every system call the Sentry handles
mkdir -p "$workdir/logs"
runsc --root "$workdir/state-runsc" --network=none --debug-log="$workdir/logs/" --strace \
  run --bundle "$workdir/bundle" "$id" </dev/null 2>&1 | sed 's/^/  runsc | /'
echo "the Sentry's --strace log: the container's uname(2), answered by gVisor (E = enter, X = exit):"
grep -h -m 2 ' uname(' "$workdir"/logs/*boot* | sed 's/^.*\] //; s/^/  /' | cut -c1-150
echo "system calls the Sentry handled for this short container: $(grep -h -c ' E [a-z_0-9]*(' "$workdir"/logs/*boot*)"

echo
echo "== 4. Who runs the container on the host? =="
jq '.process.args = ["sleep", "60"]' "$workdir/bundle/config.json" > "$workdir/config.json"
mv "$workdir/config.json" "$workdir/bundle/config.json"
runsc --root "$workdir/state-runsc" --network=none run --detach --bundle "$workdir/bundle" "$id" </dev/null >/dev/null 2>&1
runsc --root "$workdir/state-runsc" list
echo "host processes of the runsc container (their command lines name its state directory):"
pgrep -a -f -- "--root=$workdir/state-runsc" | awk '{print "  " $2}' | sort
if pgrep -x -f 'sleep 60' >/dev/null; then
  echo "the container's sleep is a host process"
else
  echo "no 'sleep 60' among the host's processes: it runs inside the Sentry"
fi
runsc --root "$workdir/state-runsc" kill "$id" KILL
for _ in $(seq 50); do runsc --root "$workdir/state-runsc" state "$id" 2>/dev/null | grep -q '"status": "stopped"' && break; sleep 0.1; done
runsc --root "$workdir/state-runsc" delete "$id"
echo "runsc containers left: $(runsc --root "$workdir/state-runsc" list -quiet | wc -l)"

echo
echo "gvisor example finished"
