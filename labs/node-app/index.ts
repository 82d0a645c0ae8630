import { defineLab, failed, notApplicable, passed } from '../../src/engine/define.js';
import { recordKey } from '../../src/engine/records.js';
import type { CheckContext } from '../../src/engine/context.js';
import type { Location, Text } from '../../src/engine/types.js';
import { t } from '../../src/engine/lang.js';
import { pause, timeoutSignal } from '../../src/engine/deadline.js';
import type { Docker } from '../../src/docker/api.js';
import { inspectContainer } from '../../src/docker/api.js';
import type { CliResult } from '../../src/docker/cli.js';
import { lastLines, readLogs } from '../../src/docker/logs.js';
import { listenersInContainer, listenersOnHost, listensOn, type Listener } from '../../checks/listeners.js';
import { findFile, type FileFound, type FileWanted } from '../../checks/files.js';
import { nameOf, namedContainer, outOfMemory, type ContainerInfo } from '../../checks/containers.js';
import { stepFailure } from '../../checks/steps.js';
import { describeOutcome, getOnce, isRetryable, type HttpOutcome } from '../../checks/http.js';
import { findHostname, hostnameShown, nearMisses, neverEnded } from '../../checks/answer.js';
import { at, crashLocation, ENDS_RESPONSE, LISTEN, onlyLine, readApp } from '../../checks/app-lines.js';
import { CANNOT_BIND, cannotBindText, hostPort, publishArg } from '../../src/docker/app-host.js';

export const APP_RECORD = recordKey<AppFile>('node-app.app');
export const STEPS_RECORD = recordKey<CliResult[]>('node-app.steps');
/** The GET of one app container, made once and shared by the checks that judge it. */
const probeKey = (containerId: string) => recordKey<Promise<Probe>>(`node-app.probe:${containerId}`);

const IMAGE = 'node:12';
const APP_PORT = 8080;
/** Listening, but not on 8080 where the published port leads, for this long: the app has made its choice. */
const SETTLE_MS = 1000;
/** How often the app's listening sockets are read, and a GET tried, while it starts. */
const LOOK_EVERY_MS = 100;

/** The lines of a crashed node app worth showing: its own error, without the stack frames and node's version trailer. */
export function crashLines(log: string, n = 6): string {
  const kept = log.split(/\r?\n/).filter((l) => !/^\s+at\s/.test(l) && !/^Node\.js v\d/.test(l));
  return lastLines(kept.join('\n'), n);
}

export type AppFile = FileFound;

const APP_JS: FileWanted = {
  names: ['app.js'],
  called: t('app.js', 'app.js'),
  // Other spellings and other .js files: what the student may have meant.
  lookalike: (e) => /^app\./i.test(e) || /\.js(\.txt)?$/i.test(e),
};

export const lookForApp = (dir: string, shownDir: string): Promise<AppFile> => findFile(dir, shownDir, APP_JS);

interface Exited {
  code: number;
  /** Set when the kernel killed it at its memory bound. */
  oom?: Text;
  log: string;
}

interface Probe {
  outcome: HttpOutcome;
  /** The address the port was requested at (127.0.0.1, or a remote engine host's). */
  host: string;
  hostPort: number;
  hostname: string;
  waitedMs: number;
  exited?: Exited;
  /** What the app listened on at the last look; undefined when that could not be read. */
  listening?: Listener[];
}

async function exitedOf(docker: Docker, info: ContainerInfo, signal: AbortSignal): Promise<Exited> {
  const { text } = await readLogs(docker, info.Id, { maxBytes: 64 * 1024, signal });
  const oom = outOfMemory(info);
  return { code: info.State.ExitCode, ...(oom ? { oom } : {}), log: text };
}

/**
 * GETs the app until it answers, stays silent, exits, or has settled on another port than 8080,
 * within most of the check's deadline (the rest is for the verdict). A GET is made only once the
 * app's sockets show it listening where the published port leads (or when they cannot be read), so
 * an app that crashes on the request was seen listening first. Done once per container and shared
 * by the checks that judge it.
 */
async function runProbe(ctx: CheckContext, info: ContainerInfo): Promise<Probe> {
  const docker = await ctx.docker();
  const { address: host } = await ctx.appHost();
  const started = performance.now();
  const hostname = info.Config.Hostname;
  const budget = Math.max(1000, Math.floor(ctx.timeoutMs * 0.8));
  const signal = timeoutSignal(ctx.signal, budget);
  const waited = () => Math.round(performance.now() - started);
  const binding = info.NetworkSettings.Ports?.[`${APP_PORT}/tcp`]?.[0];
  if (!info.State.Running) {
    const exited = await exitedOf(docker, info, ctx.signal);
    return { outcome: { kind: 'refused', attempts: 0 }, host, hostPort: 0, hostname, waitedMs: 0, exited };
  }
  // labcheck's own step published the port: without it there is nothing to judge the student by.
  if (!binding) throw new Error(`the container ${nameOf(info)} publishes no host port for ${APP_PORT}/tcp`);
  const hostPort = Number(binding.HostPort);
  let exited: Exited | undefined;
  let listening: Listener[] | undefined;
  let elsewhereSince: number | undefined;
  let outcome: HttpOutcome = { kind: 'refused', attempts: 0 };
  let attempts = 0;
  for (;;) {
    const now = await inspectContainer(docker, info.Id);
    if (!now || !now.State.Running) {
      exited = now ? await exitedOf(docker, now, ctx.signal) : { code: -1, log: '' };
      break;
    }
    // Read from the host's /proc when labcheck runs beside the engine (no process started), else inside the container.
    listening = (await listenersOnHost(now)) ?? (await listenersInContainer(docker, info.Id, signal));
    if (listening === undefined || reachable(listening)) {
      elsewhereSince = undefined;
      outcome = await getOnce({ host, port: hostPort, signal }, ++attempts);
      if (!isRetryable(outcome)) break;
    } else if (listening.length > 0) {
      elsewhereSince ??= performance.now();
      if (performance.now() - elsewhereSince >= SETTLE_MS) break;
    }
    try {
      await pause(LOOK_EVERY_MS, signal);
    } catch {
      break;
    }
  }
  if (outcome.kind !== 'answered' && !exited) {
    // It may have died while the last attempt waited.
    const now = await inspectContainer(docker, info.Id);
    if (now && !now.State.Running) exited = await exitedOf(docker, now, ctx.signal);
  }
  return { outcome, host, hostPort, hostname, waitedMs: waited(), ...(exited ? { exited } : {}), ...(listening ? { listening } : {}) };
}

type AppState = { kind: 'judged'; probe: Probe } | { kind: 'not-run'; why: Text };

/** The run's app container and what a GET of it gave; the probe is made once and shared by the checks. */
async function appState(ctx: CheckContext): Promise<AppState> {
  const app = ctx.recorded(APP_RECORD);
  if (app && !app.found) return { kind: 'not-run', why: t(`the app was not started: ${app.problem?.en ?? 'app.js is missing'}`, `应用没有启动：${app.problem?.zh ?? '缺少 app.js'}`) };
  const failedStep = ctx.recorded(STEPS_RECORD)?.find((s) => !s.ok);
  if (failedStep) {
    if (CANNOT_BIND.test(failedStep.stderr)) {
      const why = cannotBindText(await ctx.appHost(), failedStep.stderr);
      return { kind: 'not-run', why: t(`the app was not started: ${why.en}`, `应用没有启动：${why.zh}`) };
    }
    const failure = stepFailure(failedStep);
    return { kind: 'not-run', why: t(`the app was not started: ${failedStep.command} ${failure.en}`, `应用没有启动：${failedStep.command} ${failure.zh}`) };
  }
  const info = await namedContainer(ctx, ctx.names.nodeAppContainer);
  if (!info) {
    return { kind: 'not-run', why: t(`expected the container ${ctx.names.nodeAppContainer} running app.js; saw none`, `期望有运行 app.js 的容器 ${ctx.names.nodeAppContainer}；但没有找到`) };
  }
  return { kind: 'judged', probe: await ctx.once(probeKey(info.Id), () => runProbe(ctx, info)) };
}

/** True when the app listens on 8080 on an interface Docker's published port leads to. */
const reachable = (listening: readonly Listener[] | undefined): boolean => listensOn(listening, APP_PORT);

const where = (p: Probe): string => `port ${APP_PORT} (published on ${hostPort(p.host, p.hostPort)})`;

function exitedText(e: Exited): Text {
  const lines = crashLines(e.log);
  const log = lines ? { en: `; its last log lines:\n${lines}`, zh: `；最后的日志：\n${lines}` } : { en: '; it printed nothing', zh: '；它没有任何输出' };
  if (e.code === 0 && !e.oom) {
    return t(
      `the app exited with code 0 instead of staying up to serve requests${log.en}`,
      `应用以退出码 0 结束，而没有保持运行来处理请求${log.zh}`,
    );
  }
  return t(`the app stopped with exit code ${e.code}${e.oom ? ` ${e.oom.en}` : ''}${log.en}`, `应用以退出码 ${e.code} 停止${e.oom?.zh ?? ''}${log.zh}`);
}

/** Why the app is not listening on 8080, when it is not: undefined when it is. */
function notListening(p: Probe): Text | undefined {
  const { outcome } = p;
  if (outcome.kind === 'answered' || outcome.kind === 'silent' || reachable(p.listening)) return undefined;
  if (p.exited) return exitedText(p.exited);
  if (p.listening?.some((l) => l.port === APP_PORT)) {
    return t(
      `the app listens on port ${APP_PORT} on the container's loopback address only, which nothing outside the container can reach`,
      `应用只在容器的回环地址上监听端口 ${APP_PORT}，容器外的任何程序都无法访问`,
    );
  }
  if (p.listening && p.listening.length > 0) {
    const ports = p.listening.map((l) => l.port).join(', ');
    return t(`the app listens on port ${ports} instead of ${APP_PORT}`, `应用监听的是端口 ${ports}，而不是 ${APP_PORT}`);
  }
  const seen = describeOutcome(outcome, where(p));
  if (p.listening) {
    // No GET is made while the app listens nowhere: there is nothing of it to ask.
    const tried = outcome.attempts > 0 ? { en: `: ${seen.en}`, zh: `：${seen.zh}` } : { en: '', zh: '' };
    return t(`after ${p.waitedMs} ms the app listens on no TCP port at all${tried.en}`, `${p.waitedMs} 毫秒后应用仍没有监听任何 TCP 端口${tried.zh}`);
  }
  return seen;
}

/** Why a GET got no answer: the app stopped after it had listened (a crash on the request), or why it is not listening, or what the GET saw. */
function noAnswer(p: Probe): Text {
  if (p.exited && reachable(p.listening)) {
    const e = exitedText(p.exited);
    return t(`the app listened on port ${APP_PORT} until labcheck requested /; then ${e.en}`, `应用一直监听端口 ${APP_PORT}，直到 labcheck 请求 /；随后${e.zh}`);
  }
  return notListening(p) ?? describeOutcome(p.outcome, where(p));
}

/** The line of app.js a failure is about: where a crash happened, or the one line that calls listen when the app listens elsewhere. */
async function pointAt(ctx: CheckContext, p: Probe): Promise<Location | undefined> {
  if (p.exited) return crashLocation(p.exited.log);
  if (p.listening?.length && !reachable(p.listening)) return onlyLine(await readApp(ctx.buildDir), LISTEN);
  return undefined;
}

const CHECK_MODE_SKIP = t(
  'not applicable in check mode: it creates nothing, so your app was not run; `labcheck run node-app --workdir .` runs it',
  'check 模式下不适用：它不创建任何东西，所以没有运行你的应用；`labcheck run node-app --workdir .` 会运行它',
);

export default defineLab({
  id: 'node-app',
  section: '创建容器化的 Node.js Web 应用程序',
  title: t('Write the Node.js web app', '创建 Node.js Web 应用程序'),
  dependsOn: [],
  creates: (names) => ({ containers: [names.nodeAppContainer] }),
  async solve(ctx) {
    const app = await lookForApp(ctx.buildDir, ctx.workdir);
    ctx.record(APP_RECORD, app);
    if (!app.found) return;
    // Copied in rather than bind-mounted: works on a remote engine, and the app cannot write to the student's folder.
    const name = ctx.names.nodeAppContainer;
    const steps: CliResult[] = [];
    ctx.record(STEPS_RECORD, steps);
    // Published only where labcheck requests it: 127.0.0.1, or a remote engine host's address.
    const commands = [
      ['create', '--name', name, ...ctx.labelArgs(), ...ctx.boundArgs(), '-p', publishArg(await ctx.appHost(), '', APP_PORT), IMAGE, 'node', '/app.js'],
      ['cp', 'app.js', `${name}:/app.js`],
      ['start', name],
    ];
    for (const args of commands) {
      const result = await ctx.step(args, { cwd: ctx.buildDir });
      steps.push(result);
      if (!result.ok) return;
    }
  },
  checks: [
    {
      id: 'app-exists',
      title: t('app.js exists', 'app.js 存在'),
      points: 1,
      hint: t(
        'Save the chapter\'s listing as app.js in the folder you grade (--workdir), next to the Dockerfile.',
        '把本章的代码清单保存为 app.js，放在要评分的目录（--workdir）中，与 Dockerfile 放在一起。',
      ),
      async run(ctx) {
        const app = ctx.mode === 'check' ? await lookForApp(ctx.workdir, ctx.workdir) : ctx.recorded(APP_RECORD);
        if (!app) return failed(t('expected app.js handed to this run; the lab\'s steps did not look for it', '期望本次运行拿到 app.js；但实验步骤没有查找它'));
        if (!app.found) return failed(app.problem ?? t('app.js is missing', '缺少 app.js'));
        return passed(t(`app.js is in ${app.shownDir}`, `app.js 在 ${app.shownDir} 中`));
      },
    },
    {
      id: 'listens-8080',
      title: t('run with node, the app listens on port 8080', '用 node 运行时，应用监听 8080 端口'),
      points: 2,
      hint: t(
        'The app must keep running and listen on the port the chapter publishes; `docker logs` shows what it printed before it stopped.',
        '应用必须保持运行，并监听本章发布的端口；`docker logs` 可以显示它停止前的输出。',
      ),
      async run(ctx) {
        if (ctx.mode === 'check') return notApplicable(CHECK_MODE_SKIP);
        const state = await appState(ctx);
        if (state.kind === 'not-run') return failed(state.why);
        const why = notListening(state.probe);
        if (why) return at(failed(t(`expected the app to listen on port ${APP_PORT}; ${why.en}`, `期望应用监听端口 ${APP_PORT}；${why.zh}`)), await pointAt(ctx, state.probe));
        return passed(t(`the app listens on port ${APP_PORT}`, `应用监听端口 ${APP_PORT}`));
      },
    },
    {
      id: 'answers-200',
      title: t('a GET is answered with status 200, in a response that ends', 'GET 请求得到状态码 200 的应答，且响应会结束'),
      points: 1,
      hint: t(
        'Every request needs an answer: the handler sets the status and ends the response, or curl waits forever.',
        '每个请求都需要应答：处理函数要设置状态码并结束响应，否则 curl 会一直等待。',
      ),
      async run(ctx) {
        if (ctx.mode === 'check') return notApplicable(CHECK_MODE_SKIP);
        const state = await appState(ctx);
        if (state.kind === 'not-run') return failed(state.why);
        const p = state.probe;
        const seen = p.outcome.kind === 'answered' ? describeOutcome(p.outcome, where(p)) : noAnswer(p);
        if (p.outcome.kind === 'answered' && p.outcome.status === 200) {
          const open = neverEnded(p.outcome);
          if (open) {
            const got = describeOutcome(p.outcome, where(p), { end: false });
            return failed(t(`expected a GET to be answered with status 200 in a response that ends; ${open.en}: ${got.en}`, `期望 GET 请求得到状态码 200 的应答，且响应会结束；${open.zh}：${got.zh}`));
          }
          return passed(t(`a GET on ${where(p)} was answered with status 200`, `对 ${where(p)} 的 GET 请求得到了状态码 200 的应答`));
        }
        return at(failed(t(`expected a GET to be answered with status 200; ${seen.en}`, `期望 GET 请求得到状态码 200 的应答；${seen.zh}`)), await pointAt(ctx, p));
      },
    },
    {
      id: 'answers-hostname',
      title: t("the answer holds the hostname of the container that serves it", '应答中包含处理请求的容器的主机名'),
      points: 2,
      hint: t(
        'os.hostname() inside a container gives the container\'s hostname, not your machine\'s; any wording around it will do.',
        '在容器内，os.hostname() 返回的是容器的主机名，而不是你的机器的主机名；前后用什么措辞都可以。',
      ),
      async run(ctx) {
        if (ctx.mode === 'check') return notApplicable(CHECK_MODE_SKIP);
        const state = await appState(ctx);
        if (state.kind === 'not-run') return failed(state.why);
        const p = state.probe;
        const host = p.hostname;
        if (p.outcome.kind !== 'answered') {
          const seen = noAnswer(p);
          return at(failed(t(`expected an answer holding the container's hostname ${host}; ${seen.en}`, `期望应答中包含容器的主机名 ${host}；${seen.zh}`)), await pointAt(ctx, p));
        }
        const answer = p.outcome;
        const seen = describeOutcome(answer, where(p));
        const found = findHostname(answer.body, host);
        const open = neverEnded(answer);
        if (found && open) {
          const got = describeOutcome(answer, where(p), { end: false });
          return failed(t(
            `expected an answer holding the container's hostname ${host}, in a response that ends; ${open.en}: ${got.en}`,
            `期望应答中包含容器的主机名 ${host}，且响应会结束；${open.zh}：${got.zh}`,
          ));
        }
        if (found) {
          const shown = hostnameShown(answer.body, found);
          return passed(t(`the answer holds the container's hostname ${host}${shown.en}`, `应答中包含容器的主机名 ${host}${shown.zh}`));
        }
        const near = nearMisses(answer, host);
        return at(failed(
          t(
            `expected the answer to hold the container's hostname ${host} (docker inspect: Config.Hostname) as a word of its body; ${seen.en}${near.en}`,
            `期望应答的响应体中以独立的词包含容器的主机名 ${host}（docker inspect 中的 Config.Hostname）；${seen.zh}${near.zh}`,
          ),
        ), onlyLine(await readApp(ctx.buildDir), ENDS_RESPONSE));
      },
    },
  ],
});
