import stripAnsi from 'strip-ansi';

// XML 1.0 cannot carry C0 controls other than \t \n \r, lone surrogates, U+FFFE or U+FFFF.
const NOT_XML_CHAR = new RegExp(
  [
    '[\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\uFFFE\\uFFFF]',
    '[\\uD800-\\uDBFF](?![\\uDC00-\\uDFFF])',
    '(?<![\\uD800-\\uDBFF])[\\uDC00-\\uDFFF]',
  ].join('|'),
  'g',
);

/** Strips what XML 1.0 cannot carry and unifies line ends (\r\n and a lone \r become \n). */
export function dropInvalidChars(s: string): string {
  return s.replace(NOT_XML_CHAR, '').replace(/\r\n?/g, '\n');
}

/** `512 B`, `63.9 KB`, `9.8 MB`. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

export function truncationNote(droppedBytes: number): string {
  return `… [truncated ${formatBytes(droppedBytes)} of output] …`;
}

const isHigh = (c: number): boolean => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number): boolean => c >= 0xdc00 && c <= 0xdfff;

/**
 * Keeps the first quarter and the last three quarters of maxChars around a note: the head holds
 * what a check expected, the tail where a build or an app finally failed.
 */
export function truncateMiddle(s: string, maxChars: number): string {
  if (s.length <= maxChars) return s;
  const budget = Math.max(0, Math.floor(maxChars));
  let headEnd = Math.floor(budget / 4);
  let tailStart = s.length - (budget - headEnd);
  // Snap to line boundaries when one is near, so no line is shown half.
  const nl = s.lastIndexOf('\n', headEnd);
  if (nl >= 0 && headEnd - nl < 200) headEnd = nl + 1;
  const nlTail = s.indexOf('\n', tailStart);
  if (nlTail >= 0 && nlTail - tailStart < 200) tailStart = nlTail + 1;
  // Never split a surrogate pair: half of one is a character XML cannot carry.
  if (headEnd > 0 && isHigh(s.charCodeAt(headEnd - 1))) headEnd -= 1;
  if (tailStart < s.length && isLow(s.charCodeAt(tailStart))) tailStart += 1;
  const dropped = Buffer.byteLength(s.slice(headEnd, tailStart), 'utf8');
  const head = s.slice(0, headEnd).replace(/\n$/, '');
  return `${head}\n${truncationNote(dropped)}\n${s.slice(tailStart)}`;
}

/**
 * Makes any output fit for a report: no ANSI codes, no characters XML 1.0 cannot carry, \n line
 * ends, at most maxChars (plus the truncation note). CJK and other text is kept as is.
 */
export function cleanText(s: string, maxChars = 64 * 1024): string {
  return truncateMiddle(dropInvalidChars(stripAnsi(s)), maxChars);
}

/** First non-empty line of a cleaned text, cut to maxChars: for `message` attributes and one-line views. */
export function firstLine(s: string, maxChars = 200): string {
  const line = /^.*\S.*$/m.exec(dropInvalidChars(stripAnsi(s)))?.[0].trim() ?? '';
  if (line.length <= maxChars) return line;
  let end = Math.max(0, maxChars - 1);
  if (end > 0 && isHigh(line.charCodeAt(end - 1))) end -= 1;
  return `${line.slice(0, end)}…`;
}
