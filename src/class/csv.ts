// grades.csv (CONTRACT "Class grading") in three dialects: `plain` for people and spreadsheets,
// `canvas` and `moodle` for those gradebooks' CSV import.
//
// Canvas: read from its importer (instructure/canvas-lms app/models/gradebook_importer.rb): the
// header must start `Student,ID` and end the student columns with `Section` (`SIS User ID`,
// `SIS Login ID` may sit between); a row whose first cell contains "Points Possible" sets the
// assignment's points; a student is matched by ID, then SIS User ID, then SIS Login ID, then name;
// an assignment column is matched by `Title (id)` or by its title, and a new title makes a new
// assignment. Moodle: grade/import/csv (classes/load_data.php) maps columns by hand ("Map from"
// Username → username, the grade column to the grade item, the feedback column to its feedback);
// `-` or an empty cell means no grade; the reader strips a UTF-8 BOM and takes `,` by default.
import { stringify } from 'csv-stringify/sync';
import { UsageError } from '../engine/errors.js';
import { t, pick } from '../engine/lang.js';
import type { Lang } from '../engine/types.js';
import { compareIds } from './shard.js';
import { classLabs, classMaxPoints, classStudent } from './summarize.js';
import type { StudentReport } from './types.js';

export const CSV_FORMATS = ['plain', 'canvas', 'moodle'] as const;
export type CsvFormat = (typeof CSV_FORMATS)[number];

export const DEFAULT_ASSIGNMENT = 'labcheck';

export function parseCsvFormat(text: string): CsvFormat {
  if ((CSV_FORMATS as readonly string[]).includes(text)) return text as CsvFormat;
  throw new UsageError(`--csv-format expects one of ${CSV_FORMATS.join(', ')}; saw ${JSON.stringify(text)}`);
}

export interface CsvOptions {
  format: CsvFormat;
  /** The gradebook column's title (`--assignment`): `Lab 2` or Canvas's `Lab 2 (1234)`. */
  assignment?: string;
  /** The language of Moodle's feedback column. */
  lang?: Lang;
  /**
   * Canvas: the column that carries the student id. `SIS Login ID` (the contract's default) for ids
   * that are logins; `ID` for Canvas's own user ids, which is what a Canvas submissions zip names
   * students by (prepareClass's layout `canvas`) and what Canvas's importer matches first.
   */
  canvasIdColumn?: 'SIS Login ID' | 'ID';
}

/**
 * RFC 4180 (CRLF, fields with `,` `"` CR or LF quoted, `"` doubled) with OWASP's CSV-injection
 * rule: a cell starting with `=`, `+`, `-`, `@`, tab or CR gets a leading `'`, so no spreadsheet
 * reads it as a formula. The text stays readable — the original follows that one apostrophe — and
 * class.json and the students' JSON keep it unchanged.
 */
export function toCsv(rows: readonly (readonly (string | number)[])[]): string {
  // With CRLF records csv-stringify quotes only fields holding CRLF itself; a lone CR or LF would
  // end the row in Excel and most readers, so those are quoted too.
  return stringify(rows as (string | number)[][], { record_delimiter: 'windows', escape_formulas: true, quoted_match: /[\r\n]/ });
}

const percentOf = (points: number, maxPoints: number): string => (maxPoints > 0 ? String(Math.round((points / maxPoints) * 1000) / 10) : '');

/** One line: line breaks and runs of blanks become one space. */
const oneLine = (s: string): string => s.replace(/\s+/g, ' ').trim();

function plain(reports: readonly StudentReport[]): string {
  const labs = classLabs(reports);
  const maxPoints = classMaxPoints(reports);
  const rows: (string | number)[][] = [['student', 'status', 'points', 'maxPoints', 'percent', ...labs, 'reason']];
  for (const report of reports) {
    const s = classStudent(report, maxPoints);
    rows.push([s.id, s.status, s.points, s.maxPoints, percentOf(s.points, s.maxPoints), ...labs.map((lab) => s.labs[lab] ?? ''), oneLine(report.grading.reason ?? '')]);
  }
  return toCsv(rows);
}

// A student labcheck could not judge (the engine went away) is left out of an LMS file: an import
// must never overwrite a grade with a guess. grade's summary and grades.csv (plain) name them.
const judged = (reports: readonly StudentReport[]) => reports.filter((r) => r.grading.status !== 'error');

function canvas(reports: readonly StudentReport[], assignment: string, idColumn: 'SIS Login ID' | 'ID'): string {
  const maxPoints = classMaxPoints(reports);
  const rows: (string | number)[][] = [
    ['Student', 'ID', 'SIS User ID', 'SIS Login ID', 'Section', assignment],
    ['Points Possible', '', '', '', '', maxPoints],
  ];
  for (const report of judged(reports)) {
    const id = report.student;
    rows.push(idColumn === 'ID' ? [id, id, '', '', '', report.summary.points] : [id, '', '', id, '', report.summary.points]);
  }
  return toCsv(rows);
}

const words = {
  points: t('{p}/{m} points.', '得分 {p}/{m}。'),
  allPassed: t('Every check passed.', '所有检查均通过。'),
  failed: t('Failed: {list}.', '未通过：{list}。'),
  skipped: t('{n} skipped.', '{n} 项跳过。'),
  'timed-out': t('Timed out: {reason}.', '超时：{reason}。'),
  unreadable: t('Not graded: {reason}.', '未评分：{reason}。'),
};

const fill = (text: string, values: Record<string, string | number>): string => text.replace(/\{(\w+)\}/g, (_, k: string) => String(values[k] ?? ''));

/** Moodle's feedback: the points, then what failed, in one line. */
export function feedbackOf(report: StudentReport, maxPoints: number, lang: Lang): string {
  const parts: string[] = [];
  const status = report.grading.status;
  if (status === 'timed-out' || status === 'unreadable') parts.push(fill(pick(words[status], lang), { reason: oneLine(report.grading.reason ?? '').replace(/\.$/, '') }));
  const max = status === 'graded' ? report.summary.maxPoints : Math.max(maxPoints, report.summary.maxPoints);
  parts.push(fill(pick(words.points, lang), { p: report.summary.points, m: max }));
  const checks = report.labs.flatMap((lab) => lab.checks.map((check) => ({ lab, check })));
  const failed = checks.filter(({ check }) => check.status === 'failed').map(({ lab, check }) => `${lab.id}/${check.id}${check.timedOut ? ' (timed out)' : ''}`);
  const skipped = checks.filter(({ check }) => check.status === 'skipped' && !check.notApplicable).length;
  if (failed.length > 0) parts.push(fill(pick(words.failed, lang), { list: failed.join(', ') }));
  if (skipped > 0) parts.push(fill(pick(words.skipped, lang), { n: skipped }));
  if (status === 'graded' && failed.length === 0 && skipped === 0 && checks.length > 0) parts.push(pick(words.allPassed, lang));
  return parts.join(' ');
}

function moodle(reports: readonly StudentReport[], assignment: string, lang: Lang): string {
  const maxPoints = classMaxPoints(reports);
  const rows: (string | number)[][] = [['Username', assignment, `${assignment} feedback`]];
  for (const report of judged(reports)) rows.push([report.student, report.summary.points, feedbackOf(report, maxPoints, lang)]);
  return toCsv(rows);
}

/** grades.csv: one row per student in id order (code point order), in the chosen dialect. */
export function gradesCsv(reports: readonly StudentReport[], options: CsvOptions): string {
  const sorted = [...reports].sort((a, b) => compareIds(a.student, b.student));
  const assignment = options.assignment ?? DEFAULT_ASSIGNMENT;
  if (oneLine(assignment) === '') throw new UsageError('--assignment needs a name for the gradebook column; saw an empty one');
  switch (options.format) {
    case 'plain':
      return plain(sorted);
    case 'canvas':
      return canvas(sorted, assignment, options.canvasIdColumn ?? 'SIS Login ID');
    case 'moodle':
      return moodle(sorted, assignment, options.lang ?? 'en');
  }
}
