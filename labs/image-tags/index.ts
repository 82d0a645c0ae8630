import { defineLab, failed, passed, skipped } from '../../src/engine/define.js';
import { recordKey } from '../../src/engine/records.js';
import type { CheckContext } from '../../src/engine/context.js';
import { t } from '../../src/engine/lang.js';
import type { Outcome } from '../../src/engine/types.js';
import { inspectImage } from '../../src/docker/api.js';
import type { CliResult } from '../../src/docker/cli.js';
import { lastLines } from '../../src/docker/logs.js';
import { nameOf, shortId } from '../../checks/containers.js';
import { REDIS_IMAGE, REDIS_RUN_RECORD, isUntagged, judgeImage, judgeReady, judgeRunning, redisContainer } from '../other-images/index.js';
import { sameImageId } from '../../checks/image-ids.js';
import { sameRef } from '../../checks/refs.js';
import { familiarRepository } from '../../checks/registry.js';
import { kindOf } from '../../src/docker/engine-info.js';

export const TAG_IMAGE = 'redis:5.0.7-alpine';
export const TAG_RUN_RECORD = recordKey<CliResult>('image-tags.run');
export const UNTAGGED_RECORD = recordKey<CliResult>('image-tags.inspect-untagged');
/** Pulled by the hello-world lab as `docker run busybox`: the chapter's own reference without a tag. */
const UNTAGGED = 'busybox';
const REPOSITORY = 'redis';
// In check mode, how many untagged containers to look at before saying the state cannot show it.
const MAX_CANDIDATES = 50;

const tagContainer = (ctx: CheckContext) => redisContainer(ctx, ctx.names.redisTagContainer, TAG_IMAGE, TAG_RUN_RECORD);

/** Both tags of the redis repository are listed, each the image of a container of this run. */
async function judgeOneRepository(ctx: CheckContext): Promise<Outcome> {
  const [alpine, pinned] = await Promise.all([
    redisContainer(ctx, ctx.names.redisContainer, REDIS_IMAGE, REDIS_RUN_RECORD),
    tagContainer(ctx),
  ]);
  if ('missing' in alpine) return alpine.missing;
  if ('missing' in pinned) return pinned.missing;
  const docker = await ctx.docker();
  const [listed, kind] = await Promise.all([docker.listImages({ filters: JSON.stringify({ reference: [REPOSITORY] }) }), kindOf(docker)]);
  const tagsOf = (id: string) => listed.find((image) => sameImageId(image.Id, id))?.RepoTags ?? [];
  // Podman lists `docker.io/library/redis:alpine` where Docker lists `redis:alpine`: the same tag.
  const all = listed.flatMap((image) => image.RepoTags ?? []).filter((tag) => sameRef(familiarRepository(tag), REPOSITORY, kind));
  const shown = all.length ? all.join(', ') : 'none';
  const wants: Array<[string, string, string]> = [
    [REDIS_IMAGE, nameOf(alpine.container), alpine.container.Image],
    [TAG_IMAGE, nameOf(pinned.container), pinned.container.Image],
  ];
  for (const [tag, name, id] of wants) {
    if (!tagsOf(id).some((listedTag) => sameRef(listedTag, tag, kind))) {
      return failed(t(`expected \`docker images ${REPOSITORY}\` to list ${tag} as the image ${name} runs (${shortId(id)}); it lists ${shown}`, `期望 \`docker images ${REPOSITORY}\` 将 ${tag} 列为 ${name} 所运行的镜像（${shortId(id)}）；实际列出 ${shown}`));
    }
  }
  return passed(t(`\`docker images ${REPOSITORY}\` lists both tags of the one repository: ${REDIS_IMAGE} (${shortId(alpine.container.Image)}) and ${TAG_IMAGE} (${shortId(pinned.container.Image)})`, `\`docker images ${REPOSITORY}\` 列出了同一仓库的两个标签：${REDIS_IMAGE}（${shortId(alpine.container.Image)}）和 ${TAG_IMAGE}（${shortId(pinned.container.Image)}）`));
}

/** Where labcheck performed the steps: `docker image inspect busybox` showed the image tagged busybox:latest. */
async function judgeInspectedLatest(ctx: CheckContext): Promise<Outcome> {
  const step = ctx.recorded(UNTAGGED_RECORD);
  if (!step) return failed(t(`expected \`docker image inspect ${UNTAGGED}\` to have been run; it was not`, `期望运行过 \`docker image inspect ${UNTAGGED}\`；但没有`));
  if (!step.ok) return failed(t(`expected ${step.command} to show an image; it failed: ${lastLines(step.stderr || step.stdout, 3)}`, `期望 ${step.command} 显示一个镜像；实际失败：${lastLines(step.stderr || step.stdout, 3)}`));
  let shownId: string | undefined;
  try {
    shownId = (JSON.parse(step.stdout) as Array<{ Id?: string }>)[0]?.Id;
  } catch {
    shownId = undefined;
  }
  const latest = await inspectImage(await ctx.docker(), `${UNTAGGED}:latest`);
  if (!latest) return failed(t(`expected ${UNTAGGED}:latest in the local store; it is not there`, `期望本地镜像库中有 ${UNTAGGED}:latest；但没有`));
  if (sameImageId(shownId, latest.Id)) {
    return passed(t(`${step.command} showed ${shortId(latest.Id)}, the image tagged ${UNTAGGED}:latest: no tag means :latest`, `${step.command} 显示的是 ${shortId(latest.Id)}，即标签为 ${UNTAGGED}:latest 的镜像：不写标签即表示 :latest`));
  }
  return failed(t(`expected ${step.command} to show ${UNTAGGED}:latest (${shortId(latest.Id)}); it showed ${shownId ? shortId(shownId) : 'no image id'}`, `期望 ${step.command} 显示 ${UNTAGGED}:latest（${shortId(latest.Id)}）；实际显示 ${shownId ? shortId(shownId) : '没有镜像 ID'}`));
}

/** In check mode: the newest container the student started by a reference without a tag ran its :latest. */
async function judgeRanLatest(ctx: CheckContext): Promise<Outcome> {
  const docker = await ctx.docker();
  if ((await kindOf(docker)) === 'podman') {
    return skipped(t(
      `Podman records the image of every container by its full name (docker.io/library/${UNTAGGED}:latest), not as it was typed, so the state cannot show a name without a tag; \`labcheck run image-tags\` checks it`,
      `Podman 以完整名称（docker.io/library/${UNTAGGED}:latest）而非输入时的写法记录每个容器的镜像，因此无法从状态看出是否使用了不带标签的名称；\`labcheck run image-tags\` 可以检查这一点`,
    ));
  }
  const all = await docker.listContainers({ all: true });
  const untagged = all.filter((c) => isUntagged(c.Image)).sort((a, b) => b.Created - a.Created).slice(0, MAX_CANDIDATES);
  for (const c of untagged) {
    const latest = await inspectImage(docker, `${c.Image}:latest`);
    if (latest && sameImageId(latest.Id, c.ImageID)) {
      const name = c.Names[0]?.replace(/^\//, '') ?? shortId(c.Id);
      return passed(t(`${name} was started from "${c.Image}" without a tag and runs ${c.Image}:latest (${shortId(latest.Id)})`, `${name} 以不带标签的 "${c.Image}" 启动，运行的是 ${c.Image}:latest（${shortId(latest.Id)}）`));
    }
  }
  return skipped(t(
    `no container here was started by an image name without a tag whose :latest it still runs (like \`docker run ${UNTAGGED} ...\` in the hello-world lab), so the state cannot show it`,
    `这里没有以不带标签的镜像名启动、且仍运行其 :latest 的容器（例如 hello-world 实验中的 \`docker run ${UNTAGGED} ...\`），因此无法从状态判断`,
  ));
}

export default defineLab({
  id: 'image-tags',
  section: '理解容器tags',
  title: t('Understand image tags', '理解容器 tags'),
  // hello-world pulls busybox, the untagged reference; other-images runs the redis:alpine tag compared here.
  dependsOn: ['hello-world', 'other-images'],
  creates: (names) => ({ containers: [names.redisTagContainer] }),
  readsWorkdir: false,
  async solve(ctx) {
    const run = await ctx.step(['run', '-d', '--name', ctx.names.redisTagContainer, ...ctx.labelArgs(), ...ctx.boundArgs(), TAG_IMAGE]);
    ctx.record(TAG_RUN_RECORD, run);
    ctx.record(UNTAGGED_RECORD, await ctx.step(['image', 'inspect', UNTAGGED]));
  },
  checks: [
    {
      id: 'tag-pulled',
      title: t('redis:5.0.7-alpine is in the local store and a container runs from it', 'redis:5.0.7-alpine 在本地存储中，且有容器由它运行'),
      points: 1,
      hint: t('To run a particular version or variant, name its tag after the colon.', '要运行特定的版本或变体，请在冒号后写上它的标签。'),
      async run(ctx) {
        const found = await tagContainer(ctx);
        return 'missing' in found ? found.missing : judgeImage(ctx, found.container, TAG_IMAGE);
      },
    },
    {
      id: 'tag-ready',
      title: t('it runs and says "Ready to accept connections"', '它在运行，并显示 "Ready to accept connections"'),
      points: 1,
      hint: t('`docker ps -a` shows whether it still runs; `docker logs` what redis printed.', '`docker ps -a` 显示它是否仍在运行；`docker logs` 显示 redis 打印的内容。'),
      async run(ctx) {
        const found = await tagContainer(ctx);
        if ('missing' in found) return found.missing;
        const running = await judgeRunning(ctx, found.container);
        if (running.status !== 'passed') return running;
        const ready = await judgeReady(ctx, found.container);
        if (ready.status !== 'passed') return ready;
        return passed(t(`${running.message.en}; ${ready.message.en}`, `${running.message.zh}；${ready.message.zh}`));
      },
    },
    {
      id: 'one-repository',
      title: t('both tags are in the store as tags of the one repository redis', '两个标签都在本地存储中，属于同一个仓库 redis'),
      points: 1,
      hint: t('`docker images <repository>` lists every tag of that repository you have locally.', '`docker images <仓库名>` 会列出本地该仓库的所有标签。'),
      run: judgeOneRepository,
    },
    {
      id: 'latest-default',
      title: t('an image name without a tag means :latest', '不带标签的镜像名表示 :latest'),
      points: 1,
      hint: t('Compare the image ID that `docker images` shows for a name with and without `:latest`.', '比较 `docker images` 对带与不带 `:latest` 的镜像名显示的镜像 ID。'),
      run: (ctx) => (ctx.mode === 'check' ? judgeRanLatest(ctx) : judgeInspectedLatest(ctx)),
    },
  ],
});
