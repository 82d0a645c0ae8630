// docker push and pull of the run's image on each engine, and what the engine's answer says was pushed.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { CheckContext, StepContext } from '../src/engine/context.js';
import { timeoutSignal } from '../src/engine/deadline.js';
import { factsOf, kindOf, type EngineFacts } from '../src/docker/engine-info.js';
import { HeadTail } from '../src/docker/bounded.js';
import type { CliResult } from '../src/docker/cli.js';
import { verdict, failed } from '../src/engine/define.js';
import { t } from '../src/engine/lang.js';
import type { Outcome } from '../src/engine/types.js';
import { familiarRepository, isLoopback, repoDigestFor, splitReference } from './registry.js';
import type { KubiaTag } from './tags.js';

const DIGEST = /(sha256:[0-9a-f]{64})/;
// The status line every engine's push ends with, `<tag>: digest: sha256:… size: N` (moby distribution/push_v2.go
// and daemon/containerd/image_push.go; Podman's compat handler writes the same line).
const DIGEST_LINE = /(?:^|[\s"])([^\s":]+): digest: (sha256:[0-9a-f]{64}) size: (\d+)/;

/**
 * The digest a push reported, from the docker CLI's output or the engine's push stream (JSON lines):
 * Docker's graph-driver store sends `aux: {Tag, Digest, Size}` as well, Engine 29's containerd store and
 * Podman only the status line. The last one, when a push printed several.
 */
export function pushedDigest(output: string): string | undefined {
  let found: string | undefined;
  for (const line of output.split(/\r?\n/)) {
    let text = line;
    try {
      const message = JSON.parse(line) as { status?: unknown; aux?: { Digest?: unknown } };
      if (typeof message.aux?.Digest === 'string' && DIGEST.test(message.aux.Digest)) {
        found = message.aux.Digest;
        continue;
      }
      text = typeof message.status === 'string' ? message.status : '';
    } catch {
      // a line of the CLI's own output
    }
    const m = DIGEST_LINE.exec(text);
    if (m) found = m[2];
  }
  return found;
}

/**
 * Whether an image's RepoDigests record what was pushed. Docker's graph-driver store adds `repo@digest`
 * when a push or pull of that repository happens, and only then. The containerd image store (Engine 29,
 * Docker Desktop) lists `name@<image Id>` for every tag from the start (daemon/containerd/image_list.go),
 * and Podman every name with every digest the image ever had (libimage's RepoDigests), before any push:
 * there the push's own report is the record.
 */
export const repoDigestsRecordPushes = (facts: Pick<EngineFacts, 'kind' | 'imageStore'>): boolean => facts.kind === 'docker' && facts.imageStore === 'graphdriver';

/**
 * The tags RepoDigests show were pushed, where they record pushes; undefined where they cannot tell (Podman,
 * the containerd store, whose every tag carries `name@<Id>` before any push): there the registry is asked.
 */
export function pushedByRepoDigests(tags: readonly KubiaTag[], facts: Pick<EngineFacts, 'kind' | 'imageStore'>): KubiaTag[] | undefined {
  return repoDigestsRecordPushes(facts) ? tags.filter((c) => repoDigestFor(c.repoDigests, c.tag)) : undefined;
}

/** The served digest against the RepoDigest of the image that was pushed (`owner` names it in messages). */
export function compareDigests(ref: string, served: string, repoDigest: string | undefined, owner: string): Outcome {
  if (!repoDigest) {
    return failed(t(
      `expected ${owner} to carry a RepoDigest for ${familiarRepository(ref)} to compare with the served ${served}; it has none`,
      `期望 ${owner} 带有 ${familiarRepository(ref)} 的 RepoDigest，以便与仓库提供的 ${served} 比较；但没有`,
    ));
  }
  return verdict(
    served === repoDigest,
    t(`the registry serves ${ref} as ${served}, the RepoDigest of ${owner}`, `镜像仓库提供的 ${ref} 摘要为 ${served}，与 ${owner} 的 RepoDigest 相同`),
    t(`expected the registry to serve ${ref} as ${repoDigest} (the RepoDigest of ${owner}); it serves ${served}`, `期望镜像仓库提供的 ${ref} 摘要为 ${repoDigest}（${owner} 的 RepoDigest）；实际为 ${served}`),
  );
}

/** The served digest against the one the push reported, where RepoDigests do not record pushes. */
export function compareWithPush(ref: string, served: string, reported: string | undefined, command: string): Outcome {
  if (!reported) {
    return failed(t(
      `expected ${command} to report the digest it pushed, to compare with the served ${served}; it reported none`,
      `期望 ${command} 报告其推送的摘要，以便与仓库提供的 ${served} 比较；但它没有报告`,
    ));
  }
  return verdict(
    served === reported,
    t(`the registry serves ${ref} as ${served}, the digest ${command} reported`, `镜像仓库提供的 ${ref} 摘要为 ${served}，与 ${command} 报告的摘要相同`),
    t(`expected the registry to serve ${ref} as ${reported} (what ${command} reported); it serves ${served}`, `期望镜像仓库提供的 ${ref} 摘要为 ${reported}（${command} 报告的）；实际为 ${served}`),
  );
}

/**
 * Docker pushes to and pulls from a registry on a loopback address over plain HTTP (the daemon's default
 * insecure range 127.0.0.0/8); Podman verifies TLS for every registry that registries.conf does not mark
 * insecure, so there TLS verification is turned off for a loopback registry, and only for it.
 */
export const plainHttp = (ref: string): boolean => isLoopback(splitReference(ref).host);

const isPodmanCli = (ctx: StepContext): boolean => /^podman\b/i.test(basename(ctx.cliBin));

export interface Pushed {
  result: CliResult;
  /** The digest the push reported: the manifest the registry got. */
  digest?: string;
}

const MAX_KEPT = 256 * 1024;

/** Reads an engine's JSON progress stream within the signal: what it said, and its error message if it sent one. */
async function readStream(stream: NodeJS.ReadableStream & { destroy(): void }, signal: AbortSignal): Promise<{ text: string; error?: string }> {
  const kept = new HeadTail(MAX_KEPT);
  const onAbort = () => stream.destroy();
  signal.addEventListener('abort', onAbort, { once: true });
  let error: string | undefined;
  let rest = '';
  try {
    for await (const chunk of stream) {
      const text = rest + chunk.toString();
      const lines = text.split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) {
        kept.push(`${line}\n`);
        try {
          const message = JSON.parse(line) as { error?: unknown; errorDetail?: { message?: unknown } };
          if (typeof message.error === 'string') error = message.error;
        } catch {
          // not JSON
        }
      }
    }
  } catch (e) {
    if (!signal.aborted) error = (e as Error).message;
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
  if (rest) kept.push(rest);
  return { text: kept.toString(), ...(error !== undefined ? { error } : {}) };
}

/** One step done through the Engine API, reported as the CLI step it stands for. */
async function apiStep(ctx: StepContext, command: string, note: string, open: (signal: AbortSignal) => Promise<NodeJS.ReadableStream>): Promise<CliResult> {
  ctx.progress(`$ ${command}  (${note})`);
  const signal = timeoutSignal(ctx.signal, ctx.stepTimeoutMs);
  let read: { text: string; error?: string };
  try {
    read = await readStream((await open(signal)) as NodeJS.ReadableStream & { destroy(): void }, signal);
  } catch (e) {
    read = { text: '', error: (e as Error).message };
  }
  const timedOut = signal.aborted && !ctx.signal.aborted;
  const ok = read.error === undefined && !signal.aborted;
  const stdout = read.text
    .split('\n')
    .map((line) => {
      try {
        const m = JSON.parse(line) as { status?: string; stream?: string };
        return (m.status ?? m.stream ?? '').replace(/\n$/, '');
      } catch {
        return line;
      }
    })
    .filter(Boolean)
    .join('\n');
  return { command, exitCode: ok ? 0 : 1, stdout, stderr: read.error ?? (timedOut ? `no end within ${ctx.stepTimeoutMs} ms` : ''), timedOut, aborted: ctx.signal.aborted, ok };
}

/** `<repository>` and `<tag>` of a tagged reference. */
function repoAndTag(ref: string): [string, string] {
  const colon = ref.lastIndexOf(':');
  return colon > ref.lastIndexOf('/') ? [ref.slice(0, colon), ref.slice(colon + 1)] : [ref, 'latest'];
}

/**
 * `docker push ref`, so that every engine gets it where the chapter's Docker does: the podman CLI with
 * `--tls-verify=false` to a loopback registry (and `--digestfile`, since it prints no digest); the docker
 * CLI against Podman through the API, whose push takes `tlsVerify` where the CLI has no such option.
 */
export async function pushImage(ctx: StepContext, ref: string): Promise<Pushed> {
  const plain = plainHttp(ref);
  if (isPodmanCli(ctx)) {
    const dir = await mkdtemp(join(tmpdir(), 'labcheck-push-'));
    try {
      const file = join(dir, 'digest');
      const result = await ctx.step(['push', ...(plain ? ['--tls-verify=false'] : []), '--digestfile', file, ref]);
      const digest = result.ok ? DIGEST.exec(await readFile(file, 'utf8').catch(() => ''))?.[1] : undefined;
      return { result, ...(digest ? { digest } : {}) };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  const docker = await ctx.docker();
  if (plain && (await kindOf(docker)) === 'podman') {
    const [repo, tag] = repoAndTag(ref);
    const result = await apiStep(ctx, `docker push ${ref}`, 'through the API with tlsVerify=false: the docker CLI cannot turn off TLS verification on Podman', (signal) =>
      docker.getImage(repo).push({ tag, tlsVerify: false, authconfig: {}, abortSignal: signal } as object) as Promise<NodeJS.ReadableStream>,
    );
    const digest = pushedDigest(result.stdout);
    return { result, ...(digest ? { digest } : {}) };
  }
  const result = await ctx.step(['push', ref]);
  const digest = result.ok ? pushedDigest(result.stdout) : undefined;
  return { result, ...(digest ? { digest } : {}) };
}

/** `docker pull ref`, with TLS verification off for a loopback registry on Podman as pushImage does (Podman's compat pull has no such option: its own API's has). */
export async function pullImageStep(ctx: StepContext, ref: string): Promise<CliResult> {
  const plain = plainHttp(ref);
  if (isPodmanCli(ctx)) return ctx.step(['pull', ...(plain ? ['--tls-verify=false'] : []), ref]);
  const docker = await ctx.docker();
  if (plain && (await kindOf(docker)) === 'podman') {
    return apiStep(ctx, `docker pull ${ref}`, "through Podman's own API with tlsVerify=false: its Docker-compatible pull cannot turn off TLS verification", (signal) =>
      new Promise((resolve, reject) => {
        docker.modem.dial(
          // Podman serves its own API under a version prefix only; a client without one (unversioned requests) gets 404.
          { path: `${(docker.modem as { version?: string }).version ? '' : '/v4.0.0'}/libpod/images/pull?`, method: 'POST', options: { reference: ref, tlsVerify: false }, isStream: true, abortSignal: signal, statusCodes: { 200: true, 400: 'bad parameter', 404: 'no such image', 500: 'server error' } },
          (err, stream) => (err ? reject(err) : resolve(stream as NodeJS.ReadableStream)),
        );
      }),
    );
  }
  return ctx.step(['pull', ref]);
}

/** The engine's facts, for judging what its image records mean. */
export const engineFactsOf = async (ctx: CheckContext): Promise<EngineFacts> => factsOf(await ctx.docker());
