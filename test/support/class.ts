// A class folder for tests and the bench: test/fixtures/class.json names each student's submission.
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixtures, root } from './docker.js';

export type ClassSpec = Record<string, string>;

export const CLASS_OF_12: ClassSpec = (JSON.parse(readFileSync(join(root, 'test/fixtures/class.json'), 'utf8')) as { students: ClassSpec }).students;

/** Where a named submission's files are: the chapter's own (fixtures/) or a test submission. */
export const submissionDir = (name: string): string => (name === 'chapter' ? fixtures : join(root, 'test/fixtures/submissions', name));

/** A fresh class folder: one folder per student, named by the student id, holding that submission's files. */
export function buildClass(spec: ClassSpec): string {
  const dir = mkdtempSync(join(tmpdir(), 'labcheck-class-'));
  for (const [id, name] of Object.entries(spec)) cpSync(submissionDir(name), join(dir, id), { recursive: true });
  return dir;
}
