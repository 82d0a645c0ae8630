// The Markdown job summary of a run (GITHUB_STEP_SUMMARY, or `--summary FILE` for GitLab and others):
// a verdict line, the labs with their marks and points, then what failed and what could not be judged.
import { appendFile, mkdir, open } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Lang, Status } from '../../engine/types.js';
import type { JsonCheck, JsonLab, JsonReport } from '../json.js';
import { cutText } from './cut.js';

/** Characters of a message or hint one table cell carries: 10 KB of a build log is cut with a note. */
export const SUMMARY_CELL_CHARS = 4096;

const marks: Record<Status, string> = { passed: '✅', failed: '❌', error: '⚠️', skipped: '⏭️' };

const checksEn = (n: number): string => (n === 1 ? '1 check' : `${n} checks`);

const words = {
  en: {
    status: { passed: 'passed', failed: 'failed', error: 'not judged', skipped: 'skipped' } as Record<Status, string>,
    environment: (errors: number) => `The environment failed: labcheck could not judge ${checksEn(errors)} — not the student's work`,
    environmentAndFailed: (errors: number, failed: number, of: number) =>
      `The environment failed: labcheck could not judge ${checksEn(errors)} (not the student's work); the student's work failed ${failed} of ${checksEn(of)}`,
    failed: (failed: number, of: number, points: string) => `The student's work failed ${failed} of ${checksEn(of)} — points ${points}`,
    allPassed: (n: number, points: string) => `All ${checksEn(n)} passed — points ${points}`,
    nothingFailed: (passed: number, skipped: number, points: string) => `Nothing failed: ${passed} passed, ${skipped} skipped — points ${points}`,
    nothingJudged: (skipped: number) => `No check was judged: ${skipped === 1 ? 'the 1 check was' : `all ${skipped} were`} skipped`,
    labsHead: '| Lab | Result | Points |',
    total: 'Total',
    failedHeading: 'Failed checks',
    failedHead: '| Check | What was wrong | Hint |',
    notJudgedHeading: 'Not judged: the environment or labcheck failed, not the student\'s work',
    notJudgedHead: '| Checks | What went wrong | Hint |',
    timedOut: '(timed out) ',
    line: (file: string, line: number | undefined) => (line ? `${file}, line ${line}` : file),
    noChecks: 'The lab produced no check results: it could not start.',
    footer: (version: string, mode: string) => `labcheck ${version}, ${mode}`,
  },
  zh: {
    status: { passed: '通过', failed: '未通过', error: '无法评判', skipped: '跳过' } as Record<Status, string>,
    environment: (errors: number) => `环境出错：labcheck 无法评判 ${errors} 项检查，不是学生作业的问题`,
    environmentAndFailed: (errors: number, failed: number, of: number) =>
      `环境出错：labcheck 无法评判 ${errors} 项检查（不是学生作业的问题）；学生作业有 ${failed}/${of} 项检查未通过`,
    failed: (failed: number, of: number, points: string) => `学生作业有 ${failed}/${of} 项检查未通过 — 得分 ${points}`,
    allPassed: (n: number, points: string) => `全部 ${n} 项检查通过 — 得分 ${points}`,
    nothingFailed: (passed: number, skipped: number, points: string) => `没有检查未通过：通过 ${passed} 项，跳过 ${skipped} 项 — 得分 ${points}`,
    nothingJudged: (skipped: number) => `没有评判任何检查：全部 ${skipped} 项都已跳过`,
    labsHead: '| 实验 | 结果 | 得分 |',
    total: '总计',
    failedHeading: '未通过的检查',
    failedHead: '| 检查 | 问题 | 提示 |',
    notJudgedHeading: '无法评判：出错的是环境或 labcheck，不是学生作业的问题',
    notJudgedHead: '| 检查 | 出了什么问题 | 提示 |',
    timedOut: '（超时）',
    line: (file: string, line: number | undefined) => (line ? `${file} 第 ${line} 行` : file),
    noChecks: '该实验没有产生任何检查结果：它无法启动。',
    footer: (version: string, mode: string) => `labcheck ${version}，${mode}`,
  },
};

// Markdown escaping is written here because no well-kept library escapes GFM table cells while keeping
// the messages' own `code spans`: plain text gets every inline marker escaped (and <, >, & as entities,
// so nothing in student output becomes HTML), code spans stay literal, and a pipe is `\|` in both, as
// the GFM spec's tables extension requires even inside code spans.
const escapePlain = (s: string): string =>
  s
    .replace(/[\\`*_~[\]|]/g, '\\$&')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');

/** One line of text as cell content: backtick code spans (CommonMark: closed by a run of equal length) kept. */
function escapeLine(line: string): string {
  let out = '';
  let i = 0;
  while (i < line.length) {
    const tick = line.indexOf('`', i);
    if (tick < 0) {
      out += escapePlain(line.slice(i));
      break;
    }
    out += escapePlain(line.slice(i, tick));
    const run = /^`+/.exec(line.slice(tick))?.[0] ?? '`';
    let close = -1;
    for (let j = tick + run.length; j < line.length; ) {
      const next = line.indexOf('`', j);
      if (next < 0) break;
      const other = /^`+/.exec(line.slice(next))?.[0] ?? '`';
      if (other.length === run.length) {
        close = next;
        break;
      }
      j = next + other.length;
    }
    if (close < 0) {
      out += escapePlain(run);
      i = tick + run.length;
    } else {
      out += `${run}${line.slice(tick + run.length, close).replace(/\|/g, '\\|')}${run}`;
      i = close + run.length;
    }
  }
  return out;
}

/** Any text as the content of one GFM table cell: one line (`<br>` between lines), pipes escaped. */
export function markdownCell(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .trim()
    .split('\n')
    .map((line) => escapeLine(line.trimEnd()))
    .join('<br>');
}

const row = (cells: string[]): string => `| ${cells.join(' | ')} |`;

interface Counts {
  passed: number;
  failed: number;
  error: number;
  skipped: number;
}

/** Counted from the checks (not-applicable ones left out), a lab without checks counting as one. */
function countChecks(labs: readonly JsonLab[]): Counts {
  const counts: Counts = { passed: 0, failed: 0, error: 0, skipped: 0 };
  for (const lab of labs) {
    if (lab.checks.length === 0) counts[lab.status] += 1;
    for (const check of lab.checks) if (!check.notApplicable) counts[check.status] += 1;
  }
  return counts;
}

/** The first line: the student's work failed, the environment failed, or all passed; plainly. */
export function verdictLine(report: JsonReport, lang: Lang): string {
  const w = words[lang];
  const c = countChecks(report.labs);
  const judged = c.passed + c.failed + c.error + c.skipped;
  const points = `${report.summary.points}/${report.summary.maxPoints}`;
  if (c.error > 0) {
    const text = c.failed > 0 ? w.environmentAndFailed(c.error, c.failed, judged) : w.environment(c.error);
    return `### ${marks.error} ${text}`;
  }
  if (c.failed > 0) return `### ${marks.failed} ${w.failed(c.failed, judged, points)}`;
  if (c.passed === 0) return `### ➖ ${w.nothingJudged(c.skipped)}`;
  if (c.skipped === 0) return `### ${marks.passed} ${w.allPassed(c.passed, points)}`;
  return `### ${marks.passed} ${w.nothingFailed(c.passed, c.skipped, points)}`;
}

function labsTable(report: JsonReport, lang: Lang): string[] {
  const w = words[lang];
  const lines = [w.labsHead, '| --- | --- | ---: |'];
  for (const lab of report.labs) {
    lines.push(row([markdownCell(`${lab.id} — ${lab.title}`), `${marks[lab.status]} ${w.status[lab.status]}`, `${lab.points}/${lab.maxPoints}`]));
  }
  lines.push(row([`**${w.total}**`, '', `**${report.summary.points}/${report.summary.maxPoints}**`]));
  return lines;
}

interface Entry {
  lab: string;
  check: JsonCheck;
}

function entries(report: JsonReport, status: 'failed' | 'error', lang: Lang): Entry[] {
  const out: Entry[] = [];
  for (const lab of report.labs) {
    if (lab.checks.length === 0 && lab.status === status) {
      const check: JsonCheck = { id: lab.id, title: lab.title, status, message: words[lang].noChecks, hint: '', timedOut: false, points: 0, maxPoints: 0, durationMs: 0 };
      out.push({ lab: lab.id, check });
    }
    for (const check of lab.checks) if (check.status === status && !check.notApplicable) out.push({ lab: lab.id, check });
  }
  return out;
}

const cut = (text: string, lang: Lang): string => cutText(text, SUMMARY_CELL_CHARS, lang);

function failedTable(report: JsonReport, lang: Lang): string[] {
  const w = words[lang];
  const failed = entries(report, 'failed', lang);
  if (failed.length === 0) return [];
  const lines = ['', `#### ${w.failedHeading}`, '', w.failedHead, '| --- | --- | --- |'];
  for (const { lab, check } of failed) {
    const where = [`${lab} › ${check.id} — ${check.title}`];
    if (check.location) where.push(w.line(check.location.file, check.location.line));
    const message = `${check.timedOut ? w.timedOut : ''}${cut(check.message, lang)}`;
    lines.push(row([markdownCell(where.join('\n')), markdownCell(message), markdownCell(cut(check.hint, lang))]));
  }
  return lines;
}

/** Checks labcheck could not judge, one row per distinct message (an engine gone fails them all alike). */
function notJudgedTable(report: JsonReport, lang: Lang): string[] {
  const w = words[lang];
  const errors = entries(report, 'error', lang);
  if (errors.length === 0) return [];
  const groups = new Map<string, Entry[]>();
  for (const e of errors) {
    const key = cut(e.check.message, lang);
    groups.set(key, [...(groups.get(key) ?? []), e]);
  }
  const lines = ['', `#### ${marks.error} ${w.notJudgedHeading}`, '', w.notJudgedHead, '| --- | --- | --- |'];
  for (const [message, group] of groups) {
    const names = group.map((e) => `${e.lab} › ${e.check.id}`).join(', ');
    lines.push(row([markdownCell(names), markdownCell(message), markdownCell(cut(group[0]?.check.hint ?? '', lang))]));
  }
  return lines;
}

/** The job summary of a run, as Markdown (ends with a newline). */
export function toJobSummary(report: JsonReport, lang: Lang): string {
  const w = words[lang];
  return [
    verdictLine(report, lang),
    '',
    ...labsTable(report, lang),
    ...notJudgedTable(report, lang),
    ...failedTable(report, lang),
    '',
    markdownCell(w.footer(report.version, report.mode)),
    '',
  ].join('\n');
}

/**
 * Appends Markdown to a summary file, never overwriting it: GitHub gives each step one
 * GITHUB_STEP_SUMMARY file that other tools in the step may have written to already.
 */
export async function appendJobSummary(file: string, markdown: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  let separator = '';
  // What was there may end mid-line; the summary must start a block of its own.
  const handle = await open(file, 'a+');
  try {
    const { size } = await handle.stat();
    if (size > 0) {
      const last = Buffer.alloc(1);
      await handle.read(last, 0, 1, size - 1);
      separator = last[0] === 0x0a ? '\n' : '\n\n';
    }
  } finally {
    await handle.close();
  }
  await appendFile(file, `${separator}${markdown}`, 'utf8');
}
