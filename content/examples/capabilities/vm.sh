#!/bin/sh
# Capabilities in the live machine: root inside a container is root with a list of
# privileges. The OCI config's process.capabilities says which; drop CAP_CHOWN and
# CAP_NET_RAW and chown and ping fail even for uid 0. runc 1.1 and capsh (libcap2-bin)
# from Debian 12; the machine has no jq, so the script writes config.json itself.
set -eu

workdir=$(mktemp -d /tmp/atlas-ex-capabilities.XXXXXX)
id="atlas-ex-caps-$$"
state="$workdir/state"

cleanup() {
  rc=$?
  set +e
  runc --root "$state" delete --force "$id" >/dev/null 2>&1
  rm -rf "$workdir"
  exit "$rc"
}
trap cleanup EXIT

make_rootfs() { # make_rootfs <dir>: a minimal rootfs from the static busybox binary
  root=$1
  mkdir -p "$root/bin" "$root/sbin" "$root/etc" "$root/proc" "$root/sys" "$root/dev" "$root/tmp" "$root/root" \
    "$root/lib/i386-linux-gnu"
  cp /bin/busybox "$root/bin/busybox"
  # every applet as a hard link, made by busybox itself: one process instead of one per
  # applet (forks cost milliseconds each in the emulator); links stay valid inside the rootfs
  "$root/bin/busybox" --install "$root/bin"
  echo 'root:x:0:0:root:/root:/bin/sh' > "$root/etc/passwd"
  echo 'nobody:x:65534:65534:nobody:/:/bin/false' >> "$root/etc/passwd"
  echo 'root:x:0:' > "$root/etc/group"
  # capsh and the libraries it loads (the machine has no ldd: the list is fixed)
  cp /sbin/capsh "$root/sbin/capsh"
  cp /lib/ld-linux.so.2 "$root/lib/"
  cp /lib/i386-linux-gnu/libc.so.6 /lib/i386-linux-gnu/libcap.so.2 "$root/lib/i386-linux-gnu/"
}

# write_config <capabilities as a JSON list>: config.json of a container running /probe.sh
write_config() {
  cat > "$workdir/bundle/config.json" <<JSON
{
  "ociVersion": "1.0.2-dev",
  "process": {
    "terminal": false,
    "user": { "uid": 0, "gid": 0 },
    "args": ["sh", "/probe.sh"],
    "env": ["PATH=/sbin:/bin", "TERM=xterm"],
    "cwd": "/",
    "capabilities": { "bounding": $1, "effective": $1, "permitted": $1 },
    "noNewPrivileges": true
  },
  "root": { "path": "rootfs", "readonly": true },
  "hostname": "atlas-caps",
  "mounts": [
    { "destination": "/proc", "type": "proc", "source": "proc" },
    { "destination": "/dev", "type": "tmpfs", "source": "tmpfs", "options": ["nosuid", "strictatime", "mode=755", "size=65536k"] },
    { "destination": "/sys", "type": "sysfs", "source": "sysfs", "options": ["nosuid", "noexec", "nodev", "ro"] },
    { "destination": "/tmp", "type": "tmpfs", "source": "tmpfs", "options": ["nosuid", "nodev"] }
  ],
  "linux": {
    "namespaces": [{ "type": "pid" }, { "type": "network" }, { "type": "ipc" }, { "type": "uts" }, { "type": "mount" }]
  }
}
JSON
}

run_with() { # run_with <label> <capabilities>: run the probe with those capabilities
  write_config "$2"
  echo "-- $1 --"
  runc --root "$state" run --bundle "$workdir/bundle" "$id" </dev/null 2>&1 | sed 's/^/  /'
}

echo "== 1. A bundle whose root starts with Docker's default capability set =="
mkdir -p "$workdir/bundle" "$workdir/spec"
make_rootfs "$workdir/bundle/rootfs"
cat > "$workdir/bundle/rootfs/probe.sh" <<'PROBE'
echo "id: $(id)"
capsh --print | grep -E '^(Current|Bounding set)'
touch /tmp/file
if chown nobody /tmp/file 2>/tmp/err; then echo "chown nobody /tmp/file: ok"; else echo "chown nobody /tmp/file: $(cat /tmp/err)"; fi
if ping -c 1 -W 1 127.0.0.1 >/tmp/out 2>&1; then echo "ping 127.0.0.1: ok"; else echo "ping 127.0.0.1: $(tail -n 1 /tmp/out)"; fi
PROBE
(cd "$workdir/spec" && runc spec)
echo "runc spec's default capabilities: $(sed -n '/"bounding"/,/]/p' "$workdir/spec/config.json" | tr -d ' \t\n' | sed 's/^"bounding"://; s/,$//')"
# Docker's default capabilities (moby's oci/caps/defaults.go)
all='"CAP_CHOWN","CAP_DAC_OVERRIDE","CAP_FSETID","CAP_FOWNER","CAP_MKNOD","CAP_NET_RAW","CAP_SETGID","CAP_SETUID","CAP_SETFCAP","CAP_SETPCAP","CAP_NET_BIND_SERVICE","CAP_SYS_CHROOT","CAP_KILL","CAP_AUDIT_WRITE"'
echo "this example's starting set: $(echo "$all" | tr -d '"' | sed 's/CAP_//g; s/,/ /g')"

echo
echo "== 2. With CAP_CHOWN and CAP_NET_RAW =="
run_with "all 14" "[$all]"

echo
echo "== 3. Drop CAP_CHOWN and CAP_NET_RAW in config.json =="
dropped=$(echo "$all" | sed 's/"CAP_CHOWN",//; s/"CAP_NET_RAW",//')
run_with "without CAP_CHOWN and CAP_NET_RAW" "[$dropped]"
echo "process.capabilities.effective now: $(echo "$dropped" | tr ',' '\n' | wc -l) capabilities"

echo
echo "== 4. The same uid 0 on the host side =="
eff=$(grep CapEff /proc/self/status | cut -f2)
echo "host root's effective set: $eff = $(capsh --decode="$eff" | cut -d= -f2 | tr ',' '\n' | wc -l) capabilities"
echo "runc containers left: $(runc --root "$state" list -q | wc -l)"

echo
echo "capabilities example finished"
