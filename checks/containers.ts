import type Dockerode from 'dockerode';
import type { LabContext } from '../src/engine/context.js';
import { inspectContainer, inspectImage } from '../src/docker/api.js';

export type ContainerInfo = Dockerode.ContainerInspectInfo;

/** The container a lab's step made: by its run-scoped name, or in check mode by the chapter's name. */
export async function namedContainer(ctx: LabContext, name: string): Promise<ContainerInfo | undefined> {
  return inspectContainer(await ctx.docker(), name);
}

/**
 * In check mode a student's container has a name Docker chose; find the newest container made
 * from one of these images whose command matches.
 */
export async function findContainer(
  ctx: LabContext,
  images: readonly string[],
  matches: (info: ContainerInfo) => boolean = () => true,
): Promise<ContainerInfo | undefined> {
  const docker = await ctx.docker();
  const ids = new Set<string>();
  for (const ref of images) {
    const image = await inspectImage(docker, ref);
    if (image) ids.add(image.Id);
  }
  if (ids.size === 0) return undefined;
  const all = await docker.listContainers({ all: true });
  const candidates = all.filter((c) => ids.has(c.ImageID)).sort((a, b) => b.Created - a.Created);
  for (const c of candidates) {
    const info = await inspectContainer(docker, c.Id);
    if (info && matches(info)) return info;
  }
  return undefined;
}

/** The command a container ran, as one argv array (Path + Args). */
export const argvOf = (info: ContainerInfo): string[] => [info.Path, ...info.Args];

export const shortId = (id: string): string => id.replace(/^sha256:/, '').slice(0, 12);

export const nameOf = (info: ContainerInfo): string => info.Name.replace(/^\//, '');

/**
 * Why a container is not running, in a student's terms: out of memory, the exit code, or never
 * started. Student code runs with bounded memory, so an allocation past it ends here.
 */
export function whyNotRunning(info: ContainerInfo, memoryLimitBytes?: number): { en: string; zh: string } {
  const state = info.State;
  if (state.OOMKilled) {
    const limit = memoryLimitBytes ?? info.HostConfig.Memory;
    const mib = limit ? ` (limit ${Math.round(limit / 1024 / 1024)} MiB)` : '';
    const mibZh = limit ? `（上限 ${Math.round(limit / 1024 / 1024)} MiB）` : '';
    return { en: `it was killed: out of memory${mib}`, zh: `它被终止了：内存不足${mibZh}` };
  }
  if (state.Status === 'created') return { en: 'it was created but never started', zh: '它已创建但从未启动' };
  if (state.Status === 'exited' || state.Status === 'dead') {
    return { en: `it exited with code ${state.ExitCode}`, zh: `它已退出，退出码 ${state.ExitCode}` };
  }
  return { en: `its state is ${state.Status}`, zh: `它的状态是 ${state.Status}` };
}
