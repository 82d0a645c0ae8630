import { hostname } from 'node:os';
import type { Mode } from './types.js';
import { Records, type RecordKey } from './records.js';
import type { Names } from './names.js';
import type { Endpoint } from '../docker/endpoint.js';
import { AppHostError, resolveAppHost, type AppHost } from '../docker/app-host.js';
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
  /** Where published ports are reached; looked up from the endpoint on first use otherwise. */
  appHost?: AppHost;
  /** Progress of a lab's steps: the lab's id and one line. */
  onProgress?: (labId: string, text: string) => void;
}

/** What a check sees: it reads the engine and what the steps recorded, and changes nothing. */
export interface CheckContext {
  readonly mode: Mode;
  readonly runId: string;
  readonly names: Names;
  /** The student's folder as given (messages name it). */
  readonly workdir: string;
  /** What the steps build from: a copy of workdir in a run, workdir itself otherwise. */
  readonly buildDir: string;
  /** The host port asked for run-container (--port; 0: any free one). */
  readonly port: number;
  readonly registry: string | undefined;
  readonly timeoutMs: number;
  /** Aborts on Ctrl-C, and per check at its deadline. */
  readonly signal: AbortSignal;
  /** True where labcheck works in a namespace of its own and labels what it makes. */
  readonly labelled: boolean;
  /** Labels for everything the run creates (its build's among them). */
  readonly labels: Record<string, string>;
  docker(): Promise<Docker>;
  /** Where the engine's published ports are reached from here: 127.0.0.1 for a local engine, the engine host's address for a remote one. */
  appHost(): Promise<AppHost>;
  recorded<T>(key: RecordKey<T>): T | undefined;
  /** Work several checks share (one probe of a container), done by the first that asks. */
  once<T>(key: RecordKey<Promise<T>>, make: () => Promise<T>): Promise<T>;
  /** A progress line of the lab (e.g. the request a check makes). */
  progress(text: string): void;
}

/** What a lab's steps see besides: the docker CLI as a student types it, and a place to record what it saw. */
export interface StepContext extends CheckContext {
  readonly stepTimeoutMs: number;
  /** The CLI the steps run, as given (`docker`, `podman`, a path): a push or pull says what only one of them takes. */
  readonly cliBin: string;
  labelArgs(): string[];
  boundArgs(): string[];
  step(args: readonly string[], options?: StepOptions): Promise<CliResult>;
  record<T>(key: RecordKey<T>, value: T): void;
}

export interface StepOptions {
  timeoutMs?: number;
  cwd?: string;
  env?: Record<string, string | undefined>;
}

/** What every view of one run's context shares: its options, records and engine connection. */
interface Shared {
  options: ContextOptions;
  records: Records;
  docker?: Promise<Docker>;
  appHost?: Promise<AppHost>;
}

/**
 * The context of a run: names, the engine, the CLI, deadlines and what earlier steps recorded. Labs
 * get views of it (forLab) and checks views with their own deadline (withSignal); every view shares
 * the records and the one engine connection.
 */
export class LabContext implements StepContext {
  private readonly shared: Shared;
  /** The lab this view works for (progress lines name it). */
  readonly labId: string;
  readonly signal: AbortSignal;

  constructor(options: ContextOptions);
  constructor(options: ContextOptions, view: { shared: Shared; labId: string; signal: AbortSignal });
  constructor(options: ContextOptions, view?: { shared: Shared; labId: string; signal: AbortSignal }) {
    this.shared = view?.shared ?? {
      options,
      records: new Records(),
      ...(options.docker ? { docker: Promise.resolve(options.docker) } : {}),
      ...(options.appHost ? { appHost: Promise.resolve(options.appHost) } : {}),
    };
    this.labId = view?.labId ?? '';
    this.signal = view?.signal ?? options.signal;
  }

  private get options(): ContextOptions {
    return this.shared.options;
  }

  get mode(): Mode {
    return this.options.mode;
  }
  get runId(): string {
    return this.options.runId;
  }
  get names(): Names {
    return this.options.names;
  }
  get workdir(): string {
    return this.options.workdir;
  }
  get buildDir(): string {
    return this.options.buildDir;
  }
  get port(): number {
    return this.options.port;
  }
  get registry(): string | undefined {
    return this.options.registry;
  }
  get timeoutMs(): number {
    return this.options.timeoutMs;
  }
  get cliBin(): string {
    return this.options.cli.bin;
  }
  get stepTimeoutMs(): number {
    return this.options.stepTimeoutMs;
  }
  get endpoint(): Endpoint {
    return this.options.endpoint;
  }

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

  appHost(): Promise<AppHost> {
    // A host the engine was reached by but that cannot be looked up again is the environment's failure, not the student's.
    this.shared.appHost ??= resolveAppHost(this.endpoint).catch((e: unknown) => {
      throw e instanceof AppHostError ? new EnvironmentError(e.message, { cause: e }) : e;
    });
    return this.shared.appHost;
  }

  /**
   * Runs one docker CLI step as a student types it, within the step deadline and the current signal.
   * A failed step is the student's to judge, except when the CLI says the engine is gone.
   */
  async step(args: readonly string[], options: StepOptions = {}): Promise<CliResult> {
    this.progress(`$ ${displayCommand(args)}`);
    const onProgress = this.options.onProgress;
    const result = await this.options.cli.run(args, {
      display: displayCommand(args),
      timeoutMs: options.timeoutMs ?? this.stepTimeoutMs,
      signal: this.signal,
      cwd: options.cwd,
      env: options.env,
      onLine: onProgress ? (line) => this.progress(line) : undefined,
    });
    const problem = result.ok ? undefined : engineProblem(result.stderr);
    if (problem) {
      throw new EnvironmentError(
        `${result.command}: the Docker engine ${problem === 'permission' ? 'refused access (permission denied)' : 'cannot be reached'}: ${result.stderr.trim().split('\n').pop() ?? ''}`,
      );
    }
    return result;
  }

  record<T>(key: RecordKey<T>, value: T): void {
    this.shared.records.set(key, value);
  }

  recorded<T>(key: RecordKey<T>): T | undefined {
    return this.shared.records.get(key);
  }

  once<T>(key: RecordKey<Promise<T>>, make: () => Promise<T>): Promise<T> {
    return this.shared.records.once(key, make);
  }

  progress(text: string): void {
    this.options.onProgress?.(this.labId, text);
  }

  /** A view of this context for one lab; records, signal and connection stay shared. */
  forLab(labId: string): LabContext {
    return new LabContext(this.options, { shared: this.shared, labId, signal: this.signal });
  }

  /** A view with its own signal (a check's deadline, a lab's steps'); records and connection stay shared. */
  withSignal(signal: AbortSignal): LabContext {
    return new LabContext(this.options, { shared: this.shared, labId: this.labId, signal });
  }
}
