import { defineLab, failed, passed, verdict } from '../../src/engine/define.js';
import { recordKey } from '../../src/engine/records.js';
import { RUN_LABEL, type CheckContext } from '../../src/engine/context.js';
import { t } from '../../src/engine/lang.js';
import { orAbort, timeoutSignal } from '../../src/engine/deadline.js';
import type { Location, Outcome, Text } from '../../src/engine/types.js';
import { inspectContainer, inspectImage, type Docker } from '../../src/docker/api.js';
import type { CliResult } from '../../src/docker/cli.js';
import { lastLines, readLogs } from '../../src/docker/logs.js';
import { containerByWhatItIs, describeListed, namedContainer, nameOf, outOfMemory, shortId, type ContainerInfo } from '../../checks/containers.js';
import { stepFailure } from '../../checks/steps.js';
import { crashLines } from '../node-app/index.js';
import { at, crashLocation, ENDS_RESPONSE, LISTEN, onlyLine, readApp } from '../../checks/app-lines.js';
import { describeOutcome, getUntil, type HttpOutcome } from '../../checks/http.js';
import { excerpt, findHostname, hostnameShown, nearMisses, neverEnded, type Answer } from '../../checks/answer.js';
import { describeListeners, listenersOnHost, listensOn, type Listener } from '../../checks/listeners.js';
import { sameImageId } from '../../checks/image-ids.js';
import { familiarName } from '../../checks/refs.js';
import { CANNOT_BIND, cannotBindText, describeAppHost, hostPort, LOCAL_APP_HOST, publishArg, type AppHost } from '../../src/docker/app-host.js';

/** The `docker run` step's CliResult. */
export const RUN_RECORD = recordKey<CliResult>('run-container.run');
/** The host port (number) that maps to 8080/tcp, read from inspect after `docker run`: container-info and stop-remove use it. */
export const PORT_RECORD = recordKey<number>('run-container.host-port');
/** What the chapter's `curl localhost:1234` got (AppProbe). */
export const CURL_RECORD = recordKey<AppProbe>('run-container.curl');

export const APP_PORT = 8080;
const APP_PORT_KEY = `${APP_PORT}/tcp`;
/** How long a started app gets to answer (also bounded by the check's deadline). */
const APP_START_MS = 15_000;
const RETRY_EVERY_MS = 200;
/** Listening sockets that stay without 8080 this long mean the app listens elsewhere. */
const SETTLED_MS = 2_000;
const MAX_BODY = 64 * 1024;

/**
 * The lab's container: by name (run-scoped in a run, the chapter's in check mode); in check mode,
 * when there is none of the chapter's name, the one the student ran from their kubia image under a
 * name of their own (`docker run --name my-kubia -p 1234:8080 -d kubia`).
 */
export async function kubiaContainer(ctx: CheckContext): Promise<ContainerInfo | undefined> {
  const named = await namedContainer(ctx, ctx.names.kubiaContainer);
  if (named || ctx.mode !== 'check') return named;
  return containerByWhatItIs(ctx, [ctx.names.kubiaImage, ctx.names.kubiaRepo], APP_PORT);
}

/** Said after a verdict on a container found by what it is: which one, and the chapter's name for it. */
export function chapterNameNote(ctx: CheckContext, info: ContainerInfo): Text {
  const name = nameOf(info);
  if (name === ctx.names.kubiaContainer) return t('', '');
  return t(` (container ${name}; the chapter names it ${ctx.names.kubiaContainer})`, `（容器 ${name}；本章中它名为 ${ctx.names.kubiaContainer}）`);
}

/** The outcome with the chapter-name note appended to its message. */
export function noted(ctx: CheckContext, info: ContainerInfo, outcome: Outcome): Outcome {
  const note = chapterNameNote(ctx, info);
  if (!note.en) return outcome;
  return { ...outcome, message: t(`${outcome.message.en}${note.en}`, `${outcome.message.zh}${note.zh}`) };
}

/**
 * "expected the container …; saw …": in a run, that there is none of the run's name; in check mode,
 * what `docker ps -a` does list, never "none" when it lists some.
 */
export async function missingContainer(ctx: CheckContext, lab = ''): Promise<Text> {
  const name = ctx.names.kubiaContainer;
  const from = lab ? { en: ` (lab ${lab})`, zh: `（实验 ${lab}）` } : { en: '', zh: '' };
  if (ctx.mode !== 'check') return t(`expected the container ${name}${from.en}; saw none of that name`, `期望存在容器 ${name}${from.zh}；但没有找到该名称的容器`);
  const wanted = `${name}, or a container of another name made from ${ctx.names.kubiaImage}`;
  const wantedZh = `${name}，或由 ${ctx.names.kubiaImage} 创建的其他名称的容器`;
  const image = await inspectImage(await ctx.docker(), ctx.names.kubiaImage);
  const noImage = image ? { en: '', zh: '' } : { en: ` (there is no image ${ctx.names.kubiaImage})`, zh: `（不存在镜像 ${ctx.names.kubiaImage}）` };
  const listed = await describeListed(ctx);
  if (listed.count === 0) return t(`expected the container ${wanted}${from.en}; docker ps -a lists no container at all${noImage.en}`, `期望存在容器 ${wantedZh}${from.zh}；docker ps -a 没有列出任何容器${noImage.zh}`);
  return t(
    `expected the container ${wanted}${from.en}; docker ps -a lists ${listed.count}, none of them that: ${listed.text}${noImage.en}`,
    `期望存在容器 ${wantedZh}${from.zh}；docker ps -a 列出了 ${listed.count} 个容器，但都不是：${listed.text}${noImage.zh}`,
  );
}

/** In labelled modes a same-named container must carry this run's label to count as its work. */
export const madeByRun = (ctx: CheckContext, info: ContainerInfo): boolean =>
  !ctx.labelled || info.Config.Labels?.[RUN_LABEL] === ctx.runId;

/** The container's host bindings of 8080/tcp (Docker sends null for a port exposed but not published). */
export function bindingsOf(info: ContainerInfo): { HostIp: string; HostPort: string }[] {
  return info.NetworkSettings.Ports?.[APP_PORT_KEY] ?? [];
}

/** A binding of 8080/tcp that a GET at the app host reaches: on all interfaces, or on that very address. */
export function reachableBinding(info: ContainerInfo, host: AppHost = LOCAL_APP_HOST): { HostIp: string; HostPort: string } | undefined {
  const bindings = bindingsOf(info);
  // An IPv4 binding before `::`, which a GET at an IPv4 address reaches only where the engine's proxy is dual-stack.
  return bindings.find((b) => ['', '0.0.0.0', host.address].includes(b.HostIp)) ?? (host.remote ? bindings.find((b) => b.HostIp === '::') : undefined);
}

/** The host port to GET at the app host (127.0.0.1 for a local engine): a binding it reaches first, else the first one. */
export function hostPortOf(info: ContainerInfo, host: AppHost = LOCAL_APP_HOST): number | undefined {
  const chosen = reachableBinding(info, host) ?? bindingsOf(info)[0];
  const port = Number(chosen?.HostPort);
  return Number.isInteger(port) && port > 0 ? port : undefined;
}

/** The host port the lab asked for: the one the run's `docker run` got, else --port (0: any). */
export function expectedPort(ctx: CheckContext): number | undefined {
  return ctx.recorded(PORT_RECORD) ?? (ctx.port || undefined);
}

export const describeBindings = (info: ContainerInfo): string =>
  [...new Set(bindingsOf(info).map((b) => `${b.HostIp || '0.0.0.0'}:${b.HostPort}->${APP_PORT_KEY}`))].join(', ');

/** Who publishes a host port among the running containers, for "port in use" messages. */
async function portHolder(docker: Docker, port: number, exceptName: string): Promise<Text> {
  const running = await docker.listContainers();
  const holder = running.find((c) => !c.Names.includes(`/${exceptName}`) && c.Ports.some((p) => p.PublicPort === port));
  if (holder) {
    const name = holder.Names[0]?.replace(/^\//, '') ?? shortId(holder.Id);
    return t(`container ${name} publishes it (docker ps shows it)`, `容器 ${name} 发布了该端口（docker ps 可以看到）`);
  }
  return t('another process (not a container) listens on it', '另一个进程（不是容器）正在监听它');
}

const PORT_IN_USE = /port is already allocated|address already in use/i;

/** Said only when the address refused is the app host's: a student's own `-p <some address>:…` is explained by the engine's words. */
async function cannotBind(ctx: CheckContext, error: string): Promise<Text | undefined> {
  const host = await ctx.appHost();
  if (!CANNOT_BIND.test(error) || !error.includes(host.address)) return undefined;
  const why = cannotBindText(host, error);
  return t(why.en, why.zh);
}

async function portInUse(ctx: CheckContext, error: string): Promise<Text> {
  const port = Number(/(?:Bind for|listen tcp\d?) \S*:(\d+)/.exec(error)?.[1]) || expectedPort(ctx) || 0;
  const who = await portHolder(await ctx.docker(), port, ctx.names.kubiaContainer);
  return t(
    `docker could not publish host port ${port}: it is already in use; ${who.en}`,
    `docker 无法发布宿主机端口 ${port}：该端口已被占用；${who.zh}`,
  );
}

/** Why `docker run` failed, in the student's terms. */
async function whyRunFailed(ctx: CheckContext, run: CliResult, someoneElses = false): Promise<Text> {
  if (PORT_IN_USE.test(run.stderr)) return portInUse(ctx, run.stderr);
  const unbound = await cannotBind(ctx, run.stderr);
  if (unbound) return unbound;
  // Known from the state, whatever the engine's words ("already in use by container", Podman's "name is already in use").
  if (someoneElses || /is already in use by container/.test(run.stderr)) {
    return t(
      `${run.command} failed: a container named ${ctx.names.kubiaContainer} already exists (docker ps -a)`,
      `${run.command} 失败：名为 ${ctx.names.kubiaContainer} 的容器已经存在（docker ps -a）`,
    );
  }
  const failure = stepFailure(run);
  return t(`${run.command} ${failure.en}`, `${run.command} ${failure.zh}`);
}

/** Why a container that exists is not running: exit code and last log lines, or the start error; `location` is the line of app.js a crash names. */
export async function whyNotRunning(ctx: CheckContext, info: ContainerInfo): Promise<Text & { location?: Location }> {
  const { Status: status, ExitCode: code, Error: error } = info.State;
  if (status === 'created' && error) {
    if (PORT_IN_USE.test(error)) return portInUse(ctx, error);
    const unbound = await cannotBind(ctx, error);
    if (unbound) return unbound;
    return t(`it was created but could not start: ${error}`, `它已创建但无法启动：${error}`);
  }
  if (status === 'exited' || status === 'dead') {
    const { text } = await readLogs(await ctx.docker(), info.Id, { maxBytes: 64 * 1024, signal: ctx.signal, tty: info.Config.Tty });
    const logs = crashLines(text, 5);
    const shown = logs ? `; its last log lines:\n${logs}` : '; it logged nothing';
    const shownZh = logs ? `；最后几行日志：\n${logs}` : '；它没有输出任何日志';
    const oom = outOfMemory(info);
    const location = crashLocation(text);
    return { ...t(`the container exited with code ${code}${oom ? ` ${oom.en}` : ''}${shown}`, `容器已退出，退出码 ${code}${oom?.zh ?? ''}${shownZh}`), ...(location ? { location } : {}) };
  }
  return t(`the container is ${status}, not running`, `容器处于 ${status} 状态，没有在运行`);
}

/**
 * The lab's container, as inspected, if it is this run's work; else the failure saying it is missing
 * (`lab` names the lab that makes it) or someone else's: a same-named container without this run's
 * label does not count.
 */
async function judgeOwn(ctx: CheckContext, info: ContainerInfo | undefined, lab = ''): Promise<{ info: ContainerInfo } | { outcome: Outcome }> {
  if (!info) return { outcome: failed(await missingContainer(ctx, lab)) };
  if (!madeByRun(ctx, info)) {
    const name = ctx.names.kubiaContainer;
    return { outcome: failed(t(`expected ${name} made by this run; the container of that name (${shortId(info.Id)}) is not`, `期望 ${name} 由本次运行创建；同名容器（${shortId(info.Id)}）不是`)) };
  }
  return { info };
}

/** The lab's container if it is this run's work, or the failure saying it is missing or someone else's; `lab` names the lab that made it. */
export async function ownContainer(ctx: CheckContext, lab = ''): Promise<{ info: ContainerInfo } | { outcome: Outcome }> {
  return judgeOwn(ctx, await kubiaContainer(ctx), lab);
}

/** The run's container if it is running, or the outcome saying why it is not. */
async function runningContainer(ctx: CheckContext): Promise<{ info: ContainerInfo } | { outcome: Outcome }> {
  const name = ctx.names.kubiaContainer;
  const inspected = await kubiaContainer(ctx);
  const run = ctx.recorded(RUN_RECORD);
  // A failed `docker run` leaves nothing, someone else's container, or a created one, which Docker explains in
  // its State.Error and Podman does not (its `docker run` said why).
  const ours = inspected !== undefined && madeByRun(ctx, inspected);
  const neverStarted = ours && inspected.State.Status === 'created' && !inspected.State.Error;
  if (run && !run.ok && (!ours || neverStarted)) {
    const why = await whyRunFailed(ctx, run, inspected !== undefined && !ours);
    // Worded as for Docker's created container (below), whose State.Error says the same.
    if (neverStarted) return { outcome: noted(ctx, inspected, failed(t(`expected ${nameOf(inspected)} running; ${why.en}`, `期望 ${nameOf(inspected)} 正在运行；${why.zh}`))) };
    return { outcome: failed(t(`expected the container ${name} running; ${why.en}`, `期望容器 ${name} 正在运行；${why.zh}`)) };
  }
  const own = await judgeOwn(ctx, inspected);
  if ('outcome' in own) return own;
  const { info } = own;
  if (!info.State.Running) {
    const why = await whyNotRunning(ctx, info);
    const shown = nameOf(info);
    return { outcome: at(noted(ctx, info, failed(t(`expected ${shown} running; ${why.en}`, `期望 ${shown} 正在运行；${why.zh}`))), why.location) };
  }
  return { info };
}

export type AppProbe =
  | { kind: 'answered'; port: number; answer: Answer }
  | { kind: 'stopped'; info: ContainerInfo | undefined }
  | { kind: 'elsewhere'; listeners: Listener[] }
  | { kind: 'silent'; port: number; outcome: HttpOutcome; listeners?: Listener[] };

/**
 * GETs <host>:<port><path> (host: the app host's address) until the app answers, the container stops, its sockets show it listens
 * elsewhere, or the start budget (or the caller's signal) runs out. Every wait has that deadline.
 */
export async function waitForApp(
  docker: Docker,
  containerId: string,
  port: number,
  path: string,
  options: { budgetMs: number; signal: AbortSignal; host?: string },
): Promise<AppProbe> {
  const signal = timeoutSignal(options.signal, options.budgetMs);
  let listeners: Listener[] | undefined;
  let ended: AppProbe | undefined;
  let seen = '';
  let settledSince = 0;
  // Asked after each GET that found nobody answering: has the container stopped, or settled elsewhere?
  const stop = async (): Promise<boolean> => {
    const info = await inspectContainer(docker, containerId);
    if (!info?.State.Running) {
      ended = { kind: 'stopped', info };
      return true;
    }
    listeners = await listenersOnHost(info);
    // Listening sockets that stay the same, without 8080, for SETTLED_MS: the app listens elsewhere.
    const now = listeners?.length && !listensOn(listeners, APP_PORT) ? describeListeners(listeners) : '';
    if (now !== seen) settledSince = performance.now();
    seen = now;
    if (listeners && now && performance.now() - settledSince >= SETTLED_MS) {
      ended = { kind: 'elsewhere', listeners };
      return true;
    }
    return false;
  };
  const outcome = await getUntil({ ...(options.host ? { host: options.host } : {}), port, path, signal, stop, retryEveryMs: RETRY_EVERY_MS, maxBodyBytes: MAX_BODY });
  if (outcome.kind === 'answered') return { kind: 'answered', port, answer: outcome };
  if (ended) return ended;
  return { kind: 'silent', port, outcome, ...(listeners ? { listeners } : {}) };
}

/** labcheck's requests to one container's app, one after another: see inAppTurn. */
const turnKey = (containerId: string) => recordKey<Promise<{ last: Promise<unknown> }>>(`run-container.app-turn:${containerId}`);

/**
 * Runs fn once no other request of labcheck's to this container's app is under way. In check mode the
 * labs run side by side: run-container's GET of / landing in container-info's quiet window would read
 * as a request line the app prints unasked, a false fail. The wait is bounded by the check's signal.
 */
export async function inAppTurn<T>(ctx: CheckContext, containerId: string, fn: () => Promise<T>): Promise<T> {
  const turn = await ctx.once(turnKey(containerId), async () => ({ last: Promise.resolve() as Promise<unknown> }));
  const before = turn.last;
  let done = (): void => undefined;
  const mine = new Promise<void>((resolve) => (done = resolve));
  // The next in line waits for this one and, should this one stop waiting early, for the one before.
  turn.last = Promise.all([before, mine]);
  try {
    await orAbort(before, ctx.signal);
    return await fn();
  } finally {
    done();
  }
}

/** The start budget within a deadline of timeoutMs, leaving time to explain a failure. */
export const startBudget = (timeoutMs: number): number => Math.max(1_000, Math.min(APP_START_MS, timeoutMs - 3_000));

/** The graded app.js: the run's copy, or in check mode the one in the current folder ('' when there is none). */
const appSource = (ctx: CheckContext): Promise<string> => readApp(ctx.mode === 'check' ? ctx.workdir : ctx.buildDir);

/** The verdict on a probe: 200 with the container's hostname in the body of a response that ends, or why not in the student's terms. */
async function judgeProbe(ctx: CheckContext, info: ContainerInfo, probe: AppProbe): Promise<Outcome> {
  const hostname = info.Config.Hostname;
  const host = await ctx.appHost();
  switch (probe.kind) {
    case 'answered': {
      const { answer } = probe;
      const { status, body } = answer;
      const where = hostPort(host.address, probe.port);
      if (status !== 200) {
        return failed(t(`expected a GET on ${where} to answer 200; it answered ${status} with ${excerpt(body)}`, `期望对 ${where} 的 GET 请求返回 200；实际返回 ${status}，内容为 ${excerpt(body)}`));
      }
      const open = neverEnded(answer);
      if (open) {
        return failed(t(
          `expected a GET on ${where} to answer 200 in a response that ends, as curl needs; ${open.en}: it answered 200 with ${excerpt(body)}`,
          `期望对 ${where} 的 GET 请求返回 200，且响应会结束（curl 需要如此）；${open.zh}：实际返回 200，内容为 ${excerpt(body)}`,
        ));
      }
      const found = findHostname(body, hostname);
      if (found) {
        const shown = hostnameShown(body, found);
        return passed(t(`a GET on ${where} answered 200 with the container's hostname ${hostname}${shown.en}`, `对 ${where} 的 GET 请求返回 200，包含容器的主机名 ${hostname}${shown.zh}`));
      }
      const near = nearMisses(answer, hostname);
      return at(failed(t(
        `expected the answer of ${where} to hold the container's hostname ${hostname} (docker inspect: Config.Hostname) as a word of its body; it answered 200 without it: ${excerpt(body)}${near.en}`,
        `期望 ${where} 的响应体中以独立的词包含容器的主机名 ${hostname}（docker inspect 中的 Config.Hostname）；实际返回 200 但不包含它：${excerpt(body)}${near.zh}`,
      )), onlyLine(await appSource(ctx), ENDS_RESPONSE));
    }
    case 'stopped': {
      const why: Text & { location?: Location } = probe.info ? await whyNotRunning(ctx, probe.info) : t('the container was removed', '容器已被删除');
      const named = describeAppHost(host);
      return at(failed(t(`expected the app to answer on ${named.en}; before it did, ${why.en}`, `期望应用在 ${named.zh} 上响应；但在它响应之前，${why.zh}`)), why.location);
    }
    case 'elsewhere': {
      const ports = describeListeners(probe.listeners);
      return at(failed(t(`expected the app to listen on port ${APP_PORT} in the container, where -p maps the host port; nothing there answers: in the container the app listens on ${ports}`, `期望应用在容器内监听 ${APP_PORT} 端口（-p 将宿主机端口映射到这里）；但那里没有应答：应用在容器内监听的是 ${ports}`)), onlyLine(await appSource(ctx), LISTEN));
    }
    case 'silent': {
      const { text } = await readLogs(await ctx.docker(), info.Id, { maxBytes: 64 * 1024, signal: ctx.signal, tty: info.Config.Tty });
      const logs = lastLines(text, 5) || '(none)';
      const saw = describeOutcome(probe.outcome, hostPort(host.address, probe.port));
      const seen = probe.listeners ? ` Listening in the container: ${describeListeners(probe.listeners)}.` : '';
      const seenZh = probe.listeners ? ` 容器内正在监听：${describeListeners(probe.listeners)}。` : '';
      return failed(
        t(
          `expected the app to answer on container port ${APP_PORT}; ${saw.en}.${seen} Its last log lines:\n${logs}`,
          `期望应用在容器端口 ${APP_PORT} 上响应；${saw.zh}。${seenZh} 最后几行日志：\n${logs}`,
        ),
      );
    }
  }
}

export default defineLab({
  id: 'run-container',
  section: '运行容器镜像',
  title: t('Run the kubia image in a container', '运行 kubia 容器镜像'),
  dependsOn: ['build-image'],
  creates: (names) => ({ containers: [names.kubiaContainer] }),
  async solve(ctx) {
    // A run publishes only where labcheck requests it (127.0.0.1, or a remote engine host's address), never on all interfaces; solve does as the chapter.
    const appHost = await ctx.appHost();
    const publish = ctx.mode === 'solve' ? (ctx.port ? `${ctx.port}:${APP_PORT}` : String(APP_PORT)) : publishArg(appHost, ctx.port || '', APP_PORT);
    const run = await ctx.step(['run', '--name', ctx.names.kubiaContainer, ...ctx.labelArgs(), ...ctx.boundArgs(), '-p', publish, '-d', ctx.names.kubiaRepo]);
    ctx.record(RUN_RECORD, run);
    if (!run.ok) return;
    const docker = await ctx.docker();
    const info = await inspectContainer(docker, ctx.names.kubiaContainer);
    const port = info && hostPortOf(info, appHost);
    if (!info || !port) return;
    ctx.record(PORT_RECORD, port);
    // The chapter's `curl localhost:1234`: the request that container-info finds in the logs.
    ctx.progress(`$ curl ${hostPort(appHost.address, port)}`);
    ctx.record(CURL_RECORD, await waitForApp(docker, info.Id, port, '/', { budgetMs: startBudget(ctx.timeoutMs), signal: ctx.signal, host: appHost.address }));
  },
  checks: [
    {
      id: 'container-running',
      title: t('the container runs, made from the kubia image', '容器由 kubia 镜像创建并正在运行'),
      points: 1,
      hint: t(
        '-d runs the container in the background; `docker ps -a` shows whether it is still up, `docker logs` why it stopped.',
        '-d 让容器在后台运行；`docker ps -a` 显示它是否还在运行，`docker logs` 显示它为何停止。',
      ),
      async run(ctx) {
        const found = await runningContainer(ctx);
        if ('outcome' in found) return found.outcome;
        const { info } = found;
        const image = await inspectImage(await ctx.docker(), ctx.names.kubiaImage);
        const fromKubia = [ctx.names.kubiaRepo, ctx.names.kubiaImage].includes(info.Config.Image) || sameImageId(info.Image, image?.Id);
        return noted(ctx, info, verdict(
          fromKubia,
          t(`${nameOf(info)} is running, made from ${familiarName(info.Config.Image)}`, `${nameOf(info)} 正在运行，由 ${familiarName(info.Config.Image)} 创建`),
          t(`expected ${nameOf(info)} made from ${ctx.names.kubiaImage}; it runs ${familiarName(info.Config.Image)}`, `期望 ${nameOf(info)} 由 ${ctx.names.kubiaImage} 创建；实际运行的是 ${familiarName(info.Config.Image)}`),
        ));
      },
    },
    {
      id: 'port-mapped',
      title: t('a host port maps to 8080/tcp in the container', '宿主机端口映射到容器的 8080/tcp'),
      points: 1,
      hint: t(
        'In -p HOST:CONTAINER the host port comes first; `docker port` shows what is published.',
        '在 -p 宿主机端口:容器端口 中，宿主机端口在前；`docker port` 显示已发布的端口。',
      ),
      async run(ctx) {
        const found = await runningContainer(ctx);
        if ('outcome' in found) return found.outcome;
        const { info } = found;
        const want = expectedPort(ctx);
        const port = hostPortOf(info, await ctx.appHost());
        const shown = describeBindings(info);
        if (!port) {
          return failed(t(`expected a host port mapped to ${APP_PORT_KEY}; ${nameOf(info)} publishes none (docker port ${nameOf(info)} shows nothing for ${APP_PORT_KEY})`, `期望有宿主机端口映射到 ${APP_PORT_KEY}；${nameOf(info)} 没有发布（docker port ${nameOf(info)} 中没有 ${APP_PORT_KEY}）`));
        }
        return noted(ctx, info, verdict(
          want === undefined || bindingsOf(info).some((b) => Number(b.HostPort) === want),
          t(`host port ${port} maps to ${APP_PORT_KEY} (${shown})`, `宿主机端口 ${port} 映射到 ${APP_PORT_KEY}（${shown}）`),
          t(`expected host port ${want} mapped to ${APP_PORT_KEY}; saw ${shown}`, `期望宿主机端口 ${want} 映射到 ${APP_PORT_KEY}；实际为 ${shown}`),
        ));
      },
    },
    {
      id: 'answers-hostname',
      title: t("a GET of / on the host port answers 200 with the container's hostname, and ends", '对宿主机端口 / 的 GET 请求返回 200 和容器的主机名，且响应会结束'),
      points: 2,
      hint: t(
        'The app must listen on the container port that -p maps to, answer with os.hostname() in the body in any words, and end the response; try curl on the host port.',
        '应用必须监听 -p 映射到的容器端口，在响应体中以任意措辞给出 os.hostname()，并结束响应；用 curl 访问宿主机端口试试。',
      ),
      async run(ctx) {
        const found = await runningContainer(ctx);
        if ('outcome' in found) return found.outcome;
        const { info } = found;
        const host = await ctx.appHost();
        const port = hostPortOf(info, host);
        if (!port) {
          return failed(t(`expected a host port mapped to ${APP_PORT_KEY} to GET; ${nameOf(info)} publishes none`, `期望有映射到 ${APP_PORT_KEY} 的宿主机端口可供 GET；${nameOf(info)} 没有发布`));
        }
        // On a remote engine, a port published on one address of its host only (its 127.0.0.1) cannot be reached from here.
        if (host.remote && !reachableBinding(info, host)) {
          const named = describeAppHost(host);
          return noted(ctx, info, failed(t(
            `expected ${APP_PORT_KEY} published where labcheck can request it: on all interfaces of the engine's host, or on ${named.en}; ${nameOf(info)} publishes it on ${describeBindings(info)} only, out of reach from here`,
            `期望 ${APP_PORT_KEY} 发布在 labcheck 能够请求的地址上：引擎所在主机的所有网络接口，或 ${named.zh}；${nameOf(info)} 只发布在 ${describeBindings(info)}，从这里无法访问`,
          )));
        }
        // `/` itself, as the chapter's curl asks: an app may rightly answer 404 elsewhere.
        const docker = await ctx.docker();
        const probe = await inAppTurn(ctx, info.Id, () => waitForApp(docker, info.Id, port, '/', { budgetMs: startBudget(ctx.timeoutMs), signal: ctx.signal, host: host.address }));
        return noted(ctx, info, await judgeProbe(ctx, info, probe));
      },
    },
  ],
});
