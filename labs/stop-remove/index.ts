import { defineLab, failed, passed, skipped } from '../../src/engine/define.js';
import { recordKey } from '../../src/engine/records.js';
import type { CheckContext, StepContext } from '../../src/engine/context.js';
import { t } from '../../src/engine/lang.js';
import type { Outcome, Text } from '../../src/engine/types.js';
import { pause, timeoutSignal } from '../../src/engine/deadline.js';
import { inspectContainer, inspectImage } from '../../src/docker/api.js';
import type { CliResult } from '../../src/docker/cli.js';
import { lastLines, readLogs } from '../../src/docker/logs.js';
import { EVENTS_NOTE as NOTE, recentEvents as readEvents, type EngineEvent } from '../../src/docker/events.js';
import { nameFilter, nameOf, namedContainer, outOfMemory, publishes, shortId, type ContainerInfo } from '../../checks/containers.js';
import { getOnce } from '../../checks/http.js';
import { at, crashLocation } from '../../checks/app-lines.js';
import { kubiaTags } from '../tag-image/index.js';
import { kindOf, type EngineKind } from '../../src/docker/engine-info.js';
import { idKey, idRef } from '../../checks/image-ids.js';
import { imageIdsNamed } from '../../checks/image-events.js';
import { judgeImageDeleted, judgeUntagOnly, type ImageSnapshot } from '../../checks/rmi.js';
import { sameRef } from '../../checks/refs.js';
import { PUSH_RECORD } from '../push-image/index.js';
import { crashLines } from '../node-app/index.js';
import { APP_PORT, hostPortOf, kubiaContainer } from '../run-container/index.js';

export const STOP_REMOVE_RECORD = recordKey<StopRemoveRecord>('stop-remove.steps');

export type StepName = 'stop' | 'start' | 'stop-again' | 'rm' | 'rmi-latest' | 'rmi-last';

export interface ContainerSnapshot {
  exists: boolean;
  status?: string;
  exitCode?: number;
  /** Listed by `docker ps -a` / by `docker ps`. */
  listedAll: boolean;
  listedRunning: boolean;
}

/**
 * How a container fared after `docker start` returned: it answered a GET of / again, kept running
 * through the settling time, or stopped again by itself (its exit code and last log lines).
 */
export type Settled =
  | { how: 'answered'; afterMs: number; status: number }
  | { how: 'kept-running'; afterMs: number }
  | { how: 'stopped'; afterMs: number; exitCode: number; oom?: Text; log: string }
  | { how: 'gone'; afterMs: number };

/** One step of the chapter and the state right after it: the end state alone cannot show the ones in between. */
export interface StepRecord {
  results: CliResult[];
  container: ContainerSnapshot;
  images: ImageSnapshot;
  /** For `start`: how the container fared once started, judged before the snapshot was taken. */
  settled?: Settled;
}

/** A restarted app gets this long to crash or answer; one that keeps running through it has settled. */
export const SETTLE_MS = 3000;
const SETTLE_POLL_MS = 100;

export interface StopRemoveRecord {
  /** kubia:latest's image ID before any step. */
  imageId?: string;
  steps: Partial<Record<StepName, StepRecord>>;
}

async function containerSnapshot(ctx: CheckContext): Promise<ContainerSnapshot> {
  const docker = await ctx.docker();
  const name = ctx.names.kubiaContainer;
  const filters = JSON.stringify({ name: [nameFilter(name)] });
  const [info, all, running] = await Promise.all([
    inspectContainer(docker, name),
    docker.listContainers({ all: true, filters }),
    docker.listContainers({ filters }),
  ]);
  return {
    exists: Boolean(info),
    ...(info ? { status: info.State.Status, exitCode: info.State.ExitCode } : {}),
    listedAll: all.length > 0,
    listedRunning: running.length > 0,
  };
}

async function imageSnapshot(ctx: CheckContext, imageId: string | undefined): Promise<ImageSnapshot> {
  const docker = await ctx.docker();
  const [kubia, tagged, image] = await Promise.all([
    inspectImage(docker, ctx.names.kubiaImage),
    inspectImage(docker, ctx.names.taggedRef),
    imageId ? inspectImage(docker, imageId) : undefined,
  ]);
  return { kubia: kubia?.Id ?? null, tagged: tagged?.Id ?? null, imageExists: Boolean(image), imageTags: image?.RepoTags ?? [] };
}

function recordOf(ctx: StepContext): StopRemoveRecord {
  let record = ctx.recorded(STOP_REMOVE_RECORD);
  if (!record) {
    record = { steps: {} };
    ctx.record(STOP_REMOVE_RECORD, record);
  }
  return record;
}

/** Starts a fresh record with kubia:latest's image ID, before any step removes it. */
export async function beginSteps(ctx: StepContext): Promise<StopRemoveRecord> {
  const image = await inspectImage(await ctx.docker(), ctx.names.kubiaImage);
  const record: StopRemoveRecord = { ...(image ? { imageId: image.Id } : {}), steps: {} };
  ctx.record(STOP_REMOVE_RECORD, record);
  return record;
}

/** Records a step's commands with the state of the container and images right after them. */
async function recordStep(ctx: StepContext, name: StepName, results: CliResult[], settled?: Settled): Promise<StepRecord> {
  const record = recordOf(ctx);
  const [container, images] = await Promise.all([containerSnapshot(ctx), imageSnapshot(ctx, record.imageId)]);
  const step: StepRecord = { results, container, images, ...(settled ? { settled } : {}) };
  record.steps[name] = step;
  return step;
}

/**
 * Watches the container after `docker start` until it answers a GET of / again, stops by itself, or
 * keeps running for SETTLE_MS: an app that crashes when started a second time is caught here, not
 * taken as running because it was, for an instant.
 */
export async function settleAfterStart(ctx: CheckContext): Promise<Settled> {
  const docker = await ctx.docker();
  const started = performance.now();
  const afterMs = () => Math.round(performance.now() - started);
  const window = timeoutSignal(ctx.signal, SETTLE_MS);
  for (;;) {
    const info = await inspectContainer(docker, ctx.names.kubiaContainer);
    if (!info) return { how: 'gone', afterMs: afterMs() };
    if (!info.State.Running) {
      const { text } = await readLogs(docker, info.Id, { maxBytes: 64 * 1024, signal: ctx.signal, tty: info.Config.Tty });
      const oom = outOfMemory(info);
      return { how: 'stopped', afterMs: afterMs(), exitCode: info.State.ExitCode, ...(oom ? { oom } : {}), log: text };
    }
    if (window.aborted) return { how: 'kept-running', afterMs: afterMs() };
    const host = await ctx.appHost();
    const port = hostPortOf(info, host);
    if (port) {
      const answer = await getOnce({ host: host.address, port, path: '/', signal: timeoutSignal(window, 1000), bodyIdleMs: 500 });
      if (answer.kind === 'answered') return { how: 'answered', afterMs: afterMs(), status: answer.status };
    }
    try {
      await pause(SETTLE_POLL_MS, window);
    } catch {
      // The settling time is over: one more look decides between running and stopped.
    }
  }
}

/** Runs docker commands as one step of the chapter and records them with the state right after (after `start`, once it settled). */
export async function performStep(ctx: StepContext, name: StepName, ...commands: string[][]): Promise<StepRecord> {
  const startedAt = async () => (await inspectContainer(await ctx.docker(), ctx.names.kubiaContainer))?.State.StartedAt;
  const before = name === 'start' ? await startedAt() : undefined;
  const results: CliResult[] = [];
  for (const args of commands) results.push(await ctx.step(args));
  // Only a container the step did start has anything to settle.
  const started = name === 'start' && results.every((r) => r.ok) && (await startedAt()) !== before;
  return recordStep(ctx, name, results, started ? await settleAfterStart(ctx) : undefined);
}

/** The tags of the image this run made besides taggedRef (push-image pulls one back): removing the last tag means those too. */
function ownOtherTags(ctx: CheckContext, tags: readonly string[]): string[] {
  const pushed = ctx.recorded(PUSH_RECORD)?.remoteRef;
  return tags.filter((tag) => tag !== ctx.names.taggedRef && ((ctx.names.runScoped && tag.includes(ctx.runId)) || tag === pushed));
}

/** Removes the image's last tags: taggedRef, then any other tag of this run's, and records the state after. */
export async function removeLastTags(ctx: StepContext): Promise<void> {
  const record = recordOf(ctx);
  const first = await ctx.step(['rmi', ctx.names.taggedRef]);
  const results = [first];
  const image = record.imageId ? await inspectImage(await ctx.docker(), record.imageId) : undefined;
  for (const tag of ownOtherTags(ctx, image?.RepoTags ?? [])) results.push(await ctx.step(['rmi', tag]));
  await recordStep(ctx, 'rmi-last', results);
}

/** The engine's recent events matching filters (src/docker/events.ts), within the check's signal. */
const recentEvents = async (ctx: CheckContext, filters: Record<string, string[]>): Promise<EngineEvent[]> => readEvents(await ctx.docker(), filters, ctx.signal);

const nanos = (e: EngineEvent): number => e.timeNano ?? e.time * 1e9;

/** In check mode, the student's container: its name, what is left of it, its recent events, and the note when it is not the chapter's name. */
interface Watched {
  name: string;
  info?: ContainerInfo;
  events: EngineEvent[];
  note: Text;
}

const chapterNote = (ctx: CheckContext, name: string): Text =>
  name === ctx.names.kubiaContainer ? t('', '') : t(` (container ${name}; the chapter names it ${ctx.names.kubiaContainer})`, `（容器 ${name}；本章中它名为 ${ctx.names.kubiaContainer}）`);

/**
 * The container the student stopped, started and removed: the chapter's kubia-container while it
 * exists, else one alive made from their kubia image under another name (found by what it is); once
 * removed, the one the engine's events show by the chapter's name or made from the kubia image, one
 * that was stopped first, then the one seen last.
 */
async function watched(ctx: CheckContext): Promise<Watched> {
  const chapter = ctx.names.kubiaContainer;
  const live = await kubiaContainer(ctx);
  const ofLive = async (info: ContainerInfo): Promise<Watched> => {
    const events = (await recentEvents(ctx, { type: ['container'], container: [info.Id] })).filter((e) => e.Actor.ID === info.Id);
    return { name: nameOf(info), info, events, note: chapterNote(ctx, nameOf(info)) };
  };
  // A leftover made from kubia without -p (a first try) is not the one the chapter stops and removes.
  if (live && (nameOf(live) === chapter || publishes(live, APP_PORT))) return ofLive(live);
  const kind = await kindOf(await ctx.docker());
  const images = [ctx.names.kubiaRepo, ctx.names.kubiaImage];
  const theirs = (await recentEvents(ctx, { type: ['container'] })).filter(
    (e) => e.Actor.Attributes?.name === chapter || images.some((image) => sameRef(e.Actor.Attributes?.image ?? '', image, kind)),
  );
  const ids = [...new Set(theirs.map((e) => e.Actor.ID))];
  const stopped = (id: string) => theirs.some((e) => e.Actor.ID === id && e.Action === 'stop');
  const last = (id: string) => Math.max(...theirs.filter((e) => e.Actor.ID === id).map(nanos));
  const id = ids.sort((a, b) => Number(stopped(b)) - Number(stopped(a)) || last(b) - last(a))[0];
  if (live && (!id || id === live.Id)) return ofLive(live);
  if (!id) return { name: chapter, events: [], note: t('', '') };
  const events = theirs.filter((e) => e.Actor.ID === id);
  const name = events.at(-1)?.Actor.Attributes?.name ?? shortId(id);
  return { name, events, note: chapterNote(ctx, name) };
}

/** The outcome with the note appended to its message. */
const withNote = (note: Text, outcome: Outcome): Outcome =>
  note.en ? { ...outcome, message: t(`${outcome.message.en}${note.en}`, `${outcome.message.zh}${note.zh}`) } : outcome;

/** After a restart, how long a container that dies by itself counts as not having come back (check mode, from events). */
const RESTART_WINDOW_NS = 10_000_000_000;

/** The exit codes of the signals docker stop sends: SIGTERM (143), then SIGKILL (137). */
const STOP_EXIT_CODES = [137, 143];

/**
 * Podman records no `stop` when `docker stop` has to kill (node as PID 1 ignores SIGTERM): only the `die`,
 * with the exit code of the signal docker stop sends (143 for SIGTERM, 137 for SIGKILL). There that is the
 * stop's record, as the same exit code of a container still there is on either engine.
 */
const signalled = (e: EngineEvent): boolean => e.Action === 'die' && STOP_EXIT_CODES.includes(Number(e.Actor.Attributes?.exitCode));
const stopEvent = (events: readonly EngineEvent[], kind: EngineKind): EngineEvent | undefined =>
  events.find((e) => e.Action === 'stop') ?? (kind === 'podman' ? events.find(signalled) : undefined);

async function stoppedInCheck(ctx: CheckContext): Promise<Outcome> {
  const { name: c, info, events, note } = await watched(ctx);
  const stop = stopEvent(events, await kindOf(await ctx.docker()));
  if (stop) {
    const now = info ? `docker ps -a lists it (${info.State.Status})` : 'it has been removed since';
    const nowZh = info ? `docker ps -a 列出了它（${info.State.Status}）` : '之后它已被删除';
    const code = stop.Actor.Attributes?.exitCode;
    return withNote(note, passed(stop.Action === 'die'
      ? t(`the engine recorded that ${c} ended at ${when(stop)} with exit code ${code}, as docker stop ends it; ${now}`, `引擎记录了 ${c} 在 ${when(stop)} 以退出码 ${code} 结束（docker stop 的结果）；${nowZh}`)
      : t(`the engine recorded docker stop of ${c} at ${when(stop)}; ${now}`, `引擎记录了 ${when(stop)} 对 ${c} 的 docker stop；${nowZh}`)));
  }
  if (info?.State.Status === 'exited' && STOP_EXIT_CODES.includes(info.State.ExitCode)) {
    return withNote(note, passed(t(`${c} is exited with code ${info.State.ExitCode}, as docker stop leaves it, and docker ps -a lists it`, `${c} 以退出码 ${info.State.ExitCode} 处于 exited 状态（docker stop 的结果），docker ps -a 列出了它`)));
  }
  return withNote(note, skipped(info
    ? t(`${c} is ${info.State.Status} (code ${info.State.ExitCode}) and ${EVENTS_NOTE} hold no docker stop of it: whether it was stopped cannot be seen`, `${c} 处于 ${info.State.Status} 状态（退出码 ${info.State.ExitCode}），${EVENTS_NOTE_ZH}中没有对它的 docker stop：无法看出它是否被停止过`)
    : t(`there is no ${c}, and ${EVENTS_NOTE} do not mention it: it may have been stopped and removed long ago, or never created`, `不存在 ${c}，${EVENTS_NOTE_ZH}中也没有提到它：它可能早已被停止并删除，也可能从未创建`)));
}

async function restartedInCheck(ctx: CheckContext): Promise<Outcome> {
  const { name: c, info, events, note } = await watched(ctx);
  const kind = await kindOf(await ctx.docker());
  const first = stopEvent(events, kind);
  const stopAt = first ? events.indexOf(first) : -1;
  const startAt = stopAt >= 0 ? events.findIndex((e, i) => i > stopAt && e.Action === 'start') : -1;
  const start = events[startAt];
  if (start) {
    // A die with no kill before it is the app stopping by itself; soon after the start, it did not come back.
    const end = events.slice(startAt + 1).find((e) => ['kill', 'die', 'stop'].includes(e.Action));
    const byItself = end?.Action === 'die' && !(kind === 'podman' && signalled(end));
    if (end && byItself && nanos(end) - nanos(start) <= RESTART_WINDOW_NS) {
      const ms = Math.round((nanos(end) - nanos(start)) / 1e6);
      const code = end.Actor.Attributes?.exitCode ?? '?';
      return withNote(note, failed(t(
        `expected ${c} to keep running after docker start; the engine recorded that it started at ${when(start)} and stopped by itself ${ms} ms later with exit code ${code}`,
        `期望 docker start 之后 ${c} 保持运行；引擎记录它在 ${when(start)} 启动，${ms} 毫秒后自行停止，退出码 ${code}`,
      )));
    }
    return withNote(note, passed(t(`the engine recorded a start of ${c} at ${when(start)}, after its docker stop`, `引擎记录了 ${when(start)} 在 docker stop 之后对 ${c} 的启动`)));
  }
  const finished = Date.parse(info?.State.FinishedAt ?? '');
  const started = Date.parse(info?.State.StartedAt ?? '');
  // A container never stopped has FinishedAt 0001-01-01; started after it finished means started again.
  if (info?.State.Running && finished > Date.parse(info.Created) && started > finished) {
    return withNote(note, passed(t(`${c} is running again: it stopped at ${info.State.FinishedAt} and started at ${info.State.StartedAt}`, `${c} 重新运行了：它在 ${info.State.FinishedAt} 停止，在 ${info.State.StartedAt} 启动`)));
  }
  return withNote(note, skipped(t(
    `neither ${c}'s state nor ${EVENTS_NOTE} show a start after a stop${info ? '' : ` (there is no ${c} now)`}; a later step may have undone it`,
    `${c} 的状态和${EVENTS_NOTE_ZH}都没有显示停止后的启动${info ? '' : `（现在不存在 ${c}）`}；之后的步骤可能已抹去了痕迹`,
  )));
}

async function removedInCheck(ctx: CheckContext): Promise<Outcome> {
  const { name: c, info, events, note } = await watched(ctx);
  if (info) return withNote(note, failed(t(`expected ${c} removed by docker rm; docker ps -a still lists it (${info.State.Status})`, `期望 ${c} 已被 docker rm 删除；docker ps -a 仍列出它（${info.State.Status}）`)));
  const destroy = events.find((e) => e.Action === 'destroy');
  if (destroy) return withNote(note, passed(t(`the engine recorded the removal of ${c} at ${when(destroy)}, and docker ps -a lists no ${c}`, `引擎记录了 ${when(destroy)} 对 ${c} 的删除，docker ps -a 中也没有 ${c}`)));
  return withNote(note, skipped(t(
    `there is no ${c}, but ${EVENTS_NOTE} show no removal of one: it may never have been created`,
    `不存在 ${c}，但${EVENTS_NOTE_ZH}中没有删除它的记录：它可能从未被创建`,
  )));
}

/** Image IDs the engine's recent events show kubia:latest was given (by a build or docker tag). */
async function kubiaImageIds(ctx: CheckContext): Promise<{ tagged: Set<string>; deleted: Set<string> }> {
  const kind = await kindOf(await ctx.docker());
  const events = await recentEvents(ctx, { type: ['image'], event: ['tag', 'untag', 'delete'] });
  return imageIdsNamed(events, ctx.names.kubiaImage, kind);
}

const when = (e: EngineEvent) => new Date(e.time * 1000).toISOString();
const EVENTS_NOTE = NOTE.en;
const EVENTS_NOTE_ZH = NOTE.zh;

const errorOf = (results: readonly CliResult[]) => {
  const bad = results.find((r) => !r.ok);
  return bad ? `${bad.command} failed:\n${lastLines(bad.stderr || bad.stdout, 4)}` : '';
};
const commandsOf = (step: StepRecord) => step.results.map((r) => r.command).join(' && ');

/** The recorded step, or the outcome when it was not run or failed. */
function stepOf(ctx: CheckContext, name: StepName, typed: string): StepRecord | Outcome {
  const step = ctx.recorded(STOP_REMOVE_RECORD)?.steps[name];
  if (!step) return failed(t(`expected ${typed}; it was not run`, `期望运行 ${typed}；但没有运行`));
  const error = errorOf(step.results);
  if (error) return failed(t(`expected ${typed} to succeed; ${error}`, `期望 ${typed} 成功；${error}`));
  return step;
}

const isOutcome = (value: StepRecord | Outcome): value is Outcome => 'status' in value;

export default defineLab({
  id: 'stop-remove',
  section: '停止运行容器并删除',
  title: t('Stop and remove the container, then the image', '停止并删除容器，再删除镜像'),
  dependsOn: ['run-container', 'tag-image'],
  // It stops the container and removes the image: only once every lab that reads them is done.
  after: ['image-layers', 'container-info', 'push-image'],
  async solve(ctx) {
    const c = ctx.names.kubiaContainer;
    await beginSteps(ctx);
    // node as PID 1 has no SIGTERM handler and ignores the signal, so a plain docker stop waits out its 10 s grace before the kill.
    await performStep(ctx, 'stop', ['stop', '-t', '1', c]);
    await performStep(ctx, 'start', ['start', c]);
    await performStep(ctx, 'stop-again', ['stop', '-t', '1', c]);
    await performStep(ctx, 'rm', ['rm', c]);
    await performStep(ctx, 'rmi-latest', ['rmi', ctx.names.kubiaImage]);
    await removeLastTags(ctx);
  },
  checks: [
    {
      id: 'stopped-exited',
      title: t('after docker stop the container is exited and still listed by docker ps -a', 'docker stop 之后容器处于 exited 状态，且 docker ps -a 仍列出它'),
      points: 1,
      hint: t(
        'docker stop ends the container but keeps it: docker ps hides stopped containers, docker ps -a shows them all.',
        'docker stop 会结束容器但保留它：docker ps 不显示已停止的容器，docker ps -a 会显示全部容器。',
      ),
      async run(ctx) {
        const c = ctx.names.kubiaContainer;
        if (ctx.mode === 'check') return stoppedInCheck(ctx);
        const step = stepOf(ctx, 'stop', `docker stop ${c}`);
        if (isOutcome(step)) return step;
        const { container } = step;
        if (!container.exists) return failed(t(`expected ${c} to still exist right after ${commandsOf(step)}; it was gone`, `期望 ${commandsOf(step)} 之后 ${c} 仍然存在；但它已不存在`));
        if (container.status !== 'exited') return failed(t(`expected state exited right after ${commandsOf(step)}; saw ${container.status}`, `期望 ${commandsOf(step)} 之后状态为 exited；实际为 ${container.status}`));
        if (!container.listedAll || container.listedRunning) {
          return failed(t(
            `expected docker ps -a, not docker ps, to list ${c} once stopped; listed by ps -a: ${container.listedAll}, by ps: ${container.listedRunning}`,
            `期望停止后 ${c} 只由 docker ps -a 列出而不由 docker ps 列出；ps -a 列出：${container.listedAll}，ps 列出：${container.listedRunning}`,
          ));
        }
        return passed(t(
          `right after ${commandsOf(step)}, ${c} was exited (code ${container.exitCode}); docker ps -a still listed it, docker ps did not`,
          `${commandsOf(step)} 之后 ${c} 处于 exited 状态（退出码 ${container.exitCode}）；docker ps -a 仍列出它，docker ps 则没有`,
        ));
      },
    },
    {
      id: 'restarted',
      title: t('docker start brings the stopped container back', 'docker start 让已停止的容器重新运行'),
      points: 1,
      hint: t(
        'A stopped container keeps its name, settings and files: start it by name, without docker run. Start-up code runs again then, on files the first run left behind; `docker logs` shows why it stopped.',
        '已停止的容器保留其名称、设置和文件：按名称启动它，不要用 docker run。启动代码会再次运行，面对的是第一次运行留下的文件；`docker logs` 会显示它为何停止。',
      ),
      async run(ctx) {
        const c = ctx.names.kubiaContainer;
        if (ctx.mode === 'check') return restartedInCheck(ctx);
        const step = stepOf(ctx, 'start', `docker start ${c}`);
        if (isOutcome(step)) return step;
        const { container, settled } = step;
        if (settled?.how === 'stopped') {
          const lines = crashLines(settled.log);
          const log = lines ? { en: `; its last log lines:\n${lines}`, zh: `；最后几行日志：\n${lines}` } : { en: '; it logged nothing', zh: '；它没有输出任何日志' };
          return at(failed(t(
            `expected ${c} to come back after ${commandsOf(step)}; it started, then stopped again by itself within ${settled.afterMs} ms, with exit code ${settled.exitCode}${settled.oom ? ` ${settled.oom.en}` : ''}${log.en}`,
            `期望 ${commandsOf(step)} 之后 ${c} 重新运行；它启动了，但在 ${settled.afterMs} 毫秒内自行停止，退出码 ${settled.exitCode}${settled.oom?.zh ?? ''}${log.zh}`,
          )), crashLocation(settled.log));
        }
        if (container.status !== 'running' || !container.listedRunning) {
          return failed(t(`expected ${c} running right after ${commandsOf(step)}; saw ${container.exists ? container.status : 'no container'}`, `期望 ${commandsOf(step)} 之后 ${c} 正在运行；实际为 ${container.exists ? container.status : '没有容器'}`));
        }
        const how = settled?.how === 'answered'
          ? t(`, answered a GET of / (status ${settled.status}) ${settled.afterMs} ms later`, `，${settled.afterMs} 毫秒后应答了对 / 的 GET 请求（状态码 ${settled.status}）`)
          : settled?.how === 'kept-running'
            ? t(` and kept running for ${settled.afterMs} ms`, `，并持续运行了 ${settled.afterMs} 毫秒`)
            : t('', '');
        return passed(t(`after ${commandsOf(step)}, ${c} was running again${how.en}; docker ps listed it`, `${commandsOf(step)} 之后 ${c} 重新运行${how.zh}；docker ps 列出了它`));
      },
    },
    {
      id: 'removed',
      title: t('after docker rm the container is gone', 'docker rm 之后容器不复存在'),
      points: 1,
      hint: t('docker rm removes a stopped container; a running one has to be stopped first.', 'docker rm 删除已停止的容器；运行中的容器需要先停止。'),
      async run(ctx) {
        const c = ctx.names.kubiaContainer;
        if (ctx.mode === 'check') return removedInCheck(ctx);
        const info = await namedContainer(ctx, c);
        const step = stepOf(ctx, 'rm', `docker rm ${c}`);
        if (isOutcome(step)) return step;
        if (step.container.exists || step.container.listedAll) {
          return failed(t(`expected ${c} gone right after ${commandsOf(step)}; docker ps -a still listed it (${step.container.status})`, `期望 ${commandsOf(step)} 之后 ${c} 不复存在；docker ps -a 仍列出它（${step.container.status}）`));
        }
        if (info) return failed(t(`expected ${c} to stay removed; a container of that name exists again (${info.State.Status})`, `期望 ${c} 保持删除状态；但同名容器又存在了（${info.State.Status}）`));
        return passed(t(`right after ${commandsOf(step)}, docker inspect ${c} finds no such container`, `${commandsOf(step)} 之后 docker inspect ${c} 找不到该容器`));
      },
    },
    {
      id: 'untagged-only',
      title: t('docker rmi kubia:latest removes only that tag; <id>/kubia:1.0 keeps the image', 'docker rmi kubia:latest 只删除该标签；<id>/kubia:1.0 保留了镜像'),
      points: 2,
      hint: t(
        'docker rmi with a name removes that name; the image goes only with its last name. Do not force it.',
        'docker rmi 加名称时删除的是该名称；只有最后一个名称被删除时镜像才会被删除。不要强制删除。',
      ),
      async run(ctx) {
        const { kubiaImage, taggedRef } = ctx.names;
        if (ctx.mode === 'check') {
          const kubia = await inspectImage(await ctx.docker(), kubiaImage);
          if (kubia) return failed(t(`expected ${kubiaImage} removed by docker rmi; it still names image ${shortId(kubia.Id)}`, `期望 ${kubiaImage} 已被 docker rmi 删除；它仍指向镜像 ${shortId(kubia.Id)}`));
          const [tags, ids] = await Promise.all([kubiaTags(ctx), kubiaImageIds(ctx)]);
          const kept = tags.find((c) => ids.tagged.has(idKey(c.id)));
          if (kept) {
            return passed(t(
              `${kubiaImage} is gone, while ${kept.tag} still holds image ${shortId(kept.id)}, which ${EVENTS_NOTE} show ${kubiaImage} named`,
              `${kubiaImage} 已删除，而 ${kept.tag} 仍保留着镜像 ${shortId(kept.id)}；${EVENTS_NOTE_ZH}显示 ${kubiaImage} 曾指向它`,
            ));
          }
          const held = tags.length ? tags.map((c) => c.tag).join(', ') : 'no <id>/kubia:1.0';
          return skipped(t(
            `${kubiaImage} is gone and ${held} remains, but ${EVENTS_NOTE} do not show which image ${kubiaImage} named, so whether only the tag went cannot be seen`,
            `${kubiaImage} 已不存在，剩下 ${held}，但${EVENTS_NOTE_ZH}没有显示 ${kubiaImage} 曾指向哪个镜像，因此无法看出是否只删除了标签`,
          ));
        }
        const imageId = ctx.recorded(STOP_REMOVE_RECORD)?.imageId;
        const step = stepOf(ctx, 'rmi-latest', `docker rmi ${kubiaImage}`);
        if (isOutcome(step)) return step;
        return judgeUntagOnly({ kubiaImage, taggedRef, commands: commandsOf(step), imageId, images: step.images });
      },
    },
    {
      id: 'image-deleted',
      title: t('removing the last tag deletes the image', '删除最后一个标签会删除镜像'),
      points: 1,
      hint: t(
        'An image goes when its last name goes, unless a container (even a stopped one) still uses it: see docker ps -a.',
        '镜像的最后一个名称被删除时镜像随之删除，除非仍有容器（即使已停止）在使用它：看看 docker ps -a。',
      ),
      async run(ctx) {
        const docker = await ctx.docker();
        if (ctx.mode === 'check') {
          const ids = await kubiaImageIds(ctx);
          for (const id of ids.deleted) {
            if (!(await inspectImage(docker, idRef(id)))) {
              return passed(t(`image ${shortId(id)}, once ${ctx.names.kubiaImage}, was deleted (${EVENTS_NOTE})`, `镜像 ${shortId(id)}（曾为 ${ctx.names.kubiaImage}）已被删除（${EVENTS_NOTE_ZH}）`));
            }
          }
          return skipped(t(
            `the chapter stops at docker rmi ${ctx.names.kubiaImage}, so <id>/kubia:1.0 still holding the image is expected, and ${EVENTS_NOTE} show no deletion of an image ${ctx.names.kubiaImage} named`,
            `本章止于 docker rmi ${ctx.names.kubiaImage}，因此 <id>/kubia:1.0 仍保留镜像是预期的；${EVENTS_NOTE_ZH}中也没有删除 ${ctx.names.kubiaImage} 所指镜像的记录`,
          ));
        }
        const imageId = ctx.recorded(STOP_REMOVE_RECORD)?.imageId;
        const step = stepOf(ctx, 'rmi-last', `docker rmi ${ctx.names.taggedRef}`);
        if (isOutcome(step)) return step;
        const left = Boolean(imageId && (step.images.imageExists || (await inspectImage(docker, imageId))));
        return judgeImageDeleted({ kubiaImage: ctx.names.kubiaImage, commands: commandsOf(step), imageId, images: step.images }, left);
      },
    },
  ],
});
