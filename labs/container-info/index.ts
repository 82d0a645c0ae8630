import { defineLab, failed, passed } from '../../src/engine/define.js';
import type { LabContext } from '../../src/engine/context.js';
import { t } from '../../src/engine/lang.js';
import type { Outcome, Text } from '../../src/engine/types.js';
import type { CliResult } from '../../src/docker/cli.js';
import { lastLines, readLogs } from '../../src/docker/logs.js';
import { nameOf, type ContainerInfo } from '../../checks/containers.js';
import { stepFailure } from '../../checks/steps.js';
import { APP_PORT, PROBE_PATH, expectedPort, ownContainer } from '../run-container/index.js';

export const PS_RECORD = 'container-info.ps';
export const INSPECT_RECORD = 'container-info.inspect';
export const LOGS_RECORD = 'container-info.logs';

const STARTING = 'Kubia server starting...';
// `/` itself, as the chapter's curl asks for it: not /favicon.ico, not labcheck's probe (/?labcheck=probe).
const REQUEST_LINE = /Received request for \/(?=\s|$)/m;

/** The run's (or in check mode the chapter's) kubia container, or the failure saying it is missing. */
function container(ctx: LabContext): Promise<{ info: ContainerInfo } | { outcome: Outcome }> {
  const name = ctx.names.kubiaContainer;
  return ownContainer(ctx, t(`expected the container ${name} (lab run-container); saw none (docker ps -a lists none)`, `期望存在容器 ${name}（实验 run-container）；但没有找到（docker ps -a 中没有）`));
}

/**
 * In a run, the state being right is not enough: the lab's own CLI step must have run and shown it.
 * Check mode cannot see which commands a student typed, so there the state alone is judged.
 */
function stepShows(ctx: LabContext, key: string, command: string, shows: (result: CliResult) => Text | undefined, good: Text): Outcome {
  if (ctx.mode === 'check') return passed(good);
  const result = ctx.recorded<CliResult>(key);
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

async function logsOf(ctx: LabContext, info: ContainerInfo): Promise<string> {
  const { text } = await readLogs(await ctx.docker(), info.Id, { maxBytes: 256 * 1024, signal: ctx.signal, tty: info.Config.Tty });
  return text;
}

const cliLogs = (result: CliResult): string => `${result.stdout}\n${result.stderr}`;

export default defineLab({
  id: 'container-info',
  section: '列出/获取额外信息/检查应用程序日志',
  title: t('List the container, inspect it, read its logs', '列出容器、获取额外信息、检查应用程序日志'),
  dependsOn: ['run-container'],
  async solve(ctx) {
    const name = ctx.names.kubiaContainer;
    ctx.record(PS_RECORD, await ctx.step(['ps']));
    ctx.record(INSPECT_RECORD, await ctx.step(['inspect', name]));
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
        const listed = await docker.listContainers({ filters: JSON.stringify({ name: [`^/${name}$`] }) });
        const row = listed.find((c) => c.Names.includes(`/${name}`));
        if (!row) {
          return failed(t(`expected docker ps to list ${name}; it does not, since the container is ${found.info.State.Status}, not running`, `期望 docker ps 列出 ${name}；但没有列出，因为容器处于 ${found.info.State.Status} 状态，没有在运行`));
        }
        const ports = [...new Set(row.Ports.filter((p) => p.PublicPort).map((p) => `${p.IP}:${p.PublicPort}->${p.PrivatePort}/${p.Type}`))];
        const want = expectedPort(ctx);
        const mapped = row.Ports.filter((p) => p.PrivatePort === APP_PORT && p.Type === 'tcp' && p.PublicPort && (want === undefined || p.PublicPort === want));
        const wanted = `${want ?? '<host port>'}->${APP_PORT}/tcp`;
        if (mapped.length === 0) {
          return failed(t(`expected docker ps to list ${name} with ${wanted}; its PORTS are ${ports.join(', ') || 'empty'}`, `期望 docker ps 列出 ${name} 且带有 ${wanted}；其 PORTS 为 ${ports.join(', ') || '空'}`));
        }
        const good = t(`docker ps lists ${name} with ${ports.join(', ')}`, `docker ps 列出了 ${name}，端口为 ${ports.join(', ')}`);
        return stepShows(ctx, PS_RECORD, 'docker ps', (ps) => {
          const line = ps.stdout.split('\n').find((l) => l.trim().split(/\s+/).at(-1) === name);
          if (line && line.includes(`:${mapped[0]?.PublicPort}->${APP_PORT}/tcp`)) return undefined;
          return t(`expected the output of ${ps.command} to have a row for ${name} with ${wanted}; saw:\n${ps.stdout.slice(0, 2000)}`, `期望 ${ps.command} 的输出中有 ${name} 的一行且带有 ${wanted}；实际为：\n${ps.stdout.slice(0, 2000)}`);
        }, good);
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
          return failed(t(`expected docker inspect to show ${name} running; State.Status is ${info.State.Status} (exit code ${info.State.ExitCode})`, `期望 docker inspect 显示 ${name} 正在运行；State.Status 为 ${info.State.Status}（退出码 ${info.State.ExitCode}）`));
        }
        const ip = ipOf(info);
        if (!ip) {
          return failed(t(`expected docker inspect to show an IP address of ${name}; NetworkSettings has none (network mode ${info.HostConfig.NetworkMode})`, `期望 docker inspect 显示 ${name} 的 IP 地址；NetworkSettings 中没有（网络模式 ${info.HostConfig.NetworkMode}）`));
        }
        const good = t(`docker inspect shows ${name} running with IP ${ip}`, `docker inspect 显示 ${name} 正在运行，IP 为 ${ip}`);
        return stepShows(ctx, INSPECT_RECORD, `docker inspect ${name}`, (result) => {
          let shown: ContainerInfo | undefined;
          try {
            shown = (JSON.parse(result.stdout) as ContainerInfo[])[0];
          } catch {
            shown = undefined;
          }
          if (shown?.State?.Running && shown.NetworkSettings && ipOf(shown) === ip) return undefined;
          return t(`expected ${result.command} to print the container running with IP ${ip}; saw:\n${result.stdout.slice(0, 1000)}`, `期望 ${result.command} 输出容器正在运行且 IP 为 ${ip}；实际为：\n${result.stdout.slice(0, 1000)}`);
        }, good);
      },
    },
    {
      id: 'logs-server-starting',
      title: t('`docker logs` holds "Kubia server starting..."', '`docker logs` 中有 "Kubia server starting..."'),
      points: 1,
      hint: t(
        'docker logs shows what the app wrote to stdout and stderr; app.js logs a line when it starts.',
        'docker logs 显示应用写到标准输出和标准错误的内容；app.js 启动时会输出一行日志。',
      ),
      async run(ctx) {
        const found = await container(ctx);
        if ('outcome' in found) return found.outcome;
        const name = nameOf(found.info);
        const text = await logsOf(ctx, found.info);
        if (!text.includes(STARTING)) {
          return failed(t(`expected the line "${STARTING}" in the logs of ${name}; its logs begin:\n${text.slice(0, 500) || '(empty)'}`, `期望 ${name} 的日志中有 "${STARTING}"；其日志开头为：\n${text.slice(0, 500) || '（空）'}`));
        }
        const good = t(`the logs of ${name} hold "${STARTING}"`, `${name} 的日志中有 "${STARTING}"`);
        return stepShows(ctx, LOGS_RECORD, `docker logs ${name}`, (result) =>
          cliLogs(result).includes(STARTING) ? undefined : t(`expected ${result.command} to print "${STARTING}"; it did not`, `期望 ${result.command} 输出 "${STARTING}"；但没有`), good);
      },
    },
    {
      id: 'logs-request-received',
      title: t('`docker logs` holds "Received request for /"', '`docker logs` 中有 "Received request for /"'),
      points: 1,
      hint: t(
        'The app logs each request it gets: ask it for / on the mapped host port first, then read the logs again.',
        '应用会为收到的每个请求输出日志：先通过映射的宿主机端口请求 /，再查看日志。',
      ),
      async run(ctx) {
        const found = await container(ctx);
        if ('outcome' in found) return found.outcome;
        const name = nameOf(found.info);
        const text = await logsOf(ctx, found.info);
        if (!REQUEST_LINE.test(text)) {
          const probes = text.includes(`Received request for ${PROBE_PATH}`) ? ` (labcheck's own probes, ${PROBE_PATH}, do not count)` : '';
          const probesZh = probes ? `（labcheck 自己的探测请求 ${PROBE_PATH} 不算）` : '';
          const tail = lastLines(text, 5) || '(empty)';
          return failed(
            t(
              `expected a line "Received request for /" in the logs of ${name}, written when someone requests / (curl 127.0.0.1:<host port>); there is none${probes}. Last log lines:\n${tail}`,
              `期望 ${name} 的日志中有 "Received request for /"，有人请求 / 时（curl 127.0.0.1:<宿主机端口>）应用会输出这一行；但没有${probesZh}。最后几行日志：\n${tail}`,
            ),
          );
        }
        const good = t(`the logs of ${name} hold "Received request for /"`, `${name} 的日志中有 "Received request for /"`);
        return stepShows(ctx, LOGS_RECORD, `docker logs ${name}`, (result) =>
          REQUEST_LINE.test(cliLogs(result)) ? undefined : t(`expected ${result.command} to print "Received request for /"; it did not`, `期望 ${result.command} 输出 "Received request for /"；但没有`), good);
      },
    },
  ],
});
