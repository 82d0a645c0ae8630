// A finished run kept whole on disk: both languages and every flag the runner sets (environment,
// bug, not applicable, location, layers), so it can be read back, re-rendered or merged later. The
// `--json` report is the contract's view of it in one language; this is the lossless one.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { RunReport } from './types.js';

export const REPORT_FORMAT = 'labcheck-run/1';

export function serializeReport(report: RunReport): string {
  return `${JSON.stringify({ format: REPORT_FORMAT, report })}\n`;
}

const isText = (v: unknown): boolean => typeof v === 'object' && v !== null && typeof (v as { en?: unknown }).en === 'string' && typeof (v as { zh?: unknown }).zh === 'string';

/** Why a parsed value is not a RunReport, or undefined when it is one (the fields readers rely on). */
function shapeProblem(value: unknown): string | undefined {
  const r = value as Partial<RunReport> | null;
  if (typeof r !== 'object' || r === null || r.tool !== 'labcheck') return 'it is not a labcheck report';
  if (!Array.isArray(r.labs) || typeof r.summary !== 'object') return 'it has no labs or summary';
  for (const lab of r.labs) {
    if (typeof lab?.id !== 'string' || !isText(lab.title) || !Array.isArray(lab.checks)) return `lab ${String(lab?.id)} is malformed`;
    for (const check of lab.checks) {
      if (typeof check?.id !== 'string' || !isText(check.message) || !isText(check.title) || !isText(check.hint)) return `check ${lab.id}/${String(check?.id)} is malformed`;
    }
  }
  return undefined;
}

/** Reads back what serializeReport wrote; a `--json` report (one language) or anything else is refused, saying why. */
export function parseReport(text: string, source = 'the report'): RunReport {
  let value: { format?: unknown; report?: unknown };
  try {
    value = JSON.parse(text) as typeof value;
  } catch (e) {
    throw new Error(`${source} is not JSON: ${(e as Error).message}`);
  }
  if (value?.format !== REPORT_FORMAT) {
    throw new Error(`${source} is not a saved labcheck run (format ${REPORT_FORMAT}); saw format ${JSON.stringify(value?.format ?? null)}`);
  }
  const problem = shapeProblem(value.report);
  if (problem) throw new Error(`${source} cannot be read: ${problem}`);
  return value.report as RunReport;
}

export async function saveReport(report: RunReport, file: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, serializeReport(report), 'utf8');
}

export async function loadReport(file: string): Promise<RunReport> {
  return parseReport(await readFile(file, 'utf8'), file);
}
