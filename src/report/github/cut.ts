import type { Lang } from '../../engine/types.js';
import { cleanText, truncateMiddle } from '../sanitize.js';

// The note truncateMiddle puts between the head and the tail it keeps.
const NOTE = /\n… \[truncated (\d+(?:\.\d)? [KM]?B) of output\] …\n/;

/**
 * cleanText (no ANSI, no control characters, head and tail kept around a note) with the note in the
 * reader's language: student output inside a message can be any length.
 */
export function cutText(text: string, maxChars: number, lang: Lang): string {
  const clean = cleanText(text, Number.POSITIVE_INFINITY);
  if (clean.length <= maxChars) return clean;
  const cut = truncateMiddle(clean, maxChars);
  if (lang === 'en') return cut;
  return cut.replace(NOTE, (_note, size: string) => `\n…［已截去 ${size} 的输出］…\n`);
}
