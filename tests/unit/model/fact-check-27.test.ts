/**
 * The findings of the fact-check in issue 27, kept fixed: each old wording stays out of
 * the content the site is built from, and each corrected statement stays in, citing the
 * official source that supports it.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadExamples } from '../../../src/model/examples.ts';
import { parseCard } from '../../../src/model/load.ts';
import type { Claim, HistoryEntry } from '../../../src/model/schema.ts';
import type { Card } from '../../../src/model/types.ts';

const contentDir = path.resolve(import.meta.dirname, '../../../content');
const cardsDir = path.join(contentDir, 'cards');
const cards = new Map(
  readdirSync(cardsDir)
    .filter((name) => name.endsWith('.md'))
    .map((name) => {
      const card = parseCard(path.join(cardsDir, name), readFileSync(path.join(cardsDir, name), 'utf8'));
      return [card.id, card] as const;
    }),
);
const examples = new Map(loadExamples(contentDir).map((example) => [example.id, example] as const));

function card(id: string): Card & { body: string } {
  const found = cards.get(id);
  if (!found) throw new Error(`no card ${id}`);
  return found;
}

/** Everything a card says, as one text. */
function said(c: Card & { body: string }): string {
  return [
    c.position,
    ...c.features.map((f) => f.text),
    ...c.remarks.map((r) => r.text),
    ...c.relations.map((r) => r.label ?? ''),
    ...c.history.map((h) => h.text),
    c.body,
  ].join('\n');
}

/** The URL a claim cites (a source id of the card, or a URL). */
function cited(c: Card, claim: Pick<Claim | HistoryEntry, 'source'>): string {
  const ref = claim.source ?? '';
  return c.sources.find((s) => s.id === ref)?.url ?? ref;
}

/** The card's claims (features, remarks) and history entries whose text matches. */
function claimsAbout(c: Card, pattern: RegExp): (Claim | HistoryEntry)[] {
  return [...c.features, ...c.remarks, ...c.history].filter((claim) => pattern.test(claim.text));
}

const everything = [
  ...[...cards.values()].map(said),
  ...[...examples.values()].map((e) => [e.title, e.summary, e.readme.text].join('\n')),
].join('\n');

describe('issue 27: the wrong or outdated statements are gone', () => {
  it.each([
    ['CNI card: Podman switched to Netavark only in 6.0', /6\.0 起改用 Netavark|6\.0 移除了 CNI 网络支持，改用/],
    ['seccomp example: containerd applies a default profile', /Docker、Podman 和 containerd 默认都会/],
    ['capabilities card: nginx with only NET_BIND_SERVICE', /--cap-drop ALL --cap-add NET_BIND_SERVICE nginx/],
    ['Incus card: OCI containers only from 7.0', /7\.0 LTS，可直接从 OCI 镜像仓库创建应用容器/],
    ['container-image card: small images depend on namespaces and cgroups', /前两点分别依赖/],
  ])('%s', (_what, pattern) => {
    expect(everything).not.toMatch(pattern);
  });

  it('the CNI card lists GC and STATUS as new in spec 1.1, not among the old commands', () => {
    const [commands] = claimsAbout(card('cni'), /CNI_COMMAND/);
    expect(commands).toBeDefined();
    const [before, after] = commands!.text.split('1.1');
    expect(before).not.toMatch(/GC|STATUS/);
    expect(after).toMatch(/GC/);
    expect(after).toMatch(/STATUS/);
  });
});

describe('issue 27: the corrected statements are on the cards with their official sources', () => {
  it('CNI: Netavark default for new installs since Podman 4.0, CNI not built by default in 5.0, removed in 6.0', () => {
    const cni = card('cni');
    const early = claimsAbout(cni, /4\.0.*Netavark|Netavark.*4\.0/);
    expect(early.map((claim) => cited(cni, claim))).toContainEqual(
      expect.stringMatching(/podman\/blob\/main\/RELEASE_NOTES\.md$/),
    );
    expect(early.some((claim) => /5\.0/.test(claim.text))).toBe(true);
    const removed = claimsAbout(cni, /6\.0.*移除.*CNI/);
    expect(removed.map((claim) => cited(cni, claim))).toContainEqual(expect.stringMatching(/releases\/tag\/v6\.0\.0$/));
  });

  it('CNI: installing the CNI plugins alongside containerd is cited to containerd getting-started', () => {
    const cni = card('cni');
    const install = claimsAbout(cni, /安装 containerd/);
    expect(install).toHaveLength(1);
    expect(cited(cni, install[0]!)).toMatch(/containerd\/blob\/main\/docs\/getting-started\.md$/);
  });

  it('seccomp example: containerd ships a default profile but applies it only when asked', () => {
    const readme = examples.get('seccomp')!.readme.text;
    expect(readme).toMatch(/`--seccomp`/);
    expect(readme).toMatch(/RuntimeDefault/);
    expect(readme).toMatch(/--seccomp-default/);
    expect(readme).toMatch(/docs\/cri\/config\.md/);
  });

  it('capabilities: the nginx command adds back CHOWN, SETUID, SETGID and NET_BIND_SERVICE', () => {
    const caps = card('capabilities');
    const command = caps.body.replace(/\\\n\s*/g, ' ');
    const line = command.split('\n').find((l) => l.startsWith('docker run') && l.includes('nginx'));
    expect(line).toBeDefined();
    for (const cap of ['CHOWN', 'SETUID', 'SETGID', 'NET_BIND_SERVICE']) expect(line).toContain(`--cap-add ${cap}`);
    expect(claimsAbout(caps, /nginx/).map((claim) => cited(caps, claim))).toContainEqual(
      expect.stringMatching(/^https:\/\/nginx\.org\//),
    );
  });

  it('BuildKit: history reaches v0.33.0 (September 2026)', () => {
    const buildkit = card('buildkit');
    const entry = buildkit.history.find((h) => h.version === 'v0.33.0');
    expect(entry?.date).toBe('2026-09');
    expect(cited(buildkit, entry!)).toMatch(/moby\/buildkit\/releases\/tag\/v0\.33\.0$/);
  });

  it('Kata Containers: 4.0 makes runtime-rs the default and deprecates the Go runtime', () => {
    const kata = card('kata-containers');
    const entry = kata.history.find((h) => h.version === '4.0');
    expect(entry?.text).toMatch(/runtime-rs/);
    expect(entry?.text).toMatch(/Go 运行时.*弃用/);
    expect(cited(kata, entry!)).toMatch(
      /kata-containers\/blob\/4\.0\.0\/docs\/migrating-config-go-runtime-to-runtime-rs\.md$/,
    );
  });

  it('Podman and crun: the libraries live in container-libs under podman-container-tools; Podman 6 is go.podman.io/podman/v6', () => {
    const podman = card('podman');
    const moved = claimsAbout(podman, /go\.podman\.io\/podman\/v6/);
    expect(moved.map((claim) => cited(podman, claim))).toContainEqual(
      expect.stringMatching(/podman-container-tools\/podman\/releases\/tag\/v6\.0\.0$/),
    );
    const libs = claimsAbout(podman, /container-libs/);
    expect(libs.map((claim) => cited(podman, claim))).toContainEqual(
      expect.stringMatching(/github\.com\/podman-container-tools\/container-libs/),
    );
    const crun = card('crun');
    const common = claimsAbout(crun, /container-libs/);
    expect(common.map((claim) => cited(crun, claim))).toContainEqual(
      expect.stringMatching(/github\.com\/podman-container-tools\/container-libs\//),
    );
  });

  it('Incus: OCI application containers since 6.3 (July 2024, API extension instance_oci)', () => {
    const incus = card('incus');
    const entry = incus.history.find((h) => h.version === '6.3');
    expect(entry?.date).toBe('2024-07');
    expect(entry?.text).toMatch(/OCI/);
    expect(cited(incus, entry!)).toMatch(/lxc\/incus\/releases\/tag\/v6\.3\.0$/);
    expect(claimsAbout(incus, /instance_oci/).length).toBeGreaterThan(0);
  });

  it('container image: small images come from sharing the host kernel, and a remark corrects the note', () => {
    const image = card('container-image');
    const remark = image.remarks.find((r) => r.corrects?.quote.startsWith('共享内核（Namespaces，Cgroups等）'));
    expect(remark?.text).toMatch(/共享宿主机内核/);
    expect(remark?.source).toBeDefined();
  });
});
