// Gradescope's autograder results.json (`labcheck run --gradescope FILE`), as its "Autograder
// Specifications" page gives it (gradescope-autograders.readthedocs.io, specs/): top-level `score`,
// `execution_time` (seconds), `output`, and `tests[]` with `name`, `number`, `score`, `max_score`,
// `status` ("passed" or "failed" only), `output`, `visibility`. The `*_format` fields are set to
// "text" because the top-level default, "simple_format", renders HTML and student output is not markup.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { pick, t } from '../engine/lang.js';
import type { Lang } from '../engine/types.js';
import type { JsonCheck, JsonLab, JsonReport } from './json.js';
import { cleanText } from './sanitize.js';

export type GradescopeVisibility = 'hidden' | 'after_due_date' | 'after_published' | 'visible';

export interface GradescopeTest {
  name: string;
  number: string;
  score: number;
  max_score: number;
  status: 'passed' | 'failed';
  output: string;
  visibility: GradescopeVisibility;
}

export interface GradescopeResults {
  score: number;
  execution_time: number;
  output: string;
  output_format: 'text';
  test_output_format: 'text';
  test_name_format: 'text';
  visibility: GradescopeVisibility;
  tests: GradescopeTest[];
}

export interface GradescopeOptions {
  lang: Lang;
  /** When students see the tests (and so their score); Gradescope's default is `visible`. */
  visibility?: GradescopeVisibility;
}

const words = {
  summary: t('labcheck {version}: {passed} passed, {failed} failed, {error} error, {skipped} skipped — points {points}/{maxPoints}', 'labcheck {version}：{passed} 通过，{failed} 失败，{error} 错误，{skipped} 跳过 — 得分 {points}/{maxPoints}'),
  lab: t('{id} — {title}: {status}, {points}/{maxPoints}', '{id} — {title}：{status}，{points}/{maxPoints}'),
  notApplicable: t('{count} check(s) this mode cannot judge were left out.', '有 {count} 项检查在此模式下无法判断，已略去。'),
  errors: t(
    'labcheck could not judge {count} check(s) (the grading machine, not your work): they show as failed with 0 points here. Ask your teacher to grade again.',
    'labcheck 无法判断 {count} 项检查（评分机器的问题，不是你的作业）：此处显示为失败、0 分。请让老师重新评分。',
  ),
  hint: t('hint: ', '提示：'),
  timedOut: t('(timed out)', '（超时）'),
  skipped: t('Not judged: ', '未判断：'),
  error: t('labcheck could not judge this check: ', 'labcheck 无法判断此项检查：'),
  noChecks: t('The lab produced no check results: it could not start.', '该实验没有产生任何检查结果：它无法启动。'),
};

const fill = (text: string, values: Record<string, string | number>): string => text.replace(/\{(\w+)\}/g, (_, k: string) => String(values[k] ?? ''));

/** What the student reads under a test: the verdict's message, then the hint when it did not pass. */
export function outputOf(check: JsonCheck, lang: Lang): string {
  const message = cleanText(check.message);
  const lead = check.status === 'skipped' ? pick(words.skipped, lang) : check.status === 'error' ? pick(words.error, lang) : '';
  const parts = [`${lead}${message}`];
  if (check.timedOut) parts.unshift(pick(words.timedOut, lang));
  const hint = cleanText(check.hint);
  if (check.status !== 'passed' && hint.trim() !== '') parts.push(`${pick(words.hint, lang)}${hint}`);
  return parts.filter((p) => p.trim() !== '').join('\n\n');
}

function testsOf(lab: JsonLab, labNumber: number, lang: Lang, visibility: GradescopeVisibility): GradescopeTest[] {
  if (lab.checks.length === 0) {
    return [{ name: `${lab.id}: ${cleanText(lab.title)}`, number: `${labNumber}.1`, score: 0, max_score: 0, status: 'failed', output: pick(words.noChecks, lang), visibility }];
  }
  // A not-applicable check is worth 0 of 0 and judges nothing: not a test, said in the top-level output.
  return lab.checks
    .filter((check) => !check.notApplicable)
    .map((check, i) => ({
      name: `${lab.id} / ${check.id}: ${cleanText(check.title)}`,
      number: `${labNumber}.${i + 1}`,
      score: check.points,
      max_score: check.maxPoints,
      status: check.status === 'passed' ? ('passed' as const) : ('failed' as const),
      output: outputOf(check, lang),
      visibility,
    }));
}

/** results.json for one student's run. */
export function toGradescope(report: JsonReport, options: GradescopeOptions): GradescopeResults {
  const { lang } = options;
  const visibility = options.visibility ?? 'visible';
  const checks = report.labs.flatMap((l) => l.checks);
  const notApplicable = checks.filter((c) => c.notApplicable).length;
  const errors = checks.filter((c) => c.status === 'error').length;
  const lines = [fill(pick(words.summary, lang), { version: report.version, ...report.summary })];
  for (const lab of report.labs) lines.push(fill(pick(words.lab, lang), { id: lab.id, title: cleanText(lab.title), status: lab.status, points: lab.points, maxPoints: lab.maxPoints }));
  if (errors > 0) lines.push('', fill(pick(words.errors, lang), { count: errors }));
  if (notApplicable > 0) lines.push('', fill(pick(words.notApplicable, lang), { count: notApplicable }));
  return {
    score: report.summary.points,
    execution_time: Math.round(report.durationMs / 1000),
    output: lines.join('\n'),
    output_format: 'text',
    test_output_format: 'text',
    test_name_format: 'text',
    visibility,
    tests: report.labs.flatMap((lab, i) => testsOf(lab, i + 1, lang, visibility)),
  };
}

export const gradescopeJson = (report: JsonReport, options: GradescopeOptions): string => `${JSON.stringify(toGradescope(report, options), null, 2)}\n`;

/** Writes results.json, creating its folder (Gradescope's /autograder/results exists; elsewhere it may not). */
export async function writeGradescope(report: JsonReport, options: GradescopeOptions, file: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, gradescopeJson(report, options), 'utf8');
}
