import { pick } from '../engine/lang.js';
import type { CheckResult, LabResult, Lang, RunReport, Status, Summary, Text } from '../engine/types.js';
import type { Reporter, RunStartInfo } from './reporter.js';
import { cleanText, firstLine } from './sanitize.js';

/** What the terminal reporter writes to: process.stdout, or a fake in tests. */
export interface OutputStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface TerminalOptions {
  /** Default process.stdout: the checklist is the command's output. */
  stream?: OutputStream;
  lang?: Lang;
  env?: NodeJS.ProcessEnv;
  /** Overrides the TTY / NO_COLOR decision. */
  color?: boolean;
}

export const words = {
  en: {
    hint: 'hint: ',
    points: 'points',
    passed: 'passed',
    failed: 'failed',
    error: 'error',
    skipped: 'skipped',
    timedOut: 'timed out',
    notApplicable: 'not applicable',
    labs: (n: number) => (n === 1 ? '1 lab' : `${n} labs`),
    runId: 'run id',
    sep: ', ',
    colon: ': ',
    paren: (s: string) => ` (${s})`,
  },
  zh: {
    hint: '提示：',
    points: '得分',
    passed: '通过',
    failed: '失败',
    error: '错误',
    skipped: '跳过',
    timedOut: '超时',
    notApplicable: '不适用',
    labs: (n: number) => `${n} 个实验`,
    runId: '运行 ID',
    sep: '，',
    colon: '：',
    paren: (s: string) => `（${s}）`,
  },
} satisfies Record<Lang, Record<string, string | ((arg: never) => string)>>;

export type Style = 'red' | 'green' | 'yellow' | 'magenta' | 'dim' | 'bold';
export type Paint = (style: Style, text: string) => string;

const sgr: Record<Style, readonly [number, number]> = {
  red: [31, 39],
  green: [32, 39],
  yellow: [33, 39],
  magenta: [35, 39],
  dim: [2, 22],
  bold: [1, 22],
};

// util.styleText checks the stream and NO_COLOR differently across Node 20 releases, so colour is decided here.
export function painter(on: boolean): Paint {
  if (!on) return (_style, text) => text;
  return (style, text) => (text === '' ? text : `\u001b[${sgr[style][0]}m${text}\u001b[${sgr[style][1]}m`);
}

const plain = painter(false);

/** Colour only on a TTY, and never when NO_COLOR is set to anything non-empty (no-color.org). */
export function useColor(stream: OutputStream, env: NodeJS.ProcessEnv): boolean {
  return stream.isTTY === true && !env.NO_COLOR;
}

export function isCI(env: NodeJS.ProcessEnv): boolean {
  const ci = env.CI;
  return ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false';
}

export const marks: Record<Status, readonly [string, Style]> = {
  passed: ['✔', 'green'],
  failed: ['✘', 'red'],
  error: ['!', 'magenta'],
  skipped: ['-', 'yellow'],
};

/** Terminal columns a code point takes: 2 for East Asian wide ones, so CJK lines are cut right. */
function columnsOf(codePoint: number): number {
  const wide =
    (codePoint >= 0x1100 && codePoint <= 0x115f) ||
    (codePoint >= 0x2e80 && codePoint <= 0xa4cf) ||
    (codePoint >= 0xac00 && codePoint <= 0xd7a3) ||
    (codePoint >= 0xf900 && codePoint <= 0xfaff) ||
    (codePoint >= 0xfe30 && codePoint <= 0xfe4f) ||
    (codePoint >= 0xff00 && codePoint <= 0xff60) ||
    (codePoint >= 0xffe0 && codePoint <= 0xffe6) ||
    (codePoint >= 0x1f300 && codePoint <= 0x1faff) ||
    (codePoint >= 0x20000 && codePoint <= 0x3fffd);
  return wide ? 2 : 1;
}

/** Cuts a line to fit a terminal width, so a transient line never wraps (\r only rewinds one row). */
export function fitWidth(line: string, columns: number): string {
  let used = 0;
  let out = '';
  for (const ch of line) {
    const w = columnsOf(ch.codePointAt(0) ?? 0);
    if (used + w > columns - 1) return `${out}…`;
    used += w;
    out += ch;
  }
  return out;
}

const indent = (text: string, prefix: string): string =>
  text
    .split('\n')
    .map((line) => `${prefix}${line}`)
    .join('\n');

export function formatRunStart(info: RunStartInfo, lang: Lang, paint: Paint = plain): string {
  const w = words[lang];
  const list = info.labs.length > 0 ? `${w.colon}${info.labs.join(', ')}` : '';
  const runId = info.runId ? w.paren(`${w.runId} ${info.runId}`) : '';
  return `${paint('bold', `labcheck ${info.mode}`)} — ${w.labs(info.labs.length)}${list}${runId}\n`;
}

export function formatLabHeader(labId: string, title: Text, lang: Lang, paint: Paint = plain): string {
  return `\n${paint('bold', labId)} — ${firstLine(pick(title, lang), 200)}\n`;
}

/** One check: mark, id and title, points; the message under it; the hint under a failure only. */
export function formatCheck(check: CheckResult, lang: Lang, paint: Paint = plain): string {
  const w = words[lang];
  const [mark, style] = marks[check.status];
  const points = check.notApplicable ? `(${w.notApplicable})` : `(${check.points}/${check.maxPoints})`;
  const timedOut = check.timedOut ? paint('red', w.paren(w.timedOut)) : '';
  const title = firstLine(pick(check.title, lang), 200);
  const head = `  ${paint(style, mark)} ${check.id}: ${title} ${paint('dim', points)}${timedOut}\n`;
  const message = cleanText(pick(check.message, lang), 8 * 1024).trim();
  const body = message ? `${paint(check.status === 'passed' ? 'dim' : style, indent(message, '    '))}\n` : '';
  const hint = cleanText(pick(check.hint, lang), 2 * 1024).trim();
  const hintLine = check.status === 'failed' && hint ? `${paint('yellow', indent(`${w.hint}${hint}`, '    '))}\n` : '';
  return head + body + hintLine;
}

export function formatLabEnd(lab: LabResult, lang: Lang, paint: Paint = plain): string {
  const w = words[lang];
  const [, style] = marks[lab.status];
  return `  → ${paint(style, w[lab.status])} — ${w.points} ${lab.points}/${lab.maxPoints}\n`;
}

/** `3 passed, 1 failed, 0 error, 0 skipped — points 7/9` (or its zh form). */
export function formatSummary(summary: Summary, lang: Lang, paint: Paint = plain): string {
  const w = words[lang];
  const count = (status: Status): string => {
    const n = summary[status];
    const text = lang === 'zh' ? `${w[status]} ${n}` : `${n} ${w[status]}`;
    return n > 0 && status !== 'passed' ? paint(marks[status][1], text) : text;
  };
  const counts = (['passed', 'failed', 'error', 'skipped'] as const).map(count).join(w.sep);
  return `${counts} — ${paint('bold', `${w.points} ${summary.points}/${summary.maxPoints}`)}\n`;
}

/** The line-by-line checklist. On a TTY outside CI, steps show as one transient progress line. */
export class TerminalReporter implements Reporter {
  private readonly stream: OutputStream;
  private readonly lang: Lang;
  private readonly paint: Paint;
  private readonly transientSteps: boolean;
  private progressShown = false;
  /** Check ids printed so far, per lab, so onLabEnd prints only what onCheckEnd did not. */
  private readonly printed = new Map<string, Set<string>>();

  constructor(options: TerminalOptions = {}) {
    this.stream = options.stream ?? process.stdout;
    const env = options.env ?? process.env;
    this.lang = options.lang ?? 'en';
    this.paint = painter(options.color ?? useColor(this.stream, env));
    this.transientSteps = this.stream.isTTY === true && !isCI(env);
  }

  onRunStart(info: RunStartInfo): void {
    this.write(formatRunStart(info, this.lang, this.paint));
  }

  onLabStart(labId: string, title: Text): void {
    this.printed.set(labId, new Set());
    this.write(formatLabHeader(labId, title, this.lang, this.paint));
  }

  onStep(labId: string, text: string): void {
    const line = firstLine(text, 500);
    if (!line) return;
    if (this.transientSteps) {
      this.clearProgress();
      this.stream.write(this.paint('dim', fitWidth(`    … ${line}`, this.stream.columns ?? 80)));
      this.progressShown = true;
    } else if (line.startsWith('$ ')) {
      // Piped or in CI: one line per command labcheck runs, none of the commands' own chatter.
      // Labs may run at once: each line names its lab.
      this.write(`${this.paint('dim', `    · ${labId ? `[${labId}] ` : ''}${line}`)}\n`);
    }
  }

  onCheckEnd(labId: string, check: CheckResult): void {
    const printed = this.printed.get(labId) ?? new Set<string>();
    this.printed.set(labId, printed.add(check.id));
    this.write(formatCheck(check, this.lang, this.paint));
  }

  onLabEnd(lab: LabResult): void {
    const printed = this.printed.get(lab.id);
    if (!printed) this.write(formatLabHeader(lab.id, lab.title, this.lang, this.paint));
    for (const check of lab.checks) {
      if (!printed?.has(check.id)) this.write(formatCheck(check, this.lang, this.paint));
    }
    this.write(formatLabEnd(lab, this.lang, this.paint));
    this.printed.delete(lab.id);
  }

  onRunEnd(report: RunReport): void {
    this.write(`\n${formatSummary(report.summary, this.lang, this.paint)}`);
  }

  private write(text: string): void {
    this.clearProgress();
    this.stream.write(text);
  }

  private clearProgress(): void {
    if (!this.progressShown) return;
    this.stream.write('\r\u001b[2K');
    this.progressShown = false;
  }
}
