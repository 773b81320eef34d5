#!/bin/sh
# cgroups in the live machine: cgroup v2, the unified hierarchy that Debian 12's kernel
# mounts by default. pids.max stops forks, memory.max ends in an OOM kill, cpu.max
# throttles. Written for busybox sh; the machine has 128 MiB of memory.
set -eu

base=/sys/fs/cgroup
name="atlas-ex-cg-$$"
created=""   # cgroup directories, removed at the end

kill_members() { # kill every process left in a cgroup directory
  for _ in 1 2 3 4 5 6 7 8 9 10; do
    pids=$(cat "$1/cgroup.procs" 2>/dev/null || true)
    [ -n "$pids" ] || return 0
    for pid in $pids; do kill -KILL "$pid" 2>/dev/null || true; done
    sleep 0.1
  done
}
cleanup() {
  rc=$?
  set +e
  for d in $created; do
    kill_members "$d"
    rmdir "$d" 2>/dev/null
  done
  exit "$rc"
}
trap cleanup EXIT

make_cgroup() {
  mkdir "$1"
  created="$1 $created"
}
# run_in <dir> <command>...: start the command inside the cgroup
run_in() {
  dir=$1
  shift
  sh -c 'echo $$ > "$1/cgroup.procs"; shift; exec "$@"' sh "$dir" "$@"
}

echo "== 0. Which cgroup version does this machine use? =="
# (busybox stat does not name cgroup2's magic number: ask /proc/mounts)
fstype=$(awk '$2 == "/sys/fs/cgroup" {print $3}' /proc/mounts)
if [ "$fstype" != cgroup2 ]; then
  echo "/sys/fs/cgroup is $fstype, not cgroup v2"
  exit 1
fi
echo "/sys/fs/cgroup is a $fstype mount: cgroup v2 (unified hierarchy)"
echo "controllers the kernel offers: $(cat "$base/cgroup.controllers")"
for c in pids memory cpu; do echo "+$c" > "$base/cgroup.subtree_control"; done
echo "enabled for child cgroups: $(cat "$base/cgroup.subtree_control")"
echo "running the v2 code path"

echo
echo "== 1. pids: a fork bomb stops at pids.max =="
p="$base/$name-pids"
make_cgroup "$p"
echo 5 > "$p/pids.max"
echo "pids.max = $(cat "$p/pids.max")"
set +e
# shellcheck disable=SC2016 # expanded by the inner shell
run_in "$p" sh -c 'i=1; while [ $i -le 20 ]; do sleep 30 & echo "started sleep #$i (pid $!)"; i=$((i + 1)); done' 2>&1
status=$?
set -e
echo "shell exit status: $status"
echo "pids.current = $(cat "$p/pids.current")"
echo "pids.events: $(cat "$p/pids.events")"
kill_members "$p"

echo
echo "== 2. memory: going over memory.max ends in an OOM kill =="
m="$base/$name-mem"
make_cgroup "$m"
echo 16M > "$m/memory.max"
[ -f "$m/memory.swap.max" ] && echo 0 > "$m/memory.swap.max"
echo "memory.max = $(cat "$m/memory.max")"
echo "dd with a 64 MiB buffer (bs=64M) inside the cgroup:"
status=$(run_in "$m" sh -c 'dd if=/dev/zero of=/dev/null bs=64M count=1 2>/dev/null; echo $?')
if [ "$status" = 137 ]; then
  echo "dd exit status: $status (128 + 9 = killed by SIGKILL)"
else
  echo "dd exit status: $status"
fi
echo "memory.events: $(grep -E '^(max|oom|oom_kill) ' "$m/memory.events" | tr '\n' ' ')"
echo "memory.peak or current: $(cat "$m/memory.peak" 2>/dev/null || cat "$m/memory.current") bytes"

echo
echo "== 3. cpu: a 20% quota throttles a busy loop =="
c="$base/$name-cpu"
make_cgroup "$c"
echo "20000 100000" > "$c/cpu.max"
echo "cpu.max = $(cat "$c/cpu.max")  (20 ms per 100 ms period)"
run_in "$c" sh -c 'timeout 1 sh -c "trap \"exit 0\" TERM; while :; do :; done"' || true
echo "cpu.stat:"
sed 's/^/  /' "$c/cpu.stat"
throttled=$(awk '$1 == "nr_throttled" {print $2}' "$c/cpu.stat")
echo "nr_throttled = $throttled"

echo
echo "cgroups example finished (v2 path)"
