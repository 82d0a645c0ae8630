import { t } from '../engine/lang.js';
import type { Lang, RunReport } from '../engine/types.js';
import { Reporters } from '../report/reporter.js';
import { packageVersion } from '../paths.js';
import { modeOf, type CliOptions } from './args.js';
import type { Io } from './app.js';
import { fileReporters, tellProblems } from './reporters.js';

/** The value of `--name X` or `--name=X` in raw argv, for reports of a command line that did not parse. */
export function rawOption(argv: readonly string[], name: string): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === `--${name}`) return argv[i + 1];
    if (arg.startsWith(`--${name}=`)) return arg.slice(name.length + 3);
  }
  return undefined;
}

/** A report of one pseudo lab `labcheck` whose single check carries why nothing could be judged. */
export function setupFailureReport(mode: RunReport['mode'], workdir: string, message: string): RunReport {
  const check = {
    id: 'setup',
    title: t('labcheck could start grading', 'labcheck 能够开始评分'),
    status: 'error' as const,
    message: t(message, message),
    hint: t('Fix the command line or the environment as the message says, then run labcheck again.', '按消息提示修正命令行或环境后，再次运行 labcheck。'),
    timedOut: false,
    points: 0,
    maxPoints: 0,
    durationMs: 0,
  };
  return {
    tool: 'labcheck',
    version: packageVersion(),
    mode,
    workdir,
    startedAt: new Date().toISOString(),
    durationMs: 0,
    labs: [{ id: 'labcheck', title: t('labcheck setup', 'labcheck 准备'), section: '', status: 'error', durationMs: 0, points: 0, maxPoints: 0, checks: [check] }],
    summary: { passed: 0, failed: 0, error: 1, skipped: 0, points: 0, maxPoints: 0 },
  };
}

/** Bad input still leaves a report behind, through the same file reporters, so CI shows why nothing was graded. */
export async function writeSetupFailure(
  argv: readonly string[],
  options: CliOptions | undefined,
  lang: Lang,
  message: string,
  io: Io,
): Promise<void> {
  const command = options?.command;
  if (command === 'list' || command === 'help' || command === 'version' || command === 'doctor' || command === 'clean' || command === 'init' || command === 'grade' || command === 'merge') return;
  const mode = command ? modeOf(command) : 'run';
  const report = setupFailureReport(mode, options?.workdir ?? rawOption(argv, 'workdir') ?? '', message);
  const targets = options ?? { json: rawOption(argv, 'json'), junit: rawOption(argv, 'junit'), noJunit: argv.includes('--no-junit'), summary: rawOption(argv, 'summary'), html: rawOption(argv, 'html'), gradescope: rawOption(argv, 'gradescope') };
  const reporters = new Reporters(await fileReporters(targets, lang, io));
  await reporters.onRunEnd(report);
  tellProblems(reporters, io, options?.debug ?? argv.includes('--debug'));
}
