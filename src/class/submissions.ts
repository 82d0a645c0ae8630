// A class folder read as submissions: one immediate subfolder per student, each read whole and
// bounded, never following a link out of it, hashed so identical submissions are graded once.
import { createHash } from 'node:crypto';
import { lstat, readdir, readFile, readlink, realpath } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { UsageError } from '../engine/errors.js';

// What a build context leaves out (engine/workdir.ts copies the same way): never part of the work graded.
const SKIPPED = new Set(['node_modules', '.git', 'reports']);
/** A submission is an app.js and a Dockerfile: anything far larger is not what was handed in. */
export const MAX_SUBMISSION_BYTES = 20 * 1024 * 1024;
export const MAX_SUBMISSION_FILES = 2000;

export interface Submission {
  /** The folder's name: the student id, exactly as the file system gives it. */
  id: string;
  dir: string;
  /** sha256 over the relative paths and contents of every file graded: equal for identical submissions. */
  contentHash: string;
  /** Newest modification time of its files (ms), for "older than their files". */
  newestMtimeMs: number;
}

export interface Unreadable {
  id: string;
  dir: string;
  /** Why it cannot be graded, in the teacher's terms. */
  reason: string;
}

export type Scanned = { ok: true; submission: Submission } | { ok: false; unreadable: Unreadable };

/** The immediate subfolders of a class folder, by name: the students. Files and hidden folders are no submissions. */
export async function listStudents(classDir: string): Promise<Array<{ id: string; dir: string }>> {
  const root = resolve(classDir);
  let entries;
  try {
    entries = await readdir(root, { withFileTypes: true });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UsageError(`the class folder ${classDir} does not exist`);
    if (code === 'ENOTDIR') throw new UsageError(`${classDir} is a file; give the folder that holds one subfolder per student`);
    throw new UsageError(`the class folder ${classDir} cannot be read (${code})`);
  }
  const students = entries
    .filter((e) => !e.name.startsWith('.') && (e.isDirectory() || e.isSymbolicLink()))
    .map((e) => ({ id: e.name, dir: join(root, e.name) }))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  if (students.length === 0) throw new UsageError(`the class folder ${classDir} holds no subfolders: expected one folder per student`);
  return students;
}

const inside = (root: string, path: string): boolean => {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
};

/**
 * Reads one submission whole: every file's path and content into a hash, within the bounds. A link
 * that leads out of the submission (to the teacher's files) makes it unreadable: it is never followed.
 */
export async function scanSubmission(student: { id: string; dir: string }): Promise<Scanned> {
  const fail = (reason: string): Scanned => ({ ok: false, unreadable: { ...student, reason } });
  let root: string;
  try {
    const top = await lstat(student.dir);
    if (top.isSymbolicLink()) return fail(`the folder ${student.id} is a link (to ${await readlink(student.dir)}); links are not followed`);
    root = await realpath(student.dir);
  } catch (e) {
    return fail(`the folder cannot be read (${(e as NodeJS.ErrnoException).code})`);
  }
  const files: Array<{ path: string; content: Buffer }> = [];
  let bytes = 0;
  let newest = 0;
  const walk = async (dir: string): Promise<string | undefined> => {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (e) {
      return `${relative(root, dir) || '.'} cannot be read (${(e as NodeJS.ErrnoException).code})`;
    }
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (SKIPPED.has(entry.name)) continue;
      const path = join(dir, entry.name);
      const shown = relative(root, path).split(sep).join('/');
      if (entry.isSymbolicLink()) {
        const target = await readlink(path);
        const resolved = resolve(dir, target);
        if (!inside(root, resolved)) return `${shown} is a link out of the submission (to ${target}); it is not followed`;
        continue;
      }
      if (entry.isDirectory()) {
        const problem = await walk(path);
        if (problem) return problem;
        continue;
      }
      if (!entry.isFile()) continue;
      if (files.length >= MAX_SUBMISSION_FILES) return `it holds more than ${MAX_SUBMISSION_FILES} files`;
      try {
        const info = await lstat(path);
        bytes += info.size;
        if (bytes > MAX_SUBMISSION_BYTES) return `it holds more than ${MAX_SUBMISSION_BYTES / 1024 / 1024} MiB`;
        newest = Math.max(newest, info.mtimeMs);
        files.push({ path: shown, content: await readFile(path) });
      } catch (e) {
        return `${shown} cannot be read (${(e as NodeJS.ErrnoException).code})`;
      }
    }
    return undefined;
  };
  const problem = await walk(root);
  if (problem) return fail(problem);
  if (!files.some((f) => f.path === 'app.js' || /^dockerfile$/i.test(f.path))) return fail('it holds neither app.js nor a Dockerfile');
  return { ok: true, submission: { ...student, contentHash: hashFiles(files), newestMtimeMs: newest } };
}

/** sha256 over each file's path and content, length-prefixed so no two different sets hash alike. */
export function hashFiles(files: ReadonlyArray<{ path: string; content: Buffer }>): string {
  const hash = createHash('sha256');
  for (const f of [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    const path = Buffer.from(f.path, 'utf8');
    hash.update(`${path.length}:`).update(path).update(`${f.content.length}:`).update(f.content);
  }
  return `sha256:${hash.digest('hex')}`;
}
