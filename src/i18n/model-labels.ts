/** Chinese labels for model enums (card kinds, relation types, statuses). */
import type { CardKind, RelationType } from '../model/types.ts';

export const kindLabels: Record<CardKind, string> = {
  'kernel-feature': '内核特性',
  specification: '规范',
  interface: '接口',
  'low-level-runtime': '低级运行时',
  'high-level-runtime': '高级运行时',
  tool: '工具',
  orchestrator: '编排系统',
  virtualization: '虚拟化',
  concept: '概念',
};

/** Forward (A → B) and reverse (B ← A) phrasing of each relation type. */
export const relationLabels: Record<RelationType, { forward: string; reverse: string }> = {
  uses: { forward: '使用', reverse: '被其使用' },
  'calls-via': { forward: '调用', reverse: '被其调用' },
  implements: { forward: '实现', reverse: '被其实现' },
  'part-of': { forward: '属于', reverse: '包含' },
  'replaced-by': { forward: '被取代为', reverse: '取代了' },
  'alternative-to': { forward: '可替代', reverse: '可被其替代' },
  'builds-on': { forward: '建立在…之上', reverse: '是其基础' },
  manages: { forward: '管理', reverse: '被其管理' },
};

export const statusLabels = { active: '活跃', legacy: '遗留', deprecated: '已弃用' } as const;
