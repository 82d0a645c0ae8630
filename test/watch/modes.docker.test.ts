// The line mode (a pipe, or CI on a terminal), --no-clear, and what watch leaves: nothing.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { docker, engineInventory, PipeWatch, PtyWatch } from './support.js';

const RUN = `lcwatch${process.pid.toString(16)}`;
const LABEL = `io.labcheck.run=${RUN}`;
const dir = mkdtempSync(join(tmpdir(), 'labcheck-watch-modes-'));
// No slow timer: what changes is seen through its trigger alone.
const env = { LABCHECK_WATCH_POLL_MS: '0' };
const running: Array<PipeWatch | PtyWatch> = [];

const mine = async () => (await docker(['ps', '-aq', '--filter', `label=${LABEL}`])).split('\n').filter(Boolean);

beforeAll(async () => {
  const redis = await docker(['ps', '-aq', '--filter', 'ancestor=redis:alpine']);
  if (redis) throw new Error(`this test starts redis:alpine as the chapter does, and the engine already has such containers: ${redis.split('\n').join(', ')}`);
  await docker(['pull', '-q', 'redis:alpine']);
});

afterEach(async () => {
  for (const w of running.splice(0)) w.kill();
  const ids = await mine();
  if (ids.length) await docker(['rm', '-f', '-v', ...ids]);
  expect(await mine()).toEqual([]);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('check --watch through a pipe (the line mode)', () => {
  it('prints the checklist once, then one line per change; Enter re-checks; q quits with exit 0 and the last checklist; nothing created or removed', async () => {
    const before = await engineInventory();
    const w = new PipeWatch(['hello-world', 'other-images'], { cwd: dir, env });
    running.push(w);
    const next = await w.waitForLine(/^next: /, 30_000);
    expect(w.lines.slice(0, next)).toEqual([
      `labcheck check --watch: watching ${dir}; a line for each change`,
      expect.stringMatching(/^[✔✘-] hello-world: (passed|failed|skipped) — points \d+\/\d+/),
      '✘ other-images: failed — points 0/5',
    ]);
    expect(w.lines.join('\n')).not.toContain('\u001b');

    // Enter: a check now; nothing changed, so one line saying it was checked.
    const sent = w.lines.length;
    w.send('');
    await w.waitForLine(/^checked \d\d:\d\d:\d\d \(\d+\.\d s\)$/, 10_000, sent);

    await docker(['run', '-d', '--label', LABEL, 'redis:alpine']);
    const from = w.lines.length;
    const changed = await w.waitForLine(/^✔ other-images: passed — points 5\/5$/, 30_000, from);
    // Only what changed: no line for hello-world, whose verdict did not move.
    expect(w.lines.slice(from, changed + 1).filter((l) => l.includes('hello-world'))).toEqual([]);

    w.send('q');
    expect(await w.exit()).toBe(0);
    expect(w.lines.slice(-4)).toEqual([
      '',
      expect.stringMatching(/^[✔✘-] hello-world: /),
      '✔ other-images: passed — points 5/5',
      expect.stringMatching(/^\d of 2 labs done — points \d+\/\d+/),
    ]);
    expect(w.stderr).toBe('');
    // What the test made is its redis container; watch itself made and removed nothing.
    await docker(['rm', '-f', ...(await mine())]);
    expect(await engineInventory()).toBe(before);
  });

  it('Ctrl-C exits 0 with the last checklist printed', async () => {
    const w = new PipeWatch(['other-images'], { cwd: dir, env });
    running.push(w);
    await w.waitForLine(/^next: /, 30_000);
    w.child.kill('SIGINT');
    expect(await w.exit()).toBe(0);
    expect(w.lines.slice(-2)).toEqual(['✘ other-images: failed — points 0/5', '0 of 1 labs done — points 0/5']);
  });

  it('l and f on a pipe print the checklist in the other language, then only what is not passed', async () => {
    const w = new PipeWatch(['hello-world', 'other-images'], { cwd: dir, env });
    running.push(w);
    await w.waitForLine(/^next: /, 30_000);
    const from = w.lines.length;
    w.send('l');
    await w.waitForLine(/^✘ other-images：失败 — 得分 0\/5$/, 10_000, from);
    const open = w.lines.length;
    w.send('f');
    await w.waitForLine(/^✘ other-images：失败/, 10_000, open);
    w.send('q');
    expect(await w.exit()).toBe(0);
  });
});

describe('check --watch on a terminal', () => {
  it('with CI set: the line mode, no redrawing; keys still work', async () => {
    const w = new PtyWatch(['other-images'], { cwd: dir, env: { ...env, CI: 'true' } });
    running.push(w);
    const screen = await w.waitFor('the first lines', 30_000, (s) => s.some((l) => l.startsWith('next: ')));
    expect(w.alternate).toBe(false);
    expect(screen[0]).toBe(`labcheck check --watch: watching ${dir}; a line for each change`);
    w.press('q');
    expect(await w.exit()).toBe(0);
  });

  it('--no-clear keeps each state under the last instead of redrawing in place', async () => {
    const w = new PtyWatch(['--no-clear', 'other-images'], { cwd: dir, env });
    running.push(w);
    await w.waitFor('the first frame', 30_000, (s) => s.some((l) => l.startsWith('› ✘ other-images')));
    expect(w.alternate).toBe(false);
    await docker(['run', '-d', '--label', LABEL, 'redis:alpine']);
    const screen = await w.waitFor('a second frame', 30_000, (s) => s.some((l) => l.startsWith('  ✔ other-images')));
    // Both states are on the screen, the old above the new.
    const old = screen.findIndex((l) => l.startsWith('› ✘ other-images'));
    const now = screen.findIndex((l) => l.startsWith('  ✔ other-images'));
    expect(old).toBeGreaterThanOrEqual(0);
    expect(now).toBeGreaterThan(old);
    // Three frames kept: before the first check, the first state, the new one.
    expect(screen.filter((l) => l.startsWith('labcheck check --watch — '))).toHaveLength(3);
    expect(screen.findIndex((l) => l === "checking the engine's state…")).toBeLessThan(old);
    w.press('q');
    expect(await w.exit()).toBe(0);
  });
});
