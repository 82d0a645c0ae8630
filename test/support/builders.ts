// The two builders this machine has, as a student would meet them: CLI 28 on PATH builds with the legacy
// builder (no buildx), Debian's 20.10 CLI builds with BuildKit when DOCKER_BUILDKIT=1.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { fixtures, root } from './docker.js';

export type Builder = 'legacy' | 'buildkit';
export const BUILDERS: Record<Builder, { bin: string; env: Record<string, string> }> = {
  legacy: { bin: 'docker', env: {} },
  buildkit: { bin: '/usr/bin/docker', env: { DOCKER_BUILDKIT: '1' } },
};

/** `docker build` as the builder runs it, with the given labels; never throws. */
export async function build(builder: Builder, dir: string, args: string[] = []) {
  const { bin, env } = BUILDERS[builder];
  const result = await execa(bin, ['build', '--force-rm', ...args, '.'], { cwd: dir, env, reject: false, timeout: 120_000 });
  return { ok: result.exitCode === 0, output: `${String(result.stdout)}\n${String(result.stderr)}` };
}

/** A temporary build context: the chapter's app.js and this Dockerfile. */
export function contextWith(dockerfile: string, name = 'Dockerfile'): string {
  const dir = mkdtempSync(join(tmpdir(), 'labcheck-df-'));
  cpSync(join(fixtures, 'app.js'), join(dir, 'app.js'));
  writeFileSync(join(dir, name), dockerfile);
  return dir;
}

export const submission = (name: string): string => join(root, 'test/fixtures/submissions', name);

/** A temporary copy of a submission fixture, optionally with its Dockerfile rewritten. */
export function copyOf(name: string, rewrite?: (dockerfile: string) => string, file = 'Dockerfile'): string {
  const dir = mkdtempSync(join(tmpdir(), `labcheck-${name}-`));
  cpSync(submission(name), dir, { recursive: true });
  if (rewrite) {
    const path = join(dir, file);
    writeFileSync(path, rewrite(readFileSync(path, 'utf8')));
  }
  return dir;
}
