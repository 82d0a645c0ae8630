// Drives the built `labcheck check --watch` as a student would: in a terminal (a pseudo-terminal
// from util-linux `script`, read back through a headless xterm, so assertions are on what a person
// sees) or through a pipe (the line mode).
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';
import xterm from '@xterm/headless';
import { execa } from 'execa';
import { bin } from '../support/docker.js';

const { Terminal } = xterm;

/** Polls `probe` until it gives a value or `ms` pass; the error names what was awaited and what was seen. */
export async function until<T>(what: string, ms: number, probe: () => T | undefined, seen: () => string): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`waited ${ms} ms for ${what}; saw:\n${seen()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const exited = (child: ChildProcessWithoutNullStreams) =>
  new Promise<number | null>((resolve) => {
    if (child.exitCode !== null) return resolve(child.exitCode);
    child.once('exit', (code) => resolve(code));
  });

/** A lab's line on the screen: the mark and everything after the id. */
export interface ScreenRow {
  mark: string;
  next: boolean;
  text: string;
}

/** `check --watch` in a pseudo-terminal of cols × rows. */
export class PtyWatch {
  readonly term: InstanceType<typeof Terminal>;
  readonly child: ChildProcessWithoutNullStreams;
  stderr = '';
  private pending = Promise.resolve();

  constructor(args: string[], options: { cwd: string; cols?: number; rows?: number; env?: Record<string, string> }) {
    const cols = options.cols ?? 120;
    const rows = options.rows ?? 40;
    this.term = new Terminal({ cols, rows, allowProposedApi: true, scrollback: 1000 });
    const command = ['node', bin, 'check', '--watch', ...args].map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(' ');
    // -e: script exits with the program's code; stty gives the pty a size, as a terminal window would.
    this.child = spawn('script', ['-qfec', `stty cols ${cols} rows ${rows}; exec ${command}`, '/dev/null'], {
      cwd: options.cwd,
      env: { ...process.env, TERM: 'xterm-256color', LABCHECK_LANG: 'en', NO_COLOR: '', CI: '', ...options.env },
    });
    this.child.stdout.on('data', (chunk: Buffer) => {
      this.pending = this.pending.then(() => new Promise<void>((resolve) => this.term.write(chunk, resolve)));
    });
    this.child.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
  }

  /** The screen as text lines, once everything received so far is drawn. */
  async screen(): Promise<string[]> {
    await this.pending;
    const buffer = this.term.buffer.active;
    const lines: string[] = [];
    for (let i = 0; i < buffer.length; i++) lines.push(buffer.getLine(i)?.translateToString(true) ?? '');
    while (lines.length && lines.at(-1) === '') lines.pop();
    return lines;
  }

  get alternate(): boolean {
    return this.term.buffer.active.type === 'alternate';
  }

  /** Lab id → its line, as drawn now. */
  async rows(): Promise<Map<string, ScreenRow>> {
    const rows = new Map<string, ScreenRow>();
    for (const line of await this.screen()) {
      const m = /^([ ›]) ([✔✘!-]) ([a-z-]+)\s+(.*)$/.exec(line);
      if (m) rows.set(m[3]!, { next: m[1] === '›', mark: m[2]!, text: m[4]! });
    }
    return rows;
  }

  /** Waits until the screen satisfies a condition; the error shows the last screen. */
  async waitFor(what: string, ms: number, ok: (screen: string[]) => boolean): Promise<string[]> {
    let last: string[] = [];
    const end = Date.now() + ms;
    for (;;) {
      last = await this.screen();
      if (ok(last)) return last;
      if (Date.now() > end) throw new Error(`waited ${ms} ms for ${what}; the screen:\n${last.join('\n')}\nstderr: ${this.stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Waits until a lab's line shows this mark. */
  async waitForMark(lab: string, mark: string, ms: number): Promise<ScreenRow> {
    let row: ScreenRow | undefined;
    await this.waitFor(`${lab} marked ${mark}`, ms, (screen) => {
      const line = screen.find((l) => new RegExp(`^[ ›] . ${lab} `).test(l));
      row = line ? { next: line.startsWith('›'), mark: line[2] ?? '', text: line.slice(4 + lab.length).trim() } : undefined;
      return row?.mark === mark;
    });
    return row as ScreenRow;
  }

  press(keys: string): void {
    this.child.stdin.write(keys);
  }

  exit(): Promise<number | null> {
    return exited(this.child);
  }

  kill(): void {
    if (this.child.exitCode === null) this.child.kill('SIGKILL');
  }
}

/** `check --watch` with its output on a pipe: the line mode. */
export class PipeWatch {
  readonly child: ChildProcessWithoutNullStreams;
  readonly lines: string[] = [];
  stderr = '';

  constructor(args: string[], options: { cwd: string; env?: Record<string, string> }) {
    this.child = spawn('node', [bin, 'check', '--watch', ...args], {
      cwd: options.cwd,
      env: { ...process.env, LABCHECK_LANG: 'en', NO_COLOR: '1', ...options.env },
    });
    createInterface({ input: this.child.stdout }).on('line', (line) => this.lines.push(line));
    this.child.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
  }

  /** The index of the first line from `from` on that matches, within ms. */
  waitForLine(pattern: RegExp, ms: number, from = 0): Promise<number> {
    return until(
      `a line matching ${pattern}`,
      ms,
      () => {
        const i = this.lines.findIndex((l, n) => n >= from && pattern.test(l));
        return i >= 0 ? i : undefined;
      },
      () => `${this.lines.slice(-15).join('\n')}\nstderr: ${this.stderr}`,
    );
  }

  send(line: string): void {
    this.child.stdin.write(`${line}\n`);
  }

  exit(): Promise<number | null> {
    return exited(this.child);
  }

  kill(): void {
    if (this.child.exitCode === null) this.child.kill('SIGKILL');
  }
}

/** A docker CLI command as the student types it; throws with its output when it fails. */
export async function docker(args: string[], options: { cwd?: string } = {}): Promise<string> {
  const result = await execa('docker', args, { cwd: options.cwd, reject: false, timeout: 180_000 });
  if (result.exitCode !== 0) throw new Error(`docker ${args.join(' ')} failed (${result.exitCode}):\n${result.stderr}`);
  return String(result.stdout).trim();
}

/** What the engine holds, to show watch creates and removes nothing. */
export async function engineInventory(): Promise<string> {
  const [containers, images, volumes, networks] = await Promise.all([
    docker(['ps', '-aq', '--no-trunc']),
    docker(['images', '-aq', '--no-trunc']),
    docker(['volume', 'ls', '-q']),
    docker(['network', 'ls', '-q']),
  ]);
  const sorted = (s: string) => s.split('\n').filter(Boolean).sort().join(',');
  return `containers ${sorted(containers)}\nimages ${sorted(images)}\nvolumes ${sorted(volumes)}\nnetworks ${sorted(networks)}`;
}

/** True when nothing listens on the host port (docker publishes on every address, so bind them all). */
export function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, () => server.close(() => resolve(true)));
  });
}
