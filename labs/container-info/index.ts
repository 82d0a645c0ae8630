import { defineLab, failed, passed } from '../../src/engine/define.js';
import { recordKey } from '../../src/engine/records.js';
import type { CheckContext } from '../../src/engine/context.js';
import type { RecordKey } from '../../src/engine/records.js';
import { t } from '../../src/engine/lang.js';
import type { Outcome, Text } from '../../src/engine/types.js';
import type { CliResult } from '../../src/docker/cli.js';
import { inspectContainer } from '../../src/docker/api.js';
import { nameFilter, nameOf, type ContainerInfo } from '../../checks/containers.js';
import { stepFailure } from '../../checks/steps.js';
import { describeOutcome } from '../../checks/http.js';
import { excerpt } from '../../checks/answer.js';
import { psRows } from '../../checks/cli-json.js';
import { kindOf, observeRequest, type RequestLog } from '../../checks/request-log.js';
import { hostPort } from '../../src/docker/app-host.js';
import { APP_PORT, expectedPort, hostPortOf, inAppTurn, noted, ownContainer, PORT_RECORD } from '../run-container/index.js';

export const PS_RECORD = recordKey<CliResult>('container-info.ps');
export const INSPECT_RECORD = recordKey<CliResult>('container-info.inspect');
export const LOGS_RECORD = recordKey<CliResult>('container-info.logs');
/** What the app printed around labcheck's own request, per container id (a promise of Observed). */
const observedKey = (containerId: string) => recordKey<Promise<Observed>>(`container-info.observed:${containerId}`);

/** How many of the app's lines a message shows. */
const SHOWN_LINES = 3;

type Observed = { kind: 'observed'; port: number; where: string; log: RequestLog } | { kind: 'not-asked'; why: Text };

/** The run's (or in check mode the student's) kubia container, or the failure saying it is missing. */
function container(ctx: CheckContext): Promise<{ info: ContainerInfo } | { outcome: Outcome }> {
  return ownContainer(ctx, 'run-container');
}

/**
 * In a run, the state being right is not enough: the lab's own CLI step must have run and shown it.
 * Check mode cannot see which commands a student typed, so there the state alone is judged.
 */
function stepShows(ctx: CheckContext, key: RecordKey<CliResult>, command: string, shows: (result: CliResult) => Text | undefined, good: Text): Outcome {
  if (ctx.mode === 'check') return passed(good);
  const result = ctx.recorded(key);
  if (!result) return failed(t(`${good.en}, but \`${command}\` was not run`, `${good.zh}，但没有运行 \`${command}\``));
  if (!result.ok) {
    const failure = stepFailure(result, 4);
    return failed(t(`expected ${result.command} to succeed; it ${failure.en}`, `期望 ${result.command} 成功；实际${failure.zh}`));
  }
  const missing = shows(result);
  if (missing) return failed(missing);
  return passed(t(`${good.en}, as ${result.command} shows`, `${good.zh}，${result.command} 的输出也显示了这一点`));
}

/** The container's IP on its network: the default bridge's field, or the first network that has one. */
function ipOf(info: ContainerInfo): string | undefined {
  const settings = info.NetworkSettings as ContainerInfo['NetworkSettings'] & { IPAddress?: string };
  return settings.IPAddress || Object.values(settings.Networks ?? {}).find((n) => n.IPAddress)?.IPAddress || undefined;
}

const cliLogs = (result: CliResult): string => `${result.stdout}\n${result.stderr}`;

/** Reads the log, requests / (after `between`), reads again; nothing is asked of a container that is not running. */
async function observe(ctx: CheckContext, info: ContainerInfo, between?: () => Promise<void>): Promise<Observed> {
  const docker = await ctx.docker();
  const now = await inspectContainer(docker, info.Id);
  const host = await ctx.appHost();
  const port = ctx.recorded(PORT_RECORD) ?? (now ? hostPortOf(now, host) : undefined);
  if (!now?.State.Running || !port) {
    await between?.();
    const why = !now?.State.Running
      ? t(`${nameOf(info)} is ${now?.State.Status ?? 'gone'}, not running, so labcheck could not request / of it`, `${nameOf(info)} 处于 ${now?.State.Status ?? '已删除'} 状态，没有在运行，因此 labcheck 无法请求它的 /`)
      : t(`${nameOf(info)} publishes no host port for ${APP_PORT}/tcp, so labcheck could not request / of it`, `${nameOf(info)} 没有为 ${APP_PORT}/tcp 发布宿主机端口，因此 labcheck 无法请求它的 /`);
    return { kind: 'not-asked', why };
  }
  const where = hostPort(host.address, port);
  const onRequest = () => ctx.progress(`$ curl ${where}`);
  const log = await inAppTurn(ctx, info.Id, () => observeRequest(docker, info.Id, port, { host: host.address, signal: ctx.signal, tty: info.Config.Tty, onRequest, ...(between ? { between } : {}) }));
  return { kind: 'observed', port, where, log };
}

/** The observation of a container, made once and shared by the checks (in a run, the lab's steps made it). */
function observed(ctx: CheckContext, info: ContainerInfo): Promise<Observed> {
  return ctx.once(observedKey(info.Id), () => observe(ctx, info));
}

const shownLines = (lines: readonly string[]): string => {
  const shown = lines.slice(0, SHOWN_LINES).map((l) => excerpt(l.trim(), 120)).join(', ');
  return lines.length > SHOWN_LINES ? `${shown}, … (${lines.length} lines)` : shown;
};

/** What the app printed when it started: the log before the request, without lines of the kinds it prints per request. */
function startupLines(log: RequestLog): string[] {
  const perRequest = new Set(log.forRequest.map(kindOf));
  return log.before.filter((l) => !perRequest.has(kindOf(l)));
}

/** The first of `lines` the `docker logs` step's output lacks, if any. */
const notShown = (result: CliResult, lines: readonly string[]): string | undefined => {
  const out = cliLogs(result);
  return lines.find((l) => !out.includes(l.trim()));
};

const count = (lines: readonly string[], line: string): number => lines.filter((l) => l.trim() === line.trim()).length;

/**
 * The first line written for the request that the `docker logs` step's output does not show as new:
 * a line the app also wrote before (the chapter's app logs every request alike) must be there once
 * more than before the request. Where the bounded read dropped part of the log, being there is enough.
 */
function requestNotShown(result: CliResult, log: RequestLog): string | undefined {
  if (log.beforeDropped > 0 || log.afterDropped > 0) return notShown(result, log.forRequest.slice(-SHOWN_LINES));
  const out = cliLogs(result).split(/\r?\n/);
  return log.forRequest.find((l) => count(out, l) < count(log.before, l) + count(log.forRequest, l));
}

/** Said after a log verdict when the app wrote more than labcheck keeps: a flood can push the lines out (the student's app, not an error). */
const flooded = (log: RequestLog): Text => {
  const bytes = log.beforeDropped + log.afterDropped;
  if (bytes === 0) return t('', '');
  return t(
    `; meanwhile the app flooded its log (${bytes} bytes more than labcheck reads, its first and last 128 KiB; the engine itself keeps only the last 10 MiB), so lines may have been pushed out`,
    `；与此同时应用向日志写入了大量内容（比 labcheck 读取的首尾各 128 KiB 多出 ${bytes} 字节；引擎本身也只保留最后 10 MiB），因此有些行可能被挤掉了`,
  );
};

export default defineLab({
  id: 'container-info',
  section: '列出/获取额外信息/检查应用程序日志',
  title: t('List the container, inspect it, read its logs', '列出容器、获取额外信息、检查应用程序日志'),
  dependsOn: ['run-container'],
  async solve(ctx) {
    const name = ctx.names.kubiaContainer;
    const steps = async () => {
      ctx.record(PS_RECORD, await ctx.step(['ps', '--format', '{{json .}}']));
      ctx.record(INSPECT_RECORD, await ctx.step(['inspect', name]));
    };
    // The chapter's curl comes before `docker logs`, so the logs the student reads show the request;
    // the log is read before and after it, to tell what the app printed for it.
    const info = await inspectContainer(await ctx.docker(), name);
    if (info) ctx.record(observedKey(info.Id), Promise.resolve(await observe(ctx, info, steps)));
    else await steps();
    ctx.record(LOGS_RECORD, await ctx.step(['logs', name]));
  },
  checks: [
    {
      id: 'ps-lists-container',
      title: t('`docker ps` lists the container with its port', '`docker ps` 列出了容器及其端口'),
      points: 1,
      hint: t(
        '`docker ps` lists running containers only; the PORTS column shows host->container mappings.',
        '`docker ps` 只列出正在运行的容器；PORTS 列显示宿主机->容器的端口映射。',
      ),
      async run(ctx) {
        const found = await container(ctx);
        if ('outcome' in found) return found.outcome;
        const name = nameOf(found.info);
        const docker = await ctx.docker();
        const listed = await docker.listContainers({ filters: JSON.stringify({ name: [nameFilter(name)] }) });
        const row = listed.find((c) => c.Names.includes(`/${name}`));
        if (!row) {
          return noted(ctx, found.info, failed(t(`expected docker ps to list ${name}; it does not, since the container is ${found.info.State.Status}, not running`, `期望 docker ps 列出 ${name}；但没有列出，因为容器处于 ${found.info.State.Status} 状态，没有在运行`)));
        }
        const ports = [...new Set(row.Ports.filter((p) => p.PublicPort).map((p) => `${p.IP}:${p.PublicPort}->${p.PrivatePort}/${p.Type}`))];
        const want = expectedPort(ctx);
        const mapped = row.Ports.filter((p) => p.PrivatePort === APP_PORT && p.Type === 'tcp' && p.PublicPort && (want === undefined || p.PublicPort === want));
        const wanted = `${want ?? '<host port>'}->${APP_PORT}/tcp`;
        if (mapped.length === 0) {
          return noted(ctx, found.info, failed(t(`expected docker ps to list ${name} with ${wanted}; its PORTS are ${ports.join(', ') || 'empty'}`, `期望 docker ps 列出 ${name} 且带有 ${wanted}；其 PORTS 为 ${ports.join(', ') || '空'}`)));
        }
        const good = t(`docker ps lists ${name} with ${ports.join(', ')}`, `docker ps 列出了 ${name}，端口为 ${ports.join(', ')}`);
        return noted(ctx, found.info, stepShows(ctx, PS_RECORD, 'docker ps', (ps) => {
          const row = psRows(ps.stdout).find((r) => r.names.includes(name));
          if (row?.ports.some((p) => p.hostPort === mapped[0]?.PublicPort && p.containerPort === APP_PORT && p.protocol === 'tcp')) return undefined;
          return t(`expected the output of ${ps.command} to have a row for ${name} with ${wanted}; saw:\n${ps.stdout.slice(0, 2000)}`, `期望 ${ps.command} 的输出中有 ${name} 的一行且带有 ${wanted}；实际为：\n${ps.stdout.slice(0, 2000)}`);
        }, good));
      },
    },
    {
      id: 'inspect-running-ip',
      title: t('`docker inspect` shows it running, with an IP address', '`docker inspect` 显示它正在运行，并有 IP 地址'),
      points: 1,
      hint: t(
        'docker inspect prints JSON: look at State and at NetworkSettings (Networks) for the IP address.',
        'docker inspect 输出 JSON：看 State，以及 NetworkSettings（Networks）中的 IP 地址。',
      ),
      async run(ctx) {
        const found = await container(ctx);
        if ('outcome' in found) return found.outcome;
        const { info } = found;
        const name = nameOf(info);
        if (!info.State.Running) {
          return noted(ctx, info, failed(t(`expected docker inspect to show ${name} running; State.Status is ${info.State.Status} (exit code ${info.State.ExitCode})`, `期望 docker inspect 显示 ${name} 正在运行；State.Status 为 ${info.State.Status}（退出码 ${info.State.ExitCode}）`)));
        }
        const ip = ipOf(info);
        if (!ip) {
          return noted(ctx, info, failed(t(`expected docker inspect to show an IP address of ${name}; NetworkSettings has none (network mode ${info.HostConfig.NetworkMode})`, `期望 docker inspect 显示 ${name} 的 IP 地址；NetworkSettings 中没有（网络模式 ${info.HostConfig.NetworkMode}）`)));
        }
        const good = t(`docker inspect shows ${name} running with IP ${ip}`, `docker inspect 显示 ${name} 正在运行，IP 为 ${ip}`);
        return noted(ctx, info, stepShows(ctx, INSPECT_RECORD, `docker inspect ${name}`, (result) => {
          let shown: ContainerInfo | undefined;
          try {
            shown = (JSON.parse(result.stdout) as ContainerInfo[])[0];
          } catch {
            shown = undefined;
          }
          if (shown?.State?.Running && shown.NetworkSettings && ipOf(shown) === ip) return undefined;
          return t(`expected ${result.command} to print the container running with IP ${ip}; saw:\n${result.stdout.slice(0, 1000)}`, `期望 ${result.command} 输出容器正在运行且 IP 为 ${ip}；实际为：\n${result.stdout.slice(0, 1000)}`);
        }, good));
      },
    },
    {
      id: 'logs-server-starting',
      title: t('`docker logs` shows what the app printed when it started', '`docker logs` 显示了应用启动时输出的内容'),
      points: 1,
      hint: t(
        'docker logs shows what the app wrote to stdout and stderr; an app that prints nothing (no console.log) leaves it nothing to show. The chapter\'s app prints a line when it starts.',
        'docker logs 显示应用写到标准输出和标准错误的内容；什么都不输出（没有 console.log）的应用让它无内容可显示。本章的应用启动时会输出一行。',
      ),
      async run(ctx) {
        const found = await container(ctx);
        if ('outcome' in found) return found.outcome;
        const { info } = found;
        const name = nameOf(info);
        const seen = await observed(ctx, info);
        if (seen.kind === 'not-asked') return noted(ctx, info, failed(t(`expected to read what the app printed when it started; ${seen.why.en}`, `期望读取应用启动时输出的内容；${seen.why.zh}`)));
        const { log } = seen;
        const startup = startupLines(log);
        if (startup.length === 0) {
          const why = log.forRequest.length > 0
            ? t(`it printed nothing when it started, only for requests (${shownLines(log.forRequest)})`, `它启动时什么都没有输出，只在收到请求时输出（${shownLines(log.forRequest)}）`)
            : t(`the app printed nothing at all (docker logs ${name} is empty), so the logs have nothing to show`, `应用什么都没有输出（docker logs ${name} 为空），因此日志中没有任何内容可显示`);
          return noted(ctx, info, failed(t(`expected the logs of ${name} to show what the app printed when it started; ${why.en}`, `期望 ${name} 的日志显示应用启动时输出的内容；${why.zh}`)));
        }
        const good = t(`the logs of ${name} show what the app printed when it started: ${shownLines(startup)}`, `${name} 的日志显示了应用启动时输出的内容：${shownLines(startup)}`);
        return noted(ctx, info, stepShows(ctx, LOGS_RECORD, `docker logs ${name}`, (result) => {
          const line = notShown(result, startup.slice(0, SHOWN_LINES));
          const flood = flooded(log);
          return line === undefined ? undefined : t(`expected ${result.command} to print what the app printed when it started; it lacks ${excerpt(line)}${flood.en}`, `期望 ${result.command} 输出应用启动时输出的内容；其中缺少 ${excerpt(line)}${flood.zh}`);
        }, good));
      },
    },
    {
      id: 'logs-request-received',
      title: t('`docker logs` shows what the app printed for a request', '`docker logs` 显示了应用为请求输出的内容'),
      points: 1,
      hint: t(
        'The chapter\'s app logs every request it gets. Request / on the mapped host port (curl), then read `docker logs` again: the new lines are the request\'s.',
        '本章的应用会为收到的每个请求输出日志。先通过映射的宿主机端口请求 /（curl），再查看 `docker logs`：新增的行就是该请求的。',
      ),
      async run(ctx) {
        const found = await container(ctx);
        if ('outcome' in found) return found.outcome;
        const { info } = found;
        const name = nameOf(info);
        const seen = await observed(ctx, info);
        if (seen.kind === 'not-asked') return noted(ctx, info, failed(t(`expected to see what the app prints for a request; ${seen.why.en}`, `期望看到应用为请求输出的内容；${seen.why.zh}`)));
        const { log, where } = seen;
        const asked = t(`labcheck's GET of / on ${where}`, `labcheck 对 ${where} 的 / 的 GET 请求`);
        if (log.request.kind !== 'answered') {
          const got = describeOutcome(log.request, where);
          return noted(ctx, info, failed(t(`expected the app to answer ${asked.en} and print something for it; ${got.en}`, `期望应用应答${asked.zh}并为它输出内容；${got.zh}`)));
        }
        if (log.forRequest.length === 0) {
          const nothing = log.before.length === 0 && log.after.length === 0;
          let why: Text;
          if (nothing) {
            why = t(`the app printed nothing at all (docker logs ${name} is empty), so the logs have nothing to show`, `应用什么都没有输出（docker logs ${name} 为空），因此日志中没有任何内容可显示`);
          } else if (log.after.length > 0) {
            const kinds = [...new Map(log.after.map((l) => [kindOf(l), l])).values()];
            why = t(
              `it printed only lines of kinds it also prints while nobody asks anything (${log.unasked.length} while labcheck waited before the request): ${shownLines(kinds)}`,
              `它只输出了在没有任何请求时也会输出的那类行（labcheck 在请求前等待时就输出了 ${log.unasked.length} 行）：${shownLines(kinds)}`,
            );
          } else {
            const early = log.before.find((l) => /request/i.test(l));
            const before = early
              ? t(`; the line ${excerpt(early.trim())} was in the log before the request, so it was not written for it`, `；日志中的 ${excerpt(early.trim())} 在请求之前就已存在，因此不是为该请求写的`)
              : t('', '');
            why = t(`nothing was added to the logs of ${name} after it${before.en}`, `请求之后 ${name} 的日志中没有新增任何内容${before.zh}`);
          }
          const flood = flooded(log);
          return noted(ctx, info, failed(t(`expected the app to print something for ${asked.en}, as the chapter's app logs each request; ${why.en}${flood.en}`, `期望应用为${asked.zh}输出内容，就像本章的应用为每个请求输出日志那样；${why.zh}${flood.zh}`)));
        }
        const good = t(`after ${asked.en}, the logs of ${name} show what the app printed for it: ${shownLines(log.forRequest)}`, `在${asked.zh}之后，${name} 的日志显示了应用为它输出的内容：${shownLines(log.forRequest)}`);
        return noted(ctx, info, stepShows(ctx, LOGS_RECORD, `docker logs ${name}`, (result) => {
          const line = requestNotShown(result, log);
          const flood = flooded(log);
          return line === undefined ? undefined : t(`expected ${result.command}, run after the request, to print what the app printed for it; it lacks ${excerpt(line)}${flood.en}`, `期望在请求之后运行的 ${result.command} 输出应用为该请求输出的内容；其中缺少 ${excerpt(line)}${flood.zh}`);
        }, good));
      },
    },
  ],
});
