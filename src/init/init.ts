// `labcheck init [DIR]`: a student repository from examples/student-repo, never over a file that exists.
import { constants } from 'node:fs';
import { copyFile, lstat, mkdir, readdir, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { UsageError } from '../engine/errors.js';
import { packageRoot } from '../paths.js';

export const templateDir = join(packageRoot, 'examples', 'student-repo');

// npm leaves every .gitignore out of a package, so the template keeps it as `gitignore` (as create-vite
// keeps `_gitignore`) and init gives it its name back.
const RENAMED: Record<string, string> = { gitignore: '.gitignore' };

export interface InitResult {
  /** The folder written to, absolute. */
  dir: string;
  /** The files written, relative to dir, `/`-separated, sorted. */
  files: string[];
}

/** Every file under dir, relative and `/`-separated (symlinks and other non-files are not part of a template). */
async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(join(dir, prefix), { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...(await listFiles(dir, rel)));
    else if (entry.isFile()) out.push(rel);
  }
  return out;
}

const targetName = (rel: string): string => {
  const parts = rel.split('/');
  const last = parts.pop() as string;
  return [...parts, RENAMED[last] ?? last].join('/');
};

async function kindOf(path: string): Promise<'missing' | 'directory' | 'other'> {
  try {
    return (await lstat(path)).isDirectory() ? 'directory' : 'other';
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    throw e;
  }
}

/** What is in the way: a target file that exists (of any kind), or a non-folder where a folder must go. */
async function conflicts(root: string, files: readonly string[]): Promise<string[]> {
  const found = new Set<string>();
  for (const rel of files) {
    const parts = rel.split('/');
    let blocked = false;
    for (let i = 0; i < parts.length - 1 && !blocked; i++) {
      const folder = parts.slice(0, i + 1).join('/');
      blocked = (await kindOf(join(root, folder))) === 'other';
      if (blocked) found.add(folder);
    }
    if (!blocked && (await kindOf(join(root, rel))) !== 'missing') found.add(rel);
  }
  return [...found].sort();
}

/**
 * Copies the student repository template into dir (created when missing). When any file it would
 * write is already there, it writes nothing and says which: a teacher's or student's file is never
 * replaced. Returns what it wrote.
 */
export async function initStudentRepo(dir = '.', template = templateDir): Promise<InitResult> {
  const root = resolve(dir);
  const rootKind = await kindOf(root);
  if (rootKind === 'other') throw new UsageError(`${dir} is a file; give the folder to create the student repository in`);
  const sources = (await listFiles(template)).sort();
  if (sources.length === 0) throw new Error(`the student repository template ${template} is empty: labcheck's package is incomplete`);
  const files = sources.map(targetName);
  const inTheWay = rootKind === 'missing' ? [] : await conflicts(root, files);
  if (inTheWay.length > 0) {
    const list = inTheWay.map((f) => `  ${f}`).join('\n');
    throw new UsageError(`${dir} already has ${inTheWay.length === 1 ? 'a file' : 'files'} the template would write, so nothing was copied:\n${list}\nMove ${inTheWay.length === 1 ? 'it' : 'them'} away or choose an empty folder.`);
  }
  const written: string[] = [];
  let current = '';
  try {
    for (const [i, rel] of files.entries()) {
      current = rel;
      const target = join(root, ...rel.split('/'));
      await mkdir(dirname(target), { recursive: true });
      // COPYFILE_EXCL: a file that appeared since the check above is still never overwritten.
      await copyFile(join(template, ...(sources[i] as string).split('/')), target, constants.COPYFILE_EXCL);
      written.push(target);
    }
  } catch (e) {
    await Promise.all(written.map((f) => rm(f, { force: true })));
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new UsageError(`${current} appeared in ${dir} while copying, so nothing was kept`, { cause: e });
    }
    throw e;
  }
  return { dir: root, files: [...files].sort() };
}
