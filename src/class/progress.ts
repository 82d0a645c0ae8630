// What a teacher sees while a class is graded: on a terminal one live line (graded/total, running,
// timed out, ETA); piped or in CI one plain line per finished student; at the end a summary that
// names the slowest and the failed students.
import { fitWidth, isCI, painter, useColor, type OutputStream, type Paint } from '../report/terminal.js';
import type { Lang } from '../engine/types.js';
import type { StudentStatus } from './types.js';

export interface FinishedStudent {
  id: string;
  status: StudentStatus;
  points: number;
  maxPoints: number;
  /** Wall time of its grading; 0 when the result was reused. */
  durationMs: number;
  /** The labs that did not pass, or why it was not graded. */
  detail: string;
  reusedFrom?: string;
  /** From an earlier run of the same command (resume). */
  kept?: boolean;
}

const MARKS: Record<StudentStatus, string> = { passed: '✔', failed: '✘', error: '!', skipped: '-', 'timed-out': '⏱', unreadable: '?' };

export const seconds = (ms: number): string => (ms >= 60_000 ? `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s` : `${(ms / 1000).toFixed(1)} s`);

/** One finished student, as a line of its own (CI, pipes). */
export function finishedLine(s: FinishedStudent, lang: Lang): string {
  const how = s.kept
    ? lang === 'zh' ? '（沿用上次结果）' : ' (kept from an earlier run)'
    : s.reusedFrom !== undefined
      ? lang === 'zh' ? `（与 ${JSON.stringify(s.reusedFrom)} 相同，沿用其结果）` : ` (same files as ${JSON.stringify(s.reusedFrom)}, its result reused)`
      : s.durationMs > 0 ? ` ${seconds(s.durationMs)}` : '';
  const detail = s.detail ? `  ${s.detail}` : '';
  const points = s.maxPoints > 0 ? `  ${s.points}/${s.maxPoints}` : '';
  return `${MARKS[s.status]} ${JSON.stringify(s.id)}${points}${how}${detail}`;
}

export interface LiveState {
  done: number;
  total: number;
  running: string[];
  timedOut: number;
  /** Estimated ms left, when there is enough to go by. */
  etaMs?: number;
}

/** The live line: `graded 5/12 · running 2: "ann", "bob" · timed out 1 · about 1 min 20 s left`. */
export function liveLine(state: LiveState, lang: Lang): string {
  const running = state.running.length ? (lang === 'zh' ? ` · 进行中 ${state.running.length}：${state.running.map((id) => JSON.stringify(id)).join('，')}` : ` · running ${state.running.length}: ${state.running.map((id) => JSON.stringify(id)).join(', ')}`) : '';
  const timedOut = state.timedOut ? (lang === 'zh' ? ` · 超时 ${state.timedOut}` : ` · timed out ${state.timedOut}`) : '';
  const eta = state.etaMs !== undefined ? (lang === 'zh' ? ` · 约剩 ${seconds(state.etaMs)}` : ` · about ${seconds(state.etaMs)} left`) : '';
  return `${lang === 'zh' ? '已评分' : 'graded'} ${state.done}/${state.total}${running}${timedOut}${eta}`;
}

export interface ClassSummaryLine {
  students: number;
  graded: number;
  reused: number;
  kept: number;
  durationMs: number;
  finished: readonly FinishedStudent[];
}

/** The end: counts, the slowest gradings, and every student who did not pass with why. */
export function summaryText(s: ClassSummaryLine, lang: Lang): string {
  const count = (status: StudentStatus) => s.finished.filter((f) => f.status === status).length;
  const slowest = s.finished.filter((f) => f.durationMs > 0).sort((a, b) => b.durationMs - a.durationMs).slice(0, 3);
  const notPassed = s.finished.filter((f) => f.status !== 'passed');
  if (lang === 'zh') {
    return [
      `${s.students} 名学生，用时 ${seconds(s.durationMs)}：本次评分 ${s.graded} 份不同的提交，${s.reused} 份与其他学生相同而沿用结果，${s.kept} 份沿用上次结果`,
      `通过 ${count('passed')}，未通过 ${count('failed')}，超时 ${count('timed-out')}，无法读取 ${count('unreadable')}，错误 ${count('error')}`,
      ...(slowest.length ? [`最慢：${slowest.map((f) => `${JSON.stringify(f.id)} ${seconds(f.durationMs)}`).join('，')}`] : []),
      ...(notPassed.length ? ['未通过的学生：', ...notPassed.map((f) => `  ${finishedLine(f, lang)}`)] : []),
    ].join('\n');
  }
  return [
    `${s.students} students in ${seconds(s.durationMs)}: ${s.graded} distinct submissions graded, ${s.reused} reused for identical files, ${s.kept} kept from an earlier run`,
    `${count('passed')} passed, ${count('failed')} failed, ${count('timed-out')} timed out, ${count('unreadable')} unreadable, ${count('error')} error`,
    ...(slowest.length ? [`slowest: ${slowest.map((f) => `${JSON.stringify(f.id)} ${seconds(f.durationMs)}`).join(', ')}`] : []),
    ...(notPassed.length ? ['not passed:', ...notPassed.map((f) => `  ${finishedLine(f, lang)}`)] : []),
  ].join('\n');
}

/** Writes progress to a stream: the live line on a terminal outside CI, finished lines otherwise. */
export class ClassProgress {
  private readonly live: boolean;
  private readonly paint: Paint;
  private shown = false;

  constructor(
    private readonly stream: OutputStream,
    private readonly lang: Lang,
    env: NodeJS.ProcessEnv,
  ) {
    this.live = stream.isTTY === true && !isCI(env);
    this.paint = painter(useColor(stream, env));
  }

  line(text: string): void {
    this.clear();
    this.stream.write(`${text}\n`);
  }

  finished(student: FinishedStudent, state: LiveState): void {
    if (!this.live) this.line(finishedLine(student, this.lang));
    else if (student.status !== 'passed') this.line(this.paint(student.status === 'failed' ? 'red' : 'yellow', finishedLine(student, this.lang)));
    this.update(state);
  }

  update(state: LiveState): void {
    if (!this.live) return;
    this.clear();
    this.stream.write(this.paint('dim', fitWidth(liveLine(state, this.lang), this.stream.columns ?? 80)));
    this.shown = true;
  }

  clear(): void {
    if (!this.shown) return;
    this.stream.write('\r\u001b[2K');
    this.shown = false;
  }
}
