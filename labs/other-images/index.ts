import { defineLab, failed, passed, verdict } from '../../src/engine/define.js';
import { recordKey, type RecordKey } from '../../src/engine/records.js';
import { RUN_LABEL, type CheckContext } from '../../src/engine/context.js';
import { t } from '../../src/engine/lang.js';
import type { Outcome } from '../../src/engine/types.js';
import { poll, withDeadline } from '../../src/engine/deadline.js';
import { inspectContainer, inspectImage } from '../../src/docker/api.js';
import type { CliResult } from '../../src/docker/cli.js';
import { lastLines, readLogs } from '../../src/docker/logs.js';
import { argvOf, findContainer, namedContainer, nameOf, shortId, type ContainerInfo } from '../../checks/containers.js';
import { sameImageId } from '../../checks/image-ids.js';
import { familiarName, normalizeRef } from '../../checks/refs.js';

export const REDIS_IMAGE = 'redis:alpine';
export const REDIS_RUN_RECORD = recordKey<CliResult>('other-images.run');
const READY = /Ready to accept connections/;
const LOG_BYTES = 64 * 1024;


/** True for a reference that names neither a tag nor a digest (and is not an image id). */
export function isUntagged(ref: string): boolean {
  if (ref.includes('@') || /^(sha256:)?[0-9a-f]{12,64}$/.test(ref)) return false;
  return ref.indexOf(':', ref.lastIndexOf('/') + 1) < 0;
}

export type Lookup = { container: ContainerInfo } | { missing: Outcome };

/**
 * A redis container of this lab: in a run, the run's own by name and label; in check mode the newest
 * container of the image, preferring one started by that very reference.
 */
export async function redisContainer(ctx: CheckContext, name: string, image: string, runRecord: RecordKey<CliResult>): Promise<Lookup> {
  if (ctx.mode === 'check') {
    const byRef = (c: ContainerInfo) => normalizeRef(c.Config.Image) === normalizeRef(image);
    const container = (await findContainer(ctx, [image], byRef)) ?? (await findContainer(ctx, [image]));
    if (container) return { container };
    return {
      missing: failed(t(`expected a container made from ${image}; saw none (docker ps -a lists none)`, `期望有一个由 ${image} 创建的容器；但没有找到（docker ps -a 中没有）`)),
    };
  }
  const container = await namedContainer(ctx, name);
  const step = ctx.recorded(runRecord);
  if (!container) {
    const why = step && !step.ok ? `; ${step.command} failed: ${lastLines(step.stderr || step.stdout, 3)}` : '';
    return { missing: failed(t(`expected the container ${name}; saw none${why}`, `期望存在容器 ${name}；但没有找到${why}`)) };
  }
  // A container of that name from an earlier run is a leftover, not this run's work.
  const owner = container.Config.Labels?.[RUN_LABEL];
  if (owner !== ctx.runId) {
    return {
      missing: failed(t(`expected the container ${name} made by this run (${ctx.runId}); the one there is not (run ${owner ?? 'none'})`, `期望容器 ${name} 由本次运行（${ctx.runId}）创建；现有的不是（运行 ${owner ?? '无'}）`)),
    };
  }
  return { container };
}

/** The image id a reference resolves to, checked against the container's. */
export async function judgeImage(ctx: CheckContext, container: ContainerInfo, image: string): Promise<Outcome> {
  const found = await inspectImage(await ctx.docker(), image);
  if (!found) return failed(t(`expected ${image} in the local image store; it is not there`, `期望本地镜像库中有 ${image}；但没有`));
  return verdict(
    sameImageId(container.Image, found.Id),
    t(`${image} (${shortId(found.Id)}) is in the store and ${nameOf(container)} runs from it`, `${image}（${shortId(found.Id)}）在本地存储中，${nameOf(container)} 由它运行`),
    t(`expected ${nameOf(container)} to run ${image} (${shortId(found.Id)}); it runs ${familiarName(container.Config.Image)} (${shortId(container.Image)})`, `期望 ${nameOf(container)} 运行 ${image}（${shortId(found.Id)}）；实际运行的是 ${familiarName(container.Config.Image)}（${shortId(container.Image)}）`),
  );
}

interface Readiness {
  ready: boolean;
  state: ContainerInfo['State'];
  text: string;
}

/** Reads the log until it says ready, the container stops, or the wait's deadline passes (undefined). */
async function waitForReady(ctx: CheckContext, container: ContainerInfo, waitMs: number): Promise<Readiness | undefined> {
  const docker = await ctx.docker();
  const probe = async (signal: AbortSignal): Promise<Readiness | undefined> => {
    // State first: a container that stops after this read has already written its last log line.
    const state = (await inspectContainer(docker, container.Id))?.State ?? container.State;
    const { text } = await readLogs(docker, container.Id, { maxBytes: LOG_BYTES, signal, tty: container.Config.Tty });
    if (READY.test(text)) return { ready: true, state, text };
    if (!state.Running) return { ready: false, state, text };
    return undefined;
  };
  const result = await withDeadline(waitMs, ctx.signal, (signal) => poll(() => probe(signal), signal, 200));
  return result.kind === 'done' ? result.value : undefined;
}

const stateText = (state: ContainerInfo['State']): string =>
  state.Status === 'exited' ? `exited with code ${state.ExitCode}` : state.Status === 'created' ? 'created but never started' : state.Status;

const tail = (text: string): string => {
  const lines = lastLines(text, 3);
  return lines ? `; its last lines:\n${lines}` : '; it logged nothing';
};

/** The wait leaves room inside the check's own deadline to say what it saw. */
const readyWaitMs = (ctx: CheckContext): number => Math.max(1000, Math.min(20_000, ctx.timeoutMs - 2000));

/** Passes once the container's log says redis is ready to accept connections. */
export async function judgeReady(ctx: CheckContext, container: ContainerInfo): Promise<Outcome> {
  const waitMs = readyWaitMs(ctx);
  const seen = await waitForReady(ctx, container, waitMs);
  const name = nameOf(container);
  if (!seen) {
    return failed(t(`expected "Ready to accept connections" in the log of ${name}; not seen within ${waitMs} ms while it kept running`, `期望 ${name} 的日志中出现 "Ready to accept connections"；在 ${waitMs} 毫秒内未出现，容器仍在运行`));
  }
  if (seen.ready) {
    const stopped = seen.state.Running ? '' : ` (it has stopped since: ${stateText(seen.state)})`;
    return passed(t(`the log of ${name} says "Ready to accept connections"${stopped}`, `${name} 的日志显示 "Ready to accept connections"${stopped ? `（之后已停止：${stateText(seen.state)}）` : ''}`));
  }
  return failed(t(`expected "Ready to accept connections" in the log of ${name}; it is ${stateText(seen.state)} without it${tail(seen.text)}`, `期望 ${name} 的日志中出现 "Ready to accept connections"；容器状态为 ${stateText(seen.state)}，日志中没有这一行${tail(seen.text)}`));
}

/**
 * Running, as a detached run leaves it. In check mode a container that logged readiness and stopped
 * since also passes: the chapter runs redis in the foreground, where Ctrl-C stops it.
 */
export async function judgeRunning(ctx: CheckContext, container: ContainerInfo): Promise<Outcome> {
  const state = (await inspectContainer(await ctx.docker(), container.Id))?.State ?? container.State;
  const name = nameOf(container);
  if (state.Running) return passed(t(`${name} is running`, `${name} 正在运行`));
  if (ctx.mode === 'check' && state.Status === 'exited') {
    const { text } = await readLogs(await ctx.docker(), container.Id, { maxBytes: LOG_BYTES, signal: ctx.signal, tty: container.Config.Tty });
    if (READY.test(text)) {
      return passed(t(`${name} ran and became ready; it is stopped now (${stateText(state)}), as after Ctrl-C on a foreground run`, `${name} 运行过且已就绪；现在已停止（${stateText(state)}），就像前台运行时按了 Ctrl-C`));
    }
  }
  return failed(t(`expected ${name} to be running; it is ${stateText(state)}`, `期望 ${name} 正在运行；实际状态：${stateText(state)}`));
}

/** The container runs what its image says to run: nothing was given after the image name. */
export async function judgeDefaultCommand(ctx: CheckContext, container: ContainerInfo): Promise<Outcome> {
  const image = await inspectImage(await ctx.docker(), container.Image);
  if (!image) return failed(t(`expected the image of ${nameOf(container)} (${shortId(container.Image)}) in the store; it is gone`, `期望 ${nameOf(container)} 的镜像（${shortId(container.Image)}）在本地存储中；但它已不在`));
  const entrypoint = image.Config.Entrypoint ?? [];
  const defaults = [...(typeof entrypoint === 'string' ? [entrypoint] : entrypoint), ...(image.Config.Cmd ?? [])];
  const argv = argvOf(container);
  return verdict(
    JSON.stringify(argv) === JSON.stringify(defaults),
    t(`${nameOf(container)} runs the image's own command ${JSON.stringify(defaults)}`, `${nameOf(container)} 运行的是镜像自带的命令 ${JSON.stringify(defaults)}`),
    t(`expected the image's own command ${JSON.stringify(defaults)}; the container runs ${JSON.stringify(argv)}`, `期望运行镜像自带的命令 ${JSON.stringify(defaults)}；容器实际运行 ${JSON.stringify(argv)}`),
  );
}

const lookup = (ctx: CheckContext) => redisContainer(ctx, ctx.names.redisContainer, REDIS_IMAGE, REDIS_RUN_RECORD);

export default defineLab({
  id: 'other-images',
  section: '运行其他的镜像',
  title: t('Run other images: redis', '运行其他的镜像：redis'),
  dependsOn: [],
  creates: (names) => ({ containers: [names.redisContainer] }),
  readsWorkdir: false,
  async solve(ctx) {
    const run = await ctx.step(['run', '-d', '--name', ctx.names.redisContainer, ...ctx.labelArgs(), ...ctx.boundArgs(), REDIS_IMAGE]);
    ctx.record(REDIS_RUN_RECORD, run);
  },
  checks: [
    {
      id: 'image-pulled',
      title: t('redis:alpine is in the local store and the container runs from it', 'redis:alpine 在本地存储中，且容器由它运行'),
      points: 1,
      hint: t('The part after the colon in redis:alpine is the tag; `docker images redis` lists what you have.', 'redis:alpine 中冒号后面的部分是标签；`docker images redis` 会列出本地已有的镜像。'),
      async run(ctx) {
        const found = await lookup(ctx);
        return 'missing' in found ? found.missing : judgeImage(ctx, found.container, REDIS_IMAGE);
      },
    },
    {
      id: 'default-command',
      title: t("the container runs the image's own command", '容器运行镜像自带的命令'),
      points: 1,
      hint: t(
        'An image carries the command it runs (`docker image inspect` shows its Cmd); anything after the image name in docker run replaces it.',
        '镜像自带要运行的命令（`docker image inspect` 可以看到 Cmd）；docker run 中镜像名之后的任何内容都会替换它。',
      ),
      async run(ctx) {
        const found = await lookup(ctx);
        return 'missing' in found ? found.missing : judgeDefaultCommand(ctx, found.container);
      },
    },
    {
      id: 'running',
      title: t('the container is running', '容器正在运行'),
      points: 1,
      hint: t('`docker ps -a` shows each container\'s status; a server keeps running until it is stopped.', '`docker ps -a` 显示每个容器的状态；服务器会一直运行，直到被停止。'),
      async run(ctx) {
        const found = await lookup(ctx);
        return 'missing' in found ? found.missing : judgeRunning(ctx, found.container);
      },
    },
    {
      id: 'ready',
      title: t('its log says "Ready to accept connections"', '它的日志显示 "Ready to accept connections"'),
      points: 2,
      hint: t('`docker logs <container>` shows what redis printed while starting.', '`docker logs <容器>` 会显示 redis 启动时打印的内容。'),
      async run(ctx) {
        const found = await lookup(ctx);
        return 'missing' in found ? found.missing : judgeReady(ctx, found.container);
      },
    },
  ],
});
