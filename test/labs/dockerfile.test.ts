// The dockerfile lab only reads a file: no engine needed, so this is a unit test (it runs under LABCHECK_UNIT_ONLY=1 too).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture, testContext, track, workdirWith } from '../support/docker.js';
import { inspect, messageOf, perform, statuses } from '../support/labs.js';
import { runNames } from '../../src/engine/names.js';

const dockerfile = fixture('Dockerfile');
const allPassed = { parses: 'passed', 'from-node-12': 'passed', 'adds-app-js': 'passed', 'entrypoint-exec-node': 'passed' };

/** The lab performed (run mode) on a copy of the fixtures with the Dockerfile replaced (or removed with null). */
async function performWith(files: Record<string, string | null>) {
  const ctx = testContext({ workdir: workdirWith(files) });
  const results = await perform(ctx, 'dockerfile');
  return { ctx, got: statuses(results, 'dockerfile'), message: (id: string) => messageOf(results, 'dockerfile', id) };
}

describe('dockerfile', () => {
  it('passes on the chapter\'s Dockerfile, each message pointing at its line', async () => {
    const { got, message } = await performWith({});
    expect(got).toEqual(allPassed);
    expect(message('from-node-12')).toBe('line 1: FROM node:12, the node:12 base image');
    expect(message('adds-app-js')).toBe('line 2: ADD app.js /app.js puts app.js at /app.js');
    expect(message('entrypoint-exec-node')).toBe('line 3: ENTRYPOINT ["node", "app.js"] in exec form: node runs as PID 1');
  });

  it('fails every check before the lab\'s steps took the Dockerfile', async () => {
    const results = await inspect(testContext(), 'dockerfile');
    expect(Object.values(statuses(results, 'dockerfile'))).toEqual(['failed', 'failed', 'failed', 'failed']);
    expect(messageOf(results, 'dockerfile', 'parses')).toBe("expected the Dockerfile handed to this run; the lab's steps did not read one");
  });

  it.each([
    {
      what: 'a garbage line',
      content: dockerfile.replace('ADD app.js /app.js', 'ADD app.js /app.js\nthis is not an instruction'),
      failing: { parses: /^expected a Dockerfile Docker can parse; saw: line 3: unknown instruction: THIS$/ },
    },
    { what: 'FROM node:14', content: dockerfile.replace('node:12', 'node:14'), failing: { 'from-node-12': /^line 1: expected FROM node:12; saw FROM node:14, tag 14 instead of 12$/ } },
    { what: 'ADD other.js', content: dockerfile.replace('ADD app.js', 'ADD other.js'), failing: { 'adds-app-js': /^line 2: expected ADD app\.js \/app\.js; saw ADD other\.js \/app\.js: it adds other\.js, not app\.js$/ } },
    {
      what: 'a shell-form ENTRYPOINT',
      content: dockerfile.replace('ENTRYPOINT ["node", "app.js"]', 'ENTRYPOINT node app.js'),
      failing: { 'entrypoint-exec-node': /^line 3: expected exec form ENTRYPOINT \["node", "app\.js"\]; saw shell form ENTRYPOINT node app\.js: PID 1 would be \/bin\/sh -c/ },
    },
    {
      what: 'CMD only',
      content: dockerfile.replace('ENTRYPOINT', 'CMD'),
      failing: { 'entrypoint-exec-node': /^line 3: expected ENTRYPOINT \["node", "app\.js"\]; saw only CMD \["node", "app\.js"\]: CMD is a default/ },
    },
  ])('fails the right check on $what', async ({ content, failing }) => {
    const { got, message } = await performWith({ Dockerfile: content });
    for (const [id, status] of Object.entries(got)) {
      const pattern = (failing as Partial<Record<string, RegExp>>)[id];
      expect([id, status]).toEqual([id, pattern ? 'failed' : 'passed']);
      if (pattern) expect(message(id)).toMatch(pattern);
    }
  });

  it('fails all four checks on a file of garbage, since nothing in it is FROM, ADD or ENTRYPOINT', async () => {
    const { got, message } = await performWith({ Dockerfile: 'hello there\nthis is not a Dockerfile\n' });
    expect(Object.values(got)).toEqual(['failed', 'failed', 'failed', 'failed']);
    expect(message('parses')).toMatch(/^expected a Dockerfile Docker can parse; saw: line 1: unknown instruction: HELLO; line 1: no FROM instruction/);
    expect(message('entrypoint-exec-node')).toBe('expected ENTRYPOINT ["node", "app.js"]; saw no ENTRYPOINT');
  });

  it('fails each check, saying where it looked, when there is no Dockerfile', async () => {
    const { ctx, got, message } = await performWith({ Dockerfile: null });
    expect(Object.values(got)).toEqual(['failed', 'failed', 'failed', 'failed']);
    for (const id of Object.keys(allPassed)) expect(message(id)).toBe(`expected a Dockerfile in ${ctx.workdir}; there is none`);
  });

  it('names a near miss such as Dockerfile.txt', async () => {
    const { ctx, message } = await performWith({ Dockerfile: null, 'Dockerfile.txt': dockerfile });
    expect(message('parses')).toBe(`expected a Dockerfile in ${ctx.workdir}; there is none (it holds Dockerfile.txt; docker build looks for a file named exactly Dockerfile)`);
  });

  it('takes a lower-case dockerfile, as docker build does', async () => {
    const { got } = await performWith({ Dockerfile: null, dockerfile });
    expect(got).toEqual(allPassed);
  });

  it('points each verdict at its line of the file docker build takes', async () => {
    for (const [name, files] of [['Dockerfile', {}], ['dockerfile', { Dockerfile: null, dockerfile: dockerfile.replace('node:12', 'node:14') }]] as const) {
      const results = await perform(testContext({ workdir: workdirWith(files) }), 'dockerfile');
      const checks = results.find((l) => l.id === 'dockerfile')!.checks;
      expect(checks.map((c) => [c.id, c.location])).toEqual([
        ['parses', { file: name, line: 1 }],
        ['from-node-12', { file: name, line: 1 }],
        ['adds-app-js', { file: name, line: 2 }],
        ['entrypoint-exec-node', { file: name, line: 3 }],
      ]);
    }
  });

  it('judges the Dockerfile as the steps read it, not as it was changed afterwards', async () => {
    const dir = workdirWith();
    const ctx = testContext({ workdir: dir });
    const lab = (await import('../../labs/dockerfile/index.js')).default;
    await lab.solve(ctx);
    writeFileSync(join(dir, 'Dockerfile'), 'FROM node:14\n');
    expect(statuses(await inspect(ctx, 'dockerfile'), 'dockerfile')).toEqual(allPassed);
  });

  it('in check mode reads the Dockerfile in the folder and makes nothing', async () => {
    const passing = testContext({ mode: 'check', names: runNames(track()), workdir: workdirWith() });
    expect(statuses(await inspect(passing, 'dockerfile'), 'dockerfile')).toEqual(allPassed);
    const dir = workdirWith({ Dockerfile: dockerfile.replace('node:12', 'node') });
    const results = await inspect(testContext({ mode: 'check', names: runNames(track()), workdir: dir }), 'dockerfile');
    expect(statuses(results, 'dockerfile')['from-node-12']).toBe('failed');
    expect(messageOf(results, 'dockerfile', 'from-node-12')).toBe('line 1: expected FROM node:12; saw FROM node with no tag, which means node:latest');
  });

  it('in check mode fails each check, saying where it looked, when the folder has no Dockerfile', async () => {
    const dir = workdirWith({ Dockerfile: null });
    const results = await inspect(testContext({ mode: 'check', names: runNames(track()), workdir: dir }), 'dockerfile');
    expect(Object.values(statuses(results, 'dockerfile'))).toEqual(['failed', 'failed', 'failed', 'failed']);
    expect(messageOf(results, 'dockerfile', 'entrypoint-exec-node')).toBe(`expected a Dockerfile in ${dir}; there is none`);
  });
});
