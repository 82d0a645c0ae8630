import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { createRequire } from 'node:module';
import type { Builder, TestCase } from 'junit-report-builder';
import { pick } from '../engine/lang.js';
import type { CheckResult, LabResult, Lang, RunReport } from '../engine/types.js';
import { writingTo, type Reporter } from './reporter.js';
import { cleanText, firstLine } from './sanitize.js';

type XmlElement = ReturnType<TestCase['build']>;

// Loaded when a report is built, not when labcheck starts (its XML builder costs ~40 ms): a CommonJS
// package typed with `export default`, whose require gives module.exports itself.
let builderModule: Builder | undefined;
export function junit(): Builder {
  if (!builderModule) {
    const loaded = createRequire(import.meta.url)('junit-report-builder') as Builder & { default?: Builder };
    builderModule = loaded.default ?? loaded;
  }
  return builderModule;
}

const words = {
  en: {
    hint: 'hint: ',
    timedOut: 'timed out',
    noChecks: 'The lab produced no check results: it could not start.',
    skippedLab: 'The lab was skipped before any check ran.',
  },
  zh: {
    hint: '提示：',
    timedOut: '超时',
    noChecks: '该实验没有产生任何检查结果：它无法启动。',
    skippedLab: '该实验在任何检查运行之前被跳过。',
  },
} satisfies Record<Lang, Record<string, string>>;

/** JUnit `time` in seconds with millisecond precision: never an exponent, never negative. */
export function secondsOf(ms: number): number {
  return Number.isFinite(ms) && ms > 0 ? Math.round(ms) / 1000 : 0;
}

export const classNameOf = (labId: string): string => `labcheck.${labId}`;

export function caseNameOf(check: Pick<CheckResult, 'id' | 'title'>, lang: Lang): string {
  return firstLine(`${check.id}: ${pick(check.title, lang)}`, 500);
}

/** The element body: message, then the hint (GitLab shows the body, not the message attribute). */
export function detailsOf(check: CheckResult, lang: Lang): string {
  const w = words[lang];
  const parts = [cleanText(pick(check.message, lang))];
  if (check.timedOut) parts.unshift(`(${w.timedOut})`);
  const hint = cleanText(pick(check.hint, lang));
  if (hint.trim() !== '' && check.status !== 'passed') parts.push(`${w.hint}${hint}`);
  return parts.filter((p) => p.trim() !== '').join('\n\n') || caseNameOf(check, lang);
}

/**
 * xmlbuilder 15 escapes only the first `]]>` of a CDATA text (String#replace with a string), so
 * every later one is split here the same way: `]]` ends a section, `>` starts the next.
 */
export function cdataSafe(s: string): string {
  let seen = false;
  return s.replace(/]]>/g, (m) => {
    if (!seen) {
      seen = true;
      return m;
    }
    return ']]]]><![CDATA[>';
  });
}

/** junit-report-builder always sets `skipped` on `<testsuites>`, which junit-10.xsd does not allow there. */
export function dropRootSkipped(xml: string): string {
  return xml.replace(/(<testsuites\b[^>]*?) skipped="\d+"/, '$1');
}

/** junit-report-builder 5 writes a bare `<skipped/>`; this gives it the reason (message and body). */
export function skipWithReason(testCase: TestCase, reason: string): void {
  testCase.skipped();
  const build = testCase.build.bind(testCase);
  testCase.build = (parent: XmlElement): XmlElement => {
    const element = build(parent);
    for (const child of element.children) {
      const skipped = child as XmlElement;
      if (skipped.name === 'skipped') skipped.att('message', firstLine(reason)).txt(reason);
    }
    return element;
  };
}

/** One check as a test case, in its words already picked for the report's language. */
export interface CaseOutcome {
  status: CheckResult['status'];
  title: string;
  message: string;
  /** The failure's or error's body: message, hint and what else the reader needs. */
  details: string;
  timedOut?: boolean;
}

/** A check's outcome on its test case: the run's JUnit and the class's write checks alike. */
export function addOutcome(testCase: TestCase, check: CaseOutcome): void {
  const short = firstLine(check.message) || firstLine(check.title);
  switch (check.status) {
    case 'passed': {
      const seen = cleanText(check.message);
      if (seen.trim() !== '') testCase.standardOutput(cdataSafe(seen));
      break;
    }
    case 'failed':
      testCase.failure(short, check.timedOut ? 'timeout' : 'failed').stacktrace(cdataSafe(check.details));
      break;
    case 'error':
      testCase.error(short, 'error', cdataSafe(check.details));
      break;
    case 'skipped':
      skipWithReason(testCase, cleanText(check.message) || short);
      break;
  }
}

function addCheck(testCase: TestCase, check: CheckResult, lang: Lang): void {
  addOutcome(testCase, {
    status: check.status,
    title: pick(check.title, lang),
    message: pick(check.message, lang),
    details: check.status === 'failed' || check.status === 'error' ? detailsOf(check, lang) : '',
    ...(check.timedOut ? { timedOut: true } : {}),
  });
}

/** A lab that could not even start still shows as a failing test case, never as nothing. */
function addEmptyLab(testCase: TestCase, lab: LabResult, lang: Lang): void {
  const w = words[lang];
  if (lab.status === 'skipped') {
    skipWithReason(testCase, w.skippedLab);
    return;
  }
  testCase.error(w.noChecks, 'error', cdataSafe(`${w.noChecks}\n\n${lab.id}: ${lab.status}`));
}

export function buildJunit(report: RunReport, lang: Lang): string {
  // A builder per report: the module's default builder is shared by everything that imports it.
  const builder = junit().newBuilder().name('labcheck');
  for (const lab of report.labs) {
    const suite = builder
      .testSuite()
      .name(lab.id)
      .time(secondsOf(lab.durationMs))
      .property('title', firstLine(pick(lab.title, lang), 500))
      .property('section', firstLine(lab.section, 500))
      .property('points', String(lab.points))
      .property('maxPoints', String(lab.maxPoints))
      .property('status', lab.status);
    if (lab.checks.length === 0) {
      const testCase = suite
        .testCase()
        .className(classNameOf(lab.id))
        .name(caseNameOf(lab, lang))
        .time(secondsOf(lab.durationMs));
      addEmptyLab(testCase, lab, lang);
      continue;
    }
    for (const check of lab.checks) {
      const testCase = suite
        .testCase()
        .className(classNameOf(lab.id))
        .name(caseNameOf(check, lang))
        .time(secondsOf(check.durationMs));
      addCheck(testCase, check, lang);
    }
  }
  return `${dropRootSkipped(builder.build())}\n`;
}

/** Writes the JUnit report, creating parent directories. */
export async function writeJunit(report: RunReport, lang: Lang, file: string): Promise<void> {
  const xml = buildJunit(report, lang);
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, xml, 'utf8');
}

export interface JunitReporterOptions {
  lang: Lang;
  file: string;
}

export class JunitReporter implements Reporter {
  constructor(private readonly options: JunitReporterOptions) {}

  onRunEnd(report: RunReport): Promise<void> {
    return writingTo(this.options.file, () => writeJunit(report, this.options.lang, this.options.file));
  }
}
