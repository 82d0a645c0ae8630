// The whole chapter typed command by command with the docker CLI, with `check --watch` open in a
// terminal next to it: each lab's line must turn passed, and the end is celebrated. It uses the
// chapter's own names (kubia:latest, kubia-container, yourid/kubia:1.0, port 1234), so it refuses to
// start when any of them is taken, labels every container it starts, and removes exactly what it made.
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtures } from '../support/docker.js';
import { docker, isPortFree, PtyWatch } from './support.js';

const RUN = `lcwatch${process.pid.toString(16)}`;
const LABEL = `io.labcheck.run=${RUN}`;
const BASES = ['busybox:latest', 'redis:alpine', 'redis:5.0.7-alpine', 'node:12', 'registry:2'];
// Generous: a trigger's check comes within a second or two (the bench measures it); this is a deadline, not a speed.
const STEP_MS = 30_000;

const dir = mkdtempSync(join(tmpdir(), 'labcheck-watch-chapter-'));
let absentBases: string[] = [];
let registryPort = '';
let watch: PtyWatch | undefined;
/** Set once the chapter's names were found free: only then are they this test's to remove. */
let ours = false;

const exists = async (kind: 'image' | 'container', ref: string) =>
  docker([kind, 'inspect', ref]).then(
    () => true,
    () => false,
  );

beforeAll(async () => {
  const taken = [];
  for (const ref of ['kubia:latest', 'yourid/kubia:1.0']) if (await exists('image', ref)) taken.push(`image ${ref}`);
  if (await exists('container', 'kubia-container')) taken.push('container kubia-container');
  const kubiaTags = (await docker(['images', '--format', '{{.Repository}}:{{.Tag}}'])).split('\n').filter((t) => /\/kubia:1\.0$/.test(t));
  taken.push(...kubiaTags.map((t) => `image ${t}`));
  const redis = await docker(['ps', '-aq', '--filter', 'ancestor=redis:alpine', '--filter', 'ancestor=redis:5.0.7-alpine']);
  if (redis) taken.push(`redis containers ${redis.split('\n').join(', ')}`);
  if (!(await isPortFree(1234))) taken.push('host port 1234');
  if (taken.length) throw new Error(`this test types the chapter with its own names, and the engine already has: ${taken.join('; ')}`);
  absentBases = [];
  for (const ref of BASES) if (!(await exists('image', ref))) absentBases.push(ref);
  ours = true;
});

afterAll(async () => {
  watch?.kill();
  rmSync(dir, { recursive: true, force: true });
  // Refused at the start: what holds the chapter's names is someone else's and stays.
  if (!ours) return;
  const mine = (await docker(['ps', '-aq', '--filter', `label=${LABEL}`])).split('\n').filter(Boolean);
  if (mine.length) await docker(['rm', '-f', '-v', ...mine]);
  const tags = ['kubia:latest', 'yourid/kubia:1.0', ...(registryPort ? [`127.0.0.1:${registryPort}/yourid/kubia:1.0`] : [])];
  for (const ref of tags) if (await exists('image', ref)) await docker(['rmi', ref]);
  for (const ref of absentBases) if (await exists('image', ref)) await docker(['rmi', ref]).catch(() => undefined);
  expect(await docker(['ps', '-aq', '--filter', `label=${LABEL}`])).toBe('');
  for (const ref of tags) expect(await exists('image', ref), ref).toBe(false);
});

describe('check --watch in a terminal, the chapter typed next to it', () => {
  it('every lab turns passed as its commands are typed; keys work; the end is celebrated; q leaves the checklist', async () => {
    // No slow timer: every line below turns through its own trigger (an engine event, a file, the app's output, a key).
    watch = new PtyWatch([], { cwd: dir, cols: 140, rows: 40, env: { LABCHECK_WATCH_POLL_MS: '0' } });
    const w = watch;
    await w.waitFor('the first checklist', 30_000, (s) => s.some((l) => l.startsWith('next: ')));
    expect(w.alternate).toBe(true);
    const start = await w.rows();
    expect([...start.keys()]).toEqual([
      'hello-world', 'other-images', 'image-tags', 'node-app', 'dockerfile', 'build-image',
      'image-layers', 'run-container', 'container-info', 'tag-image', 'push-image', 'stop-remove',
    ]);
    // What rests on live state the test controls is not passed before its commands. (hello-world and
    // stop-remove also read the engine's recent events, which earlier tests may have left.)
    for (const lab of ['other-images', 'image-tags', 'node-app', 'dockerfile', 'build-image', 'image-layers', 'run-container', 'container-info', 'tag-image', 'push-image']) {
      expect(start.get(lab)?.mark, lab).not.toBe('✔');
    }
    const firstOpen = [...start.entries()].find(([, row]) => row.mark !== '✔')?.[0];
    expect(start.get(firstOpen as string)?.next).toBe(true);

    // r: a check at once (nothing else would check now).
    const checkedAt = async () => (await w.screen()).map((l) => / · checked (\d\d:\d\d:\d\d)/.exec(l)?.[1]).find(Boolean);
    const first = await checkedAt();
    await new Promise((resolve) => setTimeout(resolve, 1100));
    w.press('r');
    await w.waitFor('the check asked for with r', 5000, (s) => s.some((l) => / · checked (\d\d:\d\d:\d\d)/.exec(l)?.[1] !== undefined && !l.includes(`checked ${first}`)));

    await docker(['run', '--label', LABEL, 'busybox', 'echo', 'Hello World']);
    await w.waitForMark('hello-world', '✔', STEP_MS);

    await docker(['run', '-d', '--label', LABEL, 'redis:alpine']);
    await w.waitForMark('other-images', '✔', STEP_MS);

    await docker(['run', '-d', '--label', LABEL, 'redis:5.0.7-alpine']);
    await w.waitForMark('image-tags', '✔', STEP_MS);
    // The next lab is highlighted, with its chapter section and a hint.
    const screen = await w.waitFor('node-app as next', STEP_MS, (s) => s.some((l) => l.startsWith('› ✘ node-app')));
    expect(screen).toContain('next: node-app — Write the Node.js web app · chapter: 创建容器化的 Node.js Web 应用程序');
    expect(screen.some((l) => l.startsWith('  hint: '))).toBe(true);

    // f: only what is not passed; l: Chinese; and back.
    w.press('f');
    await w.waitFor('only what is not passed', 5000, (s) => s.some((l) => l.includes('f show all')) && !s.some((l) => / hello-world /.test(l)));
    w.press('f');
    w.press('l');
    await w.waitFor('the checklist in Chinese', 5000, (s) => s.some((l) => l.includes('下一步：node-app')) && s.some((l) => / hello-world .*运行一个 hello-world 容器/.test(l)));
    w.press('l');
    await w.waitFor('the checklist in English again', 5000, (s) => s.some((l) => l.startsWith('next: node-app')));

    // Files make no engine event: the folder is watched.
    await quiet();
    copyFileSync(join(fixtures, 'app.js'), join(dir, 'app.js'));
    await w.waitForMark('node-app', '✔', STEP_MS);
    await quiet();
    copyFileSync(join(fixtures, 'Dockerfile'), join(dir, 'Dockerfile'));
    await w.waitForMark('dockerfile', '✔', STEP_MS);

    await docker(['build', '-t', 'kubia:latest', '.'], { cwd: dir });
    await w.waitForMark('build-image', '✔', STEP_MS);
    await docker(['history', 'kubia:latest']);
    await w.waitForMark('image-layers', '✔', STEP_MS);

    await docker(['run', '--name', 'kubia-container', '--label', LABEL, '-p', '1234:8080', '-d', 'kubia']);
    await w.waitForMark('run-container', '✔', STEP_MS);
    // The chapter's curl: the app logs the request, which no engine event tells; its output is followed.
    await quiet();
    expect((await fetch('http://127.0.0.1:1234/')).status).toBe(200);
    await docker(['ps']);
    await docker(['inspect', 'kubia-container']);
    await docker(['logs', 'kubia-container']);
    await w.waitForMark('container-info', '✔', STEP_MS);

    await docker(['tag', 'kubia', 'yourid/kubia:1.0']);
    await w.waitForMark('tag-image', '✔', STEP_MS);

    // Docker Hub is not reachable here: a registry of the test's own on this machine stands in.
    const registry = await docker(['run', '-d', '--label', LABEL, '-p', '127.0.0.1::5000', 'registry:2']);
    registryPort = (await docker(['port', registry, '5000/tcp'])).split(':').pop() as string;
    await docker(['tag', 'kubia', `127.0.0.1:${registryPort}/yourid/kubia:1.0`]);
    await pushWhenUp(`127.0.0.1:${registryPort}/yourid/kubia:1.0`);
    await w.waitForMark('push-image', '✔', STEP_MS);

    await docker(['stop', '-t', '1', 'kubia-container']);
    await docker(['start', 'kubia-container']);
    await docker(['stop', '-t', '1', 'kubia-container']);
    await docker(['rm', 'kubia-container']);
    await docker(['rmi', 'kubia:latest']);
    await w.waitForMark('stop-remove', '✔', STEP_MS);
    const end = await w.waitFor('the celebration', STEP_MS, (s) => s.some((l) => /^✔ All 12 labs passed — points \d+\/\d+\. Still watching\.$/.test(l)));
    // What the end undid stays done, with what it is now.
    expect(end.find((l) => / run-container /.test(l))).toMatch(/^ {2}✔ run-container .*\(passed earlier; now ✘ 0\/\d+\)$/);
    expect(end.some((l) => l.startsWith('next: '))).toBe(false);

    w.press('q');
    expect(await w.exit()).toBe(0);
    expect(w.alternate).toBe(false);
    const left = await w.screen();
    // The normal screen holds the last checklist once: no frame history.
    const labLines = left.filter((l) => /^[✔✘!-] [a-z-]+: /.test(l));
    expect(labLines).toHaveLength(12);
    expect(labLines.every((l) => l.startsWith('✔ '))).toBe(true);
    expect(left.at(-1)).toMatch(/^12 of 12 labs done — points \d+\/\d+ ✔$/);
    expect(left.filter((l) => l.startsWith('labcheck check --watch'))).toEqual([]);
    expect(w.stderr).toBe('');
  });
});

/**
 * Lets the watch go quiet: its second look after the last trigger (1.5 s later) is done, so the next
 * change can only be seen through its own trigger. A precondition, not a measurement.
 */
const quiet = () => new Promise((resolve) => setTimeout(resolve, 3000));

/** docker push, once the registry just started answers (its start is no part of what is checked). */
async function pushWhenUp(ref: string): Promise<void> {
  const end = Date.now() + 30_000;
  for (;;) {
    try {
      await docker(['push', ref]);
      return;
    } catch (e) {
      if (Date.now() > end) throw e;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}
