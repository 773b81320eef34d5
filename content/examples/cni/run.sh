#!/usr/bin/env bash
# CNI: container networking as plugins that a runtime calls with environment
# variables and a JSON config on stdin. Here the "runtime" is this script: it calls
# the bridge plugin (with host-local for IP addresses) for two network namespaces,
# the way containerd's CRI plugin does for a Kubernetes pod, and the two can ping each other.
# The bridge lives in a third namespace that plays the host, so nothing lands on the real one.
set -euo pipefail

CNI_PLUGIN_DIR=${CNI_PLUGIN_DIR:-/usr/lib/cni}
workdir=$(mktemp -d /tmp/atlas-ex-cni.XXXXXX)
host_ns="atlas-ex-cni-host-$$"
pods=("atlas-ex-cni-a-$$" "atlas-ex-cni-b-$$")
created=()
added=()
# `ip netns add` turns /run/netns into a mount point (bound onto itself) the first
# time it runs on a machine; if that is this script, undo it at the end
run_netns_existed=""
run_netns_mounted=""
[ -d /run/netns ] && run_netns_existed=1
mountpoint -q /run/netns 2>/dev/null && run_netns_mounted=1

restore_run_netns() {
  [ -n "$run_netns_mounted" ] && return 0
  # only while it holds no network namespace of someone else
  [ -d /run/netns ] && [ -z "$(ls -A /run/netns)" ] || return 0
  mountpoint -q /run/netns && umount /run/netns
  [ -z "$run_netns_existed" ] && rmdir /run/netns
  return 0
}

# cni <command> <pod netns>: call the bridge plugin as a runtime would, from the "host" namespace
cni() {
  ip netns exec "$host_ns" env CNI_COMMAND="$1" CNI_CONTAINERID="$2" CNI_NETNS="/run/netns/$2" \
    CNI_IFNAME=eth0 CNI_PATH="$CNI_PLUGIN_DIR" "$CNI_PLUGIN_DIR/bridge" < "$workdir/10-atlas.conf"
}

cleanup() {
  local rc=$? p
  set +e
  for p in "${added[@]}"; do cni DEL "$p" >/dev/null 2>&1; done
  for p in "${created[@]}"; do ip netns delete "$p" 2>/dev/null; done
  restore_run_netns
  rm -rf "$workdir"
  exit "$rc"
}
trap cleanup EXIT

echo "== 1. Three network namespaces: one plays the host, two are pods =="
for ns in "$host_ns" "${pods[@]}"; do
  ip netns add "$ns"
  created+=("$ns")
done
ip netns exec "$host_ns" ip link set lo up
echo "namespaces: $(ip netns list | awk '{print $1}' | grep -c "atlas-ex-cni-.*-$$") (host, a, b)"
echo "interfaces in pod a before ADD: $(ip -n "${pods[0]}" -br link | awk '{print $1}' | tr '\n' ' ')"

echo
echo "== 2. The network configuration: bridge plugin, host-local IPAM =="
cat > "$workdir/10-atlas.conf" <<JSON
{
  "cniVersion": "1.0.0",
  "name": "atlas",
  "type": "bridge",
  "bridge": "atlas0",
  "isGateway": true,
  "ipMasq": false,
  "ipam": {
    "type": "host-local",
    "ranges": [[{ "subnet": "10.88.77.0/24" }]],
    "dataDir": "$workdir/ipam"
  }
}
JSON
sed "s#$workdir#\$WORKDIR#" "$workdir/10-atlas.conf" | sed 's/^/  /'
echo "plugins called: $CNI_PLUGIN_DIR/bridge, which calls $CNI_PLUGIN_DIR/host-local for the address"

echo
echo "== 3. CNI_COMMAND=ADD for each pod =="
for p in "${pods[@]}"; do
  added+=("$p")
  echo "-- ADD $p: the plugin's result (JSON on stdout) --"
  cni ADD "$p" > "$workdir/result-$p.json"
  jq -c '{interfaces: [.interfaces[] | {name, sandbox: (.sandbox // "" | sub("^/run/netns/"; ""))}], ips: [.ips[] | {address, gateway}]}' \
    "$workdir/result-$p.json" | sed 's/^/  /'
done
ip_a=$(jq -r '.ips[0].address' "$workdir/result-${pods[0]}.json" | cut -d/ -f1)
ip_b=$(jq -r '.ips[0].address' "$workdir/result-${pods[1]}.json" | cut -d/ -f1)

echo
echo "== 4. What the plugin built =="
echo "in the host namespace: bridge atlas0 with two veth ends:"
ip -n "$host_ns" -br addr show atlas0 | sed 's/^/  /'
ip -n "$host_ns" -o link show master atlas0 | awk -F': ' '{print "  " $2}' | cut -d@ -f1 | sed 's/^  veth[0-9a-f]*/  veth<id>/' | sort | uniq -c | sed 's/^ */  /'
echo "in pod a: $(ip -n "${pods[0]}" -br addr show eth0 | awk '{print $1, $3}')"
echo "in pod b: $(ip -n "${pods[1]}" -br addr show eth0 | awk '{print $1, $3}')"
echo "route in pod a: $(ip -n "${pods[0]}" route show dev eth0)"
echo "host-local's leases (one file per IP, holding the container id):"
for f in "$workdir"/ipam/atlas/10.*; do echo "  $(basename "$f") -> $(head -n 1 "$f")"; done

echo
echo "== 5. Ping from pod a to pod b, through the bridge =="
ip netns exec "${pods[0]}" ping -c 2 -W 2 "$ip_b" | grep -E 'bytes from|packets transmitted'
echo "and from pod b to pod a: $(ip netns exec "${pods[1]}" ping -c 1 -W 2 "$ip_a" | grep -o '1 received')"

echo
echo "== 6. CNI_COMMAND=DEL releases the address and the veth =="
for p in "${pods[@]}"; do
  cni DEL "$p"
  added=("${added[@]:1}")
done
echo "leases left: $(find "$workdir/ipam/atlas" -name '10.*' | wc -l)"
echo "veths left on atlas0: $(ip -n "$host_ns" -o link show master atlas0 | wc -l)"
for ns in "${pods[@]}" "$host_ns"; do ip netns delete "$ns"; done
created=()
restore_run_netns
echo "network namespaces left: $(ip netns list | grep -c "atlas-ex-cni-.*-$$" || true)"

echo
echo "cni example finished"
