/** Small in-memory atlases for the diagram tests (no files). */
import { buildAtlas } from '../../../src/model/atlas.ts';
import { cardSchema, type CardInput } from '../../../src/model/schema.ts';
import type { Atlas, Card, Layer } from '../../../src/model/types.ts';

export const layers: Layer[] = [
  { id: 'kernel', name: '底层内核', en: 'Kernel', description: 'k', aside: false, entry: [] },
  {
    id: 'runtime-low',
    name: '低级运行时',
    en: 'Low-level runtime',
    group: '容器运行时',
    description: 'l',
    aside: false,
    entry: ['oci'],
  },
  {
    id: 'runtime-high',
    name: '高级运行时',
    en: 'High-level runtime',
    group: '容器运行时',
    description: 'h',
    aside: false,
    entry: ['cri'],
  },
  {
    id: 'tools',
    name: '开发者工具',
    en: 'Developer tools',
    description: 't',
    aside: false,
    entry: [],
    beside: 'orchestration',
  },
  { id: 'orchestration', name: '编排层', en: 'Orchestration', description: 'o', aside: false, entry: [] },
  { id: 'virtualization', name: '虚拟化（对照）', en: 'Virtualization', description: 'v', aside: true, entry: [] },
];

export function card(id: string, input: Partial<CardInput> = {}): Card {
  const data = cardSchema.parse({
    name: id,
    zh: id,
    layer: 'runtime-high',
    kind: 'tool',
    position: 'p',
    sources: [{ title: 's', url: 'https://example.org/' }],
    reviewed: '2026-11-01',
    ...input,
  });
  return { ...data, id, file: `content/cards/${id}.md` };
}

export function fixtureCards(): Card[] {
  return [
    card('namespaces', { name: 'Namespaces', zh: '命名空间', layer: 'kernel', kind: 'kernel-feature', order: 1 }),
    card('cgroups', { name: 'Cgroups', zh: '控制组', layer: 'kernel', kind: 'kernel-feature', order: 2 }),
    card('unionfs', { name: 'UnionFS', zh: '联合文件系统', layer: 'kernel', kind: 'kernel-feature', order: 3 }),
    card('oci', { name: 'OCI', zh: '开放容器倡议规范', layer: 'runtime-low', kind: 'specification', order: 1 }),
    card('runc', {
      name: 'runc',
      zh: 'OCI 运行时参考实现',
      layer: 'runtime-low',
      kind: 'low-level-runtime',
      order: 2,
      relations: [
        { type: 'implements', target: 'oci' },
        { type: 'uses', target: 'namespaces' },
        { type: 'uses', target: 'cgroups' },
      ],
    }),
    card('lxc', {
      name: 'LXC',
      zh: 'Linux 容器',
      layer: 'runtime-low',
      kind: 'low-level-runtime',
      status: 'legacy',
      order: 3,
      relations: [
        { type: 'uses', target: 'namespaces' },
        { type: 'replaced-by', target: 'runc', label: '被 runc 取代' },
      ],
    }),
    card('cri', { name: 'CRI', zh: '容器运行时接口', layer: 'runtime-high', kind: 'interface', order: 1 }),
    card('containerd', {
      name: 'containerd',
      zh: '行业标准的容器运行时',
      layer: 'runtime-high',
      kind: 'high-level-runtime',
      order: 2,
      relations: [
        { type: 'uses', target: 'runc', via: 'oci' },
        { type: 'implements', target: 'cri' },
      ],
    }),
    card('containerd-shim', {
      name: 'containerd-shim',
      zh: '垫片进程',
      layer: 'runtime-high',
      kind: 'high-level-runtime',
      order: 3,
      relations: [
        { type: 'part-of', target: 'containerd' },
        { type: 'uses', target: 'runc' },
      ],
    }),
    card('cri-o', {
      name: 'CRI-O',
      zh: '面向 Kubernetes 的轻量运行时',
      layer: 'runtime-high',
      kind: 'high-level-runtime',
      order: 4,
      relations: [
        { type: 'uses', target: 'runc', via: 'oci' },
        { type: 'implements', target: 'cri' },
        { type: 'alternative-to', target: 'containerd' },
      ],
    }),
    card('docker', {
      name: 'Docker',
      zh: '开发者友好的容器工具链',
      aliases: ['dockerd', 'docker engine'],
      layer: 'tools',
      kind: 'tool',
      relations: [{ type: 'uses', target: 'containerd', since: 'Docker 1.11', source: 'https://example.org/' }],
    }),
    card('kubernetes', {
      name: 'Kubernetes',
      zh: '容器编排系统',
      aliases: ['k8s'],
      layer: 'orchestration',
      kind: 'orchestrator',
      relations: [
        { type: 'calls-via', target: 'containerd', via: 'cri' },
        { type: 'calls-via', target: 'cri-o', via: 'cri' },
        {
          type: 'uses',
          target: 'docker',
          label: 'dockershim',
          until: '1.24 移除',
          historical: true,
          source: 'https://example.org/',
        },
      ],
    }),
    card('vm', {
      name: 'VM',
      zh: '虚拟机',
      layer: 'virtualization',
      kind: 'virtualization',
      relations: [{ type: 'alternative-to', target: 'docker', label: '对照' }],
    }),
  ];
}

export function fixtureAtlas(cards: Card[] = fixtureCards()): Atlas {
  return buildAtlas(cards, layers);
}
