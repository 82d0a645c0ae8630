import type { Docker } from './api.js';
import { isNotFound } from './api.js';

import { pause } from '../engine/deadline.js';
import { KEEP_LABEL, OWNER_LABEL, RUN_LABEL } from '../engine/labels.js';

export interface Removed {
  containers: string[];
  images: string[];
  volumes: string[];
  networks: string[];
}

export type Labels = Record<string, string> | undefined;

/** Which labelled resources a cleanup takes: one run's, those of dead runs, or all of labcheck's. */
export type Selector = (labels: Labels) => boolean;

export const ofRun =
  (runId: string): Selector =>
  (labels) =>
    labels?.[RUN_LABEL] === runId;

/** Everything labcheck made, including what `solve` left for the student (for `labcheck clean`). */
export const everything: Selector = (labels) => Boolean(labels?.[RUN_LABEL]);

/**
 * Leftovers of runs whose process is gone (kill -9): same host and the recorded pid no longer
 * alive. Runs on other hosts sharing the engine are left alone, since their pids mean nothing here.
 */
export const ofDeadRuns =
  (host: string, alive: (pid: number) => boolean = pidAlive): Selector =>
  (labels) => {
    if (!labels?.[RUN_LABEL] || labels[KEEP_LABEL] === '1') return false;
    const [owner, pidText] = (labels[OWNER_LABEL] ?? '').split('/');
    const pid = Number(pidText);
    return owner === host && Number.isInteger(pid) && pid > 0 && !alive(pid);
  };

export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const ignoreGone = (e: unknown) => {
  if (!isNotFound(e) && (e as { statusCode?: number }).statusCode !== 409) throw e;
};

/**
 * Removes labelled containers (with their anonymous volumes), then the run-scoped tags of labelled
 * images (and the image once no tag is left), then labelled volumes and networks. Nothing without
 * the label is touched; an image that also carries a tag of someone else's keeps it.
 */
export async function removeLabelled(docker: Docker, select: Selector): Promise<Removed> {
  const removed: Removed = { containers: [], images: [], volumes: [], networks: [] };
  const filters = JSON.stringify({ label: [RUN_LABEL] });

  const containers = await docker.listContainers({ all: true, filters });
  await Promise.all(
    containers
      .filter((c) => select(c.Labels))
      .map(async (c) => {
        await docker.getContainer(c.Id).remove({ force: true, v: true }).catch(ignoreGone);
        removed.containers.push(c.Names[0]?.replace(/^\//, '') ?? c.Id);
      }),
  );

  const images = await docker.listImages({ all: false, filters });
  for (const image of images.filter((i) => select(i.Labels))) {
    const runId = image.Labels?.[RUN_LABEL] ?? '';
    const tags = (image.RepoTags ?? []).filter((tag) => tag !== '<none>:<none>');
    // What solve left carries the chapter's names; the image is labcheck's, so `clean` takes all its tags.
    const ours = image.Labels?.[KEEP_LABEL] === '1' ? tags : tags.filter((tag) => runId && tag.includes(runId));
    const theirs = tags.filter((tag) => !ours.includes(tag));
    for (const tag of ours) {
      await docker.getImage(tag).remove({ noprune: false }).catch(ignoreGone);
      removed.images.push(tag);
    }
    if (theirs.length === 0) {
      await docker.getImage(image.Id).remove({ force: true }).catch(ignoreGone);
      if (ours.length === 0) removed.images.push(image.Id);
    }
  }

  const { Volumes: volumes } = await docker.listVolumes({ filters });
  for (const volume of (volumes ?? []).filter((v) => select(v.Labels ?? undefined))) {
    await docker.getVolume(volume.Name).remove().catch(ignoreGone);
    removed.volumes.push(volume.Name);
  }

  const networks = await docker.listNetworks({ filters });
  for (const network of networks.filter((n) => select(n.Labels))) {
    await docker.getNetwork(network.Id).remove().catch(ignoreGone);
    removed.networks.push(network.Name);
  }
  return removed;
}

/** After a run cut short, how long nothing new of it must show before its cleanup is done, and at most how long to watch. */
export const SETTLE = { quietMs: 1_000, everyMs: 200, maxMs: 5_000 };

/**
 * A run's resources removed. After a run cut short (Ctrl-C, a submission's deadline) the engine may
 * still be making what a killed `docker run` asked for: the first listing misses a container the
 * engine finishes a moment later (seen here: a `Created` node-app container left by a grade
 * interrupted mid-step). So then it keeps looking, removing what shows up, until nothing new has
 * shown for SETTLE.quietMs, within SETTLE.maxMs.
 */
export async function removeRun(docker: Docker, runId: string, cutShort: boolean, settle = SETTLE): Promise<Removed> {
  const select = ofRun(runId);
  const removed = await removeLabelled(docker, select);
  if (!cutShort) return removed;
  // The run's own signal has aborted; this wait has a deadline of its own.
  const signal = AbortSignal.timeout(settle.maxMs + settle.everyMs);
  const end = performance.now() + settle.maxMs;
  let quietSince = performance.now();
  while (performance.now() < end && performance.now() - quietSince < settle.quietMs) {
    await pause(settle.everyMs, signal);
    if ((await countLabelled(docker, select)) === 0) continue;
    const more = await removeLabelled(docker, select);
    for (const kind of ['containers', 'images', 'volumes', 'networks'] as const) removed[kind].push(...more[kind]);
    quietSince = performance.now();
  }
  return removed;
}

/** What carries a selector's labels, as `container:<id>`, `image:<id>`, `volume:<name>`, `network:<id>`. */
export async function listLabelled(docker: Docker, select: Selector): Promise<string[]> {
  const filters = JSON.stringify({ label: [RUN_LABEL] });
  const [containers, images, volumes, networks] = await Promise.all([
    docker.listContainers({ all: true, filters }),
    docker.listImages({ filters }),
    docker.listVolumes({ filters }),
    docker.listNetworks({ filters }),
  ]);
  return [
    ...containers.filter((c) => select(c.Labels)).map((c) => `container:${c.Id}`),
    ...images.filter((i) => select(i.Labels)).map((i) => `image:${i.Id}`),
    ...(volumes.Volumes ?? []).filter((v) => select(v.Labels ?? undefined)).map((v) => `volume:${v.Name}`),
    ...networks.filter((n) => select(n.Labels)).map((n) => `network:${n.Id}`),
  ];
}

/** How many resources carry a selector's labels: tests assert this is 0 after each run. */
export async function countLabelled(docker: Docker, select: Selector): Promise<number> {
  return (await listLabelled(docker, select)).length;
}
