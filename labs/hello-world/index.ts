import { defineLab, failed, notApplicable, passed, verdict } from '../../src/engine/define.js';
import { RUN_LABEL } from '../../src/engine/labels.js';
import type { CheckContext } from '../../src/engine/context.js';
import { recordKey } from '../../src/engine/records.js';
import type { CliResult } from '../../src/docker/cli.js';
import { t } from '../../src/engine/lang.js';
import type { Outcome } from '../../src/engine/types.js';
import { inspectImage } from '../../src/docker/api.js';
import { EVENTS_NOTE, recentEvents } from '../../src/docker/events.js';
import { readLogs } from '../../src/docker/logs.js';
import { argvOf, findContainer, namedContainer, shortId, type ContainerInfo } from '../../checks/containers.js';
import { sameImageId } from '../../checks/image-ids.js';
import { familiarName } from '../../checks/refs.js';

const IMAGE = 'busybox';
const IMAGE_REFS = [IMAGE, `${IMAGE}:latest`, `docker.io/library/${IMAGE}`, `docker.io/library/${IMAGE}:latest`];
const GREETING = 'Hello World';
export const RUN_RECORD = recordKey<CliResult>('hello-world.run');

/** A busybox container the engine's events show ran and exited, though it is gone now (`docker run --rm`). */
interface RemovedRun {
  id: string;
  exitCode: number;
  diedAt: number;
}

type Seen = { kind: 'container'; info: ContainerInfo } | { kind: 'removed'; run: RemovedRun } | { kind: 'none'; others: string[] };

/** Containers' names and commands, e.g. `sleepy_tesla (busybox sh)`, for saying what docker ps -a does list. */
async function busyboxOthers(ctx: CheckContext): Promise<string[]> {
  const all = await (await ctx.docker()).listContainers({ all: true });
  return all.filter((c) => IMAGE_REFS.includes(c.Image)).map((c) => `${c.Names[0]?.replace(/^\//, '') ?? shortId(c.Id)} (${familiarName(c.Image)} ${c.Command})`);
}

/** The newest busybox container the events show exiting and then removed: what `docker run --rm` leaves. */
async function removedRun(ctx: CheckContext): Promise<RemovedRun | undefined> {
  const events = await recentEvents(await ctx.docker(), { type: ['container'], event: ['die', 'destroy'] }, ctx.signal);
  const destroyed = new Set(events.filter((e) => e.Action === 'destroy').map((e) => e.Actor.ID));
  // Events carry the container's labels: labcheck's own runs (removed by its cleanup) are not the student's.
  const died = events.filter(
    (e) => e.Action === 'die' && destroyed.has(e.Actor.ID) && IMAGE_REFS.includes(e.Actor.Attributes?.image ?? '') && !e.Actor.Attributes?.[RUN_LABEL],
  );
  const last = died.at(-1);
  return last ? { id: last.Actor.ID, exitCode: Number(last.Actor.Attributes?.exitCode ?? NaN), diedAt: last.time } : undefined;
}

/**
 * What this lab judges: the run's own container by name; in check mode the newest busybox echo the
 * student left, else a busybox container the engine's events show ran and was removed.
 */
async function helloSeen(ctx: CheckContext): Promise<Seen> {
  if (ctx.mode !== 'check') {
    const info = await namedContainer(ctx, ctx.names.helloContainer);
    return info ? { kind: 'container', info } : { kind: 'none', others: [] };
  }
  const info = await findContainer(ctx, IMAGE_REFS, (c) => c.Path === 'echo');
  if (info) return { kind: 'container', info };
  const run = await removedRun(ctx);
  if (run) return { kind: 'removed', run };
  return { kind: 'none', others: await busyboxOthers(ctx) };
}

function noContainer(ctx: CheckContext, others: readonly string[]): Outcome {
  if (ctx.mode !== 'check') return failed(t(`expected the container ${ctx.names.helloContainer}; saw none`, `期望存在容器 ${ctx.names.helloContainer}；但没有找到`));
  const seen = others.length
    ? { en: `docker ps -a lists busybox containers that did not run echo: ${others.slice(0, 5).join(', ')}`, zh: `docker ps -a 列出的 busybox 容器都没有运行 echo：${others.slice(0, 5).join('，')}` }
    : { en: `docker ps -a lists no busybox container, and ${EVENTS_NOTE.en} show none run and removed`, zh: `docker ps -a 中没有 busybox 容器，${EVENTS_NOTE.zh}中也没有运行后被删除的` };
  return failed(t(`expected a container made from busybox that ran echo; ${seen.en}`, `期望有一个由 busybox 创建并运行 echo 的容器；${seen.zh}`));
}

/** For what a removed container took with it: its command and its output. */
const goneWithRm = (what: { en: string; zh: string }) =>
  notApplicable(
    t(
      `the busybox container ran and was removed (docker run --rm), so ${what.en} cannot be seen; run it without --rm to have this checked`,
      `busybox 容器运行后已被删除（docker run --rm），因此无法看到${what.zh}；去掉 --rm 再运行一次即可检查这一项`,
    ),
  );

export default defineLab({
  id: 'hello-world',
  section: '运行一个hello-world容器',
  title: t('Run a hello-world container', '运行一个 hello-world 容器'),
  dependsOn: [],
  creates: (names) => ({ containers: [names.helloContainer] }),
  readsWorkdir: false,
  async solve(ctx) {
    const result = await ctx.step(['run', '--name', ctx.names.helloContainer, ...ctx.labelArgs(), IMAGE, 'echo', GREETING]);
    ctx.record(RUN_RECORD, result);
  },
  checks: [
    {
      id: 'image-pulled',
      title: t('busybox is in the local store and the container ran from it', 'busybox 镜像在本地存储中，且容器由它运行'),
      points: 1,
      hint: t(
        'docker run pulls an image that is missing locally; check `docker images` for busybox.',
        'docker run 会自动拉取本地没有的镜像；用 `docker images` 看看有没有 busybox。',
      ),
      async run(ctx) {
        const seen = await helloSeen(ctx);
        if (seen.kind === 'none') return noContainer(ctx, seen.others);
        const image = await inspectImage(await ctx.docker(), `${IMAGE}:latest`);
        if (!image) return failed(t('expected busybox:latest in the local image store; it is not there', '期望本地镜像库中有 busybox:latest；但没有'));
        if (seen.kind === 'removed') {
          return passed(t(
            `busybox:latest (${shortId(image.Id)}) is in the store, and ${EVENTS_NOTE.en} show a container of it ran and was removed`,
            `busybox:latest（${shortId(image.Id)}）在本地存储中，${EVENTS_NOTE.zh}显示它的一个容器运行过并已被删除`,
          ));
        }
        const container = seen.info;
        return verdict(
          sameImageId(container.Image, image.Id),
          t(`busybox:latest (${shortId(image.Id)}) is in the store and the container ran from it`, `busybox:latest（${shortId(image.Id)}）在本地存储中，容器由它运行`),
          t(`expected the container to run busybox:latest (${shortId(image.Id)}); it ran image ${shortId(container.Image)}`, `期望容器运行 busybox:latest（${shortId(image.Id)}）；实际运行的是镜像 ${shortId(container.Image)}`),
        );
      },
    },
    {
      id: 'ran-echo',
      title: t('the container ran `echo Hello World`', '容器运行了 `echo Hello World`'),
      points: 1,
      hint: t(
        'Everything after the image name in docker run is the command to run inside; quote the text so it stays one argument.',
        'docker run 中镜像名之后的内容就是在容器内执行的命令；给文本加上引号，让它成为一个参数。',
      ),
      async run(ctx) {
        const seen = await helloSeen(ctx);
        if (seen.kind === 'none') return noContainer(ctx, seen.others);
        if (seen.kind === 'removed') return goneWithRm({ en: 'the command it ran', zh: '它运行的命令' });
        const argv = argvOf(seen.info);
        return verdict(
          argv.length === 2 && argv[0] === 'echo' && argv[1] === GREETING,
          t('the container ran echo with the argument "Hello World"', '容器以参数 "Hello World" 运行了 echo'),
          t(`expected the command ["echo", "Hello World"]; saw ${JSON.stringify(argv)}`, `期望命令为 ["echo", "Hello World"]；实际为 ${JSON.stringify(argv)}`),
        );
      },
    },
    {
      id: 'exited-zero',
      title: t('the container exited with code 0', '容器以退出码 0 结束'),
      points: 1,
      hint: t('echo ends at once; a container stops when its command ends. Look at `docker ps -a`.', 'echo 会立即结束；命令结束时容器就会停止。看看 `docker ps -a`。'),
      async run(ctx) {
        const seen = await helloSeen(ctx);
        if (seen.kind === 'none') return noContainer(ctx, seen.others);
        if (seen.kind === 'removed') {
          const code = seen.run.exitCode;
          return verdict(
            code === 0,
            t(`the container exited with code 0 (${EVENTS_NOTE.en})`, `容器以退出码 0 结束（${EVENTS_NOTE.zh}）`),
            t(`expected exit code 0; ${EVENTS_NOTE.en} show the container exited with code ${code}`, `期望退出码为 0；${EVENTS_NOTE.zh}显示容器的退出码为 ${code}`),
          );
        }
        const { Status: status, ExitCode: code } = seen.info.State;
        return verdict(
          status === 'exited' && code === 0,
          t('the container exited with code 0', '容器以退出码 0 结束'),
          t(`expected state exited with code 0; saw state ${status} with code ${code}`, `期望状态为 exited 且退出码为 0；实际状态 ${status}，退出码 ${code}`),
        );
      },
    },
    {
      id: 'printed-greeting',
      title: t('it printed exactly "Hello World"', '它准确输出了 "Hello World"'),
      points: 1,
      hint: t('`docker logs` shows what a container printed, even after it stopped.', '即使容器已停止，`docker logs` 也能显示它输出的内容。'),
      async run(ctx) {
        const seen = await helloSeen(ctx);
        if (seen.kind === 'none') return noContainer(ctx, seen.others);
        if (seen.kind === 'removed') return goneWithRm({ en: 'what it printed', zh: '它输出的内容' });
        const { text } = await readLogs(await ctx.docker(), seen.info.Id, { maxBytes: 64 * 1024, signal: ctx.signal });
        const printed = text.replace(/\r?\n$/, '');
        if (printed === GREETING) return passed(t('it printed "Hello World"', '它输出了 "Hello World"'));
        return failed(t(`expected the output "Hello World"; saw ${JSON.stringify(printed.slice(0, 200))}`, `期望输出 "Hello World"；实际为 ${JSON.stringify(printed.slice(0, 200))}`));
      },
    },
  ],
});
