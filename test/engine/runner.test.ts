import { describe, expect, it } from 'vitest';
import { defineLab, failed, notApplicable, passed, type CheckDef } from '../../src/engine/define.js';
import { LabContext } from '../../src/engine/context.js';
import { EnvironmentError } from '../../src/engine/errors.js';
import { t } from '../../src/engine/lang.js';
import { runNames } from '../../src/engine/names.js';
import { performOrder, runLabs, withDependencies } from '../../src/engine/runner.js';
import { DockerCli } from '../../src/docker/cli.js';

// Pure engine behaviour with labs made of plain functions: no engine is contacted.
function context(signal = new AbortController().signal, timeoutMs = 200) {
  return new LabContext({
    mode: 'run',
    runId: 'lc00000000',
    names: runNames('lc00000000'),
    workdir: '/nonexistent',
    buildDir: '/nonexistent',
    port: 0,
    timeoutMs,
    stepTimeoutMs: 1000,
    signal,
    endpoint: { host: 'unix:///nonexistent.sock', source: 'default' },
    cli: new DockerCli({}),
  });
}

const check = (id: string, run: CheckDef['run'], points = 1): CheckDef => ({ id, title: t(id, id), points, hint: t('h', '提示'), run });
const lab = (id: string, checks: CheckDef[], dependsOn: string[] = [], solve = async () => undefined) =>
  defineLab({ id, section: id, title: t(id, id), dependsOn, solve, checks });

describe('runLabs', () => {
  it('turns a thrown error into `error`, never `passed`, and scores 0 for it', async () => {
    const [result] = await runLabs({
      all: [lab('a', [check('boom', async () => { throw new Error('kaput'); }), check('ok', async () => passed(t('fine', '好')))])],
      selected: ['a'],
      ctx: context(),
      perform: true,
      solveTimeoutMs: 1000,
    });
    expect(result?.status).toBe('error');
    expect(result?.checks.map((c) => [c.id, c.status, c.points])).toEqual([['boom', 'error', 0], ['ok', 'passed', 1]]);
    expect(result?.checks[0]?.message.en).toBe('labcheck could not judge: kaput');
  });

  it('leaves a not-applicable check out of the points and the lab status', async () => {
    const [result] = await runLabs({
      all: [lab('a', [check('seen', async () => passed(t('fine', '好')), 2), check('unseen', async () => notApplicable(t('no record', '无记录')), 3)])],
      selected: ['a'],
      ctx: context(),
      perform: false,
      solveTimeoutMs: 1000,
    });
    expect(result).toMatchObject({ status: 'passed', points: 2, maxPoints: 2 });
    expect(result?.checks[1]).toMatchObject({ status: 'skipped', notApplicable: true, points: 0, maxPoints: 0 });
  });

  it('fails a check that misses its deadline, with timedOut and 0 points', async () => {
    const [result] = await runLabs({
      all: [lab('a', [check('slow', () => new Promise(() => undefined), 3)])],
      selected: ['a'],
      ctx: context(undefined, 30),
      perform: true,
      solveTimeoutMs: 1000,
    });
    expect(result?.checks[0]).toMatchObject({ status: 'failed', timedOut: true, points: 0, maxPoints: 3 });
  });

  it('performs a dependency that was not selected, reports only the selected lab, and skips it when the dependency failed', async () => {
    const order: string[] = [];
    const all = [
      lab('base', [check('b', async () => failed(t('no', '否')))], [], async () => void order.push('base')),
      lab('top', [check('c', async () => passed(t('yes', '是')))], ['base'], async () => void order.push('top')),
    ];
    const results = await runLabs({ all, selected: ['top'], ctx: context(), perform: true, solveTimeoutMs: 1000 });
    expect(order).toEqual(['base']);
    expect(results.map((r) => r.id)).toEqual(['top']);
    expect(results[0]?.checks[0]).toMatchObject({ status: 'skipped', message: { en: 'not judged: it depends on lab "base", which did not pass' } });
  });

  it('makes every later lab `error` once the environment fails', async () => {
    const all = [
      lab('a', [check('x', async () => passed(t('', '')))], [], async () => { throw new EnvironmentError('engine went away'); }),
      lab('b', [check('y', async () => passed(t('', '')))]),
    ];
    const results = await runLabs({ all, selected: ['a', 'b'], ctx: context(), perform: true, solveTimeoutMs: 1000 });
    expect(results.map((r) => r.status)).toEqual(['error', 'error']);
    expect(results[1]?.checks[0]?.message.en).toBe('the environment failed: engine went away');
    // Marked as the environment's, for exit codes that must not read messages.
    expect(results.map((r) => r.checks[0]?.environment)).toEqual([true, true]);
  });

  it('reports interrupted checks as `error` once the run is aborted', async () => {
    const controller = new AbortController();
    const all = [lab('a', [check('x', async () => { controller.abort(); return new Promise(() => undefined); })]), lab('b', [check('y', async () => passed(t('', '')))])];
    const results = await runLabs({ all, selected: ['a', 'b'], ctx: context(controller.signal), perform: true, solveTimeoutMs: 1000 });
    expect(results.flatMap((r) => r.checks.map((c) => [c.id, c.status]))).toEqual([['x', 'error'], ['y', 'error']]);
  });
});

describe('withDependencies', () => {
  it('adds what the selected labs depend on, in chapter order', () => {
    const all = [lab('a', []), lab('b', [], ['a']), lab('c', []), lab('d', [], ['b'])];
    expect(withDependencies(all, ['d']).map((l) => l.id)).toEqual(['a', 'b', 'd']);
    expect(() => withDependencies(all, ['zz'])).toThrow('unknown lab "zz"');
  });
});

describe('runLabs with concurrency', () => {
  /** A lab whose steps take ms and log when they start and end. */
  const timed = (id: string, ms: number, log: string[], dependsOn: string[] = [], after: string[] = []) =>
    defineLab({
      id,
      section: id,
      title: t(id, id),
      dependsOn,
      after,
      solve: async () => {
        log.push(`start ${id}`);
        await new Promise((r) => setTimeout(r, ms));
        log.push(`end ${id}`);
      },
      checks: [check('c', async () => passed(t('', '')))],
    });

  it('overlaps independent labs yet reports in chapter order', async () => {
    const log: string[] = [];
    const all = [timed('slow', 60, log), timed('fast', 5, log), timed('needs-slow', 5, log, ['slow'])];
    const seen: string[] = [];
    const results = await runLabs({ all, selected: ['slow', 'fast', 'needs-slow'], ctx: context(), perform: true, solveTimeoutMs: 1000, concurrency: 3, hooks: { onLabEnd: (l) => seen.push(l.id) } });
    expect(log.indexOf('end fast')).toBeLessThan(log.indexOf('end slow'));
    expect(log.indexOf('start needs-slow')).toBeGreaterThan(log.indexOf('end slow'));
    expect(results.map((r) => r.id)).toEqual(['slow', 'fast', 'needs-slow']);
    expect(seen).toEqual(['slow', 'fast', 'needs-slow']);
  });

  it('starts a lab only after the labs it must come after, passed or not', async () => {
    const log: string[] = [];
    const all = [
      timed('user', 30, log),
      defineLab({ id: 'remover', section: 'r', title: t('r', 'r'), dependsOn: [], after: ['user'], solve: async () => void log.push('start remover'), checks: [check('c', async () => passed(t('', '')))] }),
    ];
    await runLabs({ all, selected: ['user', 'remover'], ctx: context(), perform: true, solveTimeoutMs: 1000, concurrency: 4 });
    expect(log).toEqual(['start user', 'end user', 'start remover']);
  });

  it.each([1, 3])('performs a lab after a later lab it must come after, and still reports in chapter order (concurrency %i)', async (concurrency) => {
    const log: string[] = [];
    const all = [timed('reader', 1, log, [], ['builder']), timed('builder', 30, log), timed('other', 1, log)];
    const results = await runLabs({ all, selected: ['reader', 'builder', 'other'], ctx: context(), perform: true, solveTimeoutMs: 1000, concurrency });
    expect(log.indexOf('start reader')).toBeGreaterThan(log.indexOf('end builder'));
    expect(results.map((r) => r.id)).toEqual(['reader', 'builder', 'other']);
    expect(results.every((r) => r.status === 'passed')).toBe(true);
  });

  it('performOrder keeps chapter order but for labs that must come after later ones', () => {
    const after = (id: string, ids: string[] = []) => ({ ...lab(id, []), after: ids });
    const all = [after('a'), after('reader', ['builder']), after('b'), after('builder')];
    expect(performOrder(all).map((l) => l.id)).toEqual(['a', 'b', 'builder', 'reader']);
    const cycle = [after('x', ['y']), after('y', ['x'])];
    expect(performOrder(cycle).map((l) => l.id)).toEqual(['x', 'y']);
  });

  it('with concurrency 1 runs strictly in chapter order', async () => {
    const log: string[] = [];
    const all = [timed('a', 30, log), timed('b', 1, log, ['a']), timed('c', 1, log)];
    await runLabs({ all, selected: ['a', 'b', 'c'], ctx: context(), perform: true, solveTimeoutMs: 1000 });
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
  });
});
