// Image references compared as the engine resolves them, whichever way an engine writes them back.
import type { EngineKind } from '../src/docker/engine-info.js';

/** `redis` → `docker.io/library/redis:latest`: the form Docker resolves a reference to, for comparing two. */
export function normalizeRef(ref: string): string {
  const [path, digest] = ref.split('@') as [string, string | undefined];
  const slash = path.lastIndexOf('/');
  const tagged = path.indexOf(':', slash + 1) >= 0;
  const withTag = tagged || digest ? path : `${path}:latest`;
  const first = withTag.split('/')[0] ?? '';
  const hasHost = withTag.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
  const full = hasHost ? withTag : withTag.includes('/') ? `docker.io/${withTag}` : `docker.io/library/${withTag}`;
  return digest ? `${full}@${digest}` : full;
}

/**
 * The same reference to this engine. Podman writes every tag in full (`docker.io/library/redis:alpine`,
 * where Docker lists `redis:alpine`) and keeps images built or tagged by its own CLI under `localhost/`,
 * which a short name finds too (containers/image short-name resolution looks there first).
 */
export function sameRef(a: string, b: string, kind: EngineKind = 'docker'): boolean {
  const key = (ref: string) => {
    const full = normalizeRef(ref);
    return kind === 'podman' && full.startsWith('localhost/') ? normalizeRef(full.slice('localhost/'.length)) : full;
  };
  return key(a) === key(b);
}

/** A name as the docker CLI shows it (reference.FamiliarString): `docker.io/library/busybox:latest` → `busybox:latest`, as Podman writes names in full. */
export const familiarName = (ref: string): string => ref.replace(/^docker\.io\/(library\/)?/, '');
