import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { pick } from '../engine/lang.js';
import type { CheckResult, LabResult, LayerFacts, Lang, Location, Mode, RunReport, Status, Summary } from '../engine/types.js';
import { writingTo, type Reporter } from './reporter.js';
import { cleanText } from './sanitize.js';

/** The CONTRACT's JSON shape: every text in one language, keys in the contract's order. */
export interface JsonCheck {
  id: string;
  title: string;
  status: Status;
  message: string;
  hint: string;
  timedOut: boolean;
  points: number;
  maxPoints: number;
  durationMs: number;
  /** Present (true) only on a check the mode cannot judge: skipped, out of the points and the lab's status. */
  notApplicable?: true;
  /** Where the verdict points in the student's files, when a check knows. */
  location?: Location;
}

export interface JsonLab {
  id: string;
  title: string;
  /** The chapter's heading for the lab (an extra to the contract). */
  section: string;
  status: Status;
  durationMs: number;
  points: number;
  maxPoints: number;
  checks: JsonCheck[];
  /** image-layers: the facts its layers picture is drawn from (CONTRACT "HTML reports"). */
  layers?: LayerFacts;
}

export interface JsonReport {
  tool: 'labcheck';
  version: string;
  mode: Mode;
  runId?: string;
  workdir: string;
  startedAt: string;
  durationMs: number;
  labs: JsonLab[];
  summary: Summary;
}

export function toJsonCheck(check: CheckResult, lang: Lang): JsonCheck {
  return {
    id: check.id,
    title: cleanText(pick(check.title, lang)),
    status: check.status,
    message: cleanText(pick(check.message, lang)),
    hint: cleanText(pick(check.hint, lang)),
    timedOut: check.timedOut,
    points: check.points,
    maxPoints: check.maxPoints,
    durationMs: check.durationMs,
    ...(check.notApplicable ? { notApplicable: true as const } : {}),
    ...(check.location ? { location: check.location } : {}),
  };
}

export function toJsonLab(lab: LabResult, lang: Lang): JsonLab {
  return {
    id: lab.id,
    title: cleanText(pick(lab.title, lang)),
    section: lab.section,
    status: lab.status,
    durationMs: lab.durationMs,
    points: lab.points,
    maxPoints: lab.maxPoints,
    checks: lab.checks.map((c) => toJsonCheck(c, lang)),
    ...(lab.layers ? { layers: lab.layers } : {}),
  };
}

export function toJsonReport(report: RunReport, lang: Lang): JsonReport {
  const { passed, failed, error, skipped, points, maxPoints } = report.summary;
  return {
    tool: report.tool,
    version: report.version,
    mode: report.mode,
    ...(report.runId ? { runId: report.runId } : {}),
    workdir: report.workdir,
    startedAt: report.startedAt,
    durationMs: report.durationMs,
    labs: report.labs.map((l) => toJsonLab(l, lang)),
    summary: { passed, failed, error, skipped, points, maxPoints },
  };
}

export function toJson(report: RunReport, lang: Lang): string {
  return `${JSON.stringify(toJsonReport(report, lang), null, 2)}\n`;
}

/** Writes the JSON report to a file (parent directories created) or, for `-`, to stdout. */
export async function writeJson(
  report: RunReport,
  lang: Lang,
  fileOrDash: string,
  stdout: NodeJS.WritableStream = process.stdout,
): Promise<void> {
  const text = toJson(report, lang);
  if (fileOrDash === '-') {
    await new Promise<void>((resolve, reject) => {
      stdout.write(text, (err) => (err ? reject(err) : resolve()));
    });
    return;
  }
  await mkdir(dirname(fileOrDash), { recursive: true });
  await writeFile(fileOrDash, text, 'utf8');
}

export interface JsonReporterOptions {
  lang: Lang;
  /** A path, or `-` for stdout. */
  file: string;
  stdout?: NodeJS.WritableStream;
}

export class JsonReporter implements Reporter {
  constructor(private readonly options: JsonReporterOptions) {}

  onRunEnd(report: RunReport): Promise<void> {
    const { file } = this.options;
    return writingTo(file === '-' ? 'on stdout' : file, () => writeJson(report, this.options.lang, file, this.options.stdout));
  }
}
