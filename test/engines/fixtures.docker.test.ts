// The "done when": `labcheck run` and `labcheck selftest` on the bundled fixtures pass every lab on the
// engine the tests drive (LABCHECK_TEST_ENGINE: dockerd, Podman through the docker CLI, the podman CLI alone).
import { describe, expect, it } from 'vitest';
import { docker, labcheck } from '../support/docker.js';
import { cleanEachTest } from '../support/labs.js';
import { factsOf } from '../../src/docker/engine-info.js';
import { LABS } from '../../labs/index.js';

cleanEachTest();

const ENGINE = process.env.LABCHECK_TEST_ENGINE ?? 'docker';
const ALL = LABS.map((lab) => lab.id);

interface Report {
  labs: { id: string; status: string; checks: { id: string; status: string; message: { en: string } }[] }[];
  summary: { passed: number; failed: number; error: number; skipped: number };
}

/** Each check that did not pass, with its message: what a failing assertion shows. */
const notPassed = (report: Report) => report.labs.flatMap((l) => l.checks.filter((c) => c.status !== 'passed').map((c) => `${l.id}/${c.id} ${c.status}: ${c.message.en}`));

describe(`the fixtures on ${ENGINE}`, () => {
  it('the tests drive the engine they say', async () => {
    expect((await factsOf(docker)).kind).toBe(ENGINE === 'docker' ? 'docker' : 'podman');
  });

  it('labcheck run passes every lab: exit 0', async () => {
    const result = await labcheck(['run', '--port', '0', '--no-junit', '--json', '-']);
    const report = JSON.parse(result.stdout) as Report;
    expect(notPassed(report)).toEqual([]);
    expect(report.labs.map((l) => l.id)).toEqual(ALL);
    expect(report.summary).toMatchObject({ failed: 0, error: 0, skipped: 0 });
    expect(result.exitCode, result.stderr).toBe(0);
  });

  it('labcheck selftest passes every lab: each check fails before the steps and passes after, cleanup leaves nothing; exit 0', async () => {
    const result = await labcheck(['selftest', '--port', '0', '--no-junit', '--json', '-'], { timeoutMs: 900_000 });
    const report = JSON.parse(result.stdout) as Report;
    expect(notPassed(report)).toEqual([]);
    expect(report.labs.map((l) => l.id)).toEqual(ALL);
    expect(report.labs.every((l) => l.checks.some((c) => c.id === 'cleanup-leaves-nothing'))).toBe(true);
    expect(result.exitCode, result.stderr).toBe(0);
  }, 900_000);
});
