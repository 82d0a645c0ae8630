import { resolve } from 'node:path';
import type { Lang, RunReport } from '../engine/types.js';
import type { Io } from './app.js';

export interface ReportTargets {
  json?: string;
  junit?: string;
  noJunit: boolean;
}

export const DEFAULT_JUNIT = 'reports/junit.xml';

/** Why a report file could not be written, in words a person can act on. */
export function writeProblem(file: string, e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  const why =
    code === 'ENOSPC' ? 'the disk is full' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'EROFS' ? 'the file system is read-only' : (e as Error).message;
  return `could not write the report ${file}: ${why}`;
}

/** Writes the JSON and JUnit reports; returns false (after saying why on stderr) when one could not be written. */
export async function writeReports(report: RunReport, lang: Lang, targets: ReportTargets, io: Io): Promise<boolean> {
  let ok = true;
  if (targets.json !== undefined) {
    try {
      const { writeJson } = await import('../report/json.js');
      await writeJson(report, lang, targets.json === '-' ? '-' : resolve(targets.json));
    } catch (e) {
      io.stderr.write(`labcheck: ${writeProblem(targets.json, e)}\n`);
      ok = false;
    }
  }
  if (!targets.noJunit) {
    const file = resolve(targets.junit ?? DEFAULT_JUNIT);
    try {
      const { writeJunit } = await import('../report/junit.js');
      await writeJunit(report, lang, file);
    } catch (e) {
      io.stderr.write(`labcheck: ${writeProblem(file, e)}\n`);
      ok = false;
    }
  }
  return ok;
}
