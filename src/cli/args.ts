import { parseArgs } from 'node:util';
import { UsageError } from '../engine/errors.js';
import type { Mode } from '../engine/types.js';

export const COMMANDS = ['list', 'check', 'run', 'solve', 'selftest', 'doctor', 'clean'] as const;
export type Command = (typeof COMMANDS)[number];

export interface CliOptions {
  command: Command | 'help' | 'version';
  labs: string[];
  workdir?: string;
  json?: string;
  junit?: string;
  noJunit: boolean;
  lang?: string;
  port: number;
  registry?: string;
  timeoutMs: number;
  debug: boolean;
  /** `list --json` takes no file. */
  listJson: boolean;
  /** `check --watch`: keep checking as the student works; `--no-clear` keeps every frame. */
  watch: boolean;
  noClear: boolean;
}

export const DEFAULT_PORT = 1234;
export const DEFAULT_TIMEOUT_MS = 30_000;

export const USAGE = `Usage: labcheck <command> [LAB...] [options]

Commands:
  list [--json]        the chapter's labs: ids, sections, titles
  check    [LAB...]    inspect the live state you made by hand; creates and removes nothing
  run      [LAB...]    grade: perform each lab's steps on fixtures/ or --workdir, check, clean up
  solve    [LAB...]    perform the steps with the chapter's own names and leave the result
  selftest [LAB...]    for lab authors: checks fail before solve, pass after, cleanup leaves nothing
  doctor               verify the environment: CLI, engine, API version, pull, port, disk
  clean                remove everything labcheck created (by label), nothing else

Options:
  --workdir DIR        your app.js + Dockerfile (default: the bundled fixtures/)
  --json FILE|-        write the JSON report (- for stdout)
  --junit FILE         write JUnit XML (default reports/junit.xml); --no-junit to skip
  --lang en|zh         language of titles, messages and hints (default LABCHECK_LANG, then the locale)
  --port N             host port for run-container (default 1234; 0 = any free port)
  --registry HOST:PORT push target (run: a throwaway registry:2 of its own)
  --timeout MS         deadline of each check (default 30000)
  --watch              check: keep checking as you work (keys: r re-check, f not passed only, l language, q quit)
  --no-clear           with --watch: keep each state under the last instead of redrawing in place
  --debug              show stack traces of internal errors
  -h, --help           this help
  -v, --version        labcheck's version

Exit codes: 0 all passed, 1 a check failed, 2 usage or input error, 3 environment error,
            4 a bug in labcheck, 130 interrupted.`;

function integer(name: string, value: string | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max}; got "${value}"`);
  }
  return Number(value);
}

/** Parses argv (without node and the script). Usage mistakes are UsageErrors with one clear line. */
export function parseCli(argv: readonly string[]): CliOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        workdir: { type: 'string' },
        json: { type: 'string' },
        junit: { type: 'string' },
        'no-junit': { type: 'boolean', default: false },
        lang: { type: 'string' },
        port: { type: 'string' },
        registry: { type: 'string' },
        timeout: { type: 'string' },
        debug: { type: 'boolean', default: false },
        watch: { type: 'boolean', default: false },
        'no-clear': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
        version: { type: 'boolean', short: 'v', default: false },
      },
    });
  } catch (e) {
    // `list --json` has no value; parseArgs then complains that --json needs one.
    if (argv[0] === 'list' && argv.includes('--json')) return parseCli(argv.filter((a) => a !== '--json').concat('--json=-'));
    throw new UsageError(`${(e as Error).message.split('\n')[0]} (see labcheck --help)`);
  }
  const { values, positionals } = parsed;
  const [first, ...labs] = positionals;
  const base = {
    labs,
    workdir: values.workdir,
    json: values.json,
    junit: values.junit,
    noJunit: Boolean(values['no-junit']),
    lang: values.lang,
    port: integer('port', values.port, DEFAULT_PORT, 0, 65535),
    registry: values.registry,
    timeoutMs: integer('timeout', values.timeout, DEFAULT_TIMEOUT_MS, 1, 3_600_000),
    debug: Boolean(values.debug),
    listJson: false,
    watch: Boolean(values.watch),
    noClear: Boolean(values['no-clear']),
  };
  if (values.lang !== undefined && values.lang !== 'en' && values.lang !== 'zh') {
    throw new UsageError(`--lang must be en or zh; got "${values.lang}"`);
  }
  if (values.registry !== undefined && !/^[a-z0-9.-]+(:\d+)?(\/[a-z0-9._-]+)?$/i.test(values.registry)) {
    throw new UsageError(`--registry must be HOST[:PORT][/NAMESPACE]; got "${values.registry}"`);
  }
  if (values.version) return { ...base, command: 'version' };
  if (values.help || first === undefined || first === 'help') return { ...base, command: 'help' };
  if (!(COMMANDS as readonly string[]).includes(first)) {
    throw new UsageError(`unknown command "${first}"; expected one of ${COMMANDS.join(', ')} (see labcheck --help)`);
  }
  const command = first as Command;
  if (base.watch && command !== 'check') throw new UsageError(`--watch goes with check only; got "${command}" (see labcheck --help)`);
  if (base.noClear && !base.watch) throw new UsageError('--no-clear goes with check --watch only (see labcheck --help)');
  if (base.watch && (base.json !== undefined || base.junit !== undefined)) {
    throw new UsageError('check --watch writes no report files: run check without --watch for --json or --junit');
  }
  if (command === 'list') return { ...base, command, listJson: values.json !== undefined, json: undefined };
  return { ...base, command };
}

/** The report's mode for a grading command. */
export const modeOf = (command: Command): Mode =>
  command === 'check' || command === 'solve' || command === 'selftest' ? command : 'run';
