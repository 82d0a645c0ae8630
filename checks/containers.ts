import type Dockerode from 'dockerode';
import type { CheckContext } from '../src/engine/context.js';
import { inspectContainer, inspectImage } from '../src/docker/api.js';
import { t } from '../src/engine/lang.js';
import type { Text } from '../src/engine/types.js';
import { idKey } from './image-ids.js';
import { familiarName } from './refs.js';

export type ContainerInfo = Dockerode.ContainerInspectInfo;

/** The container a lab's step made: by its run-scoped name, or in check mode by the chapter's name. */
export async function namedContainer(ctx: CheckContext, name: string): Promise<ContainerInfo | undefined> {
  return inspectContainer(await ctx.docker(), name);
}

/**
 * In check mode a student's container has a name Docker chose; find the newest container made
 * from one of these images whose command matches.
 */
export async function findContainer(
  ctx: CheckContext,
  images: readonly string[],
  matches: (info: ContainerInfo) => boolean = () => true,
): Promise<ContainerInfo | undefined> {
  const docker = await ctx.docker();
  const ids = new Set<string>();
  for (const ref of images) {
    const image = await inspectImage(docker, ref);
    if (image) ids.add(idKey(image.Id));
  }
  if (ids.size === 0) return undefined;
  const all = await docker.listContainers({ all: true });
  const candidates = all.filter((c) => ids.has(idKey(c.ImageID))).sort((a, b) => b.Created - a.Created);
  for (const c of candidates) {
    const info = await inspectContainer(docker, c.Id);
    if (info && matches(info)) return info;
  }
  return undefined;
}

/**
 * The `name` filter value of a listing that matches exactly this container: Docker matches the regular
 * expression against `/name`, Podman against `name`, so `^/name$` finds nothing on Podman.
 */
export const nameFilter = (name: string): string => `^/?${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`;

/** The command a container ran, as one argv array (Path + Args). */
export const argvOf = (info: ContainerInfo): string[] => [info.Path, ...info.Args];

export const shortId = (id: string): string => id.replace(/^sha256:/, '').slice(0, 12);

export const nameOf = (info: ContainerInfo): string => info.Name.replace(/^\//, '');

/**
 * "(killed: out of memory, limit 256 MiB)" when the kernel stopped the container at its memory bound,
 * else undefined. Student code runs with bounded memory, so a runaway allocation ends here.
 */
export function outOfMemory(info: Pick<ContainerInfo, 'State' | 'HostConfig'>): Text | undefined {
  if (!info.State.OOMKilled) return undefined;
  const limit = info.HostConfig.Memory ? Math.round(info.HostConfig.Memory / 1024 / 1024) : undefined;
  return t(
    limit ? `(killed: out of memory, limit ${limit} MiB)` : '(killed: out of memory)',
    limit ? `（内存不足被杀死，上限 ${limit} MiB）` : '（内存不足被杀死）',
  );
}

/** What `docker ps -a` lists, for a message that says what was there instead: `a (busybox), b (redis:alpine)`. */
export async function describeListed(ctx: CheckContext, max = 5): Promise<{ count: number; text: string }> {
  const all = await (await ctx.docker()).listContainers({ all: true });
  const shown = all
    .sort((a, b) => b.Created - a.Created)
    .slice(0, max)
    .map((c) => `${c.Names[0]?.replace(/^\//, '') ?? shortId(c.Id)} (${familiarName(c.Image)})`);
  const more = all.length > max ? `, … ${all.length - max} more` : '';
  return { count: all.length, text: shown.join(', ') + more };
}

/** True when the container publishes (or, stopped, is set to publish) `port`/tcp on a host port. */
export function publishes(info: ContainerInfo, port: number): boolean {
  const key = `${port}/tcp`;
  const live = info.NetworkSettings.Ports?.[key] ?? [];
  const configured = info.HostConfig.PortBindings?.[key] ?? [];
  return live.length > 0 || configured.length > 0;
}

/**
 * In check mode, the container a student ran from their image under a name of their own
 * (`docker run --name my-kubia -p 1234:8080 -d kubia`): made from one of `images` (a reference or
 * what Docker shows as a container's image), those publishing `port` first, then running ones,
 * then the newest. Undefined when no container was made from them.
 */
export async function containerByWhatItIs(ctx: CheckContext, images: readonly string[], port: number): Promise<ContainerInfo | undefined> {
  const docker = await ctx.docker();
  const ids = new Set<string>();
  for (const ref of images) {
    const image = await inspectImage(docker, ref);
    if (image) ids.add(idKey(image.Id));
  }
  const all = await docker.listContainers({ all: true });
  // The newest 20 are plenty: a student's own container is rarely older than that.
  const made = all.filter((c) => ids.has(idKey(c.ImageID)) || images.includes(c.Image)).sort((a, b) => b.Created - a.Created).slice(0, 20);
  const infos = (await Promise.all(made.map((c) => inspectContainer(docker, c.Id)))).filter((i): i is ContainerInfo => i !== undefined);
  const rank = (i: ContainerInfo) => (publishes(i, port) ? 2 : 0) + (i.State.Running ? 1 : 0);
  return infos.sort((a, b) => rank(b) - rank(a) || Date.parse(b.Created) - Date.parse(a.Created))[0];
}
