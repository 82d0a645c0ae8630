// GitHub workflow commands for a run's verdicts: an annotation per failed check (on its file and
// line when the check knows them) and one per distinct reason labcheck could not judge checks.
import type { Lang } from '../../engine/types.js';
import type { JsonCheck, JsonReport } from '../json.js';
import { cutText } from './cut.js';

/** GitHub shows at most 10 error annotations per step (actions/toolkit docs/problem-matchers.md, "Limitations"). */
export const MAX_ANNOTATIONS = 10;
/** Characters of a check's message an annotation carries; the job summary and the reports keep more. */
export const ANNOTATION_CHARS = 4096;

// Escaping as actions/toolkit packages/core/src/command.ts (escapeData, escapeProperty): the runner's
// ActionCommand.cs unescapes exactly these sequences, `%` first so a literal `%0A` survives.
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** `::name key=value,key=value::message`; empty properties are left out, as the toolkit does. */
export function workflowCommand(name: string, properties: Record<string, string | number | undefined>, message: string): string {
  const props = Object.entries(properties)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined && entry[1] !== '' && entry[1] !== 0)
    .map(([key, value]) => `${key}=${escapeProperty(String(value))}`)
    .join(',');
  return `::${name}${props ? ` ${props}` : ''}::${escapeData(message)}`;
}

/**
 * Student output printed to the log can hold lines that look like workflow commands (an app that logs
 * `::notice::all passed`). Printed before the run's output, this stops the runner from reading any
 * command until resumeCommands(token) (GitHub docs, "Stopping and starting workflow commands"); the
 * token must be one the student cannot guess.
 */
export const stopCommands = (token: string): string => `::stop-commands::${token}`;
export const resumeCommands = (token: string): string => `::${token}::`;

const words = {
  en: {
    failed: (where: string, title: string) => `Failed: ${where} — ${title}`,
    timedOut: '(timed out) ',
    hint: 'Hint: ',
    notJudgedOne: (where: string) => `labcheck could not judge ${where}`,
    notJudgedMany: (n: number) => `labcheck could not judge ${n} checks`,
    notYours: 'This is no verdict on the student\'s work: the environment (such as the Docker engine) or labcheck itself failed.',
    checks: 'Checks: ',
    noChecks: 'The lab produced no check results: it could not start.',
    more: (n: number) => `${n} more checks failed or could not be judged`,
    seeSummary: 'GitHub shows 10 annotations per step: see the job summary for all of them.',
  },
  zh: {
    failed: (where: string, title: string) => `未通过：${where} — ${title}`,
    timedOut: '（超时）',
    hint: '提示：',
    notJudgedOne: (where: string) => `labcheck 无法评判 ${where}`,
    notJudgedMany: (n: number) => `labcheck 无法评判 ${n} 项检查`,
    notYours: '这不是对学生作业的评判：出错的是环境（例如 Docker 引擎）或 labcheck 本身。',
    checks: '检查：',
    noChecks: '该实验没有产生任何检查结果：它无法启动。',
    more: (n: number) => `另有 ${n} 项检查未通过或无法评判`,
    seeSummary: 'GitHub 每个步骤只显示 10 条注解：全部结果见作业摘要（job summary）。',
  },
} satisfies Record<Lang, Record<string, string | ((...args: never[]) => string)>>;

export interface AnnotationOptions {
  /** The graded folder relative to the repository root, prefixed to each check's file (default: the root). */
  fileBase?: string;
  /** Annotations at most (default MAX_ANNOTATIONS); the last one says how many more there were. */
  max?: number;
}

interface Judged {
  lab: string;
  check: JsonCheck;
}

const whereOf = (j: Judged): string => `${j.lab} › ${j.check.id}`;

/** A lab that failed or errored without any check result still gets a line of its own. */
function judgedChecks(report: JsonReport, lang: Lang): Judged[] {
  const out: Judged[] = [];
  for (const lab of report.labs) {
    if (lab.checks.length === 0 && (lab.status === 'failed' || lab.status === 'error')) {
      const message = words[lang].noChecks;
      out.push({ lab: lab.id, check: { id: lab.id, title: lab.title, status: lab.status, message, hint: '', timedOut: false, points: 0, maxPoints: 0, durationMs: 0 } });
    }
    for (const check of lab.checks) out.push({ lab: lab.id, check });
  }
  return out;
}

function filePath(file: string, base: string | undefined): string {
  const rel = file.replace(/\\/g, '/').replace(/^\.\//, '');
  if (!base || base === '.' || base === './') return rel;
  return `${base.replace(/\\/g, '/').replace(/\/+$/, '')}/${rel}`;
}

function failedAnnotation(j: Judged, lang: Lang, options: AnnotationOptions): string {
  const w = words[lang];
  const { check } = j;
  const message = cutText(check.message, ANNOTATION_CHARS, lang).trim() || check.title;
  const hint = cutText(check.hint, ANNOTATION_CHARS, lang).trim();
  const text = `${check.timedOut ? w.timedOut : ''}${message}${hint ? `\n\n${w.hint}${hint}` : ''}`;
  const location = check.location;
  return workflowCommand(
    'error',
    {
      file: location ? filePath(location.file, options.fileBase) : undefined,
      line: location?.line,
      title: w.failed(whereOf(j), check.title),
    },
    text,
  );
}

interface Annotation {
  command: string;
  /** How many checks it speaks for. */
  checks: number;
}

/** One annotation per distinct reason: an engine that is gone makes every check an error with one message. */
function notJudgedAnnotations(errors: Judged[], lang: Lang): Annotation[] {
  const w = words[lang];
  const byMessage = new Map<string, Judged[]>();
  for (const j of errors) {
    const key = cutText(j.check.message, ANNOTATION_CHARS, lang).trim();
    byMessage.set(key, [...(byMessage.get(key) ?? []), j]);
  }
  return [...byMessage].map(([message, group]) => {
    const first = group[0] as Judged;
    const title = group.length === 1 ? w.notJudgedOne(whereOf(first)) : w.notJudgedMany(group.length);
    const list = group.length === 1 ? '' : `\n\n${w.checks}${group.map(whereOf).join(', ')}`;
    const command = workflowCommand('error', { title }, `${message || first.check.title}\n\n${w.notYours}${list}`);
    return { command, checks: group.length };
  });
}

/**
 * The annotations of a run, one workflow command a line: first what labcheck could not judge (it
 * explains every other verdict), then each failed check in chapter order. Empty when nothing failed.
 */
export function toAnnotations(report: JsonReport, lang: Lang, options: AnnotationOptions = {}): string {
  const max = Math.max(1, options.max ?? MAX_ANNOTATIONS);
  const judged = judgedChecks(report, lang).filter((j) => !j.check.notApplicable);
  const all: Annotation[] = [
    ...notJudgedAnnotations(judged.filter((j) => j.check.status === 'error'), lang),
    ...judged.filter((j) => j.check.status === 'failed').map((j) => ({ command: failedAnnotation(j, lang, options), checks: 1 })),
  ];
  let lines = all.map((a) => a.command);
  if (all.length > max) {
    const hidden = all.slice(max - 1).reduce((sum, a) => sum + a.checks, 0);
    const w = words[lang];
    lines = [...lines.slice(0, max - 1), workflowCommand('error', { title: w.more(hidden) }, w.seeSummary)];
  }
  return lines.length ? `${lines.join('\n')}\n` : '';
}

/** True inside a GitHub Actions job, where annotations and the job summary are shown. */
export const isGitHubActions = (env: NodeJS.ProcessEnv): boolean => env.GITHUB_ACTIONS === 'true';
