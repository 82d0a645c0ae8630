// Pure reading of `docker history` (dockerode's image.history()) and RootFS layers, for the image-layers lab.
import type { Text } from '../src/engine/types.js';
import { posix } from 'node:path';
import type { LayerFacts } from '../src/engine/types.js';
import { isNodeAppJs } from './dockerfile.js';
import { quotedWords } from './dockerfile-syntax.js';

/** One entry of GET /images/{name}/history, newest first. */
export interface HistoryEntry {
  Id: string;
  Created?: number;
  CreatedBy: string;
  Tags?: string[] | null;
  Size: number;
  Comment?: string;
}

export type HistoryKind =
  | 'ADD'
  | 'COPY'
  | 'ENTRYPOINT'
  | 'CMD'
  | 'RUN'
  | 'ENV'
  | 'LABEL'
  | 'WORKDIR'
  | 'EXPOSE'
  | 'USER'
  | 'VOLUME'
  | 'ARG'
  | 'OTHER';

export interface HistoryLine {
  kind: HistoryKind;
  builder: 'legacy' | 'buildkit' | 'unknown';
  /** What follows the keyword; for RUN the command without its `/bin/sh -c` and build-arg prefix; for OTHER the whole line. */
  args: string;
  /** ADD/COPY sources; undefined when the legacy builder only recorded a content hash (`file:<sha>`). */
  sources?: string[];
  /** ADD/COPY of more than one source (legacy `multi:<sha>`, or several sources listed). */
  multiple?: boolean;
  dest?: string;
  /** ENTRYPOINT/CMD (and exec-form RUN) argv. */
  exec?: string[];
}

export interface ClassifiedEntry extends HistoryLine {
  entry: HistoryEntry;
}

const t = (en: string, zh: string): Text => ({ en, zh });
const KINDS = new Set<string>(['ADD', 'COPY', 'ENTRYPOINT', 'CMD', 'RUN', 'ENV', 'LABEL', 'WORKDIR', 'EXPOSE', 'USER', 'VOLUME', 'ARG']);
const OTHER_KEYWORDS = new Set(['FROM', 'HEALTHCHECK', 'MAINTAINER', 'ONBUILD', 'SHELL', 'STOPSIGNAL']);
const NOP = '#(nop)';
const BUILDKIT_SUFFIX = '# buildkit';
const BUILDKIT_COMMENT = 'buildkit.dockerfile.v0';
const isSpace = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\r';

function firstWord(s: string): [string, string] {
  const trimmed = s.trimStart();
  let i = 0;
  while (i < trimmed.length && !isSpace(trimmed[i])) i += 1;
  return [trimmed.slice(0, i), trimmed.slice(i).trimStart()];
}

function words(s: string): string[] {
  const out: string[] = [];
  let rest = s.trim();
  while (rest !== '') {
    const [w, r] = firstWord(rest);
    out.push(w);
    rest = r;
  }
  return out;
}

// `|2 A=1 B=2 /bin/sh -c …`: the build args a RUN saw, recorded by both builders ahead of the command.
function stripBuildArgs(s: string): string {
  if (!s.startsWith('|')) return s;
  const [count, rest] = firstWord(s);
  const n = Number(count.slice(1));
  if (!Number.isInteger(n) || n < 0) return s;
  let out = rest;
  for (let i = 0; i < n; i += 1) out = firstWord(out)[1];
  return out;
}

// `/bin/sh -c cmd` (or any absolute shell with -c) → `cmd`; leaves exec-form and other text alone.
function stripShell(s: string): string {
  const [shell, rest] = firstWord(s);
  const [flag, command] = firstWord(rest);
  return shell.startsWith('/') && flag === '-c' ? command : s;
}

const GO_ESCAPES: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', '"': '"', "'": "'" };

/** Docker prints an argv as Go's %q of a []string, `["node" "app.js"]` (no commas); undefined when not a bracketed list. */
export function parseDockerList(text: string): string[] | undefined {
  const s = text.trim();
  if (!s.startsWith('[') || !s.endsWith(']')) return undefined;
  const out: string[] = [];
  let i = 1;
  const end = s.length - 1;
  while (i < end) {
    const c = s[i]!;
    if (isSpace(c) || c === ',') {
      i += 1;
      continue;
    }
    if (c !== '"') {
      // a bare word (e.g. `VOLUME [/data]`): up to the next space
      let j = i;
      while (j < end && !isSpace(s[j]) && s[j] !== ',') j += 1;
      out.push(s.slice(i, j));
      i = j;
      continue;
    }
    let value = '';
    i += 1;
    while (i < end && s[i] !== '"') {
      const ch = s[i]!;
      if (ch !== '\\') {
        value += ch;
        i += 1;
        continue;
      }
      const esc = s[i + 1] ?? '';
      const hexLen = esc === 'x' ? 2 : esc === 'u' ? 4 : esc === 'U' ? 8 : 0;
      if (hexLen > 0) {
        const code = Number.parseInt(s.slice(i + 2, i + 2 + hexLen), 16);
        value += Number.isNaN(code) ? esc : String.fromCodePoint(code);
        i += 2 + hexLen;
      } else if (esc >= '0' && esc <= '7') {
        value += String.fromCharCode(Number.parseInt(s.slice(i + 1, i + 4), 8));
        i += 4;
      } else {
        value += GO_ESCAPES[esc] ?? esc;
        i += 2;
      }
    }
    out.push(value);
    i += 1;
  }
  return out;
}

function addCopyParts(args: string, legacy: boolean): Pick<HistoryLine, 'sources' | 'dest' | 'multiple'> {
  // Legacy: `file:<sha> in /app.js ` (also dir:, multi:); BuildKit: `[--flags] src… dest`.
  const inAt = legacy ? args.lastIndexOf(' in ') : -1;
  if (inAt >= 0) {
    const source = words(args.slice(0, inAt)).filter((w) => !w.startsWith('--'));
    const dest = args.slice(inAt + 4).trim();
    const hashed = source.length === 1 && ['file:', 'dir:', 'multi:'].some((p) => source[0]!.startsWith(p));
    const multiple = hashed ? source[0]!.startsWith('multi:') : source.length > 1;
    return { ...(hashed || source.length === 0 ? {} : { sources: source }), dest, ...(multiple ? { multiple } : {}) };
  }
  const list = parseDockerList(args);
  const parts = list ?? words(args).filter((w) => !w.startsWith('--'));
  if (parts.length < 2) return parts.length === 1 ? { dest: parts[0]! } : {};
  return { sources: parts.slice(0, -1), dest: parts[parts.length - 1]!, ...(parts.length > 2 ? { multiple: true } : {}) };
}

function fromInstruction(keyword: string, rest: string, builder: HistoryLine['builder'], legacy: boolean): HistoryLine {
  if (!KINDS.has(keyword)) {
    return { kind: 'OTHER', builder, args: rest === '' ? keyword : `${keyword} ${rest}` };
  }
  const kind = keyword as HistoryKind;
  const line: HistoryLine = { kind, builder, args: rest };
  if (kind === 'ADD' || kind === 'COPY') Object.assign(line, addCopyParts(rest, legacy));
  if (kind === 'ENTRYPOINT' || kind === 'CMD') {
    const exec = parseDockerList(rest);
    if (exec) line.exec = exec;
  }
  if (kind === 'RUN') {
    let command = rest;
    while (command.startsWith('--')) command = firstWord(command)[1]; // BuildKit's --mount=…, --network=…
    command = stripShell(stripBuildArgs(command));
    line.args = command;
    const exec = parseDockerList(command);
    if (exec) line.exec = exec;
  }
  return line;
}

/** Reads one `CreatedBy` line of either builder. */
export function classifyHistoryLine(createdBy: string, comment?: string): HistoryLine {
  let s = (createdBy ?? '').trim();
  let marked = comment === BUILDKIT_COMMENT;
  if (s.endsWith(BUILDKIT_SUFFIX)) {
    s = s.slice(0, -BUILDKIT_SUFFIX.length).trimEnd();
    marked = true;
  }
  if (s === '') return { kind: 'OTHER', builder: marked ? 'buildkit' : 'unknown', args: '' };

  // Legacy builder: `<shell> -c #(nop)  KEYWORD args` for everything but RUN.
  const nop = s.indexOf(NOP);
  if (nop >= 0 && !marked) {
    const [keyword, rest] = firstWord(s.slice(nop + NOP.length));
    return fromInstruction(keyword.toUpperCase(), rest, 'legacy', true);
  }
  // BuildKit (and other modern builders): the instruction as written, `KEYWORD args`.
  const [word, rest] = firstWord(s);
  if (word === word.toUpperCase() && (KINDS.has(word) || OTHER_KEYWORDS.has(word))) {
    return fromInstruction(word, rest, marked ? 'buildkit' : 'unknown', false);
  }
  // Legacy RUN: `[|N K=V …] /bin/sh -c command`.
  return fromInstruction('RUN', s, marked ? 'buildkit' : 'legacy', true);
}

export const classifyEntry = (entry: HistoryEntry): ClassifiedEntry => ({
  ...classifyHistoryLine(entry.CreatedBy, entry.Comment),
  entry,
});

export type AboveBase =
  | { ok: true; /** Newest first, like the history itself. */ above: HistoryEntry[] }
  | { ok: false; message: Text };

/** The image's entries above its base: the base's history must be the image's bottom entries (same CreatedBy, and Created when both have it). */
export function entriesAboveBase(
  imageHistory: readonly HistoryEntry[],
  baseHistory: readonly HistoryEntry[],
  baseRef = 'node:12',
): AboveBase {
  const n = imageHistory.length;
  const b = baseHistory.length;
  if (b === 0) {
    return { ok: false, message: t(`the history of ${baseRef} is empty; cannot tell its entries apart`, `${baseRef} 的历史为空，无法区分哪些条目属于它`) };
  }
  if (n < b) {
    return {
      ok: false,
      message: t(
        `the image is not built FROM ${baseRef}: it has ${n} history entries, fewer than the ${b} of ${baseRef}`,
        `该镜像不是 FROM ${baseRef} 构建的：它只有 ${n} 条历史，少于 ${baseRef} 的 ${b} 条`,
      ),
    };
  }
  for (let i = 0; i < b; i += 1) {
    const mine = imageHistory[n - b + i]!;
    const theirs = baseHistory[i]!;
    const sameCmd = (mine.CreatedBy ?? '') === (theirs.CreatedBy ?? '');
    const sameTime = mine.Created === undefined || theirs.Created === undefined || mine.Created === theirs.Created;
    if (!sameCmd || !sameTime) {
      const fromBottom = b - i;
      const seen = describeRaw(mine);
      const want = describeRaw(theirs);
      return {
        ok: false,
        message: t(
          `the image is not built FROM ${baseRef}: its history entry ${fromBottom} from the bottom should be ${baseRef}'s "${want}", saw "${seen}"`,
          `该镜像不是 FROM ${baseRef} 构建的：它自底向上第 ${fromBottom} 条历史应为 ${baseRef} 的 "${want}"，实际为 "${seen}"`,
        ),
      };
    }
  }
  return { ok: true, above: imageHistory.slice(0, n - b) };
}

const clip = (s: string, max = 60): string => (s.length > max ? `${s.slice(0, max - 1)}…` : s);
const describeRaw = (e: HistoryEntry): string => clip(e.CreatedBy || e.Comment || '(empty)');
const argv = (list: readonly string[]): string => `[${list.map((a) => JSON.stringify(a)).join(', ')}]`;

/** A short, builder-neutral description: `ADD app.js /app.js`, `ADD <file> /app.js`, `ENTRYPOINT ["node", "app.js"]`. */
export function describeHistoryLine(line: HistoryLine): string {
  if (line.kind === 'ADD' || line.kind === 'COPY') {
    return `${line.kind} ${line.sources ? line.sources.join(' ') : line.multiple ? '<files>' : '<file>'} ${line.dest ?? '?'}`;
  }
  if ((line.kind === 'ENTRYPOINT' || line.kind === 'CMD') && line.exec) return `${line.kind} ${argv(line.exec)}`;
  if (line.kind === 'OTHER') return clip(line.args || '(empty)');
  return clip(`${line.kind} ${line.args}`);
}

const isShellWrapped = (exec: readonly string[] | undefined): boolean =>
  exec !== undefined && exec.length === 3 && exec[0]!.startsWith('/') && exec[1] === '-c';

/**
 * The ADD/COPY of app.js as /app.js, judged on what both builders record alike: one source (legacy `file:`
 * or `dir:`, BuildKit one path) put at /app.js, or into the root directory. The source's name is left out:
 * the legacy builder records only a hash of it (the dockerfile lab judges the source).
 */
export function addsAppJsEntry(line: HistoryLine, workdir = '/'): boolean {
  if ((line.kind !== 'ADD' && line.kind !== 'COPY') || line.multiple || line.dest === undefined) return false;
  const dest = line.dest;
  const resolved = posix.normalize(dest.startsWith('/') ? dest : posix.join(workdir, dest));
  const isDir = dest.endsWith('/') || dest === '.' || resolved === '/';
  return isDir ? resolved === '/' : resolved === '/app.js';
}

// The history shows the command as written; where its script lands is the dockerfile lab's to judge.
const isNodeEntrypoint = (line: HistoryLine): boolean => line.kind === 'ENTRYPOINT' && line.exec !== undefined && !isShellWrapped(line.exec) && isNodeAppJs(line.exec);

const labelPairs = (args: string): Array<[string, string]> =>
  quotedWords(args).map((word) => {
    const eq = word.indexOf('=');
    const unquote = (s: string) => s.replace(/^(["'])(.*)\1$/, '$2');
    return eq < 0 ? [unquote(word), ''] : [unquote(word.slice(0, eq)), unquote(word.slice(eq + 1))];
  });

/**
 * The history without the LABEL entries a build's `--label` options made (the legacy builder and Buildah
 * record one per label, on top): exactly the given labels, each once, and nothing a Dockerfile wrote itself.
 */
export function withoutBuildLabels(history: readonly HistoryEntry[], labels: Readonly<Record<string, string>>): HistoryEntry[] {
  const left = new Map(Object.entries(labels));
  let start = 0;
  while (start < history.length) {
    const line = classifyHistoryLine(history[start]!.CreatedBy, history[start]!.Comment);
    const pairs = line.kind === 'LABEL' ? labelPairs(line.args) : [];
    if (pairs.length === 0 || !pairs.every(([k, v]) => left.get(k) === v)) break;
    for (const [k] of pairs) left.delete(k);
    start++;
  }
  return history.slice(start);
}

export interface LayersInput {
  /** image.history() of the built image, newest first. */
  history: readonly HistoryEntry[];
  /** image.history() of the base image. */
  baseHistory: readonly HistoryEntry[];
  /** image.inspect().RootFS.Layers of the built image, base first. */
  rootfsLayers?: readonly string[];
  baseRootfsLayers?: readonly string[];
  /** How to name the base in messages; default `node:12`. */
  baseRef?: string;
  /** The base image's WORKDIR, where a relative ADD destination starts; `/` when empty. */
  baseWorkdir?: string;
}

export interface LayersJudgement {
  ok: boolean;
  message: Text;
  /** The entries above the base, newest first, classified. */
  above: ClassifiedEntry[];
  /** The image's bottom entries are not the base's: it was not built FROM that base. */
  notFromBase?: boolean;
}

const dir = (workdir: string | undefined): string => (workdir ? posix.normalize(workdir.startsWith('/') ? workdir : `/${workdir}`) : '/');

/** The WORKDIR in force at each entry above the base, newest first, as WORKDIR entries below it set it. */
function workdirsOf(above: readonly ClassifiedEntry[], baseWorkdir: string): string[] {
  const out: string[] = new Array<string>(above.length);
  let current = baseWorkdir;
  for (let i = above.length - 1; i >= 0; i--) {
    out[i] = current;
    const entry = above[i]!;
    if (entry.kind === 'WORKDIR' && entry.args !== '') current = posix.normalize(entry.args.startsWith('/') ? entry.args : posix.join(current, entry.args));
  }
  return out;
}

/** image-layers: exactly the ADD of app.js then ENTRYPOINT above the base, and exactly one more RootFS layer. */
export function judgeLayers(input: LayersInput): LayersJudgement {
  const baseRef = input.baseRef ?? 'node:12';
  const split = entriesAboveBase(input.history, input.baseHistory, baseRef);
  if (!split.ok) return { ok: false, message: split.message, above: [], notFromBase: true };

  const above = split.above.map(classifyEntry);
  const workdirs = workdirsOf(above, dir(input.baseWorkdir));
  const problems: Text[] = [];
  const buildOrder = [...above].reverse().map(describeHistoryLine);
  const seenList = buildOrder.length > 0 ? buildOrder.join(', ') : '(none)';
  const seenListZh = buildOrder.length > 0 ? buildOrder.join('，') : '（无）';
  if (above.length !== 2) {
    problems.push(
      t(
        `expected 2 history entries above ${baseRef} (ADD app.js, then ENTRYPOINT); saw ${above.length}: ${seenList}`,
        `${baseRef} 之上应有 2 条历史（先 ADD app.js，再 ENTRYPOINT）；实际有 ${above.length} 条：${seenListZh}`,
      ),
    );
  }
  const top = above[0];
  if (top) {
    if (top.kind !== 'ENTRYPOINT') {
      problems.push(t(`expected ENTRYPOINT on top; saw ${describeHistoryLine(top)}`, `最上面应为 ENTRYPOINT；实际为 ${describeHistoryLine(top)}`));
    } else if (isShellWrapped(top.exec)) {
      problems.push(
        t(
          `expected ENTRYPOINT ["node", "app.js"] on top; saw ${describeHistoryLine(top)}, the shell form wrapped in /bin/sh -c`,
          `最上面应为 ENTRYPOINT ["node", "app.js"]；实际为 ${describeHistoryLine(top)}，即包在 /bin/sh -c 里的 shell 形式`,
        ),
      );
    } else if (!isNodeEntrypoint(top)) {
      problems.push(
        t(`expected ENTRYPOINT ["node", "app.js"] on top; saw ${describeHistoryLine(top)}`, `最上面应为 ENTRYPOINT ["node", "app.js"]；实际为 ${describeHistoryLine(top)}`),
      );
    }
    const under = above[1];
    if (!under) {
      problems.push(t('expected the ADD of app.js under the ENTRYPOINT; saw nothing there', 'ENTRYPOINT 之下应为 ADD app.js；实际什么也没有'));
    } else if (!addsAppJsEntry(under, workdirs[1])) {
      problems.push(
        t(
          `expected the ADD (or COPY) that puts app.js at /app.js under the top entry; saw ${describeHistoryLine(under)}`,
          `最上面一条之下应为把 app.js 放到 /app.js 的 ADD（或 COPY）；实际为 ${describeHistoryLine(under)}`,
        ),
      );
    }
  }

  // Without RootFS layers this judges the history alone; judgeRootfs judges the layers apart.
  const mine = input.rootfsLayers;
  const base = input.baseRootfsLayers;
  if (mine && base) problems.push(...rootfsProblems(mine, base, baseRef));

  if (problems.length > 0) {
    return { ok: false, above, message: { en: problems.map((p) => p.en).join('; '), zh: problems.map((p) => p.zh).join('；') } };
  }
  return {
    ok: true,
    above,
    message: t(
      `2 history entries above ${baseRef}: ${buildOrder.join(', then ')} on top` +
        (mine && base ? `; ${mine.length} filesystem layers, 1 more than ${baseRef}'s ${base.length}` : ''),
      `${baseRef} 之上有 2 条历史：先 ${buildOrder.join('，再 ')}（位于最上面）` +
        (mine && base ? `；共 ${mine.length} 个文件系统层，比 ${baseRef} 的 ${base.length} 个多 1 个` : ''),
    ),
  };
}

// WORKDIR makes a layer too when it creates its directory (both builders).
const MAKES_LAYER = new Set<HistoryKind>(['ADD', 'COPY', 'RUN', 'WORKDIR']);

/**
 * The facts the layers picture is drawn from (CONTRACT "HTML reports"), the same for both builders. Which
 * entries made a filesystem layer is not in the history itself: entries with a size did; of ADD/COPY/RUN/
 * WORKDIR with none, as many as RootFS has layers left over (BuildKit keeps an empty RUN layer, legacy does not).
 */
export function layerFacts(input: LayersInput & { baseSize: number; fileInstructions?: ReadonlyArray<{ keyword: string; sources?: readonly string[] }> }): LayerFacts | undefined {
  const split = entriesAboveBase(input.history, input.baseHistory, input.baseRef);
  if (!split.ok) return undefined;
  const above = split.above.map(classifyEntry);
  const workdirs = workdirsOf(above, dir(input.baseWorkdir));
  const extraLayers = (input.rootfsLayers?.length ?? 0) - (input.baseRootfsLayers?.length ?? 0);
  const makesLayer = above.map((e) => e.entry.Size > 0);
  let missing = extraLayers - makesLayer.filter(Boolean).length;
  for (let i = above.length - 1; i >= 0 && missing > 0; i--) {
    if (!makesLayer[i] && MAKES_LAYER.has(above[i]!.kind)) {
      makesLayer[i] = true;
      missing--;
    }
  }
  const entrypointAt = above.findIndex(isNodeEntrypoint);
  const adds = above.map((e, i) => addsAppJsEntry(e, workdirs[i]));
  const addAt = adds.lastIndexOf(true);
  // The legacy builder records a hash for an ADD's source; where the file's instructions line up one to one
  // with the entries (oldest first), the file names it, so both builders draw `ADD app.js /app.js`.
  const file = input.fileInstructions;
  const aligned = file !== undefined && file.length === above.length && [...above].reverse().every((e, i) => e.kind === file[i]!.keyword);
  const instruction = (e: ClassifiedEntry, i: number): string => {
    const written = aligned ? file[above.length - 1 - i]! : undefined;
    if (written?.sources && written.sources.length > 0 && (e.kind === 'ADD' || e.kind === 'COPY') && !e.sources) {
      return describeHistoryLine({ ...e, sources: [...written.sources] });
    }
    return describeHistoryLine(e);
  };
  return {
    base: { ref: input.baseRef ?? 'node:12', entries: input.baseHistory.length, layers: input.baseRootfsLayers?.length ?? 0, size: input.baseSize },
    above: above.map((e, i) => ({
      createdBy: e.entry.CreatedBy,
      instruction: instruction(e, i),
      size: e.entry.Size,
      makesLayer: makesLayer[i]!,
      expected: i === entrypointAt || i === addAt,
    })),
  };
}

/** Problems with the image's filesystem layers: the base's at the bottom, exactly one more on top. */
export function rootfsProblems(mine: readonly string[], base: readonly string[], baseRef = 'node:12'): Text[] {
  const problems: Text[] = [];
  const mismatch = base.findIndex((layer, i) => mine[i] !== layer);
  if (mismatch >= 0) {
    problems.push(
      t(
        `expected ${baseRef}'s ${base.length} filesystem layer(s) at the bottom of the image's; layer ${mismatch + 1} differs`,
        `镜像最底部应为 ${baseRef} 的 ${base.length} 个文件系统层；第 ${mismatch + 1} 层不同`,
      ),
    );
  } else if (mine.length - base.length !== 1) {
    problems.push(
      t(
        `expected 1 filesystem layer more than the base, saw ${mine.length - base.length} (${base.length} in ${baseRef}, ${mine.length} in the image)`,
        `应比基础镜像多 1 个文件系统层，实际多 ${mine.length - base.length} 个（${baseRef} 有 ${base.length} 个，镜像有 ${mine.length} 个）`,
      ),
    );
  }
  return problems;
}

/** The RootFS half of judgeLayers, for a check of its own. */
export function judgeRootfs(mine: readonly string[], base: readonly string[], baseRef = 'node:12'): { ok: boolean; message: Text } {
  const problems = rootfsProblems(mine, base, baseRef);
  if (problems.length > 0) return { ok: false, message: { en: problems.map((p) => p.en).join('; '), zh: problems.map((p) => p.zh).join('；') } };
  return {
    ok: true,
    message: t(`${mine.length} filesystem layers: ${baseRef}'s ${base.length} and 1 more`, `共 ${mine.length} 个文件系统层：${baseRef} 的 ${base.length} 个，再加 1 个`),
  };
}
