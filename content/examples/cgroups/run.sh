#!/usr/bin/env bash
# cgroups: the kernel enforces limits on a group of processes.
# pids.max stops forks, a memory limit ends in an OOM kill, a CPU quota throttles.
# Works on cgroup v1 (one hierarchy per controller) and v2 (one unified tree).
set -euo pipefail

BUSYBOX=${BUSYBOX:-/bin/busybox}
name="atlas-ex-cg-$$"
created=()      # cgroup directories, removed in reverse order
enabled_v2=""   # controllers this script enabled in the v2 root, disabled again

kill_members() { # kill every process left in a cgroup directory
  local dir=$1 pid pids
  [ -f "$dir/cgroup.procs" ] || return 0
  for _ in 1 2 3 4 5 6 7 8 9 10; do
    pids=$(cat "$dir/cgroup.procs")   # (cgroup files always report size 0: read them)
    [ -n "$pids" ] || return 0
    for pid in $pids; do kill -KILL "$pid" 2>/dev/null || true; done
    sleep 0.1
  done
}

cleanup() {
  local rc=$? i
  set +e
  for ((i = ${#created[@]} - 1; i >= 0; i--)); do
    kill_members "${created[$i]}"
    rmdir "${created[$i]}" 2>/dev/null
  done
  if [ -n "$enabled_v2" ]; then
    for c in $enabled_v2; do echo "-$c" > /sys/fs/cgroup/cgroup.subtree_control 2>/dev/null; done
  fi
  exit "$rc"
}
trap cleanup EXIT

make_cgroup() { # make_cgroup <dir>: create once (v1 cpu and cpuacct may be the same directory)
  local dir
  dir=$(realpath -m "$1")
  if [ ! -d "$dir" ]; then
    mkdir "$dir"
    created+=("$dir")
  fi
}

# run_in <dir>... -- <command>: start command inside the given cgroup directories
run_in() {
  local dirs=()
  while [ "$1" != "--" ]; do dirs+=("$(realpath -m "$1")"); shift; done
  shift
  # shellcheck disable=SC2016 # expanded by the inner shell
  CG_DIRS="${dirs[*]}" "$BUSYBOX" sh -c 'for d in $CG_DIRS; do echo $$ > "$d/cgroup.procs"; done; exec "$@"' sh "$@"
}

echo "== 0. Which cgroup version does this machine use? =="
fstype=$(stat -fc %T /sys/fs/cgroup)
if [ "$fstype" = cgroup2fs ]; then
  version=v2
  echo "/sys/fs/cgroup is $fstype: cgroup v2 (unified hierarchy)"
  base=/sys/fs/cgroup
  for c in pids memory cpu; do
    if ! grep -qw "$c" "$base/cgroup.subtree_control"; then
      echo "+$c" > "$base/cgroup.subtree_control"
      enabled_v2="$enabled_v2 $c"
    fi
  done
  pids_dirs=("$base/$name-pids")
  mem_dirs=("$base/$name-mem")
  cpu_dirs=("$base/$name-cpu")
else
  version=v1
  echo "/sys/fs/cgroup is $fstype: cgroup v1, one hierarchy per controller:"
  for c in pids memory cpu cpuacct; do echo "  /sys/fs/cgroup/$c -> $(realpath /sys/fs/cgroup/$c)"; done
  pids_dirs=("/sys/fs/cgroup/pids/$name-pids")
  mem_dirs=("/sys/fs/cgroup/memory/$name-mem")
  cpu_dirs=("/sys/fs/cgroup/cpu/$name-cpu" "/sys/fs/cgroup/cpuacct/$name-cpu")
fi
echo "running the $version code path"

echo
echo "== 1. pids: a fork bomb stops at pids.max =="
for d in "${pids_dirs[@]}"; do make_cgroup "$d"; done
p=${pids_dirs[0]}
echo 5 > "$p/pids.max"
echo "pids.max = $(cat "$p/pids.max")"
set +e
# shellcheck disable=SC2016 # expanded by the inner shell
run_in "${pids_dirs[@]}" -- "$BUSYBOX" sh -c 'i=1; while [ $i -le 20 ]; do sleep 30 & echo "started sleep #$i (pid $!)"; i=$((i + 1)); done' 2>&1
status=$?
set -e
echo "shell exit status: $status"
echo "pids.current = $(cat "$p/pids.current")"
if [ -f "$p/pids.events" ]; then echo "pids.events: $(cat "$p/pids.events")"; fi
kill_members "$p"

echo
echo "== 2. memory: going over the limit ends in an OOM kill =="
for d in "${mem_dirs[@]}"; do make_cgroup "$d"; done
m=${mem_dirs[0]}
if [ "$version" = v2 ]; then
  echo 64M > "$m/memory.max"
  [ -f "$m/memory.swap.max" ] && echo 0 > "$m/memory.swap.max"
  echo "memory.max = $(cat "$m/memory.max")"
else
  echo 64M > "$m/memory.limit_in_bytes"
  [ -f "$m/memory.memsw.limit_in_bytes" ] && echo 64M > "$m/memory.memsw.limit_in_bytes"
  echo 0 > "$m/memory.swappiness" 2>/dev/null || true
  echo "memory.limit_in_bytes = $(cat "$m/memory.limit_in_bytes")"
fi
echo "dd with a 256 MiB buffer (bs=256M) inside the cgroup:"
# shellcheck disable=SC2016 # expanded by the inner shell
status=$(run_in "${mem_dirs[@]}" -- "$BUSYBOX" sh -c 'dd if=/dev/zero of=/dev/null bs=256M count=1 2>/dev/null; echo $?')
echo "dd exit status: $status$( [ "$status" = 137 ] && echo ' (128 + 9 = killed by SIGKILL)')"
if [ "$version" = v2 ]; then
  echo "memory.events: $(grep -E '^(max|oom|oom_kill) ' "$m/memory.events" | tr '\n' ' ')"
else
  echo "memory.max_usage_in_bytes = $(cat "$m/memory.max_usage_in_bytes")"
  echo "memory.oom_control: $(tr '\n' ' ' < "$m/memory.oom_control")"
fi

echo
echo "== 3. cpu: a 20% quota throttles a busy loop =="
for d in "${cpu_dirs[@]}"; do make_cgroup "$d"; done
c=${cpu_dirs[0]}
if [ "$version" = v2 ]; then
  echo "20000 100000" > "$c/cpu.max"
  echo "cpu.max = $(cat "$c/cpu.max")  (20 ms per 100 ms period)"
else
  echo 100000 > "$c/cpu.cfs_period_us"
  echo 20000 > "$c/cpu.cfs_quota_us"
  echo "cpu.cfs_quota_us = $(cat "$c/cpu.cfs_quota_us"), cpu.cfs_period_us = $(cat "$c/cpu.cfs_period_us")  (20 ms per 100 ms period)"
fi
start=$(date +%s%N)
run_in "${cpu_dirs[@]}" -- "$BUSYBOX" sh -c 'timeout 1 sh -c "trap \"exit 0\" TERM; while :; do :; done"'
end=$(date +%s%N)
if [ "$version" = v2 ]; then
  used_us=$(awk '$1 == "usage_usec" {print $2}' "$c/cpu.stat")
else
  used_us=$(( $(cat "$(realpath "${cpu_dirs[1]}")/cpuacct.usage") / 1000 ))
fi
echo "busy loop ran for $(( (end - start) / 1000000 )) ms wall-clock and got $(( used_us / 1000 )) ms of CPU"
echo "cpu.stat:"
sed 's/^/  /' "$c/cpu.stat"
throttled=$(awk '$1 == "nr_throttled" {print $2}' "$c/cpu.stat")
echo "nr_throttled = $throttled"

echo
echo "cgroups example finished ($version path)"
