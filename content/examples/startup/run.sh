#!/usr/bin/env bash
# Start-up latency: a container start is a handful of system calls
# (clone with new namespaces, cgroup setup, pivot_root, exec), not an OS boot.
# 20 starts of busybox `true` with runc (and crun when it can run here),
# next to a plain fork+exec of the same binary.
set -euo pipefail

BUSYBOX=${BUSYBOX:-/bin/busybox}
RUNS=${RUNS:-20}
workdir=$(mktemp -d /tmp/atlas-ex-startup.XXXXXX)
mounted_hugetlb=""
# crun makes /run/crun on first use even with --root; removed if this script made it and it is empty
run_crun_existed=""
[ -e /run/crun ] && run_crun_existed=1

cleanup() {
  local rc=$?
  set +e
  for rt in runc crun; do
    [ -d "$workdir/state-$rt" ] || continue
    for c in $("$rt" --root "$workdir/state-$rt" list -q 2>/dev/null); do
      "$rt" --root "$workdir/state-$rt" delete --force "$c" >/dev/null 2>&1
    done
  done
  [ -n "$mounted_hugetlb" ] && restore_hugetlb
  [ -z "$run_crun_existed" ] && [ -d /run/crun ] && find /run/crun -depth -type d -empty -delete
  rm -rf "$workdir"
  exit "$rc"
}
trap cleanup EXIT

# undo the crun workaround below: unmount the v1 hugetlb hierarchy so that the
# kernel hands the controller back to cgroup v2 (it does so once the hierarchy is empty)
restore_hugetlb() {
  local h
  sleep 0.5   # let the kernel finish removing crun's cgroups first
  umount /sys/fs/cgroup/hugetlb && rmdir /sys/fs/cgroup/hugetlb
  mounted_hugetlb=""
  for _ in $(seq 30); do
    h=$(awk '$1 == "hugetlb" {print $2}' /proc/cgroups)
    [ "$h" = 0 ] && break
    sleep 0.1
  done
  echo "hugetlb controller back on cgroup v2 (hierarchy 0 in /proc/cgroups): $( [ "$h" = 0 ] && echo yes || echo "no, hierarchy $h")"
}

make_rootfs() { # make_rootfs <dir>: a minimal rootfs from the static busybox binary
  local root=$1 applet
  mkdir -p "$root/bin" "$root/etc" "$root/proc" "$root/sys" "$root/dev" "$root/tmp" "$root/root"
  cp "$BUSYBOX" "$root/bin/busybox"
  for applet in $("$root/bin/busybox" --list); do
    [ "$applet" = busybox ] && continue
    ln -s busybox "$root/bin/$applet"
  done
}

# stats <label> <file of nanosecond durations>: min / median / max in ms
stats() {
  sort -n "$2" | awk -v label="$1" '
    { v[NR] = $1 }
    END {
      med = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
      printf "%-28s n=%d  min %6.1f ms  median %6.1f ms  max %6.1f ms\n", label, NR, v[1] / 1e6, med / 1e6, v[NR] / 1e6
    }'
}

# measure <label> <command>...: run the command RUNS times, one duration per line
measure() {
  local label=$1 out="$workdir/times-${1%% *}" i t0 t1
  shift
  : > "$out"
  for i in $(seq "$RUNS"); do
    t0=$(date +%s%N)
    "$@" "$i" >/dev/null
    t1=$(date +%s%N)
    echo $((t1 - t0)) >> "$out"
  done
  stats "$label" "$out"
}

plain() { "$BUSYBOX" true; }
with_runc() { runc --root "$workdir/state-runc" run --bundle "$workdir/bundle" "atlas-start-$1"; }
with_crun() { crun --root "$workdir/state-crun" run --bundle "$workdir/bundle" "atlas-start-$1"; }

echo "== 1. One OCI bundle: busybox rootfs, process.args = [\"true\"] =="
make_rootfs "$workdir/bundle/rootfs"
(cd "$workdir/bundle" && runc spec)
sed -i -e 's/"terminal": true/"terminal": false/' -e 's/^\([[:space:]]*\)"sh"$/\1"true"/' "$workdir/bundle/config.json"
echo "namespaces per start: $(sed -n '/"namespaces"/,/\]/p' "$workdir/bundle/config.json" | grep -o '"type": "[a-z]*"' | cut -d'"' -f4 | tr '\n' ' ')"
echo "each runc/crun start = create namespaces + cgroup + mounts + pivot_root + exec true + wait + delete"

echo
echo "== 2. $RUNS starts each (wall-clock per start, measured from bash) =="
echo "machine: $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg) (other work makes the numbers noisier)"
measure "fork+exec, no container" plain
measure "runc run (runc $(runc --version | awk 'NR==1 {print $3}'))" with_runc

crun_note=""
if ! command -v crun >/dev/null; then
  crun_note="crun not installed"
elif [ "$(stat -fc %T /sys/fs/cgroup)" != cgroup2fs ] && [ -n "$(cat /sys/fs/cgroup/unified/cgroup.controllers 2>/dev/null)" ] && [ ! -d /sys/fs/cgroup/hugetlb ]; then
  # hybrid layout: a controller (hugetlb) sits on cgroup v2 while the rest is v1.
  # crun 1.8 refuses that; mounting the v1 hugetlb hierarchy for the run is the workaround.
  mkdir -p /sys/fs/cgroup/hugetlb
  if mount -t cgroup -o hugetlb cgroup /sys/fs/cgroup/hugetlb 2>/dev/null; then
    mounted_hugetlb=1
    echo "(hybrid cgroup layout: mounted the v1 hugetlb hierarchy for crun, removed again at the end)"
  else
    rmdir /sys/fs/cgroup/hugetlb
    crun_note="crun skipped: hybrid cgroup layout and the hugetlb controller is in use on cgroup v2"
  fi
fi
if [ -z "$crun_note" ]; then
  measure "crun run (crun $(crun --version | awk 'NR==1 {print $3}'))" with_crun
else
  echo "$crun_note"
fi

echo
echo "== 3. Nothing left behind =="
[ -n "$mounted_hugetlb" ] && restore_hugetlb
echo "runc containers left: $(runc --root "$workdir/state-runc" list -q | wc -l)"
if [ -z "$crun_note" ]; then echo "crun containers left: $(crun --root "$workdir/state-crun" list -q | wc -l)"; fi
echo
echo "startup example finished"
