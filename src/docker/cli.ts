import stripAnsi from 'strip-ansi';
import { EnvironmentError } from '../engine/errors.js';
import { HeadTail } from './bounded.js';
import { t } from '../engine/lang.js';
import type { Text } from '../engine/types.js';

export interface CliResult {
  /** The command as a student would type it. */
  command: string;
  exitCode: number | undefined;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  /** Interrupted by the run's or the check's signal. */
  aborted: boolean;
  ok: boolean;
}

export interface CliRunOptions {
  timeoutMs: number;
  signal?: AbortSignal;
  cwd?: string;
  env?: Record<string, string | undefined>;
  /** Called with each line of stderr/stdout as it arrives (progress on a TTY). */
  onLine?: (line: string) => void;
}

// Output of student commands is untrusted: keep at most this much of each stream in memory, its start
// and its end, while the command runs to its own end (`docker logs` of an app that floods its log).
const MAX_KEPT = 4 * 1024 * 1024;

/** Why a step did not succeed, in a few words for messages: timed out, interrupted, killed or its exit code. */
export function failureReason(result: Pick<CliResult, 'timedOut' | 'aborted' | 'exitCode'>): Text {
  if (result.timedOut) return t('timed out', '超时');
  if (result.aborted) return t('interrupted', '被中断');
  return result.exitCode === undefined ? t('killed', '被终止') : t(`exit code ${result.exitCode}`, `退出码 ${result.exitCode}`);
}

export const whyFailed = (result: Pick<CliResult, 'timedOut' | 'aborted' | 'exitCode'>): string => failureReason(result).en;

const UNREACHABLE = /Cannot connect to the Docker daemon|error during connect|Is the docker daemon running/i;
const PERMISSION = /permission denied while trying to connect/i;

/** Recognises the docker CLI's own words for an engine it cannot reach. */
export function engineProblem(stderr: string): 'unreachable' | 'permission' | undefined {
  if (PERMISSION.test(stderr)) return 'permission';
  if (UNREACHABLE.test(stderr)) return 'unreachable';
  return undefined;
}

export function quoteArg(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** The docker CLI, run as a student types it, against the same engine as the API calls. */
export class DockerCli {
  constructor(
    private readonly env: Record<string, string | undefined>,
    readonly bin: string = 'docker',
  ) {}

  async run(args: readonly string[], options: CliRunOptions & { display?: string }): Promise<CliResult> {
    const { execa } = await import('execa');
    const command = options.display ?? ['docker', ...args].map(quoteArg).join(' ');
    const child = execa(this.bin, args, {
      reject: false,
      timeout: options.timeoutMs,
      cancelSignal: options.signal,
      forceKillAfterDelay: 2000,
      // Read below as bounded streams instead of execa's buffers, which kill the command past maxBuffer.
      buffer: false,
      cwd: options.cwd,
      env: { ...this.env, ...options.env },
      extendEnv: true,
      stdin: 'ignore',
    });
    const kept = { stdout: new HeadTail(MAX_KEPT), stderr: new HeadTail(MAX_KEPT) };
    for (const name of ['stdout', 'stderr'] as const) {
      const stream = child[name];
      stream?.setEncoding('utf8');
      stream?.on('data', (chunk: string) => {
        kept[name].push(chunk);
        if (!options.onLine) return;
        for (const line of stripAnsi(chunk).split(/\r?\n|\r/)) {
          if (line.trim()) options.onLine(line);
        }
      });
    }
    const result = await child;
    const missing = (result as { code?: string }).code === 'ENOENT';
    if (missing) {
      throw new EnvironmentError(
        `the docker CLI "${this.bin}" was not found on PATH; install Docker (https://docs.docker.com/get-docker/) or set LABCHECK_DOCKER to its path`,
      );
    }
    const text = (name: 'stdout' | 'stderr') => stripAnsi(kept[name].toString()).replace(/\r?\n$/, '');
    const stderr = text('stderr');
    return {
      command,
      exitCode: result.exitCode,
      stdout: text('stdout'),
      stderr,
      timedOut: Boolean(result.timedOut),
      aborted: Boolean(result.isCanceled),
      ok: result.exitCode === 0 && !result.timedOut,
    };
  }
}
