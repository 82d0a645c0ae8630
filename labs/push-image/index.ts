import { defineLab, failed, passed, skipped, verdict } from '../../src/engine/define.js';
import { recordKey } from '../../src/engine/records.js';
import type { CheckContext, StepContext } from '../../src/engine/context.js';
import { EnvironmentError } from '../../src/engine/errors.js';
import { t } from '../../src/engine/lang.js';
import type { Outcome, Text } from '../../src/engine/types.js';
import { inspectImage } from '../../src/docker/api.js';
import type { CliResult } from '../../src/docker/cli.js';
import { lastLines } from '../../src/docker/logs.js';
import { shortId } from '../../checks/containers.js';
import {
  familiarRepository,
  fetchManifest,
  isLoopback,
  parseRegistry,
  remoteReference,
  repoDigestFor,
  RegistryUnreachableError,
  splitReference,
  startThrowawayRegistry,
  waitForRegistry,
  registryApiBase,
  type ManifestAnswer,
} from '../../checks/registry.js';
import { kubiaTags } from '../tag-image/index.js';
import type { KubiaTag } from '../../checks/tags.js';
import { compareDigests, compareWithPush, engineFactsOf, pullImageStep, pushedByRepoDigests, pushImage, repoDigestsRecordPushes } from '../../checks/push.js';
import { sameImageId } from '../../checks/image-ids.js';

export const PUSH_RECORD = recordKey<PushRecord>('push-image.push');

export interface PushRecord {
  /** The registry as images are tagged for it (`127.0.0.1:32768`, `docker.io`). */
  registry: string;
  /** A registry:2 this run started for itself. */
  throwaway: boolean;
  /** `<registry>/<id>/kubia:1.0` */
  remoteRef: string;
  tag?: CliResult;
  push?: CliResult;
  /** Removal of the local remote tag before the pull back. */
  rmi?: CliResult;
  pull?: CliResult;
  /** The digest the push reported (its `<tag>: digest: …` line, or podman's --digestfile). */
  pushedDigest?: string;
}

// The docker CLI's words for a registry that did not answer: the machine's problem, not the student's.
const UNREACHABLE = /connection refused|no such host|i\/o timeout|dial tcp|TLS handshake timeout|server gave HTTP response to HTTPS client|network is unreachable/i;

const stderrOf = (result: CliResult): string => lastLines(result.stderr || result.stdout, 4);

/** Removes the local remote tag and pulls it back from the registry: what a second machine would get. */
export async function pullBack(ctx: StepContext, record: PushRecord): Promise<void> {
  record.rmi = await ctx.step(['rmi', record.remoteRef]);
  record.pull = await pullImageStep(ctx, record.remoteRef);
}

const notPushed = (ctx: CheckContext) =>
  failed(t(`expected docker push of ${ctx.names.taggedRef} to a registry; it was not run`, `期望用 docker push 将 ${ctx.names.taggedRef} 推送到镜像仓库；但没有运行`));

const stepFailed = (what: Text, result: CliResult) =>
  failed(t(`expected ${result.command} ${what.en}; it failed:\n${stderrOf(result)}`, `期望 ${result.command} ${what.zh}；实际失败：\n${stderrOf(result)}`));

/** In a run: the push record, or the outcome that says why there is nothing to judge. */
function pushRecord(ctx: CheckContext): PushRecord | Outcome {
  const record = ctx.recorded(PUSH_RECORD);
  if (!record) return notPushed(ctx);
  if (!record.tag?.ok) return record.tag ? stepFailed(t('to name the image for the registry', '为镜像添加指向镜像仓库的名称'), record.tag) : notPushed(ctx);
  if (!record.push?.ok) return record.push ? stepFailed(t('to push the image', '推送镜像'), record.push) : notPushed(ctx);
  return record;
}

const isOutcome = <T extends object>(value: T | Outcome): value is Outcome => 'status' in value;

/** A registry of this machine named with its port: Podman keeps `localhost/<name>` as a local namespace, not a registry. */
const askable = (tag: string): boolean => {
  const { host } = splitReference(tag);
  return isLoopback(host) && /:\d+$/.test(host);
};

/** The tags whose registry on this machine serves them: a nothing that does not answer is no push. */
async function servedTags(ctx: CheckContext, tags: readonly KubiaTag[]): Promise<KubiaTag[]> {
  const served: KubiaTag[] = [];
  for (const tag of tags.filter((c) => askable(c.tag))) {
    const answer = await servedManifest(ctx, tag.tag).catch((e: unknown) => {
      if (e instanceof RegistryUnreachableError) return undefined;
      throw e;
    });
    if (answer?.kind === 'found') served.push(tag);
  }
  return served;
}

/**
 * In check mode: the pushed `*\/kubia:1.0` tags, kubia:latest's own and registries on this machine first. Where
 * RepoDigests record pushes, the tags carrying one; elsewhere (Podman, the containerd store) every tag carries
 * one from the start, so the registries of this machine are asked (`recorded` false).
 */
async function pushedTags(ctx: CheckContext): Promise<{ all: KubiaTag[]; pushed: KubiaTag[]; recorded: boolean }> {
  const all = await kubiaTags(ctx);
  const kubia = await inspectImage(await ctx.docker(), ctx.names.kubiaImage);
  const rank = (c: KubiaTag) => (sameImageId(c.id, kubia?.Id) ? 0 : 2) + (isLoopback(splitReference(c.tag).host) ? 0 : 1);
  const byRecord = pushedByRepoDigests(all, await engineFactsOf(ctx));
  const pushed = byRecord ?? (await servedTags(ctx, all));
  return { all, pushed: pushed.sort((a, b) => rank(a) - rank(b)), recorded: byRecord !== undefined };
}

/** Why no tag counts as pushed: none there; none carrying a RepoDigest (`recorded`); or none a registry of this machine serves. */
function noPushedTag(all: readonly KubiaTag[], recorded = true): Outcome {
  if (all.length === 0) return failed(t('expected a pushed <id>/kubia:1.0; docker images lists no such tag', '期望存在已推送的 <id>/kubia:1.0；docker images 中没有这样的标签'));
  const tags = all.map((c) => c.tag);
  if (recorded) {
    return failed(t(
      `expected a pushed <id>/kubia:1.0; ${tags.join(', ')} carries no RepoDigest, so it was never pushed`,
      `期望存在已推送的 <id>/kubia:1.0；${tags.join('、')} 没有 RepoDigest，说明从未推送过`,
    ));
  }
  const asked = tags.filter(askable);
  if (asked.length > 0) {
    return failed(t(
      `expected a pushed <id>/kubia:1.0; no registry of this machine serves ${asked.join(', ')} (this engine lists RepoDigests before any push, so labcheck asked the registry)`,
      `期望存在已推送的 <id>/kubia:1.0；本机的镜像仓库都不提供 ${asked.join('、')}（此引擎在推送之前就列出 RepoDigests，因此 labcheck 询问了镜像仓库）`,
    ));
  }
  return skipped(t(
    `${tags.join(', ')} name no registry of this machine, and this engine lists RepoDigests before any push, so whether a push was made cannot be seen here; push to a registry on this machine (127.0.0.1:<port>) to have it checked`,
    `${tags.join('、')} 没有指向本机的镜像仓库，而此引擎在推送之前就列出 RepoDigests，因此这里看不出是否推送过；推送到本机的镜像仓库（127.0.0.1:<端口>）即可检查`,
  ));
}

/** The manifest the registry serves for a reference, or the outcome when it cannot be read. */
async function servedManifest(ctx: CheckContext, ref: string): Promise<ManifestAnswer> {
  const { host, path, tag } = splitReference(ref);
  return fetchManifest(host, path, tag, { signal: ctx.signal, base: await registryApiBase(ctx, host) });
}

const notAsked = (tag: KubiaTag): Outcome => {
  const { host } = splitReference(tag.tag);
  const digest = repoDigestFor(tag.repoDigests, tag.tag) ?? '';
  return skipped(t(
    `in check mode labcheck asks only registries on this machine; ${host} was not asked. ${tag.tag} carries RepoDigest ${digest}, so a push went through, but what the registry serves now was not verified`,
    `检查模式下 labcheck 只查询本机上的镜像仓库；没有查询 ${host}。${tag.tag} 带有 RepoDigest ${digest}，说明推送成功过，但未核实镜像仓库当前提供的内容`,
  ));
};

const denied = (answer: Extract<ManifestAnswer, { kind: 'denied' }>): Outcome =>
  skipped(t(
    `${answer.url} wants credentials (${answer.status}: ${answer.detail}); labcheck reads none, so what the registry serves was not verified`,
    `${answer.url} 需要凭据（${answer.status}：${answer.detail}）；labcheck 不读取任何凭据，因此未核实镜像仓库提供的内容`,
  ));

const missingManifest = (ref: string, answer: Extract<ManifestAnswer, { kind: 'missing' }>): Outcome =>
  failed(t(
    `expected the registry to serve the manifest of ${ref}; GET ${answer.url} answered ${answer.status}: ${answer.detail}`,
    `期望镜像仓库提供 ${ref} 的清单（manifest）；GET ${answer.url} 返回 ${answer.status}：${answer.detail}`,
  ));


/** What the registry serves for the pushed name: its reference, digest and URL, and in check mode the local tag. */
interface Served {
  ref: string;
  digest: string;
  url: string;
  config?: string;
  tag?: KubiaTag;
}

/**
 * Reads the manifest of what was pushed: the run's remote name, or in
 * check mode the pushed tag on a registry of this machine. The outcome instead when there is nothing
 * to read, no registry to ask, or the registry has no such manifest.
 */
async function servedForPush(ctx: CheckContext): Promise<Served | Outcome> {
  let ref: string;
  let tag: KubiaTag | undefined;
  if (ctx.mode === 'check') {
    const { all, pushed, recorded } = await pushedTags(ctx);
    tag = pushed[0];
    if (!tag) return noPushedTag(all, recorded);
    if (!isLoopback(splitReference(tag.tag).host)) return notAsked(tag);
    ref = tag.tag;
  } else {
    const record = pushRecord(ctx);
    if (isOutcome(record)) return record;
    ref = record.remoteRef;
  }
  const answer = await servedManifest(ctx, ref);
  if (answer.kind === 'denied') return denied(answer);
  if (answer.kind === 'missing') return missingManifest(ref, answer);
  return { ref, digest: answer.digest, url: answer.url, ...(answer.config ? { config: answer.config } : {}), ...(tag ? { tag } : {}) };
}
/**
 * In check mode on Podman, which keeps no record of what a push sent: the served manifest's config is the
 * image's own config, whose digest is Podman's image ID. The same image, however Podman compressed its layers.
 */
function compareConfig(ref: string, config: string | undefined, tag: KubiaTag): Outcome {
  if (!config) {
    return skipped(t(
      `the registry serves ${ref} as an index, not an image manifest, and Podman records no digest of a push to compare it with`,
      `镜像仓库以索引（index）而非镜像清单的形式提供 ${ref}，而 Podman 不记录推送的摘要，无法比较`,
    ));
  }
  return verdict(
    sameImageId(config, tag.id),
    t(`the registry serves ${ref} with the config of image ${shortId(tag.id)}, the one ${tag.tag} names (Podman records no digest of a push: the config is compared)`, `镜像仓库提供的 ${ref} 的配置正是 ${tag.tag} 所指镜像 ${shortId(tag.id)} 的配置（Podman 不记录推送的摘要：比较的是配置）`),
    t(`expected the registry to serve ${ref} as image ${shortId(tag.id)} (${tag.tag}); its manifest's config is ${shortId(config)}, another image`, `期望镜像仓库提供的 ${ref} 是镜像 ${shortId(tag.id)}（${tag.tag}）；其清单的配置为 ${shortId(config)}，是另一个镜像`),
  );
}

export default defineLab({
  id: 'push-image',
  section: '推送镜像到Docker Hub中',
  title: t('Push the image to a registry', '推送镜像到镜像仓库'),
  dependsOn: ['tag-image'],
  creates: (names) => ({ containers: [names.registryContainer], volumes: [names.registryVolume] }),
  async solve(ctx) {
    const target = ctx.registry ? parseRegistry(ctx.registry) : undefined;
    let host: string;
    if (target) {
      host = target.host;
      // Any answer of /v2/ (200, or 401 asking for a login) means the registry is there; none is the environment's fault.
      await waitForRegistry(host, ctx.signal, 5_000, await registryApiBase(ctx, host));
    } else {
      host = (await startThrowawayRegistry(ctx)).host;
    }
    const record: PushRecord = {
      registry: host,
      throwaway: !target,
      remoteRef: remoteReference(target ?? { host }, ctx.names.userId, ctx.names.runScoped, ctx.runId),
    };
    ctx.record(PUSH_RECORD, record);
    record.tag = await ctx.step(['tag', ctx.names.taggedRef, record.remoteRef]);
    if (!record.tag.ok) return;
    const pushed = await pushImage(ctx, record.remoteRef);
    record.push = pushed.result;
    if (pushed.digest) record.pushedDigest = pushed.digest;
    if (!record.push.ok) {
      if (UNREACHABLE.test(record.push.stderr)) throw new EnvironmentError(`the registry ${host} could not be reached by docker push: ${stderrOf(record.push)}`);
      return;
    }
    await pullBack(ctx, record);
  },
  checks: [
    {
      id: 'pushed',
      title: t('the image is pushed: it carries a RepoDigest for the registry', '镜像已推送：它带有该镜像仓库的 RepoDigest'),
      points: 1,
      hint: t(
        'docker push takes the full name, registry and id included; a registry refuses names outside your own namespace, and Docker Hub wants docker login first.',
        'docker push 需要完整名称（包括镜像仓库和 id）；镜像仓库会拒绝不属于你命名空间的名称，Docker Hub 还需要先 docker login。',
      ),
      async run(ctx) {
        if (ctx.mode === 'check') {
          const { all, pushed, recorded } = await pushedTags(ctx);
          if (pushed.length === 0) return noPushedTag(all, recorded);
          if (!recorded) {
            const which = pushed.map((c) => c.tag).join(', ');
            return passed(t(`pushed: the registry serves ${which} (this engine lists RepoDigests before any push, so labcheck asked the registry)`, `已推送：镜像仓库提供 ${which}（此引擎在推送之前就列出 RepoDigests，因此 labcheck 询问了镜像仓库）`));
          }
          const which = pushed.map((c) => `${c.tag} (${repoDigestFor(c.repoDigests, c.tag)})`).join(', ');
          return passed(t(`pushed: ${which}`, `已推送：${which}`));
        }
        const record = pushRecord(ctx);
        if (isOutcome(record)) return record;
        const image = await inspectImage(await ctx.docker(), ctx.names.taggedRef);
        if (!image) return failed(t(`expected ${ctx.names.taggedRef} to exist after the push; it does not`, `期望推送后 ${ctx.names.taggedRef} 仍然存在；但它不存在`));
        if (!repoDigestsRecordPushes(await engineFactsOf(ctx))) {
          // RepoDigests are there before any push on this engine: the push's own report is the record.
          if (!record.pushedDigest) {
            return failed(t(
              `expected ${record.push?.command} to report the digest of what it pushed; its output has none:\n${lastLines(record.push?.stdout ?? '', 4)}`,
              `期望 ${record.push?.command} 报告所推送内容的摘要；其输出中没有：\n${lastLines(record.push?.stdout ?? '', 4)}`,
            ));
          }
          return passed(t(
            `${record.push?.command} pushed image ${shortId(image.Id)} as ${record.pushedDigest} (this engine lists RepoDigests before any push, so the push's own report is the record)`,
            `${record.push?.command} 推送了镜像 ${shortId(image.Id)}，摘要为 ${record.pushedDigest}（此引擎在推送之前就列出 RepoDigests，因此以推送本身的报告为准）`,
          ));
        }
        const digest = repoDigestFor(image.RepoDigests, record.remoteRef);
        if (!digest) {
          return failed(t(
            `expected image ${shortId(image.Id)} to carry a RepoDigest for ${familiarRepository(record.remoteRef)} after ${record.push?.command}; it carries ${JSON.stringify(image.RepoDigests ?? [])}`,
            `期望 ${record.push?.command} 之后镜像 ${shortId(image.Id)} 带有 ${familiarRepository(record.remoteRef)} 的 RepoDigest；实际为 ${JSON.stringify(image.RepoDigests ?? [])}`,
          ));
        }
        return passed(t(`${record.push?.command} pushed image ${shortId(image.Id)} as ${digest}`, `${record.push?.command} 推送了镜像 ${shortId(image.Id)}，摘要为 ${digest}`));
      },
    },
    {
      id: 'manifest-served',
      title: t('the registry serves the manifest of <id>/kubia:1.0', '镜像仓库提供 <id>/kubia:1.0 的清单'),
      points: 1,
      hint: t(
        'A push is complete when the registry answers GET /v2/<name>/manifests/<tag>; check that the push ended with a digest line.',
        '只有镜像仓库能响应 GET /v2/<名称>/manifests/<标签> 时推送才算完成；看看推送是否以 digest 一行结束。',
      ),
      async run(ctx) {
        const served = await servedForPush(ctx);
        if (isOutcome(served)) return served;
        return passed(t(`GET ${served.url} serves the manifest (${served.digest})`, `GET ${served.url} 提供了清单（${served.digest}）`));
      },
    },
    {
      id: 'digest-matches',
      title: t("the digest the registry serves is the image's RepoDigest", '镜像仓库提供的摘要与镜像的 RepoDigest 相同'),
      points: 2,
      hint: t(
        'A tag in a registry can be overwritten by a later push: push the image again under that name and compare the digest docker push prints with `docker inspect -f "{{.RepoDigests}}"`.',
        '镜像仓库中的标签可能被之后的推送覆盖：用该名称重新推送镜像，并将 docker push 打印的摘要与 `docker inspect -f "{{.RepoDigests}}"` 比较。',
      ),
      async run(ctx) {
        const served = await servedForPush(ctx);
        if (isOutcome(served)) return served;
        const { ref, digest, tag } = served;
        if (tag && (await engineFactsOf(ctx)).kind === 'podman') return compareConfig(ref, served.config, tag);
        if (tag) return compareDigests(ref, digest, repoDigestFor(tag.repoDigests, ref), `${ref} (${shortId(tag.id)})`);
        const image = await inspectImage(await ctx.docker(), ctx.names.taggedRef);
        if (!image) return failed(t(`expected ${ctx.names.taggedRef} to compare the served digest with; it does not exist`, `期望存在 ${ctx.names.taggedRef} 以便比较摘要；但它不存在`));
        const record = ctx.recorded(PUSH_RECORD);
        if (record && !repoDigestsRecordPushes(await engineFactsOf(ctx))) return compareWithPush(ref, digest, record.pushedDigest, record.push?.command ?? 'docker push');
        return compareDigests(ref, digest, repoDigestFor(image.RepoDigests, ref), `${ctx.names.taggedRef} (${shortId(image.Id)})`);
      },
    },
    {
      id: 'pull-same-id',
      title: t('a pull from the registry gives the same image ID', '从镜像仓库拉取得到相同的镜像 ID'),
      points: 1,
      hint: t(
        'Remove the registry name locally (docker rmi removes only a tag while another holds the image), docker pull it, and compare IMAGE ID in docker images.',
        '在本地删除带镜像仓库的名称（还有其他标签时 docker rmi 只删除标签），再 docker pull，然后对比 docker images 中的 IMAGE ID。',
      ),
      async run(ctx) {
        if (ctx.mode === 'check') {
          return skipped(t(
            'check mode pulls nothing, and the local store cannot show whether a pull was made or what it gave',
            '检查模式不拉取任何镜像，而本地镜像库无法说明是否拉取过以及拉取得到了什么',
          ));
        }
        const record = pushRecord(ctx);
        if (isOutcome(record)) return record;
        const { remoteRef } = record;
        if (!record.rmi || !record.pull) return failed(t(`expected ${remoteRef} to be removed locally and pulled back; it was not`, `期望在本地删除 ${remoteRef} 后再拉取回来；但没有这样做`));
        if (!record.rmi.ok) return stepFailed(t('to remove the local tag before the pull', '在拉取前删除本地标签'), record.rmi);
        if (!record.pull.ok) return stepFailed(t('to pull the image back', '将镜像拉取回来'), record.pull);
        const docker = await ctx.docker();
        const [pulled, tagged] = await Promise.all([inspectImage(docker, remoteRef), inspectImage(docker, ctx.names.taggedRef)]);
        if (!pulled) return failed(t(`expected ${remoteRef} in the local store after ${record.pull.command}; it is not there`, `期望 ${record.pull.command} 之后本地有 ${remoteRef}；但没有`));
        if (!tagged) return failed(t(`expected ${ctx.names.taggedRef} to compare the pulled image with; it does not exist`, `期望存在 ${ctx.names.taggedRef} 以便与拉取的镜像比较；但它不存在`));
        return verdict(
          sameImageId(pulled.Id, tagged.Id),
          t(`${record.pull.command} gave image ${shortId(pulled.Id)}, the same as ${ctx.names.taggedRef}`, `${record.pull.command} 得到镜像 ${shortId(pulled.Id)}，与 ${ctx.names.taggedRef} 相同`),
          t(
            `expected ${record.pull.command} to give image ${shortId(tagged.Id)} (${ctx.names.taggedRef}); it gave ${shortId(pulled.Id)}`,
            `期望 ${record.pull.command} 得到镜像 ${shortId(tagged.Id)}（${ctx.names.taggedRef}）；实际得到 ${shortId(pulled.Id)}`,
          ),
        );
      },
    },
  ],
});
