#!/bin/sh
# seccomp in the live machine: a filter the kernel runs on every system call of the
# container. The OCI config's linux.seccomp lists syscalls and an action; here mkdir,
# mkdirat and unshare return EPERM, everything else is allowed. runc 1.1 with
# libseccomp 2.5 from Debian 12 (i386: the filter's architecture is SCMP_ARCH_X86).
set -eu

workdir=$(mktemp -d /tmp/atlas-ex-seccomp.XXXXXX)
id="atlas-ex-seccomp-$$"
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
  mkdir -p "$root/bin" "$root/etc" "$root/proc" "$root/sys" "$root/dev" "$root/tmp" "$root/root"
  cp /bin/busybox "$root/bin/busybox"
  # every applet as a hard link, made by busybox itself: one process instead of one per
  # applet (forks cost milliseconds each in the emulator); links stay valid inside the rootfs
  "$root/bin/busybox" --install "$root/bin"
  echo 'root:x:0:0:root:/root:/bin/sh' > "$root/etc/passwd"
  echo 'root:x:0:' > "$root/etc/group"
}

# write_config <args as a JSON list> [<seccomp object>]: config.json (the machine has no jq)
write_config() {
  seccomp=""
  [ -n "${2:-}" ] && seccomp=", \"seccomp\": $2"
  # CAP_SYS_ADMIN only so that unshare is refused by seccomp and not for want of privileges
  caps='["CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE", "CAP_SYS_ADMIN"]'
  cat > "$workdir/bundle/config.json" <<JSON
{
  "ociVersion": "1.0.2-dev",
  "process": {
    "terminal": false,
    "user": { "uid": 0, "gid": 0 },
    "args": $1,
    "env": ["PATH=/bin", "TERM=xterm"],
    "cwd": "/",
    "capabilities": { "bounding": $caps, "effective": $caps, "permitted": $caps },
    "noNewPrivileges": true
  },
  "root": { "path": "rootfs", "readonly": true },
  "hostname": "atlas-seccomp",
  "mounts": [
    { "destination": "/proc", "type": "proc", "source": "proc" },
    { "destination": "/dev", "type": "tmpfs", "source": "tmpfs", "options": ["nosuid", "strictatime", "mode=755", "size=65536k"] },
    { "destination": "/tmp", "type": "tmpfs", "source": "tmpfs", "options": ["nosuid", "nodev"] }
  ],
  "linux": {
    "namespaces": [{ "type": "pid" }, { "type": "network" }, { "type": "ipc" }, { "type": "uts" }, { "type": "mount" }]$seccomp
  }
}
JSON
}

run_with() { # run_with <label> <args> [<seccomp>]
  write_config "$2" "${3:-}"
  echo "-- $1 --"
  runc --root "$state" run --bundle "$workdir/bundle" "$id" </dev/null 2>&1 | sed 's/^/  /'
}

echo "== 1. A bundle and a seccomp profile =="
mkdir -p "$workdir/bundle"
make_rootfs "$workdir/bundle/rootfs"
cat > "$workdir/bundle/rootfs/probe.sh" <<'PROBE'
echo "$(grep -E '^Seccomp(_filters)?:' /proc/self/status | tr '\n\t' '  ')"
if mkdir /tmp/newdir 2>/tmp/err; then echo "mkdir /tmp/newdir: ok"; else echo "mkdir /tmp/newdir: $(cat /tmp/err)"; fi
if unshare -U true 2>/tmp/err; then echo "unshare -U: ok"; else echo "unshare -U: $(cat /tmp/err)"; fi
echo "other system calls still work: $(echo hello > /tmp/f && cat /tmp/f), $(ls / | wc -l) entries in /"
PROBE
cat > "$workdir/profile.json" <<'JSON'
{
  "defaultAction": "SCMP_ACT_ALLOW",
  "architectures": ["SCMP_ARCH_X86", "SCMP_ARCH_X86_64"],
  "syscalls": [
    { "names": ["mkdir", "mkdirat", "unshare"], "action": "SCMP_ACT_ERRNO", "errnoRet": 1 }
  ]
}
JSON
echo "linux.seccomp (errnoRet 1 = EPERM):"
sed 's/^/  /' "$workdir/profile.json"
probe='["sh", "/probe.sh"]'

echo
echo "== 2. Without a profile =="
run_with "no linux.seccomp" "$probe"

echo
echo "== 3. With the profile in config.json =="
run_with "linux.seccomp denies mkdir, mkdirat, unshare" "$probe" "$(cat "$workdir/profile.json")"

echo
echo "== 4. The same calls, SCMP_ACT_KILL_PROCESS instead of an error =="
run_with "linux.seccomp kills on mkdir" '["sh", "-c", "mkdir /tmp/x; echo mkdir exit status $?"]' \
  "$(sed 's/"SCMP_ACT_ERRNO", "errnoRet": 1/"SCMP_ACT_KILL_PROCESS"/' "$workdir/profile.json")"
echo "runc containers left: $(runc --root "$state" list -q | wc -l)"

echo
echo "seccomp example finished"
