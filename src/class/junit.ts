// The class's junit.xml (CONTRACT "Class grading"): one <testsuite> per student × lab named
// `<id> / <lab>`, one <testcase> per check with classname `labcheck.<id>.<lab>`, built with
// junit-report-builder like the single-run report, valid against junit-10.xsd.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { TestCase, TestSuite } from 'junit-report-builder';
import { pick, t } from '../engine/lang.js';
import type { Lang } from '../engine/types.js';
import { addOutcome, cdataSafe, dropRootSkipped, junit, secondsOf } from '../report/junit.js';
import type { JsonCheck, JsonLab } from '../report/json.js';
import { cleanText, firstLine } from '../report/sanitize.js';
import { fileSafeId } from './ids.js';
import { compareIds } from './shard.js';
import type { StudentReport } from './types.js';

const words = {
  hint: t('hint: ', '提示：'),
  timedOut: t('timed out', '超时'),
  noChecks: t('The lab produced no check results: it could not start.', '该实验没有产生任何检查结果：它无法启动。'),
  grading: t('grading', '评分'),
  notGraded: {
    'timed-out': t('The submission was not graded to the end: it timed out.', '该提交未能评分完毕：超时。'),
    unreadable: t('The submission could not be read, so it was not graded.', '无法读取该提交，因此未评分。'),
    error: t('labcheck could not grade the submission (not the student\'s doing).', 'labcheck 无法为该提交评分（并非学生的原因）。'),
    graded: t('The submission was graded but no lab reported a result.', '该提交已评分，但没有任何实验报告结果。'),
  },
};

// C0 controls and DEL, lone surrogates, U+FFFE/U+FFFF: XML 1.0 cannot carry some of them, and line
// breaks in a suite name or classname confuse every CI page. Escaped visibly so ids stay distinct.
const UNSHOWABLE = /[\u0000-\u001F\u007F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** A student id as JUnit shows it: control characters written `\u000a`, everything else (quotes, <&>, CJK) as is. */
export const shownId = (id: string): string => id.replace(UNSHOWABLE, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);

export const suiteNameOf = (id: string, lab: string): string => `${shownId(id)} / ${lab}`;
export const classNameOfStudent = (id: string, lab: string): string => `labcheck.${shownId(id)}.${lab}`;

function detailsOf(check: JsonCheck, lang: Lang): string {
  const parts = [cleanText(check.message)];
  if (check.timedOut) parts.unshift(`(${pick(words.timedOut, lang)})`);
  const hint = cleanText(check.hint);
  if (hint.trim() !== '' && check.status !== 'passed') parts.push(`${pick(words.hint, lang)}${hint}`);
  return parts.filter((p) => p.trim() !== '').join('\n\n') || `${check.id}: ${check.title}`;
}

function addCheck(testCase: TestCase, check: JsonCheck, lang: Lang): void {
  addOutcome(testCase, {
    status: check.status,
    title: check.title,
    message: check.message,
    details: check.status === 'failed' || check.status === 'error' ? detailsOf(check, lang) : '',
    ...(check.timedOut ? { timedOut: true } : {}),
  });
}

function studentSuite(suite: TestSuite, report: StudentReport, lab: JsonLab | undefined, name: string): TestSuite {
  return suite
    .name(name)
    .time(secondsOf(lab?.durationMs ?? report.durationMs))
    .property('student', shownId(report.student))
    .property('fileSafeId', fileSafeId(report.student))
    .property('grading', report.grading.status);
}

/** A student not graded to the end still shows, as one failing (or, for labcheck's own trouble, erroring) test case. */
function addGrading(suite: TestSuite, report: StudentReport, lang: Lang): void {
  const status = report.grading.status;
  const what = pick(words.notGraded[status], lang);
  const reason = cleanText(report.grading.reason ?? '');
  const testCase = suite
    .testCase()
    .className(classNameOfStudent(report.student, 'grading'))
    .name(`${pick(words.grading, lang)}: ${status}`)
    .time(secondsOf(report.durationMs));
  const short = firstLine(reason) || what;
  const body = cdataSafe([what, reason].filter((p) => p.trim() !== '').join('\n\n'));
  if (status === 'error' || status === 'graded') testCase.error(short, 'error', body);
  else testCase.failure(short, status).stacktrace(body);
}

/** junit.xml of a class: students in id order, each lab a suite, each check a test case. */
export function buildClassJunit(reports: readonly StudentReport[], lang: Lang): string {
  const builder = junit().newBuilder().name('labcheck');
  const sorted = [...reports].sort((a, b) => compareIds(a.student, b.student));
  for (const report of sorted) {
    for (const lab of report.labs) {
      const suite = studentSuite(builder.testSuite(), report, lab, suiteNameOf(report.student, lab.id))
        .property('lab', lab.id)
        .property('title', firstLine(lab.title, 500))
        .property('points', String(lab.points))
        .property('maxPoints', String(lab.maxPoints))
        .property('status', lab.status);
      if (lab.checks.length === 0) {
        const noChecks = pick(words.noChecks, lang);
        suite
          .testCase()
          .className(classNameOfStudent(report.student, lab.id))
          .name(`${lab.id}: ${firstLine(lab.title, 500)}`)
          .time(secondsOf(lab.durationMs))
          .error(noChecks, 'error', cdataSafe(`${noChecks}\n\n${lab.id}: ${lab.status}`));
        continue;
      }
      for (const check of lab.checks) {
        const testCase = suite
          .testCase()
          .className(classNameOfStudent(report.student, lab.id))
          .name(firstLine(`${check.id}: ${check.title}`, 500))
          .time(secondsOf(check.durationMs));
        addCheck(testCase, check, lang);
      }
    }
    if (report.grading.status !== 'graded' || report.labs.length === 0) {
      addGrading(studentSuite(builder.testSuite(), report, undefined, suiteNameOf(report.student, 'grading')), report, lang);
    }
  }
  return `${dropRootSkipped(builder.build())}\n`;
}

/**
 * buildClassJunit on a worker thread, so the class's other files and pages are written meanwhile: for
 * 300 students the XML (13 000 test cases) takes junit-report-builder about a second, most of the
 * merge. The worker gets a larger young generation, as the builder makes many short-lived objects.
 * Where the compiled worker is not there (vitest runs the sources), it is built here instead.
 */
export function buildClassJunitAside(reports: readonly StudentReport[], lang: Lang): Promise<string> {
  const script = new URL('./junit-worker.js', import.meta.url);
  if (!existsSync(fileURLToPath(script))) return Promise.resolve().then(() => buildClassJunit(reports, lang));
  return new Promise((resolve, reject) => {
    const worker = new Worker(script, { workerData: { reports, lang }, resourceLimits: { maxYoungGenerationSizeMb: 64 } });
    worker.once('message', (xml: string) => resolve(xml));
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the thread building junit.xml ended with code ${code} before it was done`)));
  });
}
