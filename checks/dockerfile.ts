// Pure analysis of the chapter's Dockerfile: facts from dockerfile-ast, then one judgement per contract check.
import { DockerfileParser, JSONInstruction, Keyword, ModifiableInstruction, type Instruction } from 'dockerfile-ast';
import type { Text } from '../src/engine/types.js';

/** One instruction as written. Lines are 1-based. */
export interface InstructionFact {
  /** Upper-case keyword as written (`from` → `FROM`), also for unknown words. */
  keyword: string;
  /** Exec (JSON) form: the JSON strings; otherwise the words after the keyword, flags left out, variables unexpanded. */
  args: string[];
  /** Flags as written, e.g. `--chown=1:1`. */
  flags: string[];
  /** The instruction on one line: keyword, flags, arguments (continuation lines joined). */
  text: string;
  line: number;
  endLine: number;
  known: boolean;
  /** Only for instructions that take a JSON array (RUN, CMD, ENTRYPOINT, ADD, COPY, SHELL, VOLUME). */
  form?: 'exec' | 'shell';
  /** Starts with `[` but is not a valid JSON array of strings, so Docker treats it as shell form. */
  jsonLike?: boolean;
}

export interface StageFact {
  from: InstructionFact;
  /** The image reference, variables expanded where the ARGs before it give values. */
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
  /** A `$` remains after expansion: an ARG without a value. */
  unresolved: boolean;
  /** Stage names walked through from the final FROM to this one, final first; empty when the final FROM names an image. */
  viaStages: Array<{ name: string; line: number }>;
  /** The final FROM itself (differs from `line` when it names a stage). */
  finalLine: number;
}

export interface AddFact {
  keyword: 'ADD' | 'COPY';
  line: number;
  sources: string[];
  dest?: string;
  /** `COPY --from=…`: copies out of another stage or image, not the build context. */
  fromStage?: string;
  heredoc: boolean;
  text: string;
}

export interface CommandFact {
  keyword: 'ENTRYPOINT' | 'CMD';
  line: number;
  form: 'exec' | 'shell';
  /** Exec form: the argv; shell form: the words as written. */
  args: string[];
  jsonLike: boolean;
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
  /** ADD, COPY and RUN in the final chain: each makes a filesystem layer above the base image. */
  layerInstructions: InstructionFact[];
  layerCounts: LayerCounts;
}

export interface Judgement {
  ok: boolean;
  message: Text;
  /** The 1-based line the message points at, when there is one. */
  line?: number;
}

const t = (en: string, zh: string): Text => ({ en, zh });
const KEYWORDS = new Set<string>(Object.values(Keyword));
const LAYER_KEYWORDS = new Set(['ADD', 'COPY', 'RUN']);
const DOCKER_HUB = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);

function instructionFact(ins: Instruction): InstructionFact {
  const keyword = ins.getKeyword();
  const range = ins.getRange();
  const flags = ins instanceof ModifiableInstruction ? ins.getFlags().map((f) => f.toString()) : [];
  const content = ins.getArgumentsContent() ?? '';
  const fact: InstructionFact = {
    keyword,
    args: ins.getArguments().map((a) => a.getValue()),
    flags,
    text: [ins.getInstruction().toUpperCase(), ...flags, content].filter((s) => s !== '').join(' '),
    line: range.start.line + 1,
    endLine: range.end.line + 1,
    known: KEYWORDS.has(keyword),
  };
  if (ins instanceof JSONInstruction) {
    const exec = ins.getOpeningBracket() !== null && ins.getClosingBracket() !== null ? parseJsonArray(content) : undefined;
    if (exec) {
      fact.form = 'exec';
      fact.args = exec;
    } else {
      fact.form = 'shell';
      fact.jsonLike = ins.getOpeningBracket() !== null;
    }
  }
  return fact;
}

// Docker's own rule: `[` … `]` that is valid JSON and all strings is exec form; anything else is shell form.
function parseJsonArray(content: string): string[] | undefined {
  try {
    const value: unknown = JSON.parse(content);
    if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value as string[];
  } catch {
    // not JSON: shell form
  }
  return undefined;
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

function addFact(ins: InstructionFact): AddFact {
  const words = [...ins.args];
  const dest = words.length >= 2 ? words.pop() : undefined;
  const fromFlag = ins.flags.find((f) => f.toLowerCase().startsWith('--from='));
  const fact: AddFact = {
    keyword: ins.keyword as 'ADD' | 'COPY',
    line: ins.line,
    sources: words,
    heredoc: words.some((w) => w.startsWith('<<')),
    text: ins.text,
  };
  if (dest !== undefined) fact.dest = dest;
  if (fromFlag) fact.fromStage = fromFlag.slice('--from='.length);
  return fact;
}

function commandFact(ins: InstructionFact): CommandFact {
  return {
    keyword: ins.keyword as 'ENTRYPOINT' | 'CMD',
    line: ins.line,
    form: ins.form ?? 'shell',
    args: ins.args,
    jsonLike: ins.jsonLike ?? false,
    text: ins.text,
  };
}

export function analyzeDockerfile(content: string): DockerfileFacts {
  const dockerfile = DockerfileParser.parse(content);
  const all = dockerfile.getInstructions();
  const instructions = all.map(instructionFact);
  const preamble: InstructionFact[] = [];
  const stages: StageFact[] = [];
  all.forEach((ins, i) => {
    const fact = instructions[i]!;
    if (fact.keyword === 'FROM') {
      const expanded = ins.getExpandedArguments().map((a) => a.getValue());
      const stage: StageFact = { from: fact, image: expanded[0] ?? '', instructions: [] };
      if (expanded.length === 3 && expanded[1]?.toUpperCase() === 'AS') stage.name = expanded[2]!.toLowerCase();
      stages.push(stage);
    } else if (stages.length === 0) {
      preamble.push(fact);
    } else {
      stages[stages.length - 1]!.instructions.push(fact);
    }
  });

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

  const facts: DockerfileFacts = {
    empty: instructions.length === 0,
    instructions,
    preamble,
    stages,
    finalChain,
    adds: [],
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
  for (const ins of finalChain.flatMap((s) => s.instructions)) {
    if (ins.keyword === 'ADD' || ins.keyword === 'COPY') facts.adds.push(addFact(ins));
    if (ins.keyword === 'ENTRYPOINT') facts.entrypoint = commandFact(ins);
    if (ins.keyword === 'CMD') facts.cmd = commandFact(ins);
    if (LAYER_KEYWORDS.has(ins.keyword)) {
      facts.layerInstructions.push(ins);
      facts.layerCounts[ins.keyword as 'ADD' | 'COPY' | 'RUN'] += 1;
      facts.layerCounts.total += 1;
    }
  }
  return facts;
}

const factsOf = (input: DockerfileFacts | string): DockerfileFacts =>
  typeof input === 'string' ? analyzeDockerfile(input) : input;

const short = (s: string, max = 80): string => (s.length > max ? `${s.slice(0, max - 1)}…` : s);
const jsonList = (args: readonly string[]): string => `[${args.map((a) => JSON.stringify(a)).join(', ')}]`;

/** `parses`: non-empty, known keywords only, FROM first (ARGs may precede it), every instruction has the arguments it needs. */
export function parses(input: DockerfileFacts | string): Judgement {
  const facts = factsOf(input);
  if (facts.empty) {
    return {
      ok: false,
      message: t(
        'expected a Dockerfile starting with FROM; saw no instructions at all (the file is empty or only comments)',
        '应为以 FROM 开头的 Dockerfile；实际上没有任何指令（文件为空或只有注释）',
      ),
    };
  }
  const problems: Array<{ line: number; en: string; zh: string }> = [];
  for (const ins of facts.instructions) {
    if (!ins.known) {
      problems.push({
        line: ins.line,
        en: `unknown instruction ${short(ins.keyword, 30)}`,
        zh: `未知指令 ${short(ins.keyword, 30)}`,
      });
    }
  }
  const firstNonArg = facts.preamble.find((ins) => ins.keyword !== 'ARG' && ins.known);
  if (facts.stages.length === 0) {
    const first = facts.instructions[0]!;
    problems.push({
      line: first.line,
      en: `no FROM instruction; expected FROM as the first instruction, saw ${short(first.text, 40)}`,
      zh: `没有 FROM 指令；第一条指令应为 FROM，实际为 ${short(first.text, 40)}`,
    });
  } else if (firstNonArg) {
    problems.push({
      line: firstNonArg.line,
      en: `${firstNonArg.keyword} before the first FROM (line ${facts.stages[0]!.from.line}); only ARG may come before FROM`,
      zh: `${firstNonArg.keyword} 出现在第一个 FROM（第 ${facts.stages[0]!.from.line} 行）之前；FROM 之前只允许 ARG`,
    });
  }
  for (const stage of facts.stages) {
    const n = stage.from.args.length;
    if (n === 0) {
      problems.push({ line: stage.from.line, en: 'FROM without an image', zh: 'FROM 缺少镜像名' });
    } else if (!(n === 1 || (n === 3 && stage.from.args[1]!.toUpperCase() === 'AS'))) {
      problems.push({
        line: stage.from.line,
        en: `FROM takes an image and optionally "AS name"; saw ${short(stage.from.text, 50)}`,
        zh: `FROM 只接受一个镜像名和可选的 "AS 名称"；实际为 ${short(stage.from.text, 50)}`,
      });
    }
  }
  for (const ins of facts.instructions) {
    if (!ins.known || ins.keyword === 'FROM') continue;
    if ((ins.keyword === 'ADD' || ins.keyword === 'COPY') && ins.args.length < 2) {
      problems.push({
        line: ins.line,
        en: `${ins.keyword} needs a source and a destination; saw ${ins.args.length} argument(s)`,
        zh: `${ins.keyword} 需要源和目标两个参数；实际有 ${ins.args.length} 个`,
      });
    } else if (ins.args.length === 0 && ins.form !== 'exec' && !['RUN', 'CMD', 'ENTRYPOINT'].includes(ins.keyword)) {
      problems.push({ line: ins.line, en: `${ins.keyword} without arguments`, zh: `${ins.keyword} 缺少参数` });
    }
  }
  if (problems.length > 0) {
    problems.sort((a, b) => a.line - b.line);
    return {
      ok: false,
      line: problems[0]!.line,
      message: t(
        `expected a Dockerfile Docker can parse; saw: ${problems.map((p) => `line ${p.line}: ${p.en}`).join('; ')}`,
        `应为 Docker 能解析的 Dockerfile；实际：${problems.map((p) => `第 ${p.line} 行：${p.zh}`).join('；')}`,
      ),
    };
  }
  const n = facts.instructions.length;
  const from = facts.stages[0]!.from.line;
  return {
    ok: true,
    line: from,
    message: t(
      `the Dockerfile parses: ${n} instruction(s), FROM on line ${from}`,
      `Dockerfile 可以解析：共 ${n} 条指令，FROM 在第 ${from} 行`,
    ),
  };
}

/** `fromNode12`: the final stage is built FROM node:12 (Docker Hub's library/node, tag 12, any digest). */
export function fromNode12(input: DockerfileFacts | string): Judgement {
  const facts = factsOf(input);
  const base = facts.base;
  if (!base) {
    return {
      ok: false,
      message: t('expected FROM node:12; saw no FROM instruction', '应为 FROM node:12；实际没有 FROM 指令'),
    };
  }
  const via =
    base.viaStages.length > 0
      ? {
          en: ` (line ${base.finalLine} builds on stage ${base.viaStages.map((s) => `"${s.name}"`).join(' ← ')})`,
          zh: `（第 ${base.finalLine} 行基于阶段 ${base.viaStages.map((s) => `"${s.name}"`).join(' ← ')}）`,
        }
      : { en: '', zh: '' };
  const shown = base.written === base.image ? base.image : `${base.written} (= ${base.image})`;
  if (base.unresolved) {
    return {
      ok: false,
      line: base.line,
      message: t(
        `line ${base.line}: expected FROM node:12; saw FROM ${base.written}, a variable with no value${via.en}`,
        `第 ${base.line} 行：应为 FROM node:12；实际为 FROM ${base.written}，其中的变量没有值${via.zh}`,
      ),
    };
  }
  const hub = base.registry === undefined || DOCKER_HUB.has(base.registry);
  const repoOk = base.repository === 'node' || base.repository === 'library/node';
  const ok = hub && repoOk && base.tag === '12';
  if (ok) {
    return {
      ok: true,
      line: base.line,
      message: t(
        `line ${base.line}: FROM ${shown}, the node:12 base image${via.en}`,
        `第 ${base.line} 行：FROM ${shown}，即基础镜像 node:12${via.zh}`,
      ),
    };
  }
  let why: Text;
  if (!hub) why = t(`, an image from registry ${base.registry}, not Docker Hub`, `，来自镜像仓库 ${base.registry}，不是 Docker Hub`);
  else if (!repoOk) why = t(`, a different image`, `，是另一个镜像`);
  else if (base.tag === undefined) why = t(' with no tag, which means node:latest', '，没有标签，即 node:latest');
  else why = t(`, tag ${base.tag} instead of 12`, `，标签是 ${base.tag} 而不是 12`);
  return {
    ok: false,
    line: base.line,
    message: t(
      `line ${base.line}: expected FROM node:12; saw FROM ${shown}${why.en}${via.en}`,
      `第 ${base.line} 行：应为 FROM node:12；实际为 FROM ${shown}${why.zh}${via.zh}`,
    ),
  };
}

// Docker resolves `./app.js` and `app.js` to the same file of the build context.
const isAppJsSource = (src: string): boolean => src === 'app.js' || src === './app.js';
/** Where a single app.js lands: `/app.js`, or `/` (a directory, so the file keeps its name). */
const isAppJsDest = (dest: string | undefined): boolean => dest === '/app.js' || dest === '/';

/** `addsAppJs`: an ADD or COPY of exactly app.js to /app.js. */
export function addsAppJs(input: DockerfileFacts | string): Judgement {
  const facts = factsOf(input);
  // ADD and COPY both put app.js into a new layer; the chapter uses ADD, COPY is the usual advice for local files.
  const match = facts.adds.find(
    (a) => !a.fromStage && !a.heredoc && a.sources.length === 1 && isAppJsSource(a.sources[0]!) && isAppJsDest(a.dest),
  );
  if (match) {
    return {
      ok: true,
      line: match.line,
      message: t(
        `line ${match.line}: ${short(match.text)} puts app.js at /app.js`,
        `第 ${match.line} 行：${short(match.text)} 把 app.js 放到 /app.js`,
      ),
    };
  }
  const fromLine = facts.base ? facts.base.finalLine : undefined;
  if (facts.adds.length === 0) {
    const where = fromLine ? { en: ` after FROM (line ${fromLine})`, zh: `（在第 ${fromLine} 行的 FROM 之后）` } : { en: '', zh: '' };
    return {
      ok: false,
      ...(fromLine ? { line: fromLine } : {}),
      message: t(
        `expected ADD app.js /app.js; saw no ADD or COPY${where.en}`,
        `应为 ADD app.js /app.js；实际没有 ADD 或 COPY${where.zh}`,
      ),
    };
  }
  const near = facts.adds.find((a) => a.sources.some(isAppJsSource)) ?? facts.adds[0]!;
  const seen = short(near.text);
  let why: Text;
  if (near.fromStage !== undefined) {
    why = t(
      `it copies from "${near.fromStage}", not from the build context`,
      `它从 "${near.fromStage}" 复制，而不是从构建上下文`,
    );
  } else if (near.heredoc) {
    why = t('it writes an inline here-document, not the app.js file', '它写入的是内联 here-document，而不是 app.js 文件');
  } else if (!near.sources.some(isAppJsSource)) {
    why = t(`it adds ${near.sources.join(' ') || 'nothing'}, not app.js`, `它添加的是 ${near.sources.join(' ') || '空'}，而不是 app.js`);
  } else if (near.sources.length > 1) {
    why = t(`it adds ${near.sources.length} sources, expected app.js alone`, `它添加了 ${near.sources.length} 个源，应只有 app.js`);
  } else if (near.dest !== undefined && !near.dest.startsWith('/')) {
    why = t(
      `the destination ${near.dest} is relative (it depends on WORKDIR); expected the absolute /app.js`,
      `目标 ${near.dest} 是相对路径（取决于 WORKDIR）；应为绝对路径 /app.js`,
    );
  } else {
    why = t(`app.js would land at ${near.dest ?? '?'}, not /app.js`, `app.js 会被放到 ${near.dest ?? '?'}，而不是 /app.js`);
  }
  return {
    ok: false,
    line: near.line,
    message: t(
      `line ${near.line}: expected ADD app.js /app.js; saw ${seen}: ${why.en}`,
      `第 ${near.line} 行：应为 ADD app.js /app.js；实际为 ${seen}：${why.zh}`,
    ),
  };
}

/** `node` or an absolute path to a binary named node, then `app.js` or `/app.js`. */
export function isNodeAppJs(argv: readonly string[]): boolean {
  if (argv.length !== 2) return false;
  const [bin, script] = argv as [string, string];
  const nodeOk = bin === 'node' || (bin.startsWith('/') && bin.endsWith('/node'));
  return nodeOk && (script === 'app.js' || script === '/app.js');
}

/** `entrypointExecNode`: the last ENTRYPOINT is exec form and runs node app.js. */
export function entrypointExecNode(input: DockerfileFacts | string): Judgement {
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
    return {
      ok: false,
      message: t(`expected ${expected}; saw no ENTRYPOINT`, `应为 ${expected}；实际没有 ENTRYPOINT`),
    };
  }
  if (ep.form === 'shell') {
    const invalid = ep.jsonLike
      ? {
          en: ' — it starts with [ but is not valid JSON (commas between the items, double quotes), so Docker takes it as shell form',
          zh: '——它以 [ 开头但不是合法的 JSON（元素之间要有逗号，要用双引号），所以 Docker 把它当作 shell 形式',
        }
      : { en: '', zh: '' };
    return {
      ok: false,
      line: ep.line,
      message: t(
        `line ${ep.line}: expected exec form ${expected}; saw shell form ${short(ep.text)}${invalid.en}: PID 1 would be /bin/sh -c, so the SIGTERM of docker stop never reaches node`,
        `第 ${ep.line} 行：应为 exec 形式 ${expected}；实际为 shell 形式 ${short(ep.text)}${invalid.zh}：1 号进程会是 /bin/sh -c，docker stop 发出的 SIGTERM 到不了 node`,
      ),
    };
  }
  if (!isNodeAppJs(ep.args)) {
    return {
      ok: false,
      line: ep.line,
      message: t(
        `line ${ep.line}: expected ${expected}; saw ENTRYPOINT ${jsonList(ep.args)}`,
        `第 ${ep.line} 行：应为 ${expected}；实际为 ENTRYPOINT ${jsonList(ep.args)}`,
      ),
    };
  }
  return {
    ok: true,
    line: ep.line,
    message: t(
      `line ${ep.line}: ENTRYPOINT ${jsonList(ep.args)} in exec form: node runs as PID 1`,
      `第 ${ep.line} 行：exec 形式的 ENTRYPOINT ${jsonList(ep.args)}：node 作为 1 号进程运行`,
    ),
  };
}
