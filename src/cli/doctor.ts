import { statfs } from 'node:fs/promises';
import { createServer } from 'node:net';
import { describeEndpoint } from '../docker/endpoint.js';
import { DockerCli } from '../docker/cli.js';
import { cliEnv } from '../docker/endpoint.js';
import { EnvironmentError } from '../engine/errors.js';
import { t } from '../engine/lang.js';
import { newRunId } from '../engine/names.js';
import type { Lang, Text } from '../engine/types.js';
import type { Docker } from '../docker/api.js';
import type { Io } from './app.js';
import { connectEngine, findEndpoint } from '../docker/connect.js';

export interface Finding {
  ok: boolean;
  what: Text;
  seen: string;
  fix?: Text;
}

/** The lowest Engine API version labcheck's calls need (Docker 17.06). */
export const MIN_API = '1.30';
export const MIN_FREE_BYTES = 2 * 1024 ** 3;

export function apiAtLeast(version: string, min: string): boolean {
  const [a = 0, b = 0] = version.split('.').map(Number);
  const [c = 0, d = 0] = min.split('.').map(Number);
  return a > c || (a === c && b >= d);
}

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
  const mark = f.ok ? '✔' : '✘';
  const fix = !f.ok && f.fix ? `\n    ${lang === 'zh' ? '解决：' : 'fix: '}${f.fix[lang]}` : '';
  return `${mark} ${f.what[lang]}: ${f.seen}${fix}\n`;
}

/** Verifies the environment line by line; exit 0 when everything works, 3 otherwise. */
export async function doctor(port: number, lang: Lang, io: Io): Promise<number> {
  const findings: Finding[] = [];
  const say = (f: Finding) => {
    findings.push(f);
    io.stdout.write(formatFinding(f, lang));
  };
  const endpoint = findEndpoint(io.env);
  const cli = new DockerCli(cliEnv(endpoint), io.env.LABCHECK_DOCKER || 'docker');
  const signal = new AbortController().signal;

  try {
    const version = await cli.run(['--version'], { timeoutMs: 10_000, signal });
    say({ ok: version.ok, what: t('docker CLI', 'docker 命令行'), seen: version.ok ? version.stdout.trim() : version.stderr.trim(), fix: t('install Docker: https://docs.docker.com/get-docker/', '安装 Docker：https://docs.docker.com/get-docker/') });
  } catch (e) {
    say({ ok: false, what: t('docker CLI', 'docker 命令行'), seen: (e as Error).message, fix: t('install Docker: https://docs.docker.com/get-docker/', '安装 Docker：https://docs.docker.com/get-docker/') });
  }

  let engine;
  try {
    engine = await connectEngine(io.env);
    say({ ok: true, what: t('engine reachable', '引擎可访问'), seen: `${describeEndpoint(endpoint)}, Docker ${engine.version}` });
  } catch (e) {
    if (!(e instanceof EnvironmentError)) throw e;
    say({ ok: false, what: t('engine reachable', '引擎可访问'), seen: e.message, fix: t('start Docker, set DOCKER_HOST, or join the docker group', '启动 Docker、设置 DOCKER_HOST，或把用户加入 docker 组') });
    return 3;
  }
  const { docker } = engine;
  say({
    ok: apiAtLeast(engine.apiVersion, MIN_API),
    what: t('Engine API version', 'Engine API 版本'),
    seen: `${engine.apiVersion} (labcheck needs ≥ ${MIN_API})`,
    fix: t('upgrade Docker', '升级 Docker'),
  });

  const runId = newRunId();
  const run = await cli.run(['run', '--rm', '--label', `io.labcheck.run=${runId}`, 'busybox', 'echo', 'labcheck doctor'], { timeoutMs: 120_000, signal });
  say({
    ok: run.ok && run.stdout.trim() === 'labcheck doctor',
    what: t('pull and run busybox', '拉取并运行 busybox'),
    seen: run.ok ? 'docker run busybox echo works' : run.stderr.trim().split('\n').slice(-2).join(' '),
    fix: t('check the network or registry mirror the engine pulls from (docker pull busybox)', '检查引擎拉取镜像所用的网络或镜像加速器（docker pull busybox）'),
  });

  const free = await portFree(port);
  const holder = free ? undefined : await containerOnPort(docker, port);
  say({
    ok: free,
    what: t(`port ${port} free`, `端口 ${port} 空闲`),
    seen: free ? 'free' : holder ? `published by container ${holder}` : 'held by another process',
    fix: holder ? t(`stop that container (docker stop ${holder}) or grade with --port 0`, `停止该容器（docker stop ${holder}）或使用 --port 0 评分`) : t('stop what listens there, or grade with --port 0', '停止占用该端口的程序，或使用 --port 0 评分'),
  });

  const info = await docker.info();
  const root: string = info.DockerRootDir ?? '/var/lib/docker';
  let freeBytes: number | undefined;
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
