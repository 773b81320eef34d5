#!/usr/bin/env bash
# Registry and distribution: an image registry is an HTTP server with a small API
# (the OCI distribution spec). A private docker-registry listens on 127.0.0.1; skopeo
# pushes a locally built OCI image to it, curl reads the manifest and the blobs
# by digest, and podman pulls the image back and runs it.
set -euo pipefail

BUSYBOX=${BUSYBOX:-/bin/busybox}
workdir=$(mktemp -d /tmp/atlas-ex-registry.XXXXXX)
port=${REGISTRY_PORT:-5055}
registry="127.0.0.1:$port"
daemon_pid=""
cgroup_parent="atlas-ex-registry-$$"   # the container's cgroups, removed at the end

# podman with storage, runtime state and configuration under the temp dir
cat > "$workdir/storage.conf" <<CONF
[storage]
driver = "overlay"
runroot = "$workdir/runroot"
graphroot = "$workdir/graphroot"
CONF
cat > "$workdir/containers.conf" <<CONF
[engine]
cgroup_manager = "cgroupfs"
lock_type = "file"
events_logger = "file"
events_logfile_path = "$workdir/events.log"
runtime = "runc"
CONF
export CONTAINERS_STORAGE_CONF="$workdir/storage.conf" CONTAINERS_CONF="$workdir/containers.conf"
export CONTAINERS_REGISTRIES_CONF=/dev/null PODMAN_IGNORE_CGROUPSV1_WARNING=1
podman_() { podman --tmpdir "$workdir/tmp" --runtime-flag "root=$workdir/runc" "$@"; }
# podman and netavark write a few files at fixed places whatever the configuration says;
# cleanup removes them only if they did not exist before (files by name, folders only when empty)
fixed_paths=(/var/lib/containers/cache/blob-info-cache-v1.sqlite /var/lib/containers/cache /var/lib/containers
  /run/lock/netavark.lock /run/containers/networks /run/containers /run/runc)
existed=()
for p in "${fixed_paths[@]}"; do [ -e "$p" ] && existed+=("$p"); done

cleanup() {
  local rc=$? m p e keep
  set +e
  podman_ rmi -a -f >/dev/null 2>&1
  if [ -n "$daemon_pid" ]; then
    kill -TERM "$daemon_pid" 2>/dev/null
    for _ in $(seq 50); do kill -0 "$daemon_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$daemon_pid" 2>/dev/null
    wait "$daemon_pid" 2>/dev/null
  fi
  grep -o " $workdir/[^ ]*" /proc/self/mountinfo | sort -r | while read -r m; do umount -l "$m"; done
  # conmon may still be removing the container's cgroup as podman returns: deepest first
  find /sys/fs/cgroup -depth -type d -path "*/$cgroup_parent*" -exec rmdir {} \; 2>/dev/null
  for p in "${fixed_paths[@]}"; do
    keep=""
    for e in "${existed[@]}"; do [ "$e" = "$p" ] && keep=1; done
    [ -n "$keep" ] && continue
    if [ -d "$p" ]; then rmdir "$p" 2>/dev/null; elif [ -e "$p" ]; then rm -f "$p"; fi
  done
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

echo "== 1. A private registry on $registry =="
cat > "$workdir/registry.yml" <<YAML
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $workdir/registry-data
  delete:
    enabled: true
http:
  addr: $registry
YAML
docker-registry serve "$workdir/registry.yml" >"$workdir/registry.log" 2>&1 &
daemon_pid=$!
for _ in $(seq 100); do
  curl -fsS "http://$registry/v2/" >/dev/null 2>&1 && break
  kill -0 "$daemon_pid" 2>/dev/null || { cat "$workdir/registry.log"; exit 1; }
  sleep 0.1
done
echo "GET /v2/ -> HTTP $(curl -s -o /dev/null -w '%{http_code}' "http://$registry/v2/"), $(curl -s -D - -o /dev/null "http://$registry/v2/" | grep -i '^docker-distribution-api-version' | tr -d '\r')"
echo "catalog before the push: $(curl -s "http://$registry/v2/_catalog")"

echo
echo "== 2. An OCI image built locally with umoci =="
umoci init --layout "$workdir/oci"
umoci new --image "$workdir/oci:1.0"
umoci unpack --image "$workdir/oci:1.0" "$workdir/unpacked" >/dev/null
make_rootfs "$workdir/unpacked/rootfs"
echo 'echo "hello from an image pulled from a registry"' > "$workdir/unpacked/rootfs/hello.sh"
umoci repack --image "$workdir/oci:1.0" "$workdir/unpacked"
umoci config --image "$workdir/oci:1.0" --config.cmd sh --config.cmd /hello.sh
echo "local OCI layout: $(find "$workdir/oci/blobs" -type f | wc -l) blobs (every umoci step wrote a manifest and a config)"

echo
echo "== 3. skopeo copy: push to the registry =="
skopeo copy --quiet --dest-tls-verify=false "oci:$workdir/oci:1.0" "docker://$registry/atlas/busybox:1.0"
echo "catalog after the push: $(curl -s "http://$registry/v2/_catalog")"
echo "tags: $(curl -s "http://$registry/v2/atlas/busybox/tags/list")"

echo
echo "== 4. The distribution API with curl: manifest, then blobs by digest =="
accept='application/vnd.oci.image.manifest.v1+json'
curl -s -D "$workdir/headers" -H "Accept: $accept" "http://$registry/v2/atlas/busybox/manifests/1.0" > "$workdir/manifest.json"
echo "GET /v2/atlas/busybox/manifests/1.0"
grep -i -E '^(content-type|docker-content-digest):' "$workdir/headers" | tr -d '\r' | sed 's/^/  /'
jq -c '{schemaVersion, config: .config.mediaType, layers: [.layers[] | {mediaType, size}]}' "$workdir/manifest.json" | sed 's/^/  /'
digest=$(grep -i '^docker-content-digest:' "$workdir/headers" | tr -d '\r' | awk '{print $2}')
echo "the manifest's digest is the sha256 of its bytes: $( [ "sha256:$(sha256sum < "$workdir/manifest.json" | cut -d' ' -f1)" = "$digest" ] && echo yes || echo no)"
config=$(jq -r .config.digest "$workdir/manifest.json")
layer=$(jq -r '.layers[0].digest' "$workdir/manifest.json")
echo "GET /v2/atlas/busybox/blobs/<config digest>:"
curl -s "http://$registry/v2/atlas/busybox/blobs/$config" | jq -c '{architecture, os, cmd: .config.Cmd, diff_ids: (.rootfs.diff_ids | length)}' | sed 's/^/  /'
curl -s -o "$workdir/layer.tar.gz" "http://$registry/v2/atlas/busybox/blobs/$layer"
echo "GET /v2/atlas/busybox/blobs/<layer digest>: $(stat -c %s "$workdir/layer.tar.gz") bytes, sha256 matches the digest: $( [ "sha256:$(sha256sum < "$workdir/layer.tar.gz" | cut -d' ' -f1)" = "$layer" ] && echo yes || echo no)"
tar -tzf "$workdir/layer.tar.gz" > "$workdir/layer.list"
echo "  a gzip tarball of the rootfs: $(grep -c '^\(\./\)\?bin/.' "$workdir/layer.list") entries under bin/, hello.sh: $(grep -c '^\(\./\)\?hello\.sh$' "$workdir/layer.list")"

echo
echo "== 5. podman pull from the registry, and run =="
podman_ pull --quiet --tls-verify=false "$registry/atlas/busybox:1.0" >/dev/null
podman_ images --format '{{.Repository}}:{{.Tag}} {{.Digest}}'
echo "the same manifest digest as the registry's: $(podman_ images --format '{{.Digest}}' | grep -c "^$digest$")"
podman_ run --rm --network none --cgroup-parent "/$cgroup_parent" "$registry/atlas/busybox:1.0"

echo
echo "== 6. Stop the registry =="
podman_ rmi -a -f >/dev/null
kill -TERM "$daemon_pid"
wait "$daemon_pid" 2>/dev/null || true
daemon_pid=""
echo "registry stopped; its storage was $(du -sk "$workdir/registry-data" | cut -f1) KiB under the temp dir"

echo
echo "registry example finished"
