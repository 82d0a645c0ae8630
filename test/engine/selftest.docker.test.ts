import { describe, expect, it } from 'vitest';
import { defineLab, failed, passed } from '../../src/engine/define.js';
import { t } from '../../src/engine/lang.js';
import { selftestLabs } from '../../src/engine/selftest.js';
import { countLabelled, ofRun, removeLabelled } from '../../src/docker/cleanup.js';
import { docker, testContext } from '../support/docker.js';
import { cleanEachTest } from '../support/labs.js';

cleanEachTest();

// A lab whose check passes once its step ran: what differs is what it says it creates.
const lab = (creates: (runId: string) => string[]) =>
  defineLab({
    id: 'made-up',
    section: 's',
    title: t('made up', '虚构'),
    dependsOn: [],
    creates: (names) => ({ containers: creates(names.userId) }),
    async solve(ctx) {
      await ctx.step(['create', '--name', `made-${ctx.runId}`, ...ctx.labelArgs(), 'busybox', 'true']);
    },
    checks: [
      {
        id: 'made',
        title: t('made', '已创建'),
        points: 1,
        hint: t('h', 'h'),
        run: async (ctx) => ((await (await ctx.docker()).listContainers({ all: true, filters: JSON.stringify({ name: [`made-${ctx.runId}`] }) })).length ? passed(t('y', 'y')) : failed(t('n', 'n'))),
      },
    ],
  });

async function selftest(creates: (runId: string) => string[]) {
  const ctx = testContext();
  const [result] = await selftestLabs({
    all: [lab(creates)],
    selected: ['made-up'],
    newContext: () => ctx,
    cleanup: async (c) => {
      await removeLabelled(docker, ofRun(c.runId));
      return countLabelled(docker, ofRun(c.runId));
    },
    solveTimeoutMs: 60_000,
  });
  return result!.checks.find((c) => c.id === 'cleanup-leaves-nothing')!;
}

describe('selftest holds a lab to what it declares it creates', () => {
  it('passes when the declared container is there after the steps and gone after cleanup', async () => {
    const check = await selftest((id) => [`made-${id}`]);
    expect(check).toMatchObject({ status: 'passed', message: { en: expect.stringMatching(/^nothing labelled lc[0-9a-f]{8} is left, nor container made-lc[0-9a-f]{8}$/) } });
  });

  it('fails when the lab declares a container its steps never make', async () => {
    const check = await selftest((id) => [`made-${id}`, `ghost-${id}`]);
    expect(check.status).toBe('failed');
    expect(check.message.en).toMatch(/^the lab declares it creates container ghost-lc[0-9a-f]{8}, but its steps left none: fix creates\(\) in labs\/made-up\/$/);
  });
});
