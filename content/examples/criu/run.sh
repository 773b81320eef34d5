#!/usr/bin/env bash
# CRIU: checkpoint a running container to files and restore it. runc calls CRIU,
# which freezes the container's processes, injects a parasite to read their memory,
# registers and open files, and writes them as images; restore rebuilds the same
# processes, so a counter carries on from where it stopped.
# When checkpointing cannot work on this machine the script says why and exits 77 (SKIP).
set -euo pipefail

BUSYBOX=${BUSYBOX:-/bin/busybox}
workdir=$(mktemp -d /tmp/atlas-ex-criu.XXXXXX)
id="atlas-ex-criu-$$"
state="$workdir/state"
# criu caches what it learnt about the kernel in /run/criu.kdat; removed if this script made it
kdat_existed=""
[ -e /run/criu.kdat ] && kdat_existed=1

cleanup() {
  local rc=$?
  set +e
  # a CRIU that hangs keeps the container stopped under ptrace: end it first
  for p in $(pgrep -f "criu.* -D $workdir/" 2>/dev/null) $(pgrep -f "criu swrk" 2>/dev/null); do
    grep -qs "$workdir" "/proc/$p/cmdline" "/proc/$p/environ" 2>/dev/null && kill -KILL "$p"
  done
  runc --root "$state" kill "$id" KILL >/dev/null 2>&1
  sleep 0.2
  runc --root "$state" delete --force "$id" >/dev/null 2>&1
  [ -z "$kdat_existed" ] && rm -f /run/criu.kdat
  rm -rf "$workdir"
  exit "$rc"
}
trap cleanup EXIT

make_rootfs() { # make_rootfs <dir>: a minimal rootfs from the static busybox binary
  local root=$1 applet
  mkdir -p "$root/bin" "$root/etc" "$root/proc" "$root/sys" "$root/dev" "$root/tmp" "$root/root" "$root/data"
  cp "$BUSYBOX" "$root/bin/busybox"
  for applet in $("$root/bin/busybox" --list); do
    [ "$applet" = busybox ] && continue
    ln -s busybox "$root/bin/$applet"
  done
  echo 'root:x:0:0:root:/root:/bin/sh' > "$root/etc/passwd"
  echo 'root:x:0:' > "$root/etc/group"
}

counter() { cat "$workdir/data/counter" 2>/dev/null || echo none; }

skip() { # skip <reason>: not possible on this machine; the runner reports SKIP with the reason
  echo
  echo "SKIP: $1"
  exit 77
}

echo "== 1. Is CRIU usable here? =="
echo "$(criu --version | head -n 1), $(runc --version | head -n 1), kernel $(uname -r)"
criu check 2>&1 | tail -n 3 | sed 's/^/  criu check: /'

echo
echo "== 2. A container that counts =="
make_rootfs "$workdir/bundle/rootfs"
mkdir -p "$workdir/data"
(cd "$workdir/bundle" && runc spec)
# one process, no children: "read -t" on a pipe is the sleep; the value goes to a bind-mounted file
jq --arg data "$workdir/data" '.process.terminal = false
    | .process.args = ["sh", "-c", "mkfifo /tmp/tick; exec 3<>/tmp/tick; i=0; while :; do i=$((i + 1)); echo $i > /data/counter; read -t 0.2 x <&3; done"]
    | .root.readonly = false
    | .mounts += [{"destination": "/data", "type": "bind", "source": $data, "options": ["rbind", "rw"]}]' \
  "$workdir/bundle/config.json" > "$workdir/config.json"
mv "$workdir/config.json" "$workdir/bundle/config.json"
runc --root "$state" run --detach --bundle "$workdir/bundle" "$id" </dev/null >/dev/null 2>&1
sleep 1
echo "counter after 1 s: $(counter)"
runc --root "$state" list --format table | sed 's/^/  /' | cut -c1-60

echo
echo "== 3. runc checkpoint: the container becomes files =="
status=0
timeout 30 runc --root "$state" checkpoint --image-path "$workdir/images" --work-path "$workdir/work" "$id" \
  >"$workdir/checkpoint.out" 2>&1 || status=$?
if [ "$status" != 0 ]; then
  echo "runc checkpoint: exit status $status$( [ "$status" = 124 ] && echo ' (timed out after 30 s)')"
  echo "CRIU's dump.log, the errors:"
  { grep -E 'Error|unexpected state|exited with' "$workdir/work/dump.log" || true; } | sed 's/^([ 0-9.]*) //; s/^/  /' | head -n 8
  echo "CRIU's dump.log, the last lines:"
  tail -n 4 "$workdir/work/dump.log" | sed 's/^([ 0-9.]*) //; s/^/  /'
  # what the dump reached: "Sent msg to daemon 3" is the parasite's final command (leave the task)
  if [ "$status" = 124 ] && tail -n 4 "$workdir/work/dump.log" | grep -q 'Sent msg to daemon 3 0 0'; then
    why="the dump hangs at its last step, when CRIU removes its parasite code from the task (dump.log ends at 'Sent msg to daemon 3 0 0', CRIU waits for a stop of the task that never comes)"
  else
    why=$(grep -o -m 1 -E 'Task [0-9]+ is in unexpected state: [0-9a-f]+|Can.t cure \(pid: [0-9]+\) from parasite|Error \([^)]*\): .*' "$workdir/work/dump.log" || echo "runc checkpoint exit status $status")
  fi
  echo "container after the attempt: $(runc --root "$state" state "$id" 2>&1 | grep -o '"status": "[a-z]*"' || echo gone)"
  skip "CRIU cannot checkpoint on this machine (kernel $(uname -r), CRIU $(criu --version | head -n 1 | awk '{print $2}')): criu check passes, but $why"
fi
at_checkpoint=$(counter)
echo "counter at the checkpoint: $at_checkpoint"
echo "images: $(find "$workdir/images" -name '*.img' | wc -l) files, $(du -sk "$workdir/images" | cut -f1) KiB ($(find "$workdir/images" -name 'pages-*.img' | wc -l) with memory pages)"
echo "container after checkpoint: $(runc --root "$state" list -q | grep -c "$id" || true) running (runc checkpoint stops it)"
sleep 1
echo "counter 1 s later: $(counter) (nobody counts)"

echo
echo "== 4. runc restore: the same process carries on =="
runc --root "$state" restore --detach --image-path "$workdir/images" --work-path "$workdir/work" \
  --bundle "$workdir/bundle" "$id" </dev/null >/dev/null 2>&1
sleep 1
after=$(counter)
echo "counter 1 s after restore: $after"
if [ "$after" -gt "$at_checkpoint" ]; then
  echo "it went on from $at_checkpoint, not from 1: the shell's variable i was restored with its memory"
fi
runc --root "$state" kill "$id" KILL
for _ in $(seq 50); do runc --root "$state" state "$id" | grep -q '"status": "stopped"' && break; sleep 0.1; done
runc --root "$state" delete "$id"
echo "runc containers left: $(runc --root "$state" list -q | wc -l)"

echo
echo "criu example finished"
