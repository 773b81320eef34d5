// A tiny CRI client: speaks gRPC (HTTP/2 + protobuf) to a container runtime's
// CRI socket and does what the kubelet does for a one-container Pod:
// Version, Status, ListImages, RunPodSandbox, CreateContainer, StartContainer,
// ContainerStatus, ExecSync, StopPodSandbox, RemovePodSandbox.
//
// No dependencies: node:http2 for gRPC, a hand-written protobuf encoder/decoder
// for the handful of CRI messages used (field numbers from
// k8s.io/cri-api/pkg/apis/runtime/v1/api.proto).
//
// usage: node cri-client.mjs <socket> <image> <cgroup-parent> <log-dir>
import http2 from 'node:http2';
import net from 'node:net';
import { readFileSync } from 'node:fs';

const [socket, image, cgroupParent, logDir] = process.argv.slice(2);
if (!socket || !image || !cgroupParent || !logDir) {
  console.error('usage: node cri-client.mjs <socket> <image> <cgroup-parent> <log-dir>');
  process.exit(2);
}

// ---- protobuf: just enough of the wire format ------------------------------

function varint(value) {
  let v = BigInt(value);
  if (v < 0n) v += 1n << 64n; // negative int64 → two's complement
  const bytes = [];
  do {
    let byte = Number(v & 0x7fn);
    v >>= 7n;
    if (v) byte |= 0x80;
    bytes.push(byte);
  } while (v);
  return Buffer.from(bytes);
}
const key = (field, wire) => varint((field << 3) | wire);
const lengthDelimited = (field, bytes) => Buffer.concat([key(field, 2), varint(bytes.length), bytes]);

/** Field encoders; each returns the bytes of one field. */
const pb = {
  str: (field, value) => lengthDelimited(field, Buffer.from(value, 'utf8')),
  int: (field, value) => Buffer.concat([key(field, 0), varint(value)]),
  bool: (field, value) => Buffer.concat([key(field, 0), varint(value ? 1 : 0)]),
  msg: (field, ...parts) => lengthDelimited(field, Buffer.concat(parts)),
  map: (field, object) => Buffer.concat(Object.entries(object).map(([k, v]) => pb.msg(field, pb.str(1, k), pb.str(2, v)))),
};
const message = (...parts) => Buffer.concat(parts);

/** Decodes one message into field number → list of raw values (bigint or Buffer). */
function decode(buffer) {
  const fields = new Map();
  let offset = 0;
  const readVarint = () => {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      const byte = buffer[offset++];
      result |= BigInt(byte & 0x7f) << shift;
      if (!(byte & 0x80)) return result;
      shift += 7n;
    }
  };
  while (offset < buffer.length) {
    const tag = Number(readVarint());
    const field = tag >> 3;
    const wire = tag & 7;
    let value;
    if (wire === 0) value = readVarint();
    else if (wire === 2) {
      const length = Number(readVarint());
      value = buffer.subarray(offset, offset + length);
      offset += length;
    } else if (wire === 1) {
      value = buffer.subarray(offset, offset + 8);
      offset += 8;
    } else if (wire === 5) {
      value = buffer.subarray(offset, offset + 4);
      offset += 4;
    } else throw new Error(`unsupported protobuf wire type ${wire}`);
    if (!fields.has(field)) fields.set(field, []);
    fields.get(field).push(value);
  }
  return fields;
}
const get = {
  str: (m, f) => (m.get(f)?.[0] ?? Buffer.alloc(0)).toString('utf8'),
  strs: (m, f) => (m.get(f) ?? []).map((b) => b.toString('utf8')),
  int: (m, f) => Number(m.get(f)?.[0] ?? 0n),
  msg: (m, f) => decode(m.get(f)?.[0] ?? Buffer.alloc(0)),
  msgs: (m, f) => (m.get(f) ?? []).map(decode),
  map: (m, f) => Object.fromEntries((m.get(f) ?? []).map(decode).map((e) => [get.str(e, 1), get.str(e, 2)])),
};

// ---- gRPC over HTTP/2 on a unix socket -------------------------------------

const session = http2.connect('http://localhost', { createConnection: () => net.connect(socket) });
session.on('error', (error) => {
  console.error(`connection error: ${error.message}`);
  process.exit(1);
});

const timing = process.env.CRI_CLIENT_TIMING === '1'; // print how long each call took
function call(service, method, body = Buffer.alloc(0)) {
  console.log(`-> runtime.v1.${service}/${method}`);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const request = session.request({
      ':method': 'POST',
      ':path': `/runtime.v1.${service}/${method}`,
      'content-type': 'application/grpc',
      te: 'trailers',
    });
    const chunks = [];
    let status = null;
    let detail = '';
    const takeStatus = (headers) => {
      if (headers['grpc-status'] !== undefined) {
        status = Number(headers['grpc-status']);
        detail = decodeURIComponent(headers['grpc-message'] ?? '');
      }
    };
    request.on('response', takeStatus);
    request.on('trailers', takeStatus);
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('error', reject);
    request.on('end', () => {
      if (timing) console.log(`   (${Math.round(performance.now() - started)} ms)`);
      if (status !== 0) return reject(new Error(`${method}: grpc-status ${status} ${detail}`));
      const data = Buffer.concat(chunks);
      // gRPC frame: 1 byte compressed flag, 4 bytes length, then the message
      resolve(decode(data.length >= 5 ? data.subarray(5, 5 + data.readUInt32BE(1)) : Buffer.alloc(0)));
    });
    const frame = Buffer.alloc(5);
    frame.writeUInt32BE(body.length, 1);
    request.end(Buffer.concat([frame, body]));
  });
}

// ---- the kubelet's side of one Pod ----------------------------------------

const NODE = 2; // NamespaceMode.NODE: use the host network (no CNI needed)
const containerStates = ['CONTAINER_CREATED', 'CONTAINER_RUNNING', 'CONTAINER_EXITED', 'CONTAINER_UNKNOWN'];

function hostCgroupOf(pid) {
  const lines = readFileSync(`/proc/${pid}/cgroup`, 'utf8').trim().split('\n');
  const v1 = lines.find((l) => /^\d+:memory:/.test(l));
  if (v1) return { path: v1.split(':')[2], file: `/sys/fs/cgroup/memory${v1.split(':')[2]}/memory.limit_in_bytes` };
  const v2 = lines.find((l) => l.startsWith('0::'));
  return { path: v2.slice(3), file: `/sys/fs/cgroup${v2.slice(3)}/memory.max` };
}
const parentOf = (pid) => Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')[1]);
const commOf = (pid) => readFileSync(`/proc/${pid}/comm`, 'utf8').trim();

let sandboxId = null;
try {
  const version = await call('RuntimeService', 'Version', message(pb.str(1, 'v1')));
  console.log(`   runtime ${get.str(version, 2)} ${get.str(version, 3)}, CRI API ${get.str(version, 4)}`);

  const status = await call('RuntimeService', 'Status', message());
  for (const condition of get.msgs(get.msg(status, 1), 1)) {
    const reason = get.str(condition, 3);
    console.log(`   ${get.str(condition, 1)}=${get.int(condition, 2) ? 'true' : 'false'}${reason ? ` (${reason})` : ''}`);
  }

  const images = await call('ImageService', 'ListImages', message());
  for (const img of get.msgs(images, 1)) console.log(`   image ${get.strs(img, 2).join(', ')}  ${get.int(img, 4)} bytes`);

  const sandboxConfig = message(
    pb.msg(1, pb.str(1, 'hello'), pb.str(2, 'atlas-uid-1'), pb.str(3, 'default'), pb.int(4, 0)),
    pb.str(3, logDir),
    pb.map(6, { app: 'hello' }),
    pb.msg(8, pb.str(1, cgroupParent), pb.msg(2, pb.msg(1, pb.int(1, NODE), pb.int(2, 0), pb.int(3, 0)))),
  );
  const sandbox = await call('RuntimeService', 'RunPodSandbox', message(pb.msg(1, sandboxConfig)));
  sandboxId = get.str(sandbox, 1);
  console.log(`   pod sandbox ${sandboxId.slice(0, 12)} (pod "hello", namespace "default", host network)`);

  const containerConfig = message(
    pb.msg(1, pb.str(1, 'app'), pb.int(2, 0)),
    pb.msg(2, pb.str(1, image)),
    pb.str(3, 'sh'),
    pb.str(3, '-c'),
    pb.str(3, 'echo hello from a container started over CRI; exec sleep 60'),
    pb.str(11, 'app.log'),
    pb.msg(15, pb.msg(1, pb.int(1, 100000), pb.int(2, 20000), pb.int(4, 67108864))),
  );
  const created = await call(
    'RuntimeService',
    'CreateContainer',
    message(pb.str(1, sandboxId), pb.msg(2, containerConfig), pb.msg(3, sandboxConfig)),
  );
  const containerId = get.str(created, 1);
  console.log(`   container ${containerId.slice(0, 12)} (memory_limit_in_bytes 67108864, cpu_quota 20000/100000)`);

  await call('RuntimeService', 'StartContainer', message(pb.str(1, containerId)));

  const cstatus = await call('RuntimeService', 'ContainerStatus', message(pb.str(1, containerId), pb.bool(2, true)));
  const state = containerStates[get.int(get.msg(cstatus, 1), 3)];
  const pid = JSON.parse(get.map(cstatus, 2).info ?? '{}').pid;
  console.log(`   state ${state}, host PID ${pid}`);
  const sstatus = await call('RuntimeService', 'PodSandboxStatus', message(pb.str(1, sandboxId), pb.bool(2, true)));
  const sandboxPid = JSON.parse(get.map(sstatus, 2).info ?? '{}').pid;
  const cgroup = hostCgroupOf(pid);
  console.log('   seen from the host:');
  console.log(`     cgroup ${cgroup.path}`);
  console.log(`     ${cgroup.file.replace(/^.*\/(memory\.\w+)$/, '$1')} = ${readFileSync(cgroup.file, 'utf8').trim()}`);
  console.log(`     sandbox (pause) PID ${sandboxPid} (${commOf(sandboxPid)}), parent ${parentOf(sandboxPid)} (${commOf(parentOf(sandboxPid))})`);
  console.log(`     app PID ${pid} (${commOf(pid)}), parent ${parentOf(pid)} (${commOf(parentOf(pid))})`);
  console.log(`     one shim per pod: ${parentOf(pid) === parentOf(sandboxPid) ? 'yes, the same shim' : 'no, different shims'}`);

  const exec = await call(
    'RuntimeService',
    'ExecSync',
    message(pb.str(1, containerId), pb.str(2, 'ps'), pb.str(2, '-o'), pb.str(2, 'pid,args'), pb.int(3, 10)),
  );
  console.log(`   ps inside the app container (exit ${get.int(exec, 3)}); PID 1 is the sandbox, the Pod shares one PID namespace:`);
  for (const line of get.str(exec, 1).trimEnd().split('\n')) console.log(`     ${line}`);

  const log = readFileSync(`${logDir}/app.log`, 'utf8').trim().split('\n')[0];
  console.log(`   CRI log file app.log: ${log.replace(/^\S+/, '<timestamp>')}`);

  const listed = await call('RuntimeService', 'ListContainers', message());
  for (const c of get.msgs(listed, 1)) {
    console.log(`   ${get.str(c, 1).slice(0, 12)} ${get.str(get.msg(c, 3), 1)} ${containerStates[get.int(c, 6)]}`);
  }
} finally {
  if (sandboxId) {
    // StopPodSandbox kills every container of the pod and the sandbox; Remove deletes them
    await call('RuntimeService', 'StopPodSandbox', message(pb.str(1, sandboxId)));
    await call('RuntimeService', 'RemovePodSandbox', message(pb.str(1, sandboxId)));
    const left = await call('RuntimeService', 'ListPodSandbox', message());
    console.log(`   pod sandboxes left: ${(left.get(1) ?? []).length}`);
  }
  session.close();
}
