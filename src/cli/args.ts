import { parseArgs } from 'node:util';
import { UsageError } from '../engine/errors.js';
import type { Mode } from '../engine/types.js';

export const COMMANDS = ['list', 'check', 'run', 'solve', 'selftest', 'doctor', 'clean', 'grade', 'merge', 'init'] as const;
export type Command = (typeof COMMANDS)[number];

export interface CliOptions {
  command: Command | 'help' | 'version';
  labs: string[];
  workdir?: string;
  json?: string;
  junit?: string;
  noJunit: boolean;
  /** `--summary FILE`: the Markdown job summary. */
  summary?: string;
  lang?: string;
  port: number;
  registry?: string;
  timeoutMs: number;
  debug: boolean;
  /** `list --json` takes no file. */
  listJson: boolean;
  /** `--html FILE`: the student's page (run, check, solve, selftest). */
  html?: string;
  /** `--gradescope FILE`: Gradescope's results.json (run). */
  gradescope?: string;
  /** grade and merge: where the class's files go. */
  out?: string;
  /** grade: submissions graded at once. */
  jobs: number;
  /** grade: each submission's deadline, in seconds. */
  submissionTimeoutS: number;
  force: boolean;
  only?: string[];
  shard?: string;
  csvFormat?: string;
  assignment?: string;
  noHtml: boolean;
  /** `check --watch`: keep checking as the student works; `--no-clear` keeps every frame. */
  watch: boolean;
  noClear: boolean;
}

export const DEFAULT_PORT = 1234;
export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_CLASS_OUT = 'reports/class';
// Measured on this 2-core machine (see README, "Grading a class"): past 3 at once, builds and app starts only queue.
export const DEFAULT_JOBS = 3;
/** A submission's deadline: well past the slowest honest grading (a silent app waits out its checks' deadlines). */
export const DEFAULT_SUBMISSION_TIMEOUT_S = 300;

export const USAGE = `Usage: labcheck <command> [LAB...] [options]

Commands:
  list [--json]        the chapter's labs: ids, sections, titles
  check    [LAB...]    inspect the live state you made by hand; creates and removes nothing
  run      [LAB...]    grade: perform each lab's steps on fixtures/ or --workdir, check, clean up
  solve    [LAB...]    perform the steps with the chapter's own names and leave the result
  selftest [LAB...]    for lab authors: checks fail before solve, pass after, cleanup leaves nothing
  doctor               verify the environment: CLI, engine, API version, pull, port, disk
  clean                remove everything labcheck created (by label), nothing else
  grade CLASS_DIR      teachers: grade every submission of a class (one folder per student, or an LMS zip)
  merge OUT_DIR...     teachers: one class report from the --out folders of shards (--out required)
  init [DIR]           teachers: a student repository template with CI files (never overwrites)

Options:
  --workdir DIR        your app.js + Dockerfile (default: the bundled fixtures/)
  --json FILE|-        write the JSON report (- for stdout)
  --junit FILE         write JUnit XML (default reports/junit.xml); --no-junit to skip
  --summary FILE       write a Markdown summary (in GitHub Actions it also goes to the job summary)
  --html FILE          write a page to open in a browser: the checks and a picture of the image's layers
  --gradescope FILE    (run) write Gradescope's autograder results.json
  --lang en|zh         language of titles, messages and hints (default LABCHECK_LANG, then the locale)
  --port N             host port for run-container (default 1234; 0 = any free port)
  --registry HOST:PORT push target (run: a throwaway registry:2 of its own)
  --timeout MS         deadline of each check (default 30000)
  --watch              check: keep checking as you work (keys: r re-check, f not passed only, l language, q quit)
  --no-clear           with --watch: keep each state under the last instead of redrawing in place
  --debug              show stack traces of internal errors

Class grading (grade, merge):
  --out DIR            where the class's files go (default reports/class)
  --jobs N             submissions graded at once (default 3)
  --submission-timeout S  each submission's deadline in seconds (default 300)
  --force              grade every submission again (default: only new, changed or unfinished ones)
  --only ID,ID         grade just these students
  --shard I/N          grade shard I of N (split by a hash of the student id; merge the shards after)
  --csv-format F       plain (default), canvas or moodle
  --assignment NAME    the gradebook column's name (default labcheck)
  --no-html            no class.html and student pages
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
        summary: { type: 'string' },
        lang: { type: 'string' },
        port: { type: 'string' },
        registry: { type: 'string' },
        timeout: { type: 'string' },
        debug: { type: 'boolean', default: false },
        html: { type: 'string' },
        gradescope: { type: 'string' },
        out: { type: 'string' },
        jobs: { type: 'string' },
        'submission-timeout': { type: 'string' },
        force: { type: 'boolean', default: false },
        only: { type: 'string' },
        shard: { type: 'string' },
        'csv-format': { type: 'string' },
        assignment: { type: 'string' },
        'no-html': { type: 'boolean', default: false },
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
    summary: values.summary,
    lang: values.lang,
    port: integer('port', values.port, DEFAULT_PORT, 0, 65535),
    registry: values.registry,
    timeoutMs: integer('timeout', values.timeout, DEFAULT_TIMEOUT_MS, 1, 3_600_000),
    debug: Boolean(values.debug),
    listJson: false,
    html: values.html,
    gradescope: values.gradescope,
    out: values.out,
    jobs: integer('jobs', values.jobs, DEFAULT_JOBS, 1, 64),
    submissionTimeoutS: integer('submission-timeout', values['submission-timeout'], DEFAULT_SUBMISSION_TIMEOUT_S, 1, 86_400),
    force: Boolean(values.force),
    only: values.only === undefined ? undefined : values.only.split(',').filter((id) => id !== ''),
    shard: values.shard,
    csvFormat: values['csv-format'],
    assignment: values.assignment,
    noHtml: Boolean(values['no-html']),
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
  refuseOptionsOutside(command, values);
  if (base.watch && command !== 'check') throw new UsageError(`--watch goes with check only; got "${command}" (see labcheck --help)`);
  if (base.noClear && !base.watch) throw new UsageError('--no-clear goes with check --watch only (see labcheck --help)');
  if (base.watch && (base.json !== undefined || base.junit !== undefined)) {
    throw new UsageError('check --watch writes no report files: run check without --watch for --json or --junit');
  }
  if (command === 'list') return { ...base, command, listJson: values.json !== undefined, json: undefined };
  if (command === 'grade' && labs.length !== 1) throw new UsageError(`grade takes one CLASS_DIR (a folder of one folder per student, or an LMS zip); got ${labs.length}`);
  if (command === 'merge' && (labs.length === 0 || values.out === undefined)) throw new UsageError('merge takes the --out folders of the shards and --out DIR for the class: labcheck merge OUT_1 OUT_2 --out DIR');
  if (values.only !== undefined && (base.only ?? []).length === 0) throw new UsageError('--only takes student ids separated by commas; got none');
  return { ...base, command };
}

// Options that only some commands take: given to another, they are a mistake worth saying.
const ONLY_FOR: Record<string, readonly Command[]> = {
  html: ['run', 'check', 'solve', 'selftest'],
  gradescope: ['run'],
  out: ['grade', 'merge'],
  jobs: ['grade'],
  'submission-timeout': ['grade'],
  force: ['grade'],
  only: ['grade'],
  shard: ['grade'],
  'csv-format': ['grade', 'merge'],
  assignment: ['grade', 'merge'],
  'no-html': ['grade', 'merge'],
  workdir: ['run', 'check', 'solve', 'selftest'],
  port: ['run', 'check', 'solve', 'selftest', 'doctor'],
};

function refuseOptionsOutside(command: Command, values: Record<string, unknown>): void {
  for (const [option, commands] of Object.entries(ONLY_FOR)) {
    const given = values[option];
    if (given === undefined || given === false) continue;
    if (!commands.includes(command)) throw new UsageError(`--${option} is an option of ${commands.join(', ')}, not of ${command}`);
  }
}

/** The report's mode for a grading command. */
export const modeOf = (command: Command): Mode =>
  command === 'check' || command === 'solve' || command === 'selftest' ? command : 'run';
