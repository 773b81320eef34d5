/**
 * The call chains drawn as sequence diagrams, as plain data. Participants name
 * the cards they stand for (first one that exists in the atlas wins, matched by
 * id, name or alias); names come from the atlas when the card exists, otherwise
 * from the fallback here. Edit this file to change a chain.
 */

export interface ChainParticipant {
  /** Key used by the steps (ASCII). */
  key: string;
  /** Card ids, names or aliases to look up, most specific first. */
  cards: string[];
  /** Fixed display name (e.g. a component of a larger card); default: the card's name. */
  label?: string;
  /** Fixed Chinese subtitle; default: the card's `zh`. */
  zh?: string;
  /** Used when no card matches. */
  fallback: { name: string; zh: string };
}

export interface ChainStep {
  from: string;
  to: string;
  /** Chinese description of the call. */
  text: string;
  /** A return / asynchronous answer, drawn dashed. */
  reply?: boolean;
}

/** Alternative paths (drawn as an `alt … else …` block). */
export interface ChainAlternatives {
  alt: { label: string; steps: ChainStep[] }[];
}

export interface ChainDefinition {
  /** Diagram name is `chain-<name>`. */
  name: string;
  title: string;
  description: string;
  participants: ChainParticipant[];
  steps: (ChainStep | ChainAlternatives)[];
  /** Optional closing note over all participants. */
  note?: string;
}

export const chains: ChainDefinition[] = [
  {
    name: 'docker-run',
    title: 'docker run 的调用链',
    description:
      '执行 docker run 时，docker 命令行客户端请求 dockerd，dockerd 交给 containerd，containerd 启动 containerd-shim，shim 调用 runc，runc 通过内核的 namespaces 与 cgroups 创建隔离的容器进程。',
    participants: [
      {
        key: 'cli',
        cards: ['docker-cli', 'docker'],
        label: 'docker CLI',
        zh: '命令行客户端',
        fallback: { name: 'docker CLI', zh: '命令行客户端' },
      },
      {
        key: 'dockerd',
        cards: ['dockerd', 'docker-engine', 'docker'],
        label: 'dockerd',
        zh: 'Docker 守护进程',
        fallback: { name: 'dockerd', zh: 'Docker 守护进程' },
      },
      { key: 'containerd', cards: ['containerd'], fallback: { name: 'containerd', zh: '高级容器运行时' } },
      {
        key: 'shim',
        cards: ['containerd-shim', 'containerd-shim-runc-v2', 'shim'],
        label: 'containerd-shim',
        fallback: { name: 'containerd-shim', zh: '垫片进程' },
      },
      { key: 'runc', cards: ['runc'], fallback: { name: 'runc', zh: '低级容器运行时' } },
      {
        key: 'namespaces',
        cards: ['namespaces', 'linux-namespaces'],
        fallback: { name: 'Namespaces', zh: '命名空间' },
      },
      { key: 'cgroups', cards: ['cgroups', 'control-groups'], fallback: { name: 'Cgroups', zh: '控制组' } },
    ],
    steps: [
      { from: 'cli', to: 'dockerd', text: 'REST API：创建并启动容器' },
      { from: 'dockerd', to: 'containerd', text: 'gRPC：创建容器、启动任务' },
      { from: 'containerd', to: 'shim', text: '为容器启动 shim 进程' },
      { from: 'shim', to: 'runc', text: 'runc create / start（OCI bundle）' },
      { from: 'runc', to: 'namespaces', text: 'clone / unshare：创建命名空间' },
      { from: 'runc', to: 'cgroups', text: '写入 cgroup：限制 CPU、内存等资源' },
      { from: 'runc', to: 'shim', text: 'runc 退出，容器进程由 shim 托管', reply: true },
      { from: 'dockerd', to: 'cli', text: '返回容器 ID', reply: true },
    ],
  },
  {
    name: 'kubelet-pod',
    title: 'kubelet 启动 Pod 的调用链',
    description:
      'kubelet 通过 CRI（容器运行时接口）请求容器运行时（containerd 或 CRI-O），运行时调用 runc，runc 借助 Linux 内核的 namespaces 与 cgroups 创建 Pod 的沙箱与容器。',
    participants: [
      {
        key: 'kubelet',
        cards: ['kubelet', 'kubernetes'],
        label: 'kubelet',
        zh: '节点代理',
        fallback: { name: 'kubelet', zh: '节点代理' },
      },
      { key: 'cri', cards: ['cri'], fallback: { name: 'CRI', zh: '容器运行时接口' } },
      { key: 'containerd', cards: ['containerd'], fallback: { name: 'containerd', zh: '高级容器运行时' } },
      { key: 'crio', cards: ['cri-o', 'crio'], fallback: { name: 'CRI-O', zh: '面向 Kubernetes 的运行时' } },
      { key: 'runc', cards: ['runc'], fallback: { name: 'runc', zh: '低级容器运行时' } },
      {
        key: 'kernel',
        cards: ['linux-kernel', 'kernel'],
        label: 'Linux 内核',
        zh: 'namespaces / cgroups',
        fallback: { name: 'Linux 内核', zh: 'namespaces / cgroups' },
      },
    ],
    steps: [
      { from: 'kubelet', to: 'cri', text: 'RunPodSandbox（gRPC）' },
      {
        alt: [
          {
            label: '运行时为 containerd',
            steps: [
              { from: 'cri', to: 'containerd', text: 'CRI 插件处理请求' },
              { from: 'containerd', to: 'runc', text: '经 containerd-shim 调用 runc' },
            ],
          },
          {
            label: '运行时为 CRI-O',
            steps: [
              { from: 'cri', to: 'crio', text: 'CRI-O 处理请求' },
              { from: 'crio', to: 'runc', text: '经 conmon 调用 runc' },
            ],
          },
        ],
      },
      { from: 'runc', to: 'kernel', text: '创建 Pod 沙箱的命名空间与 cgroups' },
      { from: 'kubelet', to: 'cri', text: 'PullImage / CreateContainer / StartContainer' },
      { from: 'cri', to: 'kubelet', text: '容器已启动，返回容器 ID', reply: true },
    ],
    note: 'Pod 中的每个业务容器都沿同一路径（运行时 → runc → 内核）创建，并加入沙箱的命名空间',
  },
];
