// `parses`: what Docker's parser refuses (BuildKit's parser/parser.go and instructions/parse.go, which the legacy
// builder shares), checked line by line; a build of the file in this run has the last word.
import { flagProblem, quotedWords, readNameValues } from './dockerfile-syntax.js';
import { factsOf, short, text as t, type DockerfileFacts, type InstructionFact, type Judgement } from './dockerfile.js';

interface Problem {
  line: number;
  /** Docker's own words where Docker has them. */
  en: string;
  zh: string;
}

const STAGE_NAME = /^[a-z][a-z0-9-_.]*$/;
// Go's time.ParseDuration, as HEALTHCHECK's flags take it.
const DURATION = /^[-+]?(?:0|(?:(?:\d+\.?\d*|\.\d+)(?:ns|us|µs|ms|s|m|h))+)$/;
const MS: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1e3, m: 6e4, h: 3.6e6 };
const durationMs = (s: string): number => [...s.matchAll(/(\d+\.?\d*|\.\d+)(ns|us|µs|ms|s|m|h)/g)].reduce((sum, m) => sum + Number(m[1]) * MS[m[2]!]!, 0);

const refused = (line: number, message: string): Problem => ({ line, en: message, zh: `Docker 拒绝解析：${message}` });

/** The problem Docker's instruction parser (parse.go) reports for one instruction, or undefined. */
export function instructionProblem(ins: InstructionFact): Problem | undefined {
  const { keyword, line, rest, args } = ins;
  const say = (message: string) => refused(line, message);
  if (!ins.known) return { line, en: `unknown instruction: ${short(keyword, 30)}`, zh: `未知指令 ${short(keyword, 30)}` };
  if (ins.notStrings) return say('when using JSON array syntax, arrays must be comprised of strings only');
  if (keyword === 'ENV' || keyword === 'LABEL') {
    const read = readNameValues(keyword, rest);
    if ('problem' in read) return say(read.problem);
  }
  const flags = flagProblem(keyword, ins.flagList);
  if (flags) return say(flags);
  switch (keyword) {
    case 'FROM':
      if (!(args.length === 1 || (args.length === 3 && args[1]!.toUpperCase() === 'AS'))) {
        return { line, en: `FROM requires either one or three arguments (an image and optionally "AS name"); saw ${short(ins.text, 50)}`, zh: `FROM 只接受一个镜像名和可选的 "AS 名称"；实际为 ${short(ins.text, 50)}` };
      }
      if (args.length === 3 && !STAGE_NAME.test(args[2]!.toLowerCase())) return say(`invalid name for build stage: "${args[2]}", name can't start with a number or contain symbols`);
      return undefined;
    case 'ADD':
    case 'COPY':
      return args.length < 2 ? say(`${keyword} requires at least two arguments, but only one was provided. Destination could not be determined`) : undefined;
    case 'ARG': {
      const words = quotedWords(rest);
      if (words.length === 0) return say('ARG requires at least one argument');
      return words.some((w) => w.startsWith('=')) ? say('ARG names can not be blank') : undefined;
    }
    case 'EXPOSE':
    case 'ONBUILD':
      if (rest === '') return say(`${keyword} requires at least one argument`);
      if (keyword === 'ONBUILD') {
        const trigger = (args[0] ?? '').toUpperCase();
        if (trigger === 'ONBUILD') return say('Chaining ONBUILD via `ONBUILD ONBUILD` isn\'t allowed');
        if (trigger === 'MAINTAINER' || trigger === 'FROM') return say(`${trigger} isn't allowed as an ONBUILD trigger`);
      }
      return undefined;
    case 'VOLUME':
      if (rest === '' || (ins.form === 'exec' && args.length === 0)) return say('VOLUME requires at least one argument');
      return args.some((a) => a.trim() === '') ? say('VOLUME specified can not be an empty string') : undefined;
    case 'MAINTAINER':
    case 'WORKDIR':
    case 'USER':
    case 'STOPSIGNAL':
      return rest === '' ? say(`${keyword} requires exactly one argument`) : undefined;
    case 'SHELL':
      if (ins.form !== 'exec') return rest === '' ? say('SHELL requires at least one argument') : say('SHELL requires the arguments to be in JSON form');
      return args.length === 0 ? say('SHELL requires at least one argument') : undefined;
    case 'HEALTHCHECK':
      return healthcheckProblem(ins, say);
    default:
      return undefined;
  }
}

function healthcheckProblem(ins: InstructionFact, say: (message: string) => Problem): Problem | undefined {
  const words = ins.args;
  if (words.length === 0) return say('HEALTHCHECK requires at least one argument');
  const type = words[0]!.toUpperCase();
  if (type === 'NONE') return words.length > 1 ? say('HEALTHCHECK NONE takes no arguments') : undefined;
  if (type !== 'CMD') return say(`Unknown type "${type}" in HEALTHCHECK (try CMD)`);
  const command = ins.rest.replace(/^\S+\s*/, '');
  if (command === '' || /^\[\s*\]$/.test(command)) return say('Missing command after HEALTHCHECK CMD');
  for (const { name, value } of ins.flagList) {
    if (value === null || value === '') continue;
    if (name === 'retries') {
      if (!/^[-+]?\d+$/.test(value)) return say(`strconv.ParseInt: parsing "${value}": invalid syntax`);
      if (Number(value) < 1) return say(`--retries must be at least 1 (not ${Number(value)})`);
    } else {
      if (/^\d+(?:\.\d*)?$/.test(value) && value !== '0') return say(`time: missing unit in duration "${value}"`);
      if (!DURATION.test(value)) return say(`time: invalid duration "${value}"`);
      if (durationMs(value) < 1) return say(`Interval "${name}" cannot be less than 1ms`);
    }
  }
  return undefined;
}

/** Everything Docker refuses in the file, by line. */
export function parseProblems(facts: DockerfileFacts): Problem[] {
  if (facts.directives.problem) {
    const { line, message } = facts.directives.problem;
    return [refused(line + 1, message)];
  }
  const problems: Problem[] = [];
  for (const ins of facts.instructions) {
    const problem = instructionProblem(ins);
    if (problem) problems.push(problem);
  }
  // instructions/parse.go: before the first FROM only ARG may stand ("no build stage in current context").
  const stray = facts.preamble.find((ins) => ins.keyword !== 'ARG' && ins.known);
  if (facts.stages.length === 0) {
    const first = facts.instructions[0]!;
    problems.push({
      line: first.line,
      en: `no FROM instruction; expected FROM as the first instruction, saw ${short(first.text, 40)}`,
      zh: `没有 FROM 指令；第一条指令应为 FROM，实际为 ${short(first.text, 40)}`,
    });
  } else if (stray) {
    problems.push({
      line: stray.line,
      en: `${stray.keyword} before the first FROM (line ${facts.stages[0]!.from.line}); only ARG may come before FROM (Docker: no build stage in current context)`,
      zh: `${stray.keyword} 出现在第一个 FROM（第 ${facts.stages[0]!.from.line} 行）之前；FROM 之前只允许 ARG`,
    });
  }
  return problems.sort((a, b) => a.line - b.line);
}

/** What a build of this very file in this run said: its verdict stands over the reading of the file. */
export interface BuildEvidence {
  ok: boolean;
  /** The build's output (stdout and stderr), where Docker names a parse error. */
  output: string;
  command: string;
}

// What Docker prints when its parser refuses a Dockerfile; BuildKit wraps the parser's own errors in the LLB step.
const PARSE_ERRORS = [/dockerfile parse error (?:on )?line (\d+): ([^\n]+)/, /failed to parse Dockerfile: ([^\n]+)/];
const PARSER_WORDS = /must have two arguments|can't find = in|arrays must be comprised of strings only|escape token|parser directive can be used|file with no instructions|no build stage in current context|names can not be blank/;

/** Docker's words when its parser refused the file, with the line when it names one; undefined for other failures. */
export function parseErrorOf(output: string): { line?: number; message: string } | undefined {
  const withLine = PARSE_ERRORS[0]!.exec(output);
  if (withLine) return { line: Number(withLine[1]), message: withLine[2]!.trim() };
  const plain = PARSE_ERRORS[1]!.exec(output);
  if (plain) return { message: plain[1]!.trim() };
  const llb = /failed to create LLB definition: ([^\n]+)/.exec(output);
  if (llb && PARSER_WORDS.test(llb[1]!)) return { message: llb[1]!.trim() };
  return undefined;
}

/** `parses`: non-empty, known instructions with what each needs, FROM first (ARGs may precede it); a build in this run decides. */
export function parses(input: DockerfileFacts | string, build?: BuildEvidence): Judgement {
  const facts = factsOf(input);
  if (facts.empty) {
    return {
      ok: false,
      message: t(
        'expected a Dockerfile starting with FROM; saw no instructions at all (the file is empty or only comments; Docker: file with no instructions)',
        '应为以 FROM 开头的 Dockerfile；实际上没有任何指令（文件为空或只有注释；Docker：file with no instructions）',
      ),
    };
  }
  const problems = parseProblems(facts);
  const refusal = build && !build.ok ? parseErrorOf(build.output) : undefined;
  if (problems.length === 0 && refusal) {
    const line = refusal.line ?? facts.stages[0]?.from.line;
    const at = refusal.line ? { en: `line ${refusal.line}: `, zh: `第 ${refusal.line} 行：` } : { en: '', zh: '' };
    return {
      ok: false,
      ...(line !== undefined ? { line } : {}),
      message: t(`${at.en}expected a Dockerfile Docker can parse; ${build!.command} refused it: ${refusal.message}`, `${at.zh}应为 Docker 能解析的 Dockerfile；${build!.command} 拒绝了它：${refusal.message}`),
    };
  }
  // A file Docker built has been parsed, whatever labcheck's reading of it says.
  if (problems.length > 0 && !build?.ok) {
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
  const from = facts.stages[0]?.from.line ?? facts.instructions[0]!.line;
  const built = build?.ok ? { en: `; ${build.command} parsed and built it`, zh: `；${build.command} 解析并构建了它` } : { en: '', zh: '' };
  return {
    ok: true,
    line: from,
    message: t(`the Dockerfile parses: ${n} instruction(s), FROM on line ${from}${built.en}`, `Dockerfile 可以解析：共 ${n} 条指令，FROM 在第 ${from} 行${built.zh}`),
  };
}
