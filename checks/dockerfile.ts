// The chapter's Dockerfile read the way Docker reads it (dockerfile-ast for the structure, checks/dockerfile-syntax.ts
// where Docker decides otherwise), then one judgement per contract check. Where Docker's own result tells more
// than the file (the build's verdict, the image's config and layers), a judgement takes it as evidence and follows it.
import { posix } from 'node:path';
import { DockerfileParser, Keyword, ModifiableInstruction, type Instruction } from 'dockerfile-ast';
import type { Text } from '../src/engine/types.js';
import {
  extractFlags,
  quotedWords,
  readDirectives,
  readJson,
  readNameValues,
  shellWord,
  splitBlanks,
  type Directives,
  type FlagWritten,
} from './dockerfile-syntax.js';

/** One instruction as Docker reads it. Lines are 1-based. */
export interface InstructionFact {
  /** Upper-case keyword as written (`from` → `FROM`), also for unknown words. */
  keyword: string;
  /** Exec (JSON) form: the JSON strings; otherwise the words as Docker splits them (on blanks), as written. */
  args: string[];
  /** Flags as written, e.g. `--chown=1:1`. */
  flags: string[];
  flagList: FlagWritten[];
  /** What follows the keyword and flags, continuation lines joined. */
  rest: string;
  /** The instruction on one line: keyword, flags, arguments (continuation lines joined). */
  text: string;
  line: number;
  endLine: number;
  known: boolean;
  /** Only for instructions that take a JSON array (RUN, CMD, ENTRYPOINT, ADD, COPY, SHELL, VOLUME). */
  form?: 'exec' | 'shell';
  /** Starts with `[` but is not a valid JSON array of strings, so Docker treats it as shell form. */
  jsonLike?: boolean;
  /** Exec form with text after the JSON array (e.g. `# comment`): how Docker reads it depends on its version. */
  trailing?: string;
  /** A JSON array with values other than strings: Docker refuses the file. */
  notStrings?: boolean;
}

export interface StageFact {
  from: InstructionFact;
  /** The image reference, variables expanded where the ARGs before FROM give values. */
  image: string;
  /** `AS name`, lower-cased as Docker matches it. */
  name?: string;
  /** The instructions after this FROM, up to the next FROM. */
  instructions: InstructionFact[];
}

/** The final stage's base image, followed through stage names (`FROM build`) to a real image. */
export interface BaseImageFact {
  line: number;
  /** The reference as written on that line, e.g. `node:${V}`. */
  written: string;
  /** With variables expanded, e.g. `node:12`. */
  image: string;
  registry?: string;
  repository: string;
  tag?: string;
  digest?: string;
  /** A variable without a value remains: an ARG without a default. */
  unresolved: boolean;
  /** Stage names walked through from the final FROM to this one, final first; empty when the final FROM names an image. */
  viaStages: Array<{ name: string; line: number }>;
  /** The final FROM itself (differs from `line` when it names a stage). */
  finalLine: number;
}

export interface AddFact {
  keyword: 'ADD' | 'COPY';
  line: number;
  /** Sources after Docker's word processing (quotes removed, variables expanded). */
  sources: string[];
  dest?: string;
  /** The WORKDIR a relative destination is resolved against. */
  workdir: string;
  /** Where a single source lands in the image (absolute), when it can be told. */
  landing?: string;
  /** `COPY --from=…`: copies out of another stage or image, not the build context. */
  fromStage?: string;
  heredoc: boolean;
  /** Variables whose value labcheck cannot know (from the base image, or build arguments). */
  unknownVars: string[];
  text: string;
}

export interface CommandFact {
  keyword: 'ENTRYPOINT' | 'CMD';
  line: number;
  form: 'exec' | 'shell';
  /** Exec form: the argv; shell form: the words as written. */
  args: string[];
  jsonLike: boolean;
  /** Text after the JSON array, which Docker reads differently by version. */
  trailing?: string;
  /** The whole argument text (what shell form runs under /bin/sh -c). */
  rest: string;
  text: string;
}

export interface LayerCounts {
  ADD: number;
  COPY: number;
  RUN: number;
  total: number;
}

export interface DockerfileFacts {
  /** No instructions at all (blank, or comments only). */
  empty: boolean;
  directives: Directives;
  instructions: InstructionFact[];
  /** Instructions before the first FROM (only ARG is allowed there). */
  preamble: InstructionFact[];
  stages: StageFact[];
  /** The chain of stages the final image is built from, base first, final last. */
  finalChain: StageFact[];
  base?: BaseImageFact;
  /** ADD and COPY in the final chain, in order. */
  adds: AddFact[];
  /** The last ENTRYPOINT / CMD in the final chain (later stages inherit the earlier ones'). */
  entrypoint?: CommandFact;
  cmd?: CommandFact;
  /** The WORKDIR the container starts in: the last WORKDIR of the final chain, else the base image's. */
  workdir: string;
  /** ADD, COPY and RUN in the final chain: each makes a filesystem layer above the base image. */
  layerInstructions: InstructionFact[];
  layerCounts: LayerCounts;
}

export interface AnalyzeOptions {
  /** The base image's WORKDIR (Config.WorkingDir), where relative destinations start; `/` when unknown or empty. */
  baseWorkdir?: string;
}

export interface Judgement {
  ok: boolean;
  message: Text;
  /** The 1-based line the message points at, when there is one. */
  line?: number;
  /** Neither passed nor failed: what Docker makes of the file cannot be told from what labcheck could see. */
  undetermined?: boolean;
}

const t = (en: string, zh: string): Text => ({ en, zh });
const KEYWORDS = new Set<string>(Object.values(Keyword));
const JSON_KEYWORDS = new Set(['ADD', 'COPY', 'CMD', 'ENTRYPOINT', 'RUN', 'SHELL', 'VOLUME']);
const LAYER_KEYWORDS = new Set(['ADD', 'COPY', 'RUN']);
const DOCKER_HUB = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);

function instructionFact(ins: Instruction): InstructionFact {
  const keyword = ins.getKeyword();
  const range = ins.getRange();
  // dockerfile-ast keeps a newline where Docker drops an empty continuation line; Docker never sees one.
  const content = (ins.getArgumentsContent() ?? '').replace(/\r?\n/g, ' ').trim();
  // dockerfile-ast takes flags only where an instruction has some; Docker takes them on every instruction.
  const astFlags = ins instanceof ModifiableInstruction ? ins.getFlags() : [];
  const own = astFlags.length === 0 ? extractFlags(content) : undefined;
  const flagList: FlagWritten[] = own?.flags ?? astFlags.map((f) => ({ name: f.getName(), value: f.getValue() }));
  const flags = own ? own.flags.map((f) => `--${f.name}${f.value === null ? '' : `=${f.value}`}`) : astFlags.map((f) => f.toString());
  const rest = own?.rest ?? content;
  const fact: InstructionFact = {
    keyword,
    args: splitBlanks(rest),
    flags,
    flagList,
    rest,
    text: [ins.getInstruction().toUpperCase(), ...flags, rest].filter((s) => s !== '').join(' '),
    line: range.start.line + 1,
    endLine: range.end.line + 1,
    known: KEYWORDS.has(keyword),
  };
  if (JSON_KEYWORDS.has(keyword) || keyword === 'HEALTHCHECK') {
    const json = readJson(keyword === 'HEALTHCHECK' ? rest.replace(/^\S+\s*/, '') : rest);
    if (json.form === 'exec') {
      fact.form = 'exec';
      if (keyword !== 'HEALTHCHECK') fact.args = json.argv;
      if (json.trailing !== '') fact.trailing = json.trailing;
    } else {
      fact.form = 'shell';
      if (json.form === 'not-strings') fact.notStrings = true;
      else if (/^\s*\[/.test(rest)) fact.jsonLike = true;
    }
  }
  return fact;
}

/** Splits an image reference the way Docker does: [registry/]repository[:tag][@digest]. */
export function parseImageRef(ref: string): { registry?: string; repository: string; tag?: string; digest?: string } {
  let rest = ref;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let registry: string | undefined;
  const slash = rest.indexOf('/');
  if (slash >= 0) {
    const first = rest.slice(0, slash);
    if (first.includes('.') || first.includes(':') || first === 'localhost') {
      registry = first;
      rest = rest.slice(slash + 1);
    }
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  const out: { registry?: string; repository: string; tag?: string; digest?: string } = { repository: rest };
  if (registry !== undefined) out.registry = registry;
  if (tag !== undefined) out.tag = tag;
  if (digest !== undefined) out.digest = digest;
  return out;
}

/** What a stage knows while Docker works through it: variables for expansion and the WORKDIR. */
interface StageState {
  env: Map<string, string>;
  workdir: string;
}

const absolute = (workdir: string, path: string): string => posix.normalize(path.startsWith('/') ? path : posix.join(workdir, path));
const hasGlob = (s: string): boolean => /[*?[]/.test(s);

/** Where a single source lands: into a directory destination under its own name, else at the destination. */
function landingOf(source: string, dest: string, workdir: string): string {
  const resolved = absolute(workdir, dest);
  const isDir = dest.endsWith('/') || dest === '.' || resolved === '/';
  return isDir ? posix.join(resolved, posix.basename(source)) : resolved;
}

function addFact(ins: InstructionFact, state: StageState, escape: '\\' | '`'): AddFact {
  const processed = ins.args.map((w) => shellWord(w, state.env, escape));
  const words = processed.map((w) => w.value);
  const dest = words.length >= 2 ? words.pop() : undefined;
  const from = ins.flagList.find((f) => f.name.toLowerCase() === 'from');
  const fact: AddFact = {
    keyword: ins.keyword as 'ADD' | 'COPY',
    line: ins.line,
    sources: words,
    workdir: state.workdir,
    heredoc: ins.args.some((w) => w.startsWith('<<')),
    unknownVars: [...new Set(processed.flatMap((w) => w.unknown))],
    text: ins.text,
  };
  if (dest !== undefined) fact.dest = dest;
  if (from) fact.fromStage = from.value ?? '';
  if (dest !== undefined && words.length === 1 && !hasGlob(words[0]!)) fact.landing = landingOf(words[0]!, dest, state.workdir);
  return fact;
}

function commandFact(ins: InstructionFact): CommandFact {
  const fact: CommandFact = {
    keyword: ins.keyword as 'ENTRYPOINT' | 'CMD',
    line: ins.line,
    form: ins.form ?? 'shell',
    args: ins.args,
    jsonLike: ins.jsonLike ?? false,
    rest: ins.rest,
    text: ins.text,
  };
  if (ins.trailing !== undefined) fact.trailing = ins.trailing;
  return fact;
}

/** ARG and ENV (and WORKDIR) as Docker applies them to the variables and the working directory of a stage. */
function apply(ins: InstructionFact, state: StageState, globals: ReadonlyMap<string, string>, escape: '\\' | '`'): void {
  if (ins.keyword === 'ARG') {
    for (const word of quotedWords(ins.rest, escape)) {
      const eq = word.indexOf('=');
      const name = eq < 0 ? word : word.slice(0, eq);
      if (name === '') continue;
      state.env.set(name, eq < 0 ? (globals.get(name) ?? '') : shellWord(word.slice(eq + 1), state.env, escape).value);
    }
  } else if (ins.keyword === 'ENV') {
    const read = readNameValues('ENV', ins.rest);
    if ('pairs' in read) for (const [k, v] of read.pairs) state.env.set(k, shellWord(v, state.env, escape).value);
  } else if (ins.keyword === 'WORKDIR' && ins.rest !== '') {
    state.workdir = absolute(state.workdir, shellWord(ins.rest, state.env, escape).value);
  }
}

/**
 * dockerfile-ast honours an `escape` directive Docker ignores (one after an unknown directive): such lines are
 * blanked to a bare comment so both read the same escape character, and every line keeps its number.
 */
function parseAsDocker(content: string, directives: Directives) {
  const parsed = DockerfileParser.parse(content);
  if (parsed.getEscapeCharacter() === directives.escape) return parsed;
  const lines = content.split('\n');
  const honoured = new Set(directives.lines);
  const neutral = lines.map((line, i) => (!honoured.has(i) && /^\ufeff?\s*#\s*escape\s*=/i.test(line) ? '#' : line));
  return DockerfileParser.parse(neutral.join('\n'));
}

export function analyzeDockerfile(content: string, options: AnalyzeOptions = {}): DockerfileFacts {
  const directives = readDirectives(content);
  const escape = directives.escape;
  const all = parseAsDocker(content, directives).getInstructions();
  const instructions = all.map(instructionFact);
  const preamble: InstructionFact[] = [];
  const stages: StageFact[] = [];
  // ARGs before the first FROM: their defaults expand FROM lines and are what `ARG NAME` in a stage inherits.
  const globals = new Map<string, string>();
  for (const fact of instructions) {
    if (fact.keyword === 'FROM') {
      const words = fact.args;
      const image = shellWord(words[0] ?? '', globals, escape);
      const stage: StageFact = { from: fact, image: image.unknown.length > 0 ? `${image.value}$` : image.value, instructions: [] };
      if (words.length === 3 && words[1]!.toUpperCase() === 'AS') stage.name = words[2]!.toLowerCase();
      stages.push(stage);
    } else if (stages.length === 0) {
      preamble.push(fact);
      if (fact.keyword === 'ARG') apply(fact, { env: globals, workdir: '/' }, globals, escape);
    } else {
      stages[stages.length - 1]!.instructions.push(fact);
    }
  }

  // Walk from the final stage down through `FROM <stage name>` to the stage that names a real image.
  const finalChain: StageFact[] = [];
  const viaStages: Array<{ name: string; line: number }> = [];
  let index = stages.length - 1;
  while (index >= 0) {
    const stage = stages[index]!;
    finalChain.unshift(stage);
    const wanted = stage.image.toLowerCase();
    let parent = index - 1;
    while (parent >= 0 && stages[parent]!.name !== wanted) parent -= 1;
    if (parent < 0) break;
    viaStages.push({ name: wanted, line: stage.from.line });
    index = parent;
  }

  const baseWorkdir = options.baseWorkdir ? absolute('/', options.baseWorkdir) : '/';
  const facts: DockerfileFacts = {
    empty: instructions.length === 0,
    directives,
    instructions,
    preamble,
    stages,
    finalChain,
    adds: [],
    workdir: baseWorkdir,
    layerInstructions: [],
    layerCounts: { ADD: 0, COPY: 0, RUN: 0, total: 0 },
  };
  const root = finalChain[0];
  const last = stages[stages.length - 1];
  if (root && last) {
    const ref = parseImageRef(root.image);
    facts.base = {
      line: root.from.line,
      written: root.from.args[0] ?? '',
      image: root.image,
      ...ref,
      unresolved: root.image.includes('$'),
      viaStages,
      finalLine: last.from.line,
    };
  }
  // One state through the whole chain: a stage built on another inherits its variables and WORKDIR.
  const state: StageState = { env: new Map(), workdir: baseWorkdir };
  for (const ins of finalChain.flatMap((s) => s.instructions)) {
    if (ins.keyword === 'ADD' || ins.keyword === 'COPY') facts.adds.push(addFact(ins, state, escape));
    if (ins.keyword === 'ENTRYPOINT') {
      facts.entrypoint = commandFact(ins);
      // Docker drops an inherited CMD when the Dockerfile sets ENTRYPOINT.
      delete facts.cmd;
    }
    if (ins.keyword === 'CMD') facts.cmd = commandFact(ins);
    if (LAYER_KEYWORDS.has(ins.keyword)) {
      facts.layerInstructions.push(ins);
      facts.layerCounts[ins.keyword as 'ADD' | 'COPY' | 'RUN'] += 1;
      facts.layerCounts.total += 1;
    }
    apply(ins, state, globals, escape);
  }
  facts.workdir = state.workdir;
  return facts;
}

const factsOf = (input: DockerfileFacts | string): DockerfileFacts => (typeof input === 'string' ? analyzeDockerfile(input) : input);

const short = (s: string, max = 80): string => (s.length > max ? `${s.slice(0, max - 1)}…` : s);
const jsonList = (args: readonly string[]): string => `[${args.map((a) => JSON.stringify(a)).join(', ')}]`;

export { short, jsonList, t as text, DOCKER_HUB, factsOf, absolute };

// Docker resolves `./app.js`, `/app.js` and `app.js` to the same file of the build context.
export const contextPath = (src: string): string => posix.normalize(`/${src}`).slice(1);
// A file named app.js from the build context (`src/app.js` too: the app is the file, wherever the folder keeps it); not a URL.
const isAppJsSource = (src: string): boolean => !/^[a-z][a-z0-9+.-]*:\/\//i.test(src) && posix.basename(contextPath(src)) === 'app.js';

/** `addsAppJs`: an ADD or COPY of exactly app.js that lands at /app.js. */
export function addsAppJs(input: DockerfileFacts | string): Judgement {
  const facts = factsOf(input);
  // ADD and COPY both put app.js into a new layer; the chapter uses ADD, COPY is the usual advice for local files.
  const match = facts.adds.find((a) => !a.fromStage && !a.heredoc && a.unknownVars.length === 0 && a.sources.length === 1 && isAppJsSource(a.sources[0]!) && a.landing === '/app.js');
  if (match) {
    const where = match.dest === '/app.js' ? '' : ` (${match.dest} in ${match.workdir})`;
    return {
      ok: true,
      line: match.line,
      message: t(
        `line ${match.line}: ${short(match.text)} puts app.js at /app.js${where}`,
        `第 ${match.line} 行：${short(match.text)} 把 app.js 放到 /app.js${where === '' ? '' : `（${match.dest}，位于 ${match.workdir}）`}`,
      ),
    };
  }
  const fromLine = facts.base ? facts.base.finalLine : undefined;
  if (facts.adds.length === 0) {
    const where = fromLine ? { en: ` after FROM (line ${fromLine})`, zh: `（在第 ${fromLine} 行的 FROM 之后）` } : { en: '', zh: '' };
    return {
      ok: false,
      ...(fromLine ? { line: fromLine } : {}),
      message: t(`expected ADD app.js /app.js; saw no ADD or COPY${where.en}`, `应为 ADD app.js /app.js；实际没有 ADD 或 COPY${where.zh}`),
    };
  }
  const near = facts.adds.find((a) => a.sources.some(isAppJsSource)) ?? facts.adds[0]!;
  const seen = short(near.text);
  let why: Text;
  if (near.fromStage !== undefined) {
    why = t(`it copies from "${near.fromStage}", not from the build context`, `它从 "${near.fromStage}" 复制，而不是从构建上下文`);
  } else if (near.heredoc) {
    why = t('it writes an inline here-document, not the app.js file', '它写入的是内联 here-document，而不是 app.js 文件');
  } else if (near.unknownVars.length > 0) {
    const vars = near.unknownVars.map((v) => `$${v}`).join(', ');
    why = t(`it uses ${vars}, whose value is not in the Dockerfile`, `它用到了 ${vars}，其值不在 Dockerfile 中`);
  } else if (!near.sources.some(isAppJsSource)) {
    why = t(`it adds ${near.sources.join(' ') || 'nothing'}, not app.js`, `它添加的是 ${near.sources.join(' ') || '空'}，而不是 app.js`);
  } else if (near.sources.length > 1) {
    why = t(`it adds ${near.sources.length} sources, expected app.js alone`, `它添加了 ${near.sources.length} 个源，应只有 app.js`);
  } else {
    const relative = near.dest !== undefined && !near.dest.startsWith('/') ? { en: ` (${near.dest} is relative to WORKDIR ${near.workdir})`, zh: `（${near.dest} 相对于 WORKDIR ${near.workdir}）` } : { en: '', zh: '' };
    why = t(`app.js would land at ${near.landing ?? near.dest ?? '?'}${relative.en}, not /app.js`, `app.js 会被放到 ${near.landing ?? near.dest ?? '?'}${relative.zh}，而不是 /app.js`);
  }
  return {
    ok: false,
    line: near.line,
    message: t(`line ${near.line}: expected ADD app.js /app.js; saw ${seen}: ${why.en}`, `第 ${near.line} 行：应为 ADD app.js /app.js；实际为 ${seen}：${why.zh}`),
  };
}

/** `node` or an absolute path to a binary named node, then a script that is app.js where it was put (`/app.js`), seen from the working directory. */
export function isNodeAppJs(argv: readonly string[], workdir = '/', appJs = '/app.js'): boolean {
  if (argv.length !== 2) return false;
  const [bin, script] = argv as [string, string];
  const nodeOk = bin === 'node' || (bin.startsWith('/') && bin.endsWith('/node'));
  return nodeOk && absolute(workdir, script) === appJs;
}

/** What the image built from the file says its command is (Config.Entrypoint, Config.WorkingDir). */
export interface CommandEvidence {
  entrypoint: readonly string[] | null;
  workdir: string;
  /** The image was built from this very file in this run (otherwise it is only the image of the chapter's name). */
  fromThisFile: boolean;
}

const isShellWrap = (argv: readonly string[] | null): boolean => argv !== null && argv.length === 3 && argv[0]!.startsWith('/') && argv[1] === '-c';

/** `entrypointExecNode`: the last ENTRYPOINT is exec form and runs node app.js; the image built from it decides what Docker read. */
export function entrypointExecNode(input: DockerfileFacts | string, image?: CommandEvidence): Judgement {
  const facts = factsOf(input);
  const ep = facts.entrypoint;
  const expected = 'ENTRYPOINT ["node", "app.js"]';
  if (!ep) {
    if (facts.cmd) {
      const cmd = facts.cmd;
      return {
        ok: false,
        line: cmd.line,
        message: t(
          `line ${cmd.line}: expected ${expected}; saw only ${short(cmd.text)}: CMD is a default that any arguments to docker run replace, the chapter fixes the command with ENTRYPOINT`,
          `第 ${cmd.line} 行：应为 ${expected}；实际只有 ${short(cmd.text)}：CMD 只是默认值，docker run 后面的参数会替换它，本章用 ENTRYPOINT 固定要运行的命令`,
        ),
      };
    }
    return { ok: false, message: t(`expected ${expected}; saw no ENTRYPOINT`, `应为 ${expected}；实际没有 ENTRYPOINT`) };
  }
  // The exec reading of a line with text after its JSON array is older Docker's; newer Docker reads shell form.
  const trailing = ep.form === 'exec' && ep.trailing !== undefined;
  let form = ep.form;
  let workdir = facts.workdir;
  let decided = !trailing;
  if (image) {
    const asShell = isShellWrap(image.entrypoint);
    const asExec = !asShell && ep.form === 'exec' && image.entrypoint !== null && image.entrypoint.join('\0') === ep.args.join('\0');
    // An image of the chapter's name in check mode may be older than the file: it speaks only where it matches a reading.
    if (asShell || asExec || image.fromThisFile) {
      if (asShell || asExec) form = asShell ? 'shell' : 'exec';
      decided = true;
    }
    if (image.fromThisFile && image.workdir !== '') workdir = image.workdir;
  }
  if (!decided) {
    return {
      ok: false,
      undetermined: true,
      line: ep.line,
      message: t(
        `line ${ep.line}: ${short(ep.text)} has "${short(ep.trailing!, 30)}" after its JSON array: Docker releases before mid-2024 run it in exec form, newer ones in shell form; build the image to let Docker decide, or put the comment on a line of its own`,
        `第 ${ep.line} 行：${short(ep.text)} 的 JSON 数组后面还有 "${short(ep.trailing!, 30)}"：2024 年年中以前的 Docker 版本按 exec 形式运行它，更新的版本按 shell 形式；请先构建镜像让 Docker 决定，或把注释单独放一行`,
      ),
    };
  }
  if (form === 'shell') {
    const why = ep.jsonLike
      ? {
          en: ' — it starts with [ but is not valid JSON (commas between the items, double quotes), so Docker takes it as shell form',
          zh: '——它以 [ 开头但不是合法的 JSON（元素之间要有逗号，要用双引号），所以 Docker 把它当作 shell 形式',
        }
      : ep.form === 'exec'
        ? { en: ` — the image shows Docker took it as shell form, because of "${short(ep.trailing ?? '', 30)}" after the JSON array`, zh: `——镜像显示 Docker 把它当作 shell 形式，原因是 JSON 数组后面的 "${short(ep.trailing ?? '', 30)}"` }
        : { en: '', zh: '' };
    return {
      ok: false,
      line: ep.line,
      message: t(
        `line ${ep.line}: expected exec form ${expected}; saw shell form ${short(ep.text)}${why.en}: PID 1 would be /bin/sh -c, so the SIGTERM of docker stop never reaches node`,
        `第 ${ep.line} 行：应为 exec 形式 ${expected}；实际为 shell 形式 ${short(ep.text)}${why.zh}：1 号进程会是 /bin/sh -c，docker stop 发出的 SIGTERM 到不了 node`,
      ),
    };
  }
  // The script is looked up from the WORKDIR the container starts in: it must be app.js where the file put it.
  const appJs = facts.adds.find((a) => !a.fromStage && a.sources.length === 1 && isAppJsSource(a.sources[0]!) && a.landing)?.landing ?? '/app.js';
  if (!isNodeAppJs(ep.args, workdir, appJs)) {
    const runs = ep.args.length === 2 && ep.args[1] && posix.basename(ep.args[1]) === 'app.js' ? absolute(workdir, ep.args[1]) : undefined;
    const script = runs
      ? { en: `: started in WORKDIR ${workdir}, node would run ${runs}, while app.js is at ${appJs}`, zh: `：容器从 WORKDIR ${workdir} 启动，node 会运行 ${runs}，而 app.js 在 ${appJs}` }
      : { en: '', zh: '' };
    return {
      ok: false,
      line: ep.line,
      message: t(`line ${ep.line}: expected ${expected}; saw ENTRYPOINT ${jsonList(ep.args)}${script.en}`, `第 ${ep.line} 行：应为 ${expected}；实际为 ENTRYPOINT ${jsonList(ep.args)}${script.zh}`),
    };
  }
  const note = trailing ? { en: ' (the image shows Docker read it so, despite the text after the array)', zh: '（镜像显示 Docker 就是这样读取的，尽管数组后面还有文字）' } : { en: '', zh: '' };
  return {
    ok: true,
    line: ep.line,
    message: t(
      `line ${ep.line}: ENTRYPOINT ${jsonList(ep.args)} in exec form: node runs as PID 1${note.en}`,
      `第 ${ep.line} 行：exec 形式的 ENTRYPOINT ${jsonList(ep.args)}：node 作为 1 号进程运行${note.zh}`,
    ),
  };
}
