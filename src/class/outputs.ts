// The files of a class in `--out` (CONTRACT "Class grading"): each student's report the moment it is
// graded, then the class's files from every report there. grade and merge both end here, so a
// merged class is written exactly as an unsharded one.
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { limiter } from '../engine/runner.js';
import type { Lang } from '../engine/types.js';
import { ReportWriteError } from '../report/reporter.js';
import { gradesCsv, type CsvOptions } from './csv.js';
import { fileSafeId } from './ids.js';
import { buildClassJunitAside } from './junit.js';
import { parseStudentReport } from './merge.js';
import { SHARD_MANIFEST, type ShardManifest } from './shard.js';
import { buildClassReport, type ClassRun } from './summarize.js';
import type { ClassReport, StudentReport } from './types.js';

export const STUDENTS_DIR = 'students';

/**
 * How many of a class's files are read or written at once. One after another, a 300-student merge
 * spent half its time waiting on the disk between files; libuv's 4 threads do the work either way.
 */
const FILES_AT_ONCE = 16;

/** fn for each item, FILES_AT_ONCE at a time; the results in the items' order. */
export function forEachFile<T, R>(items: readonly T[], fn: (item: T) => Promise<R>): Promise<R[]> {
  const slot = limiter(FILES_AT_ONCE);
  return Promise.all(items.map((item) => slot(() => fn(item))));
}

/** Writes a file whole or not at all: a crash mid-write never leaves half a report to resume from. */
async function writeAtomically(file: string, text: string): Promise<void> {
  const partial = `${file}.${process.pid}.partial`;
  try {
    await writeFile(partial, text, 'utf8');
    await rename(partial, file);
  } catch (e) {
    throw new ReportWriteError(file, e);
  }
}

export const studentFile = (out: string, id: string): string => join(out, STUDENTS_DIR, `${fileSafeId(id)}.json`);

/** `students/<file-safe id>.json`, written the moment the student is graded. */
export async function writeStudent(out: string, report: StudentReport): Promise<void> {
  await mkdir(join(out, STUDENTS_DIR), { recursive: true }).catch((e: unknown) => {
    throw new ReportWriteError(join(out, STUDENTS_DIR), e);
  });
  await writeAtomically(studentFile(out, report.student), `${JSON.stringify(report, null, 2)}\n`);
}

/** A student's earlier result, when there is one that reads as a report (anything else is graded again). */
export async function readStudent(out: string, id: string): Promise<StudentReport | undefined> {
  const file = studentFile(out, id);
  try {
    const report = parseStudentReport(JSON.parse(await readFile(file, 'utf8')), file);
    return report.student === id ? report : undefined;
  } catch {
    return undefined;
  }
}

/** Every student report in an `--out` folder, whatever run wrote it. */
export async function readStudents(out: string): Promise<StudentReport[]> {
  const dir = join(out, STUDENTS_DIR);
  const names = await readdir(dir).catch(() => [] as string[]);
  return forEachFile(
    names.filter((n) => n.endsWith('.json')),
    async (name) => {
      const file = join(dir, name);
      return parseStudentReport(JSON.parse(await readFile(file, 'utf8')), file);
    },
  );
}

export interface ClassFiles {
  out: string;
  lang: Lang;
  csv: CsvOptions;
  run: ClassRun;
  manifest?: ShardManifest;
  /** Renders the pages (class.html, students/*.html), when pages are wanted. */
  pages?: (out: string, classReport: ClassReport, reports: readonly StudentReport[]) => Promise<void>;
}

/** class.json, grades.csv, junit.xml, shard.json and the pages, from the students' reports. */
export async function writeClassFiles(reports: readonly StudentReport[], files: ClassFiles): Promise<ClassReport> {
  const junitXml = buildClassJunitAside(reports, files.lang);
  // Awaited below; a write that fails first must not leave this rejection unhandled.
  junitXml.catch(() => undefined);
  const classReport = buildClassReport(reports, files.run);
  await mkdir(files.out, { recursive: true }).catch((e: unknown) => {
    throw new ReportWriteError(files.out, e);
  });
  await writeAtomically(join(files.out, 'class.json'), `${JSON.stringify(classReport, null, 2)}\n`);
  await writeAtomically(join(files.out, 'grades.csv'), gradesCsv(reports, files.csv));
  if (files.manifest) await writeAtomically(join(files.out, SHARD_MANIFEST), `${JSON.stringify(files.manifest, null, 2)}\n`);
  await files.pages?.(files.out, classReport, reports);
  await writeAtomically(join(files.out, 'junit.xml'), await junitXml);
  return classReport;
}
