// Whether an app's answer shows what the chapter teaches, in whatever words the student chose: status
// 200, a response that ends (curl returns), and the hostname of the container that served it in the body.
import type { Text } from '../src/engine/types.js';
import { t } from '../src/engine/lang.js';
import { unended, type HttpOutcome } from './http.js';

export type Answer = Extract<HttpOutcome, { kind: 'answered' }>;

/** Where the hostname stands in a body: its line (1-based) and that line's text. */
export interface HostnameSeen {
  line: number;
  text: string;
}

/** Characters hostnames and words are made of: next to a match, they make it part of a longer word. */
const WORD_CHAR = /[A-Za-z0-9_-]/;
/** A shorter start of the hostname than this is not worth naming as "only the start of it". */
const MIN_PREFIX = 6;

export const excerpt = (text: string, max = 200): string => JSON.stringify(text.length > max ? `${text.slice(0, max)}…` : text);

/** Every place the hostname occurs in text, ignoring case (hostnames are case-insensitive, RFC 4343). */
function occurrences(text: string, hostname: string): number[] {
  const hay = text.toLowerCase();
  const needle = hostname.toLowerCase();
  const at: number[] = [];
  if (!needle) return at;
  for (let i = hay.indexOf(needle); i >= 0; i = hay.indexOf(needle, i + 1)) at.push(i);
  return at;
}

const isWhole = (text: string, index: number, length: number): boolean =>
  !WORD_CHAR.test(text[index - 1] ?? '') && !WORD_CHAR.test(text[index + length] ?? '');

/** The hostname as a whole word of the body (not the start or middle of a longer one), or undefined. */
export function findHostname(body: string, hostname: string): HostnameSeen | undefined {
  const index = occurrences(body, hostname).find((i) => isWhole(body, i, hostname.length));
  if (index === undefined) return undefined;
  const before = body.slice(0, index);
  const line = before.split('\n').length;
  const start = before.lastIndexOf('\n') + 1;
  const endAt = body.indexOf('\n', index);
  const text = body.slice(start, endAt < 0 ? undefined : endAt).replace(/\r$/, '').trim();
  return { line, text };
}

/** "…: <body>" for a body of one line, "… on line N of its body: <that line>" for a page. */
export function hostnameShown(body: string, seen: HostnameSeen): Text {
  const lines = body.split('\n').filter((l) => l.trim()).length;
  if (lines <= 1) return t(`: ${excerpt(body)}`, `：${excerpt(body)}`);
  return t(` on line ${seen.line} of its body: ${excerpt(seen.text)}`, `，在响应体第 ${seen.line} 行：${excerpt(seen.text)}`);
}

/** What the body (or the headers) held that comes near the hostname, for a failure: empty when nothing does. */
export function nearMisses(answer: Pick<Answer, 'body' | 'headers'>, hostname: string): Text {
  const { body } = answer;
  const inWord = occurrences(body, hostname)[0];
  if (inWord !== undefined) {
    let from = inWord;
    let to = inWord + hostname.length;
    while (from > 0 && WORD_CHAR.test(body[from - 1]!)) from--;
    while (to < body.length && WORD_CHAR.test(body[to]!)) to++;
    const word = excerpt(body.slice(from, to), 80);
    return t(`; the body holds it only inside the longer word ${word}`, `；响应体中只有包含它的更长的词 ${word}`);
  }
  const lower = body.toLowerCase();
  for (let n = hostname.length - 1; n >= Math.min(MIN_PREFIX, hostname.length - 1) && n > 0; n--) {
    const prefix = hostname.slice(0, n);
    if (lower.includes(prefix.toLowerCase())) {
      return t(`; the body holds only ${excerpt(prefix)}, the start of it`, `；响应体中只有它的开头 ${excerpt(prefix)}`);
    }
  }
  const header = answer.headers?.find(([, value]) => occurrences(value, hostname).length > 0);
  if (header) {
    return t(`; it is only in the response header ${header[0]}, which curl does not print`, `；它只出现在响应头 ${header[0]} 中，curl 不会输出响应头`);
  }
  return t('', '');
}

/** Why an answer did not end, or undefined for one that ended (curl returned). */
export function neverEnded(answer: Answer): Text | undefined {
  return answer.complete ? undefined : unended(answer);
}
