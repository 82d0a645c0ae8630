// What watch shows, as plain functions of what it knows: the terminal's frame (redrawn in place),
// the checklist left behind at exit, and the one-line forms the line mode prints.
import { pick } from '../engine/lang.js';
import type { CheckResult, LabResult, Lang, Text } from '../engine/types.js';
import { firstLine } from '../report/sanitize.js';
import { fitWidth, marks, words, type Paint, type Style } from '../report/terminal.js';
import { allDone, nextLab, rowsOf, totals, type LabStanding, type Progress, type Row } from './progress.js';

/** Whether the engine's event stream is up; while it is down, the last verdicts stay on screen. */
export type EngineState = { up: true } | { up: false; why: string; retryInMs: number; attempt: number };

export interface View {
  /** Undefined until the first check has finished. */
  progress?: Progress;
  lang: Lang;
  /** `f`: only the labs not done yet. */
  onlyOpen: boolean;
  workdir: string;
  engine: EngineState;
  /** Local time the latest check finished, HH:MM:SS. */
  checkedAt?: string;
  /** Where a lab's README is, for the "more:" line. */
  readme?: (labId: string) => string;
}

export const watchWords = {
  en: {
    checking: "checking the engine's state…",
    next: 'next: ',
    chapter: 'chapter: ',
    more: 'more: ',
    done: (done: number, labs: number) => `${done} of ${labs} labs done`,
    checked: (time: string, seconds: string) => `checked ${time} (${seconds} s)`,
    skipped: (n: number) => `${n} skipped`,
    earlier: (now: string) => `passed earlier; now ${now}`,
    keys: (onlyOpen: boolean) => `r re-check · f ${onlyOpen ? 'show all' : 'not passed only'} · l 中文 · q quit`,
    engineDown: (why: string, seconds: string, attempt: number) => `engine unreachable (${why}); reconnecting in ${seconds} s (attempt ${attempt})`,
    engineBack: 'engine reachable again: checking everything',
    allDone: (labs: number, points: number, maxPoints: number) => `All ${labs === 1 ? 'the lab' : `${labs} labs`} passed — points ${points}/${maxPoints}. Still watching.`,
    nothingOpen: 'every lab is done (f: show all)',
    watching: (dir: string) => `labcheck check --watch: watching ${dir}; a line for each change`,
    summary: (done: number, labs: number, points: number, maxPoints: number) => `${done} of ${labs} labs done — points ${points}/${maxPoints}`,
  },
  zh: {
    checking: '正在检查引擎状态…',
    next: '下一步：',
    chapter: '章节：',
    more: '详见：',
    done: (done: number, labs: number) => `已完成 ${done}/${labs} 个实验`,
    checked: (time: string, seconds: string) => `检查于 ${time}（${seconds} 秒）`,
    skipped: (n: number) => `跳过 ${n} 项`,
    earlier: (now: string) => `之前已通过；现在 ${now}`,
    keys: (onlyOpen: boolean) => `r 重新检查 · f ${onlyOpen ? '显示全部' : '只看未通过'} · l English · q 退出`,
    engineDown: (why: string, seconds: string, attempt: number) => `无法连接引擎（${why}）；${seconds} 秒后重新连接（第 ${attempt} 次）`,
    engineBack: '引擎已恢复：重新检查全部实验',
    allDone: (labs: number, points: number, maxPoints: number) => `全部 ${labs} 个实验都已通过 — 得分 ${points}/${maxPoints}。继续观察中。`,
    nothingOpen: '所有实验都已完成（f：显示全部）',
    watching: (dir: string) => `labcheck check --watch：正在观察 ${dir}；每次变化输出一行`,
    summary: (done: number, labs: number, points: number, maxPoints: number) => `已完成 ${done}/${labs} 个实验 — 得分 ${points}/${maxPoints}`,
  },
} as const;

/** A piece of a line: plain text, or text in a style. */
export type Piece = string | readonly [Style, string];

/**
 * Joins pieces into one painted line that leaves the last column free (a terminal that wraps at
 * the last column would scroll the frame), cut on the plain text so codes never count.
 */
export function paintLine(pieces: readonly Piece[], paint: Paint, columns?: number): string {
  const plain = pieces.map((p) => (typeof p === 'string' ? p : p[1])).join('');
  const fitted = columns ? fitWidth(plain, columns - 1) : plain;
  const cut = fitted !== plain;
  let budget = cut ? fitted.length - 1 : plain.length;
  let out = '';
  for (const piece of pieces) {
    if (budget <= 0) break;
    const [style, text] = typeof piece === 'string' ? [undefined, piece] : piece;
    const kept = text.slice(0, budget);
    budget -= text.length;
    out += style && kept ? paint(style, kept) : kept;
  }
  return cut ? `${out}…` : out;
}

const seconds = (ms: number): string => (ms / 1000).toFixed(1);

/** The points of a row, e.g. `4/4`. */
const pointsOf = (p: { points: number; maxPoints: number }): string => `${p.points}/${p.maxPoints}`;

/** What a row's line adds after its points: checks skipped, or the live verdict of a lab done earlier. */
function notes(row: Row, lang: Lang): string[] {
  const w = watchWords[lang];
  const out: string[] = [];
  if (row.now) out.push(w.earlier(`${marks[row.now.status][0]} ${pointsOf(row.now)}`));
  if (row.skipped > 0) out.push(w.skipped(row.skipped));
  return out;
}

/** One lab's line on the screen: marker, mark, id, points, title, notes; the next lab in bold. */
export function rowPieces(row: Row, title: Text, lang: Lang, idWidth: number): Piece[] {
  const [mark, style] = marks[row.status];
  const id = row.id.padEnd(idWidth);
  const points = pointsOf(row).padStart(5);
  const extra = notes(row, lang);
  const tail = extra.length ? `  ${words[lang].paren(extra.join(words[lang].sep)).trim()}` : '';
  if (row.next) return [['bold', '› '], [style, mark], ['bold', ` ${id} ${points}  ${firstLine(pick(title, lang), 200)}`], ['dim', tail]];
  return ['  ', [style, mark], ` ${id} `, ['dim', points], `  ${firstLine(pick(title, lang), 200)}`, ['dim', tail]];
}

/** One lab's line in the line mode: `✔ hello-world: passed — points 4/4`. */
export function rowText(row: Row, lang: Lang, paint: Paint): string {
  const w = words[lang];
  const [mark, style] = marks[row.status];
  const extra = notes(row, lang);
  return `${paint(style, mark)} ${row.id}${w.colon}${w[row.status]} — ${w.points} ${pointsOf(row)}${extra.length ? w.paren(extra.join(w.sep)) : ''}`;
}

/** The check to act on in a lab not done: the first failed or errored, else the first skipped. */
export function blockingCheck(lab: LabResult): CheckResult | undefined {
  const open = lab.checks.filter((c) => c.status !== 'passed' && !c.notApplicable);
  return open.find((c) => c.status === 'failed' || c.status === 'error') ?? open[0];
}

/** The block about the next lab: its title and chapter section, the check to act on, its hint. */
export function nextPieces(standing: LabStanding, lang: Lang, readme?: (id: string) => string): Piece[][] {
  const w = watchWords[lang];
  const { live } = standing;
  const lines: Piece[][] = [[['bold', `${w.next}${live.id}`], ` — ${firstLine(pick(live.title, lang), 200)}`, ['dim', ` · ${w.chapter}${live.section}`]]];
  const check = blockingCheck(live);
  if (check) {
    const [mark, style] = marks[check.status];
    lines.push(['  ', [style, mark], ` ${check.id}${words[lang].colon}${firstLine(pick(check.message, lang), 400)}`]);
    const hint = firstLine(pick(check.hint, lang), 400);
    if (hint) lines.push(['  ', ['yellow', `${words[lang].hint}${hint}`]]);
  }
  if (readme) lines.push(['  ', ['dim', `${w.more}${readme(live.id)}`]]);
  return lines;
}

/** The line under the checklist: how far along, and when the engine was last read (or why it cannot be). */
function statusPieces(view: View): Piece[] {
  const w = watchWords[view.lang];
  if (!view.engine.up) {
    const { why, retryInMs, attempt } = view.engine;
    return [['magenta', `${marks.error[0]} ${w.engineDown(firstLine(why, 200), seconds(retryInMs), attempt)}`]];
  }
  if (!view.progress) return [['dim', w.checking]];
  const t = totals(view.progress);
  const checked = view.checkedAt ? ` · ${w.checked(view.checkedAt, seconds(view.progress.durationMs))}` : '';
  return [['bold', w.done(t.done, t.labs)], ` — ${words[view.lang].points} ${t.points}/${t.maxPoints}`, ['dim', checked]];
}

/**
 * The frame a terminal shows: a title, one line per lab (the next one highlighted), the next lab's
 * hint and section (or the celebration), where things stand, and the keys. Cut to the terminal's
 * width, and to its height keeping the status and the keys, so redrawing in place never scrolls.
 */
export function screenLines(view: View, paint: Paint, columns = 80, rows?: number): string[] {
  const w = watchWords[view.lang];
  const line = (pieces: readonly Piece[]) => paintLine(pieces, paint, columns);
  const head = [line([['bold', 'labcheck check --watch'], ['dim', ` — ${firstLine(view.workdir, 400)}`]]), ''];
  const body: string[] = [];
  if (view.progress) {
    const standings = view.progress.labs;
    const titles = new Map(standings.map((s) => [s.live.id, s.live.title]));
    const idWidth = Math.max(...standings.map((s) => s.live.id.length));
    const rowsShown = rowsOf(view.progress).filter((r) => !view.onlyOpen || r.status !== 'passed');
    for (const row of rowsShown) body.push(line(rowPieces(row, titles.get(row.id) as Text, view.lang, idWidth)));
    if (view.onlyOpen && rowsShown.length === 0) body.push(line([['dim', `  ${w.nothingOpen}`]]));
    body.push('');
    const next = nextLab(view.progress);
    if (next) for (const pieces of nextPieces(next, view.lang, view.readme)) body.push(line(pieces));
    else {
      const t = totals(view.progress);
      body.push(line([['green', `${marks.passed[0]} ${w.allDone(t.labs, t.points, t.maxPoints)}`]]));
    }
    body.push('');
  }
  const foot = [line(statusPieces(view)), line([['dim', w.keys(view.onlyOpen)]])];
  const room = rows === undefined ? Infinity : Math.max(0, rows - head.length - foot.length);
  return [...head, ...body.slice(0, room), ...foot];
}

/** The checklist left on the terminal at exit: every lab's line and where things stand. */
export function finalLines(view: View, paint: Paint): string[] {
  if (!view.progress) return [];
  const rows = rowsOf(view.progress);
  const t = totals(view.progress);
  const lines = rows.map((row) => rowText({ ...row, next: false }, view.lang, paint));
  lines.push(`${watchWords[view.lang].summary(t.done, t.labs, t.points, t.maxPoints)}${allDone(view.progress) ? ' ✔' : ''}`);
  return lines;
}
