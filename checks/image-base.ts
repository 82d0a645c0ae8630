// Which image another was built on, read from the images themselves: the base's filesystem layers are the
// bottom of the image's (RootFS), and the base's history entries the bottom of its history. Neither builder
// records the base by name, and BuildKit keeps a base it pulled by digest out of the image store.
import type Dockerode from 'dockerode';
import type { Docker } from '../src/docker/api.js';
import { inspectImage } from '../src/docker/api.js';
import type { HistoryEntry } from './history.js';
import { sameImageId } from './image-ids.js';
import { familiarName } from './refs.js';

export interface ImageLayers {
  /** RootFS.Layers, base first. */
  layers: readonly string[];
  /** GET /images/{id}/history, newest first. */
  history: readonly HistoryEntry[];
}

export interface FoundImage extends ImageLayers {
  id: string;
  /** How messages name it: a tag, else a repo digest, else the short id. */
  ref: string;
  size: number;
  workdir: string;
  env: string[];
  repoDigests: string[];
  /** Config.Entrypoint: how Docker read the ENTRYPOINT it was built from. */
  entrypoint: string[] | null;
  labels: Record<string, string>;
}

/** True when image was built on base: base's layers and history entries are the image's bottom ones. */
export function isBuiltOn(image: ImageLayers, base: ImageLayers): boolean {
  const n = image.history.length;
  const b = base.history.length;
  if (base.layers.length > image.layers.length || b > n) return false;
  if (base.layers.some((layer, i) => image.layers[i] !== layer)) return false;
  for (let i = 0; i < b; i++) {
    const mine = image.history[n - b + i]!;
    const theirs = base.history[i]!;
    if ((mine.CreatedBy ?? '') !== (theirs.CreatedBy ?? '')) return false;
    if (mine.Created !== undefined && theirs.Created !== undefined && mine.Created !== theirs.Created) return false;
  }
  return true;
}

const nameOf = (id: string, tags: readonly string[] | null | undefined, digests: readonly string[] | null | undefined): string => {
  const name = tags?.find((tag) => tag !== '<none>:<none>') ?? digests?.[0];
  return name ? familiarName(name) : id.replace(/^sha256:/, '').slice(0, 12);
};

/**
 * The comparisons' view of GET /images/{name}/json and its history. Every field but Id may be absent: API
 * 1.44–1.52 dropped VirtualSize, Container, ContainerConfig and empty Parent/Comment, and the containerd
 * store leaves out Config and RootFS when the image's platform content is not present
 * (daemon/containerd image_inspect.go).
 */
export function foundImageOf(info: Pick<Dockerode.ImageInspectInfo, 'Id'> & Partial<Dockerode.ImageInspectInfo>, history: readonly HistoryEntry[]): FoundImage {
  return {
    id: info.Id,
    ref: nameOf(info.Id, info.RepoTags, info.RepoDigests),
    layers: info.RootFS?.Layers ?? [],
    history,
    size: info.Size ?? 0,
    workdir: info.Config?.WorkingDir ?? '',
    env: info.Config?.Env ?? [],
    repoDigests: info.RepoDigests ?? [],
    entrypoint: (info.Config?.Entrypoint as string[] | null | undefined) ?? null,
    labels: (info.Config?.Labels as Record<string, string> | null | undefined) ?? {},
  };
}

/** An image of the local store with what the comparisons need; undefined when the store has none by that reference. */
export async function readImage(docker: Docker, ref: string): Promise<FoundImage | undefined> {
  const info = await inspectImage(docker, ref);
  if (!info) return undefined;
  return foundImageOf(info, (await docker.getImage(info.Id).history()) as HistoryEntry[]);
}

// A build context's machine holds tens of images; past this many the search gives up rather than stall a check.
const MAX_CANDIDATES = 200;

/**
 * The image the given image was built on: the named reference when it is its base; for a reference pinned
 * by digest, a local image pulled by that digest under another name (BuildKit leaves `name@digest` out of the
 * store); with no name at all, the local image nearest below it. Undefined when the store has none of these.
 */
export async function findBase(docker: Docker, image: ImageLayers & { id?: string }, named?: string): Promise<FoundImage | undefined> {
  if (named) {
    const base = await readImage(docker, named);
    if (base && isBuiltOn(image, base)) return base;
  }
  const digest = named?.includes('@') ? named.slice(named.indexOf('@') + 1) : undefined;
  // A tag that is not in the store names no other image: searching would find an ancestor, not the base.
  if (named && !digest) return undefined;
  const listed = await docker.listImages();
  let best: FoundImage | undefined;
  for (const candidate of listed.slice(0, MAX_CANDIDATES)) {
    if (sameImageId(candidate.Id, image.id)) continue;
    if (digest && !(candidate.RepoDigests ?? []).some((d) => d.endsWith(`@${digest}`))) continue;
    const info = await inspectImage(docker, candidate.Id);
    const layers = info?.RootFS?.Layers ?? [];
    if (!info || layers.length > image.layers.length) continue;
    if (layers.some((layer, i) => image.layers[i] !== layer)) continue;
    const found = await readImage(docker, info.Id);
    if (!found || !isBuiltOn(image, found)) continue;
    // The nearest base wins: the one with the most of the image's history entries.
    if (!best || found.history.length > best.history.length) best = { ...found, ref: nameOf(info.Id, candidate.RepoTags, candidate.RepoDigests) };
  }
  return best;
}

/**
 * Pulls an image through the engine (run mode only: check creates nothing). BuildKit keeps the base it pulled
 * for a build out of the image store, so a base may have to be fetched to be compared. Resolves false when
 * the engine could not pull it.
 */
export async function pullImage(docker: Docker, ref: string): Promise<boolean> {
  const at = ref.indexOf('@');
  const colon = ref.lastIndexOf(':');
  const [fromImage, tag] = at >= 0 ? [ref.slice(0, at), ref.slice(at + 1)] : colon > ref.lastIndexOf('/') ? [ref.slice(0, colon), ref.slice(colon + 1)] : [ref, 'latest'];
  // `node:12@sha256:…` names the digest alone; Docker ignores the tag.
  const repo = at >= 0 && fromImage.lastIndexOf(':') > fromImage.lastIndexOf('/') ? fromImage.slice(0, fromImage.lastIndexOf(':')) : fromImage;
  try {
    const stream = await docker.createImage({ fromImage: repo, tag });
    await new Promise<void>((resolve, reject) => docker.modem.followProgress(stream, (e: Error | null) => (e ? reject(e) : resolve())));
    return true;
  } catch {
    return false;
  }
}
