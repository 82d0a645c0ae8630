#!/usr/bin/env node
// What `labcheck check --watch` costs, on its own: node bench/watch.mjs (after npm run build).
//   1. idle: CPU time the watch process uses over BENCH_IDLE_S seconds (default 60) with nothing
//      happening, from 15 s after it started, read from /proc (user + system), and how many engine
//      events came meanwhile (each is a re-check: run it on a quiet engine);
//   2. latency: BENCH_WATCH_ROUNDS times (default 7), `docker run -d redis:alpine` (the chapter's
//      other-images) and then its removal, each timed from the moment the docker command returns
//      (the student sees the prompt) to the moment watch prints the lab's new line, and from the
//      moment it was started. Median, min, max and every sample (a line may come before the docker
//      CLI has exited: then the sample is negative).
// Watch runs in its line mode (stdout is a pipe) on all labs, in an empty folder, so each re-check
// costs what `labcheck check` costs. The containers it starts carry the label io.labcheck.run and are
// removed by name; it needs no redis:alpine container on the engine when it starts.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { $ } from 'zx';

$.verbose = false;
const root = fileURLToPath(new URL('..', import.meta.url));
const bin = join(root, 'dist/src/cli/main.cjs');
const idleSeconds = Number(process.env.BENCH_IDLE_S ?? 60);
const rounds = Number(process.env.BENCH_WATCH_ROUNDS ?? 7);
const benchId = `lcbench${process.pid.toString(16)}`;
const TICKS = Number((await $`getconf CLK_TCK`.nothrow()).stdout.trim()) || 100;

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const ms = (x) => `${x.toFixed(0)} ms`;
const sleep = (t) => new Promise((resolve) => setTimeout(resolve, t));

/** utime + stime of a process, in ms. */
function cpuMs(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS;
}

const leftover = (await $`docker ps -aq --filter ancestor=redis:alpine`).stdout.trim();
if (leftover) {
  console.error(`bench/watch: the engine has redis:alpine containers (${leftover.split('\n').join(', ')}); other-images would pass from the start. Remove them or run on a quiet engine.`);
  process.exit(2);
}
await $`docker pull -q redis:alpine`;

const dir = mkdtempSync(join(tmpdir(), 'labcheck-bench-watch-'));
const child = spawn(process.execPath, [bin, 'check', '--watch'], { cwd: dir, env: { ...process.env, NO_COLOR: '1' }, stdio: ['pipe', 'pipe', 'inherit'] });
const lines = [];
const waiters = new Set();
createInterface({ input: child.stdout }).on('line', (text) => {
  const line = { text, at: performance.now() };
  lines.push(line);
  for (const w of waiters) w(line);
});

/** The first line from `since` on that matches, within a deadline. */
function lineMatching(pattern, since, deadlineMs = 30_000) {
  const seen = lines.find((l) => l.at >= since && pattern.test(l.text));
  if (seen) return Promise.resolve(seen);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      waiters.delete(check);
      reject(new Error(`no line matching ${pattern} within ${deadlineMs} ms; last lines:\n${lines.slice(-5).map((l) => l.text).join('\n')}`));
    }, deadlineMs);
    const check = (line) => {
      if (line.at >= since && pattern.test(line.text)) {
        clearTimeout(timer);
        waiters.delete(check);
        resolve(line);
      }
    };
    waiters.add(check);
  });
}

try {
  await lineMatching(/^next: /, 0);
  console.log(`labcheck watch bench: idle ${idleSeconds} s, ${rounds} rounds of docker run / rm (other-images), all 12 labs checked each time`);

  // Idle: start-up's own tail (lazy loading, the first collections) is over within ~10 s; then a
  // window with nothing to do, where only the slow timer checks (LABCHECK_WATCH_POLL_MS=0: none).
  await sleep(15_000);
  const events = spawn('docker', ['events', '--filter', 'type=container', '--filter', 'type=image', '--format', '{{.Action}}'], { stdio: ['ignore', 'pipe', 'ignore'] });
  let engineEvents = 0;
  createInterface({ input: events.stdout }).on('line', () => (engineEvents += 1));
  const before = cpuMs(child.pid);
  const t0 = performance.now();
  await sleep(idleSeconds * 1000);
  const idleCpu = cpuMs(child.pid) - before;
  const idleWall = performance.now() - t0;
  events.kill();

  const toPassed = [];
  const toPassedFromStart = [];
  const toChanged = [];
  for (let i = 0; i < rounds; i++) {
    const name = `${benchId}-redis-${i}`;
    const started = performance.now();
    await $`docker run -d --name ${name} --label io.labcheck.run=${benchId} redis:alpine`;
    const returned = performance.now();
    const passed = await lineMatching(/^✔ other-images: passed — points (\d+)\/\1$/, started);
    toPassed.push(passed.at - returned);
    toPassedFromStart.push(passed.at - started);
    // Spaced out, so each round starts from a quiet watch as a student's next command would.
    await sleep(3000);
    await $`docker rm -f ${name}`;
    const removed = performance.now();
    const changed = await lineMatching(/^✔ other-images: passed — .*now ✘/, removed);
    toChanged.push(changed.at - removed);
    await sleep(3000);
  }

  const row = (label, xs, target = '') => {
    console.log(`${label.padEnd(48)}median ${ms(median(xs)).padEnd(9)} min ${ms(Math.min(...xs)).padEnd(9)} max ${ms(Math.max(...xs)).padEnd(9)}${target}`);
    console.log(`${''.padEnd(48)}${xs.map((x) => x.toFixed(0)).join(' ')}`);
  };
  console.log('');
  console.log(`${'idle CPU of the watch process'.padEnd(48)}${ms(idleCpu)} over ${(idleWall / 1000).toFixed(0)} s = ${((idleCpu / idleWall) * 100).toFixed(2)} % of one core (${engineEvents} engine events meanwhile)`);
  row('docker run -d redis:alpine returned → ✔ line', toPassed, '(target < 1000 ms median)');
  row('docker run -d redis:alpine started → ✔ line', toPassedFromStart);
  row('docker rm -f returned → changed line', toChanged);
} finally {
  child.stdin.write('q\n');
  await new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGTERM'), 5000);
    child.on('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
  const left = (await $`docker ps -aq --filter label=io.labcheck.run=${benchId}`.nothrow()).stdout.trim().split('\n').filter(Boolean);
  if (left.length) await $`docker rm -f ${left}`.nothrow();
  rmSync(dir, { recursive: true, force: true });
}
