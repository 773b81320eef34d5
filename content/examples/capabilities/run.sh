#!/usr/bin/env bash
# Capabilities: root inside a container is root with a list of privileges. The OCI
# config's process.capabilities says which ones; drop CAP_CHOWN and CAP_NET_RAW and
# chown and ping fail even for uid 0. capsh --print shows the sets from inside.
set -euo pipefail

BUSYBOX=${BUSYBOX:-/bin/busybox}
workdir=$(mktemp -d /tmp/atlas-ex-capabilities.XXXXXX)
id="atlas-ex-caps-$$"

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
  echo 'nobody:x:65534:65534:nobody:/:/bin/false' >> "$root/etc/passwd"
}

copy_with_libs() { # copy_with_libs <rootfs> <program>: the program and the shared libraries it loads
  local root=$1 prog lib
  prog=$(command -v "$2")
  mkdir -p "$root$(dirname "$prog")"
  cp "$prog" "$root$prog"
  for lib in $(ldd "$prog" | grep -o '/[^ ]*'); do
    mkdir -p "$root$(dirname "$lib")"
    cp -L "$lib" "$root$lib"
  done
}

# run_with <label> <jq filter for .process.capabilities>: run the probe with those capabilities
run_with() {
  local label=$1 filter=$2
  jq --argjson caps "$caps" "$filter" "$workdir/bundle/config.base.json" > "$workdir/bundle/config.json"
  echo "-- $label --"
  runc --root "$workdir/state" run --bundle "$workdir/bundle" "$id" </dev/null 2>&1 | sed 's/^/  /'
}

echo "== 1. A bundle whose root starts with Docker's default capability set =="
make_rootfs "$workdir/bundle/rootfs"
copy_with_libs "$workdir/bundle/rootfs" capsh
cat > "$workdir/bundle/rootfs/probe.sh" <<'PROBE'
echo "id: $(id)"
capsh --print | grep -E '^(Current|Bounding set)'
touch /tmp/file
if chown nobody /tmp/file 2>/tmp/err; then echo "chown nobody /tmp/file: ok"; else echo "chown nobody /tmp/file: $(cat /tmp/err)"; fi
if ping -c 1 -W 1 127.0.0.1 >/tmp/out 2>&1; then echo "ping 127.0.0.1: ok"; else echo "ping 127.0.0.1: $(tail -n 1 /tmp/out)"; fi
PROBE
(cd "$workdir/bundle" && runc spec)
# Docker's default capabilities (moby's oci/caps/defaults.go); runc spec's own default has only three
caps='["CAP_CHOWN","CAP_DAC_OVERRIDE","CAP_FSETID","CAP_FOWNER","CAP_MKNOD","CAP_NET_RAW","CAP_SETGID","CAP_SETUID","CAP_SETFCAP","CAP_SETPCAP","CAP_NET_BIND_SERVICE","CAP_SYS_CHROOT","CAP_KILL","CAP_AUDIT_WRITE"]'
echo "runc spec's default capabilities: $(jq -c '.process.capabilities.bounding' "$workdir/bundle/config.json")"
jq '.process.terminal = false | .process.args = ["sh", "/probe.sh"]
    | .mounts += [{"destination": "/tmp", "type": "tmpfs", "source": "tmpfs", "options": ["nosuid", "nodev"]}]' \
  "$workdir/bundle/config.json" > "$workdir/bundle/config.base.json"
echo "this example's starting set: $(echo "$caps" | jq -r 'map(sub("CAP_"; "")) | join(" ")')"

echo
echo "== 2. With CAP_CHOWN and CAP_NET_RAW =="
# shellcheck disable=SC2016 # $caps is a jq variable
run_with "all 14" '.process.capabilities = {bounding: $caps, effective: $caps, permitted: $caps}'

echo
echo "== 3. Drop CAP_CHOWN and CAP_NET_RAW in config.json =="
# shellcheck disable=SC2016 # $caps is a jq variable
drop='($caps - ["CAP_CHOWN", "CAP_NET_RAW"]) as $c | .process.capabilities = {bounding: $c, effective: $c, permitted: $c}'
run_with "without CAP_CHOWN and CAP_NET_RAW" "$drop"
echo "process.capabilities.effective now: $(jq -c '.process.capabilities.effective | length' "$workdir/bundle/config.json") capabilities"

echo
echo "== 4. The same uid 0 on the host side =="
echo "host root's effective set: $(grep CapEff /proc/self/status | cut -f2) = $(capsh --decode="$(grep CapEff /proc/self/status | cut -f2)" | cut -d= -f2 | tr ',' '\n' | wc -l) capabilities"
echo "runc containers left: $(runc --root "$workdir/state" list -q | wc -l)"

echo
echo "capabilities example finished"
