// Docker's reading of a Dockerfile where dockerfile-ast leaves the decision to its users or decides otherwise:
// parser directives, exec (JSON) form, builder flags, the words of ADD/COPY/WORKDIR. Written from BuildKit's
// frontend/dockerfile/parser (parser.go, line_parsers.go, split_command.go), instructions (parse.go, bflag.go)
// and shell/lex.go, which both builders use; each rule was checked against `docker build` (legacy and BuildKit).

/** Parser directives as Docker reads them: only at the very top, each at most once, `escape` only ` or \. */
export interface Directives {
  escape: '\\' | '`';
  /** 0-based lines of directive lines Docker honours. */
  lines: number[];
  /** `# syntax=…`: an external frontend builds the file. */
  syntax?: string;
  problem?: { line: number; message: string };
}

// parser.go: `^#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$`; `check` is newer BuildKit's third directive.
const DIRECTIVE = /^#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$/;
const KNOWN_DIRECTIVES = new Set(['escape', 'syntax', 'check']);

export function readDirectives(content: string): Directives {
  const out: Directives = { escape: '\\', lines: [] };
  const seen = new Set<string>();
  const lines = content.replace(/^\ufeff/, '').split('\n');
  for (let i = 0; i < lines.length; i++) {
    // Leading whitespace is stripped before a line is read as a directive; a blank line ends them.
    const m = DIRECTIVE.exec(lines[i]!.replace(/\r$/, '').trimStart());
    const name = m?.[1]!.toLowerCase();
    if (!m || !name || !KNOWN_DIRECTIVES.has(name)) break;
    if (seen.has(name)) {
      out.problem = { line: i, message: `only one ${name} parser directive can be used` };
      break;
    }
    seen.add(name);
    out.lines.push(i);
    const value = m[2]!;
    if (name === 'escape') {
      if (value !== '`' && value !== '\\') {
        out.problem = { line: i, message: `invalid escape token '${value}' does not match \` or \\` };
        break;
      }
      out.escape = value;
    }
    if (name === 'syntax') out.syntax = value;
  }
  return out;
}

export type JsonReading =
  /** A JSON array of strings: exec form. `trailing` is text after the array: Docker up to mid-2024 ignored it, later releases read the whole line as shell form. */
  | { form: 'exec'; argv: string[]; trailing: string }
  /** A JSON array with other values: Docker refuses the file. */
  | { form: 'not-strings' }
  | { form: 'shell' };

/** Where the first JSON value of s ends (exclusive), scanning strings and nesting; undefined when it never closes. */
function endOfFirstValue(s: string): number | undefined {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') {
      inString = true;
    } else if (c === '[' || c === '{') {
      depth++;
    } else if (c === ']' || c === '}') {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return undefined;
}

/**
 * line_parsers.go parseJSON: the rest must start with `[` and decode as JSON. Docker 20.10 to 27.0 decode
 * only the first JSON value and ignore what follows (json.Decoder), so `["node", "app.js"] # note` is exec
 * form there; later BuildKit (PR moby/buildkit#5107) decodes the whole rest, which makes that line shell form.
 */
export function readJson(rest: string): JsonReading {
  const s = rest.replace(/^\s+/, '');
  if (!s.startsWith('[')) return { form: 'shell' };
  const end = endOfFirstValue(s);
  if (end === undefined) return { form: 'shell' };
  let value: unknown;
  try {
    value = JSON.parse(s.slice(0, end));
  } catch {
    return { form: 'shell' };
  }
  if (!Array.isArray(value)) return { form: 'shell' };
  if (!value.every((v) => typeof v === 'string')) return { form: 'not-strings' };
  return { form: 'exec', argv: value as string[], trailing: s.slice(end).trim() };
}

/** parseStringsWhitespaceDelimited: the words of ADD/COPY/VOLUME in shell form, split on blanks only (quotes do not group). */
export const splitBlanks = (rest: string): string[] => rest.split(/[\t\v\f\r\n ]+/).filter((w) => w !== '');

export type Env = ReadonlyMap<string, string>;

/** A word after Docker's shell processing; `unknown` names variables labcheck cannot know the value of. */
export interface Word {
  value: string;
  unknown: string[];
  error?: string;
}

/**
 * shell/lex.go ProcessWord, the part that ADD, COPY and WORKDIR arguments meet: quotes removed, escapes
 * resolved, `$X`, `${X}`, `${X:-w}`, `${X-w}`, `${X:+w}`, `${X+w}` expanded from env. Variables neither
 * declared nor known come back in `unknown` (Docker would take them from the base image or leave them empty).
 */
export function shellWord(word: string, env: Env, escape: '\\' | '`' = '\\'): Word {
  const unknown: string[] = [];
  let i = 0;
  const lookup = (name: string): string | undefined => {
    const value = env.get(name);
    if (value === undefined && !unknown.includes(name)) unknown.push(name);
    return value;
  };
  const name = (): string => {
    const m = /^(?:[0-9]+|[@*#?$!0-]|[A-Za-z_][A-Za-z0-9_]*)/.exec(word.slice(i));
    const found = m?.[0] ?? '';
    i += found.length;
    return found;
  };
  const dollar = (): string => {
    i++; // $
    if (word[i] !== '{') {
      const n = name();
      return n === '' ? '$' : (lookup(n) ?? '');
    }
    i++; // {
    const n = name();
    const op = word[i] === ':' ? `:${word[i + 1] ?? ''}` : (word[i] ?? '');
    if (op === '}') {
      i++;
      return lookup(n) ?? '';
    }
    if (!['-', '+', ':-', ':+'].includes(op) || n === '') throw new Error(`unsupported substitution in ${word}`);
    i += op.length;
    const inner = until('}');
    const value = lookup(n);
    const unset = value === undefined || (op.startsWith(':') && value === '');
    if (op.endsWith('-')) return unset ? inner : value!;
    return unset ? '' : inner;
  };
  const until = (stop: string | undefined): string => {
    let out = '';
    while (i < word.length) {
      const c = word[i]!;
      if (stop !== undefined && c === stop) {
        i++;
        return out;
      }
      if (c === '$') {
        out += dollar();
      } else if (c === "'") {
        const close = word.indexOf("'", i + 1);
        if (close < 0) throw new Error('unexpected end of statement while looking for matching single-quote');
        out += word.slice(i + 1, close);
        i = close + 1;
      } else if (c === '"') {
        i++;
        out += doubleQuoted();
      } else if (c === escape) {
        i++;
        if (i < word.length) out += word[i++];
      } else {
        out += c;
        i++;
      }
    }
    if (stop !== undefined) throw new Error(`unexpected end of statement while looking for matching ${stop}`);
    return out;
  };
  const doubleQuoted = (): string => {
    let out = '';
    while (i < word.length) {
      const c = word[i]!;
      if (c === '"') {
        i++;
        return out;
      }
      if (c === '$') {
        out += dollar();
        continue;
      }
      i++;
      if (c === escape && i < word.length && ['"', '$', escape].includes(word[i]!)) out += word[i++];
      else if (c === escape && i >= word.length) continue;
      else out += c;
    }
    throw new Error('unexpected end of statement while looking for matching double-quote');
  };
  try {
    return { value: until(undefined), unknown };
  } catch (e) {
    return { value: word, unknown, error: (e as Error).message };
  }
}

type FlagType = 'bool' | 'string' | 'strings';

/**
 * The flags each instruction takes in current Docker (older engines take fewer: 20.10 refuses
 * `COPY --link`; a run's build shows what the engine at hand accepts). Instructions not listed take none;
 * ARG and STOPSIGNAL never look at their flags.
 */
const FLAGS: Record<string, Record<string, FlagType>> = {
  ADD: { chown: 'string', chmod: 'string', link: 'bool', checksum: 'string', 'keep-git-dir': 'bool', exclude: 'strings', unpack: 'bool' },
  COPY: { chown: 'string', chmod: 'string', from: 'string', link: 'bool', parents: 'bool', exclude: 'strings' },
  FROM: { platform: 'string' },
  RUN: { mount: 'strings', network: 'string', security: 'string', device: 'strings' },
  HEALTHCHECK: { interval: 'string', timeout: 'string', 'start-period': 'string', 'start-interval': 'string', retries: 'string' },
};
const FLAGS_IGNORED = new Set(['ARG', 'STOPSIGNAL']);

export interface FlagWritten {
  name: string;
  /** null when written without `=`. */
  value: string | null;
}

/** bflag.go Parse: the first problem Docker reports with an instruction's flags, or undefined. */
export function flagProblem(keyword: string, flags: readonly FlagWritten[]): string | undefined {
  if (FLAGS_IGNORED.has(keyword)) return undefined;
  const known = FLAGS[keyword] ?? {};
  const used = new Set<string>();
  for (const { name, value } of flags) {
    if (name === '') return undefined; // `--` ends the flags
    const type = known[name];
    if (!type) return `Unknown flag: ${name}`;
    if (used.has(name) && type !== 'strings') return `Duplicate flag specified: ${name}`;
    used.add(name);
    if (type === 'bool') {
      if (value === '') return `Missing a value on flag: ${name}`;
      if (value !== null && !['true', 'false'].includes(value.toLowerCase())) return `Expecting boolean value for flag ${name}, not: ${value}`;
    } else if (value === null) {
      return `Missing a value on flag: ${name}`;
    }
  }
  return undefined;
}

/** parseNameVal (ENV, LABEL): `name value` (old form) or `name=value …`; the problem Docker reports, or the pairs. */
export function readNameValues(keyword: 'ENV' | 'LABEL', rest: string): { pairs: Array<[string, string]> } | { problem: string } {
  const words = splitBlanks(rest);
  if (words.length === 0) return { problem: `${keyword} requires at least one argument` };
  if (!words[0]!.includes('=')) {
    const parts = rest.trim().split(/[\t\v\f\r\n ]+/);
    if (parts.length < 2) return { problem: `${keyword} must have two arguments` };
    const name = parts[0]!;
    return { pairs: [[name, rest.trim().slice(name.length).trim()]] };
  }
  const pairs: Array<[string, string]> = [];
  for (const word of quotedWords(rest)) {
    const eq = word.indexOf('=');
    if (eq < 0) return { problem: `Syntax error - can't find = in "${word}". Must be of the form: name=value` };
    if (eq === 0) return { problem: `${keyword} names can not be blank` };
    pairs.push([word.slice(0, eq), word.slice(eq + 1)]);
  }
  return { pairs };
}

/** parseWords: words split on blanks outside quotes, quotes and escapes kept (they are resolved later). */
export function quotedWords(rest: string, escape = '\\'): string[] {
  const words: string[] = [];
  let word = '';
  let quote = '';
  let inWord = false;
  for (let i = 0; i < rest.length; i++) {
    const c = rest[i]!;
    if (quote) {
      word += c;
      if (c === quote) quote = '';
      else if (c === escape && quote !== "'" && i + 1 < rest.length) word += rest[++i];
      continue;
    }
    if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
      continue;
    }
    inWord = true;
    word += c;
    if (c === '"' || c === "'") quote = c;
    else if (c === escape && i + 1 < rest.length) word += rest[++i];
  }
  if (inWord) words.push(word);
  return words;
}

/**
 * split_command.go extractBuilderFlags: the leading `--name[=value]` words of any instruction (quotes and
 * escapes resolved), up to the first other word or a bare `--`. dockerfile-ast finds flags only on the
 * instructions that take some; Docker finds them on all, and refuses the unknown ones.
 */
export function extractFlags(rest: string): { flags: FlagWritten[]; rest: string } {
  const flags: FlagWritten[] = [];
  let s = rest.replace(/^\s+/, '');
  while (s.startsWith('--')) {
    let word = '';
    let i = 0;
    let quote = '';
    for (; i < s.length; i++) {
      const c = s[i]!;
      if (quote) {
        if (c === quote) quote = '';
        else if (c === '\\' && i + 1 < s.length) word += s[++i];
        else word += c;
      } else if (/\s/.test(c)) {
        break;
      } else if (c === '"' || c === "'") {
        quote = c;
      } else if (c === '\\' && i + 1 < s.length) {
        word += s[++i];
      } else {
        word += c;
      }
    }
    s = s.slice(i).replace(/^\s+/, '');
    if (word === '--') break;
    const eq = word.indexOf('=');
    flags.push(eq < 0 ? { name: word.slice(2), value: null } : { name: word.slice(2, eq), value: word.slice(eq + 1) });
  }
  return { flags, rest: s };
}
