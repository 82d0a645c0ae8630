// The engine restarting under a watch: it says so, reconnects with back-off, and follows events
// again; never a crash. This stops the machine's dockerd (every developer's engine), once, under the
// shared lock, and brings it back the way ../shared/docker-offline/up does; whatever happens, dockerd
// runs again when the file ends.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { root } from '../support/docker.js';
import { docker, PipeWatch, until } from './support.js';

const RUN = `lcwatch${process.pid.toString(16)}`;
const LABEL = `io.labcheck.run=${RUN}`;
const UP = join(root, '../shared/docker-offline/up');
const dir = mkdtempSync(join(tmpdir(), 'labcheck-watch-reconnect-'));
let watch: PipeWatch | undefined;

const engineAnswers = (): boolean => {
  try {
    execFileSync('docker', ['info', '--format', '{{.ServerVersion}}'], { stdio: 'pipe', timeout: 10_000 });
    return true;
  } catch {
    return false;
  }
};

/** Starts dockerd again (idempotent: does nothing when it runs). */
const bringEngineBack = () => execa('bash', [UP], { timeout: 240_000, stdin: 'ignore' });

afterAll(async () => {
  watch?.kill();
  if (!engineAnswers()) await bringEngineBack();
  expect(engineAnswers()).toBe(true);
  const ids = (await docker(['ps', '-aq', '--filter', `label=${LABEL}`])).split('\n').filter(Boolean);
  if (ids.length) await docker(['rm', '-f', '-v', ...ids]);
  expect(await docker(['ps', '-aq', '--filter', `label=${LABEL}`])).toBe('');
  rmSync(dir, { recursive: true, force: true });
}, 300_000);

describe('check --watch when the engine restarts', () => {
  it('dockerd killed mid-watch: "engine unreachable", then a reconnect, then events followed again; q exits 0', async () => {
    expect(existsSync(UP), `${UP} brings dockerd back; it is needed to restart it`).toBe(true);
    const redis = await docker(['ps', '-aq', '--filter', 'ancestor=redis:alpine']);
    if (redis) throw new Error(`this test starts redis:alpine, and the engine already has such containers: ${redis.split('\n').join(', ')}`);
    await docker(['pull', '-q', 'redis:alpine']);

    // No slow timer: after the reconnect, only the renewed event stream can show the next change.
    watch = new PipeWatch(['other-images'], { cwd: dir, env: { LABCHECK_WATCH_POLL_MS: '0' } });
    const w = watch;
    await w.waitForLine(/^next: other-images/, 30_000);
    expect(w.lines).toContain('✘ other-images: failed — points 0/5');

    const pid = Number(readFileSync('/var/run/docker.pid', 'utf8').trim());
    try {
      // As `up` restarts it: SIGTERM, then wait until it no longer answers.
      process.kill(pid, 'SIGTERM');
      const down = await w.waitForLine(/^! engine unreachable \(.+\); reconnecting in \d+\.\d s \(attempt \d+\)$/, 60_000);
      await until('dockerd to stop', 60_000, () => (engineAnswers() ? undefined : true), () => 'docker info still answers');
      // Meanwhile nothing crashed and the last verdicts were not replaced by errors.
      expect(w.child.exitCode).toBe(null);
      expect(w.lines.slice(down).filter((l) => /other-images: error/.test(l))).toEqual([]);
    } finally {
      await bringEngineBack();
    }
    expect(engineAnswers()).toBe(true);
    const back = await w.waitForLine(/^engine reachable again: checking everything$/, 60_000);

    await docker(['run', '-d', '--label', LABEL, 'redis:alpine']);
    await w.waitForLine(/^✔ other-images: passed — points 5\/5$/, 60_000, back);

    w.send('q');
    expect(await w.exit()).toBe(0);
    expect(w.stderr).toBe('');
  });
});
