import { constants } from 'node:fs';
import { access, cp, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { UsageError } from '../engine/errors.js';

// A build context is sent whole to the engine: skip what a student's folder may hold in bulk.
const SKIPPED = new Set(['node_modules', '.git', 'reports']);

/**
 * Checks that DIR can be graded: it exists, is a readable directory, and holds app.js or a
 * Dockerfile. A missing one of the two is the student's mistake (a failed check), not a usage error.
 */
export async function validateWorkdir(dir: string): Promise<string> {
  const path = resolve(dir);
  let info;
  try {
    info = await stat(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UsageError(`--workdir ${dir} does not exist`);
    throw new UsageError(`--workdir ${dir} cannot be read (${code})`);
  }
  if (!info.isDirectory()) throw new UsageError(`--workdir ${dir} is a file; give the folder that holds app.js and the Dockerfile`);
  let entries: string[];
  try {
    await access(path, constants.R_OK | constants.X_OK);
    entries = await readdir(path);
  } catch (e) {
    throw new UsageError(`--workdir ${dir} cannot be read (${(e as NodeJS.ErrnoException).code}); check its permissions`);
  }
  if (!entries.includes('app.js') && !entries.includes('Dockerfile')) {
    throw new UsageError(`--workdir ${dir} holds neither app.js nor a Dockerfile; give the folder you wrote them in`);
  }
  return path;
}

/** Copies the student's folder to a temporary build context, so nothing in it is changed. */
export async function copyToBuildContext(workdir: string, runId: string): Promise<string> {
  const target = await mkdtemp(join(tmpdir(), `labcheck-${runId}-`));
  await cp(workdir, target, {
    recursive: true,
    dereference: false,
    filter: (source) => source === workdir || !SKIPPED.has(basename(source)),
  });
  return target;
}

export const removeBuildContext = (dir: string): Promise<void> => rm(dir, { recursive: true, force: true });
