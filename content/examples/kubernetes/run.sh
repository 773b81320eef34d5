#!/usr/bin/env bash
# Kubernetes: manifests describe Pods; the kubelet turns them into CRI calls to a
# runtime such as containerd. No cluster runs here: kubectl works offline only.
# It builds and checks manifests on the client (--dry-run=client, --local) and
# points at a kubeconfig whose API server address is closed (127.0.0.1:1).
set -euo pipefail

workdir=$(mktemp -d /tmp/atlas-ex-kubernetes.XXXXXX)
cleanup() {
  local rc=$?
  rm -rf "$workdir"
  exit "$rc"
}
trap cleanup EXIT

# a kubeconfig that points nowhere: nothing can reach a real cluster by accident
cat > "$workdir/kubeconfig" <<'YAML'
apiVersion: v1
kind: Config
clusters:
- name: offline
  cluster: {server: "https://127.0.0.1:1"}
users:
- name: offline
  user: {token: offline}
contexts:
- name: offline
  context: {cluster: offline, user: offline}
current-context: offline
YAML
export KUBECONFIG="$workdir/kubeconfig"
kubectl_() { kubectl --request-timeout=2s "$@" </dev/null; }

echo "== 0. No cluster here =="
kubectl version --client
if out=$(kubectl_ get pods 2>&1); then
  echo "unexpected: an API server answered"
else
  echo "kubectl get pods -> $(echo "$out" | tail -1)"
fi

echo
echo "== 1. A Deployment, generated offline: kubectl create deployment --dry-run=client -o yaml =="
kubectl_ create deployment web --image=localhost/atlas/busybox:1.0 --replicas=2 \
  --dry-run=client -o yaml -- sleep 3600 > "$workdir/deployment.yaml"
# add resource limits to the pod template, still offline (--local)
kubectl_ set resources --local -f "$workdir/deployment.yaml" \
  --limits=memory=64Mi,cpu=200m --requests=memory=32Mi,cpu=100m -o yaml > "$workdir/deployment-limited.yaml"
cat "$workdir/deployment-limited.yaml"

echo
echo "== 2. A hand-written Pod manifest, decoded into the typed Pod API offline =="
cat > "$workdir/pod.yaml" <<'YAML'
apiVersion: v1
kind: Pod
metadata:
  name: hello
  labels: {app: hello}
spec:
  restartPolicy: Never
  containers:
  - name: app
    image: localhost/atlas/busybox:1.0
    command: ["sh", "-c", "echo hello from a pod"]
    resources:
      limits: {memory: 64Mi, cpu: 200m}
YAML
sed 's/^/  /' "$workdir/pod.yaml"
echo "kubectl set resources --local (parses the file as a v1 Pod, prints it back):"
kubectl_ set resources --local -f "$workdir/pod.yaml" --requests=cpu=100m -o yaml | sed 's/^/  /'

echo
echo "== 3. A broken Pod manifest is rejected offline =="
sed 's/memory: 64Mi/memory: 64 megabytes/' "$workdir/pod.yaml" > "$workdir/pod-broken.yaml"
echo "changed: limits.memory = \"64 megabytes\""
if out=$(kubectl_ set resources --local -f "$workdir/pod-broken.yaml" --requests=cpu=100m -o yaml 2>&1); then
  echo "unexpected: the broken manifest was accepted"
  exit 1
else
  echo "rejected: ${out//$workdir/\$WORKDIR}"
fi

echo
echo "== 4. What needs a cluster =="
if out=$(kubectl_ create -f "$workdir/pod.yaml" --dry-run=client -o yaml 2>&1); then
  echo "unexpected: kubectl create -f worked without a server"
else
  echo "kubectl create -f pod.yaml --dry-run=client -> needs the API server's OpenAPI schema:"
  out=$(echo "$out" | tail -1)
  echo "  ${out//$workdir/\$WORKDIR}" | cut -c1-170
fi
echo "full schema validation (unknown fields, required fields, admission) needs a server:"
echo "  kubectl apply --dry-run=server -f pod.yaml   (not run here: no cluster)"

echo
echo "== 5. What the kubelet would ask the runtime for =="
echo "limits.memory 64Mi = $((64 * 1024 * 1024)) bytes -> CRI LinuxContainerResources.memory_limit_in_bytes"
echo "  -> containerd -> runc -> memory.limit_in_bytes (v1) / memory.max (v2) of the container's cgroup"
echo "limits.cpu 200m -> cpu quota 20000 us per 100000 us period (cpu.cfs_quota_us / cpu.max)"
echo
echo "kubernetes example finished"
