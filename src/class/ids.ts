// The file-safe id of a student id (CONTRACT "Class grading"): the name under which that student's
// files are written (`students/<file-safe id>.json`), whatever characters the id holds.
import { createHash } from 'node:crypto';

/**
 * Longest file-safe id before it is shortened with a hash: 255 bytes is the usual name limit
 * (ext4, APFS, NTFS), and room is left for `.json`, `.html` and a temporary-file suffix.
 */
export const MAX_FILE_SAFE_LENGTH = 200;

// Kept as they are: lower-case ASCII letters, digits, `_`, `-` and `.`. Everything else, upper case
// included, is written as `~xx` per UTF-8 byte (lower-case hex): a case-insensitive file system
// (macOS, Windows) then sees as many names as there are ids, and a normalising one (HFS+ turns é
// into e + U+0301) has nothing left to normalise.
const KEPT = /^[a-z0-9_.-]$/;
const ESCAPE = '~';
// `~~` never appears in an escaped name (every `~` starts `~xx`), so it marks a hashed long one.
const HASHED = '~~';
// Windows refuses these as names, in any case and with any extension (`con.json`, `nul.txt.json`).
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const hex = (byte: number): string => `${ESCAPE}${byte.toString(16).padStart(2, '0')}`;

function escapeChar(ch: string): string {
  return [...Buffer.from(ch, 'utf8')].map(hex).join('');
}

/**
 * The file-safe id: reversible (see idOfFileSafe) and collision-free, also on case-insensitive
 * file systems; never `.`, `..`, empty, a leading `-` or `.`, a trailing `.`, or a name Windows
 * reserves. An id whose escaped form is longer than MAX_FILE_SAFE_LENGTH is cut and followed by
 * `~~` and a sha256 of the id: still unique, no longer reversible (every report carries the id).
 */
export function fileSafeId(id: string): string {
  if (id.length === 0) throw new TypeError('a student id cannot be empty');
  if (LONE_SURROGATE.test(id)) throw new TypeError(`the student id ${JSON.stringify(id)} is not well-formed Unicode (a lone surrogate)`);
  const chars = [...id];
  const out = chars.map((ch, i) => {
    const edge = i === 0 || i === chars.length - 1;
    if (!KEPT.test(ch)) return escapeChar(ch);
    // A leading `-` reads as an option, a leading `.` hides the file, a trailing `.` Windows drops.
    if (ch === '.' && edge) return escapeChar(ch);
    if (ch === '-' && i === 0) return escapeChar(ch);
    return ch;
  });
  const stem = out.join('').split('.')[0] ?? '';
  if (WINDOWS_RESERVED.test(stem)) out[0] = escapeChar(chars[0] ?? '');
  const name = out.join('');
  if (name.length <= MAX_FILE_SAFE_LENGTH) return name;
  return shortened(out, id);
}

function shortened(pieces: readonly string[], id: string): string {
  const digest = createHash('sha256').update(id, 'utf8').digest('hex').slice(0, 40);
  const room = MAX_FILE_SAFE_LENGTH - HASHED.length - digest.length;
  let head = '';
  // Whole pieces only, so no `~xx` is cut in half and the head never ends in `.`.
  for (const piece of pieces) {
    if (head.length + piece.length > room) break;
    head += piece;
  }
  if (head.endsWith('.')) head = head.slice(0, -1);
  return `${head}${HASHED}${digest}`;
}

/** True when the file-safe id was shortened with a hash, so the id cannot be read back from it. */
export const isHashedFileSafeId = (name: string): boolean => name.includes(HASHED);

/**
 * The student id a file-safe id stands for; undefined for a hashed long one. Throws on a name
 * fileSafeId cannot have made (a bad escape, a character it never keeps).
 */
export function idOfFileSafe(name: string): string | undefined {
  if (isHashedFileSafeId(name)) return undefined;
  const bytes: number[] = [];
  for (let i = 0; i < name.length; ) {
    const ch = name[i] ?? '';
    if (ch === ESCAPE) {
      const pair = name.slice(i + 1, i + 3);
      if (!/^[0-9a-f]{2}$/.test(pair)) throw new TypeError(`${JSON.stringify(name)} is not a file-safe id: "~" must be followed by two lower-case hex digits`);
      bytes.push(Number.parseInt(pair, 16));
      i += 3;
      continue;
    }
    if (!KEPT.test(ch)) throw new TypeError(`${JSON.stringify(name)} is not a file-safe id: ${JSON.stringify(ch)} is always escaped`);
    bytes.push(ch.charCodeAt(0));
    i += 1;
  }
  let decoded: string;
  try {
    decoded = new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(bytes));
  } catch (e) {
    throw new TypeError(`${JSON.stringify(name)} is not a file-safe id: its escapes are not UTF-8`, { cause: e });
  }
  if (decoded.length === 0 || fileSafeId(decoded) !== name) throw new TypeError(`${JSON.stringify(name)} is not a file-safe id: fileSafeId never writes it`);
  return decoded;
}
