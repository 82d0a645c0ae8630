// Why `docker build` (or run, or pull) could not get an image, from the engine's own words.
import { familiarName } from './refs.js';
import { familiarRepository } from './registry.js';

export type PullProblem =
  /** The registry answered: no such repository or tag. The name in FROM is wrong. */
  | { kind: 'missing'; image: string; detail: string }
  /** The registry could not be asked: DNS, refused, timed out. Whether the image exists is unknown. */
  | { kind: 'unreachable'; image?: string; detail: string };

// Legacy builder and `docker pull` say "manifest for X not found" or "pull access denied for X";
// BuildKit says "X: not found" after "failed to create LLB definition" / "failed to resolve source metadata for".
const MISSING = [
  /manifest for (\S+) not found: (manifest unknown.*)/,
  /pull access denied for ([^\s,]+), (repository does not exist.*)/,
  /(?:failed to create LLB definition|failed to resolve source metadata for \S+): (\S+): (not found)/,
  /(\S+): (pull access denied, repository does not exist.*)/,
];
// A request to a registry's /v2/ API that never got an answer.
const UNREACHABLE = /(?:Get|Head) "?(https?:\/\/[^\s"]+\/v2\/[^\s"]*)"?: ((?:dial tcp|net\/http|read tcp|EOF).*)/;
// Where the legacy builder and BuildKit say which image they were fetching.
const FETCHING = [/^Step \d+\/\d+ : FROM (\S+)/gim, /load metadata for (\S+?):?$/gim];

/** The image of a /v2/<name>/manifests/<tag> URL, as a student writes it (`node:99`). */
function imageOfUrl(url: string): string | undefined {
  const m = /^https?:\/\/([^/]+)\/v2\/(.+)\/manifests\/([^/?]+)$/.exec(url);
  if (!m) return undefined;
  const [, host, path, tag] = m as unknown as [string, string, string, string];
  const hub = /(^|\.)docker\.io$/.test(host);
  // A manifest asked for by digest is `repo@sha256:…`, not a tag.
  return `${familiarRepository(hub ? path : `${host}/${path}`)}${tag.includes(':') ? '@' : ':'}${tag}`;
}

/** The last image the output says it was fetching before the error. */
function lastFetched(output: string): string | undefined {
  let found: { at: number; image: string } | undefined;
  for (const pattern of FETCHING) {
    for (const m of output.matchAll(pattern)) {
      if (!found || m.index > found.at) found = { at: m.index, image: familiarName(m[1]!) };
    }
  }
  return found?.image;
}

/** What stopped an image from being fetched, read from a build's or pull's output; undefined when that was not the problem. */
export function pullProblem(output: string): PullProblem | undefined {
  for (const pattern of MISSING) {
    const m = pattern.exec(output);
    if (m) return { kind: 'missing', image: familiarName(m[1]!), detail: m[2]!.trim() };
  }
  const m = UNREACHABLE.exec(output);
  if (m) {
    const image = imageOfUrl(m[1]!) ?? lastFetched(output);
    return { kind: 'unreachable', ...(image ? { image } : {}), detail: m[2]!.trim() };
  }
  return undefined;
}
