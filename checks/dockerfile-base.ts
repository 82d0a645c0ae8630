// `from-node-12`: the file must say node:12 (the chapter insists on it); a digest pinned after the tag is what
// Docker builds from, so then the image, the store and the registry decide whether that digest is node:12.
import { DOCKER_HUB, factsOf, text as t, type DockerfileFacts, type Judgement } from './dockerfile.js';
import { isBuiltOn, type ImageLayers } from './image-base.js';

/** What labcheck could see of the base the file's digest names. */
export interface BaseEvidence {
  /** The image built from this file (run), or the chapter's image in the store (check). */
  built?: ImageLayers & { env?: readonly string[] };
  /** node:12 in the local store. */
  node12?: ImageLayers & { repoDigests: readonly string[] };
  /** The digest the registry serves for node:12 (the engine's distribution inspect). */
  registryDigest?: string;
  /** What the image was built on instead, by name, when the store has it. */
  builtOn?: string;
}

const digestOf = (repoDigest: string): string => repoDigest.slice(repoDigest.indexOf('@') + 1);
const shortDigest = (d: string): string => (d.length > 19 ? `${d.slice(0, 19)}…` : d);

/** `fromNode12`: the final stage is built FROM node:12 (Docker Hub's library/node, tag 12), and a pinned digest is node:12's. */
export function fromNode12(input: DockerfileFacts | string, evidence: BaseEvidence = {}): Judgement {
  const facts = factsOf(input);
  const base = facts.base;
  if (!base) return { ok: false, message: t('expected FROM node:12; saw no FROM instruction', '应为 FROM node:12；实际没有 FROM 指令') };
  const via =
    base.viaStages.length > 0
      ? {
          en: ` (line ${base.finalLine} builds on stage ${base.viaStages.map((s) => `"${s.name}"`).join(' ← ')})`,
          zh: `（第 ${base.finalLine} 行基于阶段 ${base.viaStages.map((s) => `"${s.name}"`).join(' ← ')}）`,
        }
      : { en: '', zh: '' };
  const shown = base.written === base.image ? base.image : `${base.written} (= ${base.image})`;
  const line = base.line;
  if (base.unresolved) {
    return {
      ok: false,
      line,
      message: t(
        `line ${line}: expected FROM node:12; saw FROM ${base.written}, a variable with no value${via.en}`,
        `第 ${line} 行：应为 FROM node:12；实际为 FROM ${base.written}，其中的变量没有值${via.zh}`,
      ),
    };
  }
  const hub = base.registry === undefined || DOCKER_HUB.has(base.registry);
  const repoOk = base.repository === 'node' || base.repository === 'library/node';
  if (!(hub && repoOk && base.tag === '12')) {
    let why;
    if (!hub) why = t(`, an image from registry ${base.registry}, not Docker Hub`, `，来自镜像仓库 ${base.registry}，不是 Docker Hub`);
    else if (!repoOk) why = t(`, a different image`, `，是另一个镜像`);
    else if (base.tag === undefined) why = t(' with no tag, which means node:latest', '，没有标签，即 node:latest');
    else why = t(`, tag ${base.tag} instead of 12`, `，标签是 ${base.tag} 而不是 12`);
    return {
      ok: false,
      line,
      message: t(`line ${line}: expected FROM node:12; saw FROM ${shown}${why.en}${via.en}`, `第 ${line} 行：应为 FROM node:12；实际为 FROM ${shown}${why.zh}${via.zh}`),
    };
  }
  const pass = (en: string, zh: string): Judgement => ({
    ok: true,
    line,
    message: t(`line ${line}: FROM ${shown}, the node:12 base image${en}${via.en}`, `第 ${line} 行：FROM ${shown}，即基础镜像 node:12${zh}${via.zh}`),
  });
  if (!base.digest) return pass('', '');

  // Docker ignores the tag when a digest follows it: the digest alone says what is built on.
  const digest = base.digest;
  const { built, node12, registryDigest } = evidence;
  if (node12?.repoDigests.some((d) => digestOf(d) === digest) || registryDigest === digest) {
    return pass(`; ${shortDigest(digest)} is node:12's digest`, `；${shortDigest(digest)} 正是 node:12 的摘要`);
  }
  if (built && node12 && isBuiltOn(built, node12)) {
    return pass(`; the image was built on node:12's layers`, `；镜像正是基于 node:12 的层构建的`);
  }
  // Official node images say their Node.js version: a digest of an earlier node:12 build is node:12 too.
  const version = built?.env?.find((e) => e.startsWith('NODE_VERSION='))?.slice('NODE_VERSION='.length);
  if (version?.startsWith('12.')) return pass(`; the digest is a node 12 image (NODE_VERSION ${version})`, `；该摘要是 node 12 镜像（NODE_VERSION ${version}）`);
  const known = node12?.repoDigests.map(digestOf)[0] ?? registryDigest;
  if (!known && !(built && node12)) {
    return {
      ok: false,
      undetermined: true,
      line,
      message: t(
        `line ${line}: FROM ${shown} builds from the digest ${shortDigest(digest)}; whether it is node:12 cannot be told: node:12 is neither in the local store nor reachable on its registry`,
        `第 ${line} 行：FROM ${shown} 按摘要 ${shortDigest(digest)} 构建；无法判断它是否为 node:12：本地镜像库中没有 node:12，也无法访问其镜像仓库`,
      ),
    };
  }
  const instead = evidence.builtOn
    ? { en: `: the image was built on ${evidence.builtOn}`, zh: `：镜像实际基于 ${evidence.builtOn} 构建` }
    : built && node12
      ? { en: ": the image's bottom layers are not node:12's", zh: '：镜像最底部的层不是 node:12 的' }
      : { en: '', zh: '' };
  const theirs = known ? { en: ` (node:12 is ${shortDigest(known)})`, zh: `（node:12 的摘要是 ${shortDigest(known)}）` } : { en: '', zh: '' };
  return {
    ok: false,
    line,
    message: t(
      `line ${line}: expected FROM node:12; saw FROM ${shown}, which builds from the digest ${shortDigest(digest)}, not node:12's${theirs.en}${instead.en}${via.en}`,
      `第 ${line} 行：应为 FROM node:12；实际为 FROM ${shown}，它按摘要 ${shortDigest(digest)} 构建，而不是 node:12 的摘要${theirs.zh}${instead.zh}${via.zh}`,
    ),
  };
}
