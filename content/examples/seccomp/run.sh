#!/usr/bin/env bash
# seccomp: a filter the kernel runs on every system call of the container. The OCI
# config's linux.seccomp lists syscalls and an action; here mkdir/mkdirat and
# unshare return EPERM, while everything else is allowed.
set -euo pipefail

BUSYBOX=${BUSYBOX:-/bin/busybox}
workdir=$(mktemp -d /tmp/atlas-ex-seccomp.XXXXXX)
id="atlas-ex-seccomp-$$"

cleanup() {
  local rc=$?
  set +e
  runc --root "$workdir/state" delete --force "$id" >/dev/null 2>&1
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
  echo 'root:x:0:' > "$root/etc/group"
}

# run_with <label> <jq filter>: run the probe with config.base.json changed by the filter
run_with() {
  jq "$2" "$workdir/bundle/config.base.json" > "$workdir/bundle/config.json"
  echo "-- $1 --"
  runc --root "$workdir/state" run --bundle "$workdir/bundle" "$id" </dev/null 2>&1 | sed 's/^/  /'
}

echo "== 1. A bundle and a seccomp profile =="
make_rootfs "$workdir/bundle/rootfs"
cat > "$workdir/bundle/rootfs/probe.sh" <<'PROBE'
echo "$(grep -E '^Seccomp(_filters)?:' /proc/self/status | tr '\n\t' '  ')"
if mkdir /tmp/newdir 2>/tmp/err; then echo "mkdir /tmp/newdir: ok"; else echo "mkdir /tmp/newdir: $(cat /tmp/err)"; fi
if unshare -U true 2>/tmp/err; then echo "unshare -U: ok"; else echo "unshare -U: $(cat /tmp/err)"; fi
echo "other system calls still work: $(echo hello > /tmp/f && cat /tmp/f), $(ls / | wc -l) entries in /"
PROBE
(cd "$workdir/bundle" && runc spec)
# CAP_SYS_ADMIN only so that unshare is refused by seccomp and not for want of privileges
jq '.process.terminal = false | .process.args = ["sh", "/probe.sh"]
    | .process.capabilities |= map_values(. + ["CAP_SYS_ADMIN"])
    | .mounts += [{"destination": "/tmp", "type": "tmpfs", "source": "tmpfs", "options": ["nosuid", "nodev"]}]' \
  "$workdir/bundle/config.json" > "$workdir/bundle/config.base.json"
cat > "$workdir/profile.json" <<'JSON'
{
  "defaultAction": "SCMP_ACT_ALLOW",
  "architectures": ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_AARCH64"],
  "syscalls": [
    { "names": ["mkdir", "mkdirat", "unshare"], "action": "SCMP_ACT_ERRNO", "errnoRet": 1 }
  ]
}
JSON
echo "linux.seccomp (errnoRet 1 = EPERM):"
sed 's/^/  /' "$workdir/profile.json"

echo
echo "== 2. Without a profile =="
run_with "no linux.seccomp" '.'

echo
echo "== 3. With the profile in config.json =="
run_with "linux.seccomp denies mkdir, mkdirat, unshare" ".linux.seccomp = $(cat "$workdir/profile.json")"

echo
echo "== 4. The same calls, SCMP_ACT_KILL_PROCESS instead of an error =="
run_with "linux.seccomp kills on mkdir" \
  ".linux.seccomp = ($(cat "$workdir/profile.json") | .syscalls[0].action = \"SCMP_ACT_KILL_PROCESS\" | del(.syscalls[0].errnoRet))
   | .process.args = [\"sh\", \"-c\", \"mkdir /tmp/x; echo mkdir exit status \$?\"]"
echo "runc containers left: $(runc --root "$workdir/state" list -q | wc -l)"

echo
echo "seccomp example finished"
