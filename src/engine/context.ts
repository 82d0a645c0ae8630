import { hostname } from 'node:os';
import type { Lang, Mode } from './types.js';
import type { Names } from './names.js';
import type { Endpoint } from '../docker/endpoint.js';
import { connect, type Docker } from '../docker/api.js';
import { engineProblem, quoteArg, type CliResult, type DockerCli } from '../docker/cli.js';
import { EnvironmentError } from './errors.js';
import { KEEP_LABEL, OWNER_LABEL, RUN_LABEL, ownerOf } from './labels.js';

export { KEEP_LABEL, OWNER_LABEL, RUN_LABEL, ownerOf };

/** A command as the student would type it: without the labels labcheck adds for its own bookkeeping. */
export function displayCommand(args: readonly string[]): string {
  const shown: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--label' && args[i + 1]?.startsWith('io.labcheck.')) {
      i++;
      continue;
    }
    shown.push(args[i] ?? '');
  }
  return ['docker', ...shown].map(quoteArg).join(' ');
}

// Student code is untrusted: every container labcheck starts for it is bounded.
export const CONTAINER_BOUNDS = {
  memoryBytes: 256 * 1024 * 1024,
  pidsLimit: 256,
  // At most 10 MiB of logs on disk per container: the live file and one rotated file (json-file keeps
  // one rotated file even with max-file=1 on Engine 20.10, so the bound is set as two halves).
  logMaxSize: '5m',
  logMaxFiles: 2,
};

export interface ContextOptions {
  mode: Mode;
  runId: string;
  lang: Lang;
  names: Names;
  workdir: string;
  buildDir: string;
  port: number;
  registry?: string;
  timeoutMs: number;
  stepTimeoutMs: number;
  signal: AbortSignal;
  endpoint: Endpoint;
  cli: DockerCli;
  /** An already connected client; connected on first use otherwise. */
  docker?: Docker;
  /** Progress of a lab's steps: the lab's id and one line. */
  onProgress?: (labId: string, text: string) => void;
}

/** What a lab's steps and checks see: names, the engine, the CLI, deadlines and what earlier steps recorded. */
export class LabContext {
  readonly mode: Mode;
  readonly runId: string;
  readonly lang: Lang;
  readonly names: Names;
  readonly workdir: string;
  readonly buildDir: string;
  readonly port: number;
  readonly registry: string | undefined;
  readonly timeoutMs: number;
  readonly stepTimeoutMs: number;
  readonly endpoint: Endpoint;
  readonly cli: DockerCli;
  /** Aborts on Ctrl-C, and per check at its deadline. */
  signal: AbortSignal;
  private readonly records: Map<string, unknown>;
  private readonly onProgress: ((labId: string, text: string) => void) | undefined;
  /** The lab this view of the context works for (progress lines name it). */
  labId = '';
  // Shared by forks, so every check of a run uses one connection.
  private readonly shared: { docker?: Promise<Docker> } = {};

  constructor(options: ContextOptions) {
    this.mode = options.mode;
    this.runId = options.runId;
    this.lang = options.lang;
    this.names = options.names;
    this.workdir = options.workdir;
    this.buildDir = options.buildDir;
    this.port = options.port;
    this.registry = options.registry;
    this.timeoutMs = options.timeoutMs;
    this.stepTimeoutMs = options.stepTimeoutMs;
    this.signal = options.signal;
    this.endpoint = options.endpoint;
    this.cli = options.cli;
    this.onProgress = options.onProgress;
    this.records = new Map();
    if (options.docker) this.shared.docker = Promise.resolve(options.docker);
  }

  /** True where labcheck works in a namespace of its own and labels what it makes. */
  get labelled(): boolean {
    return this.mode !== 'check';
  }

  /** Labels for everything this run creates: the run, and its owner process for the reaper of dead runs. */
  get labels(): Record<string, string> {
    const labels: Record<string, string> = {
      [RUN_LABEL]: this.runId,
      [OWNER_LABEL]: ownerOf(hostname(), process.pid),
    };
    if (this.mode === 'solve') labels[KEEP_LABEL] = '1';
    return labels;
  }

  /** `--label k=v` pairs for docker CLI steps. */
  labelArgs(): string[] {
    return Object.entries(this.labels).flatMap(([k, v]) => ['--label', `${k}=${v}`]);
  }

  /** Resource bounds for a container running student code, as docker CLI flags. */
  boundArgs(): string[] {
    return [
      '--memory',
      String(CONTAINER_BOUNDS.memoryBytes),
      '--memory-swap',
      String(CONTAINER_BOUNDS.memoryBytes),
      '--pids-limit',
      String(CONTAINER_BOUNDS.pidsLimit),
      '--log-opt',
      `max-size=${CONTAINER_BOUNDS.logMaxSize}`,
      '--log-opt',
      `max-file=${CONTAINER_BOUNDS.logMaxFiles}`,
    ];
  }

  docker(): Promise<Docker> {
    this.shared.docker ??= connect(this.endpoint);
    return this.shared.docker;
  }

  /**
   * Runs one docker CLI step as a student types it, within the step deadline and the current signal.
   * A failed step is the student's to judge, except when the CLI says the engine is gone.
   */
  async step(args: readonly string[], options: { timeoutMs?: number; cwd?: string; env?: Record<string, string | undefined> } = {}): Promise<CliResult> {
    this.progress(`$ ${displayCommand(args)}`);
    const result = await this.cli.run(args, {
      display: displayCommand(args),
      timeoutMs: options.timeoutMs ?? this.stepTimeoutMs,
      signal: this.signal,
      cwd: options.cwd,
      env: options.env,
      onLine: this.onProgress ? (line) => this.progress(line) : undefined,
    });
    const problem = result.ok ? undefined : engineProblem(result.stderr);
    if (problem) {
      throw new EnvironmentError(
        `${result.command}: the Docker engine ${problem === 'permission' ? 'refused access (permission denied)' : 'cannot be reached'}: ${result.stderr.trim().split('\n').pop() ?? ''}`,
      );
    }
    return result;
  }

  record<T>(key: string, value: T): void {
    this.records.set(key, value);
  }

  recorded<T>(key: string): T | undefined {
    return this.records.get(key) as T | undefined;
  }

  progress(text: string): void {
    this.onProgress?.(this.labId, text);
  }

  /** A view of this context for one lab; records, signal and connection stay shared. */
  forLab(labId: string): LabContext {
    const child = Object.create(this) as LabContext;
    child.labId = labId;
    return child;
  }

  /** A view of this context with its own signal (a check's deadline); records stay shared. */
  fork(signal: AbortSignal): LabContext {
    const child = Object.create(this) as LabContext;
    child.signal = signal;
    return child;
  }
}
