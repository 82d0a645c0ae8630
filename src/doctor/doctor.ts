import { statfs } from 'node:fs/promises';
import { createServer } from 'node:net';
import { DockerCli } from '../docker/cli.js';
import { connectEngine, findEndpoint, type Engine } from '../docker/connect.js';
import { cliEnv, describeEndpoint } from '../docker/endpoint.js';
import { describeAppHost, resolveAppHost, type AppHost } from '../docker/app-host.js';
import { LABCHECK_MIN_API, apiAtLeast, engineName, readEngineFacts, type EngineFacts, type InfoFacts, type VersionFacts } from '../docker/engine-info.js';
import type { Docker } from '../docker/api.js';
import { EnvironmentError } from '../engine/errors.js';
import { t } from '../engine/lang.js';
import { newRunId } from '../engine/names.js';
import type { Lang, Text } from '../engine/types.js';
import { BUILDER_NAMES, decideBuilder } from './builder.js';
import { startHints } from './start.js';

export interface DoctorIo {
  stdout: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
}

export interface Finding {
  ok: boolean;
  /** A fact worth knowing, neither passed nor failed. */
  info?: boolean;
  what: Text;
  seen: Text | string;
  fix?: Text;
}

/** The lowest Engine API version labcheck's calls need (Docker 17.06). */
export const MIN_API = LABCHECK_MIN_API;
export const MIN_FREE_BYTES = 2 * 1024 ** 3;
export { apiAtLeast };

/** Tries to listen on the port as `docker run -p` would (all interfaces); says who holds it if taken. */
export async function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host: '0.0.0.0', exclusive: true }, () => server.close(() => resolve(true)));
  });
}

async function containerOnPort(docker: Docker, port: number): Promise<string | undefined> {
  const containers = await docker.listContainers();
  const holder = containers.find((c) => c.Ports.some((p) => p.PublicPort === port));
  return holder ? holder.Names[0]?.replace(/^\//, '') : undefined;
}

export function formatFinding(f: Finding, lang: Lang): string {
  const mark = f.info ? '•' : f.ok ? '✔' : '✘';
  const seen = typeof f.seen === 'string' ? f.seen : f.seen[lang];
  const fix = !f.ok && f.fix ? `\n    ${lang === 'zh' ? '解决：' : 'fix: '}${f.fix[lang]}` : '';
  return `${mark} ${f.what[lang]}: ${seen}${fix}\n`;
}

const INSTALL = t('install Docker: https://docs.docker.com/get-docker/', '安装 Docker：https://docs.docker.com/get-docker/');

/** What kind of engine answered, and from which field of /version that was decided. */
export function kindFinding(facts: VersionFacts): Finding {
  const seen =
    facts.kind === 'podman'
      ? t(`Podman, serving the Docker Engine API (/version names the component "${facts.product}")`, `Podman，提供兼容 Docker Engine 的 API（/version 中的组件名为 “${facts.product}”）`)
      : t(`Docker (/version: "${facts.product}", no Podman component)`, `Docker（/version：“${facts.product}”，没有 Podman 组件）`);
  return { ok: true, info: true, what: t('engine', '引擎'), seen };
}

/** The engine's API range from /version, the version labcheck negotiated, and labcheck's minimum. */
export function apiFinding(facts: Pick<VersionFacts, 'apiVersion' | 'minApiVersion'>, clientApiVersion: string | undefined): Finding {
  const newest = facts.apiVersion ?? 'unknown';
  const range = facts.minApiVersion ? `${facts.minApiVersion}–${newest}` : `up to ${newest}`;
  const rangeZh = facts.minApiVersion ? `${facts.minApiVersion}–${newest}` : `最高 ${newest}`;
  const sent = clientApiVersion ?? 'unversioned paths';
  const sentZh = clientApiVersion ?? '不带版本的路径';
  return {
    ok: apiAtLeast(newest, MIN_API),
    what: t('Engine API version', 'Engine API 版本'),
    seen: t(`${newest} (the engine accepts ${range}; labcheck sends ${sent}, needs ≥ ${MIN_API})`, `${newest}（引擎接受 ${rangeZh}；labcheck 使用 ${sentZh}，要求 ≥ ${MIN_API}）`),
    fix: t('upgrade Docker', '升级 Docker'),
  };
}

export function rootlessFinding(info: InfoFacts): Finding {
  return {
    ok: true,
    info: true,
    what: t('rootless', 'rootless'),
    seen: info.rootless
      ? t('yes (/info SecurityOptions has name=rootless)', '是（/info 的 SecurityOptions 含 name=rootless）')
      : t('no (/info SecurityOptions has no name=rootless)', '否（/info 的 SecurityOptions 不含 name=rootless）'),
  };
}

export function imageStoreFinding(info: InfoFacts): Finding {
  const driver = info.storageDriver ?? '?';
  return {
    ok: true,
    info: true,
    what: t('image store', '镜像存储'),
    seen:
      info.imageStore === 'containerd'
        ? t(`containerd, snapshotter ${driver} (/info DriverStatus has io.containerd.snapshotter.v1)`, `containerd，快照器 ${driver}（/info 的 DriverStatus 含 io.containerd.snapshotter.v1）`)
        : t(`graph driver ${driver} (/info DriverStatus has no io.containerd.snapshotter.v1)`, `存储驱动 ${driver}（/info 的 DriverStatus 不含 io.containerd.snapshotter.v1）`),
  };
}

/** Which builder `docker build` uses, from the CLI's version, `docker buildx version` and DOCKER_BUILDKIT. */
async function builderFinding(cli: DockerCli, podmanCli: boolean, env: NodeJS.ProcessEnv, engine: Engine, facts: VersionFacts): Promise<Finding> {
  const signal = new AbortController().signal;
  const client = podmanCli ? undefined : await cli.run(['version', '--format', '{{json .Client}}'], { timeoutMs: 10_000, signal });
  const buildx = podmanCli ? undefined : await cli.run(['buildx', 'version'], { timeoutMs: 10_000, signal });
  const builder = decideBuilder({
    podmanCli,
    cliVersion: client ? clientVersion(client.stdout) : undefined,
    buildx: buildx?.ok ? buildx.stdout.trim().split('\n')[0] : undefined,
    dockerBuildkit: env.DOCKER_BUILDKIT,
    engineBuilderVersion: engine.ping.builderVersion,
    engineKind: facts.kind,
  });
  const name = builder.builder ? BUILDER_NAMES[builder.builder] : t('none', '无');
  return {
    ok: builder.ok,
    info: builder.ok,
    what: t('docker build uses', 'docker build 使用'),
    seen: t(`${name.en} (${builder.how.en})`, `${name.zh}（${builder.how.zh}）`),
    ...(builder.fix ? { fix: builder.fix } : {}),
  };
}

async function busyboxFinding(cli: DockerCli): Promise<Finding> {
  const run = await cli.run(['run', '--rm', '--label', `io.labcheck.run=${newRunId()}`, 'busybox', 'echo', 'labcheck doctor'], { timeoutMs: 120_000, signal: new AbortController().signal });
  return {
    ok: run.ok && run.stdout.trim() === 'labcheck doctor',
    what: t('pull and run busybox', '拉取并运行 busybox'),
    seen: run.ok ? 'docker run busybox echo works' : run.stderr.trim().split('\n').slice(-2).join(' '),
    fix: t('check the network or registry mirror the engine pulls from (docker pull busybox)', '检查引擎拉取镜像所用的网络或镜像加速器（docker pull busybox）'),
  };
}

/** Verifies the environment line by line; exit 0 when everything works, 3 otherwise. */
export async function doctor(port: number, lang: Lang, io: DoctorIo): Promise<number> {
  const findings: Finding[] = [];
  const say = (f: Finding) => {
    findings.push(f);
    io.stdout.write(formatFinding(f, lang));
  };
  const bin = io.env.LABCHECK_DOCKER || 'docker';
  const signal = new AbortController().signal;
  let cli = new DockerCli(cliEnv(findEndpoint(io.env)), bin);

  let podmanCli = false;
  let cliRuns = false;
  try {
    const version = await cli.run(['--version'], { timeoutMs: 10_000, signal });
    podmanCli = version.ok && /^podman version/i.test(version.stdout.trim());
    cliRuns = version.ok;
    say({ ok: version.ok, what: t('docker CLI', 'docker 命令行'), seen: version.ok ? version.stdout.trim() : version.stderr.trim(), fix: INSTALL });
  } catch (e) {
    say({ ok: false, what: t('docker CLI', 'docker 命令行'), seen: (e as Error).message, fix: INSTALL });
  }

  let engine: Engine;
  try {
    engine = await connectEngine(io.env);
  } catch (e) {
    if (!(e instanceof EnvironmentError)) throw e;
    say({ ok: false, what: t('engine reachable', '引擎可访问'), seen: e.message, fix: t('start one of these engines, or set DOCKER_HOST to one that runs:', '启动以下任一引擎，或将 DOCKER_HOST 指向正在运行的引擎：') });
    for (const hint of startHints(process.platform)) io.stdout.write(`      ${hint.engine[lang]}: ${hint.how[lang]}\n`);
    return 3;
  }
  const { docker, endpoint } = engine;
  cli = new DockerCli(cliEnv(endpoint), bin);
  // Podman takes seconds to answer /version and /info: a generous deadline, the engine having answered its ping.
  let facts: EngineFacts;
  try {
    facts = await readEngineFacts(docker, AbortSignal.timeout(60_000));
  } catch (e) {
    throw new EnvironmentError(`the engine at ${describeEndpoint(endpoint)} answered its ping but not /version and /info within 60 s: ${(e as Error).message}`, { cause: e });
  }
  say({ ok: true, what: t('engine reachable', '引擎可访问'), seen: `${describeEndpoint(endpoint)}, ${engineName(facts)}` });
  say(kindFinding(facts));
  say(apiFinding(facts, engine.clientApiVersion));
  say(rootlessFinding(facts));
  say(imageStoreFinding(facts));

  // Without a CLI that runs, its line above failed already: the lines that need it are left out.
  if (cliRuns) {
    say(await builderFinding(cli, podmanCli, io.env, engine, facts));
    say(await busyboxFinding(cli));
  }

  // Where labcheck will request the apps it publishes: said only when that is not this machine's 127.0.0.1.
  let appHost: AppHost | undefined;
  try {
    appHost = await resolveAppHost(endpoint);
    if (appHost.remote) {
      const named = describeAppHost(appHost);
      say({ ok: true, what: t('published ports', '发布的端口'), seen: t(`requested at ${named.en}: the engine is on another host, so its published ports must be reachable from here`, `在 ${named.zh} 上请求：引擎在另一台主机上，它发布的端口必须能从这里访问`) });
    }
  } catch (e) {
    say({ ok: false, what: t('published ports', '发布的端口'), seen: (e as Error).message, fix: t("make the engine's host name resolvable here, or set DOCKER_HOST to its address", '让这里能解析引擎所在主机的名称，或将 DOCKER_HOST 设为它的地址') });
  }

  // On a remote engine this machine's ports are not where -p publishes: only the engine's containers can hold the port.
  const free = appHost?.remote ? (await containerOnPort(docker, port)) === undefined : await portFree(port);
  const holder = free ? undefined : await containerOnPort(docker, port);
  say({
    ok: free,
    what: t(`port ${port} free`, `端口 ${port} 空闲`),
    seen: free ? 'free' : holder ? `published by container ${holder}` : 'held by another process',
    fix: holder ? t(`stop that container (docker stop ${holder}) or grade with --port 0`, `停止该容器（docker stop ${holder}）或使用 --port 0 评分`) : t('stop what listens there, or grade with --port 0', '停止占用该端口的程序，或使用 --port 0 评分'),
  });

  const root = facts.rootDir ?? '/var/lib/docker';
  let freeBytes: number;
  try {
    const fs = await statfs(root);
    freeBytes = fs.bavail * fs.bsize;
  } catch {
    // A remote engine's root is not on this machine: judge the local working folder instead.
    const fs = await statfs(process.cwd());
    freeBytes = fs.bavail * fs.bsize;
  }
  say({
    ok: freeBytes >= MIN_FREE_BYTES,
    what: t('disk space', '磁盘空间'),
    seen: `${(freeBytes / 1024 ** 3).toFixed(1)} GiB free (${root}; labcheck needs ≥ 2 GiB)`,
    fix: t('free space: docker system prune removes unused images and containers', '释放空间：docker system prune 会删除未使用的镜像和容器'),
  });
  return findings.every((f) => f.ok) ? 0 : 3;
}

/** Client.Version from `docker version --format '{{json .Client}}'` (printed even when no engine answers). */
export function clientVersion(stdout: string): string | undefined {
  try {
    const client = JSON.parse(stdout.trim().split('\n')[0] ?? '') as { Version?: unknown };
    return typeof client.Version === 'string' && client.Version !== '' ? client.Version : undefined;
  } catch {
    return undefined;
  }
}
