// The line mode (not a terminal, or CI): no redrawing, only what changed, one line each, so a log
// or a pipe reads as the story of the student's work.
import { pick } from '../engine/lang.js';
import type { Lang } from '../engine/types.js';
import { firstLine } from '../report/sanitize.js';
import { marks, words, type Paint } from '../report/terminal.js';
import { nextLab, rowKey, rowsOf, type LabStanding } from './progress.js';
import { blockingCheck, rowText, watchWords, type View } from './screen.js';

/** The next lab in one line: title, chapter section, the check to act on and its hint. */
export function nextText(standing: LabStanding, lang: Lang, paint: Paint): string {
  const w = watchWords[lang];
  const { live } = standing;
  const parts = [`${paint('bold', `${w.next}${live.id}`)} — ${firstLine(pick(live.title, lang), 200)} · ${w.chapter}${live.section}`];
  const check = blockingCheck(live);
  if (check) {
    const [mark, style] = marks[check.status];
    parts.push(`${paint(style, mark)} ${check.id}${words[lang].colon}${firstLine(pick(check.message, lang), 400)}`);
    const hint = firstLine(pick(check.hint, lang), 400);
    if (hint) parts.push(paint('yellow', `${words[lang].hint}${hint}`));
  }
  return parts.join(' · ');
}

/**
 * What changed between two views, one line each: labs whose line changed (all of them the first
 * time), the next lab when it moved, and the engine going away or coming back.
 */
export function changeLines(before: View | undefined, after: View, paint: Paint): string[] {
  const lines: string[] = [];
  const w = watchWords[after.lang];
  if (before?.engine.up !== false && !after.engine.up) lines.push(paint('magenta', `${marks.error[0]} ${w.engineDown(firstLine(after.engine.why, 200), (after.engine.retryInMs / 1000).toFixed(1), after.engine.attempt)}`));
  if (before?.engine.up === false && after.engine.up) lines.push(w.engineBack);
  if (!after.progress) return lines;
  const old = new Map(before?.progress ? rowsOf(before.progress).map((r) => [r.id, rowKey(r)]) : []);
  for (const row of rowsOf(after.progress)) {
    if (old.get(row.id) !== rowKey(row)) lines.push(rowText(row, after.lang, paint));
  }
  const next = nextLab(after.progress);
  const nextBefore = before?.progress ? nextLab(before.progress)?.live.id : undefined;
  if (next && (next.live.id !== nextBefore || !before?.progress)) lines.push(nextText(next, after.lang, paint));
  return lines;
}
