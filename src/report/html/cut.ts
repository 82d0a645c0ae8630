import stripAnsi from 'strip-ansi';
import type { Lang } from '../../engine/types.js';
import { dropInvalidChars, formatBytes } from '../sanitize.js';
import { pageLabels } from './viewer.js';

/** A page shows at most this many characters of any one text (a message, an id): the rest is cut with a note. */
export const PAGE_TEXT_MAX = 20_000;

const isHigh = (c: number): boolean => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number): boolean => c >= 0xdc00 && c <= 0xdfff;

/**
 * Keeps the first quarter and the last three quarters of maxChars around a note in the page's
 * language (sanitize's truncateMiddle writes its note in English only).
 */
export function cutText(s: string, maxChars: number, lang: Lang): string {
  if (s.length <= maxChars) return s;
  let headEnd = Math.floor(Math.max(0, maxChars) / 4);
  let tailStart = s.length - (Math.max(0, maxChars) - headEnd);
  if (headEnd > 0 && isHigh(s.charCodeAt(headEnd - 1))) headEnd -= 1;
  if (tailStart < s.length && isLow(s.charCodeAt(tailStart))) tailStart += 1;
  const dropped = Buffer.byteLength(s.slice(headEnd, tailStart), 'utf8');
  return `${s.slice(0, headEnd)}\n${pageLabels(lang).cut(formatBytes(dropped))}\n${s.slice(tailStart)}`;
}

/**
 * A copy of a report fit for a page: every string cut to maxChars, without ANSI codes or control
 * characters (tab and newline kept). Reports read back from disk may hold anything.
 */
export function forPage<T>(value: T, lang: Lang, maxChars = PAGE_TEXT_MAX): T {
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return dropInvalidChars(stripAnsi(cutText(v, maxChars, lang)));
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(value) as T;
}
