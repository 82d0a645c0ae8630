import { afterEach, expect } from 'vitest';
import { LABS } from '../../labs/index.js';
import { runLabs } from '../../src/engine/runner.js';
import type { LabContext } from '../../src/engine/context.js';
import type { LabResult, Status } from '../../src/engine/types.js';
import { createdRuns, docker } from './docker.js';
import { countLabelled, ofRun, removeLabelled } from '../../src/docker/cleanup.js';

/** Performs and checks the given labs (and what they depend on) in a context, as `run` does. */
export async function perform(ctx: LabContext, ...ids: string[]): Promise<LabResult[]> {
  return runLabs({ all: LABS, selected: ids, ctx, perform: ctx.mode !== 'check', solveTimeoutMs: 300_000 });
}

/** Checks only: reads state, performs nothing. */
export async function inspect(ctx: LabContext, ...ids: string[]): Promise<LabResult[]> {
  return runLabs({ all: LABS, selected: ids, ctx, perform: false, solveTimeoutMs: 300_000 });
}

/** { checkId: status } of one lab, for one-line assertions. */
export function statuses(results: LabResult[], labId: string): Record<string, Status> {
  const lab = results.find((l) => l.id === labId);
  if (!lab) throw new Error(`lab ${labId} not in results: ${results.map((l) => l.id).join(', ')}`);
  return Object.fromEntries(lab.checks.map((c) => [c.id, c.status]));
}

export function messageOf(results: LabResult[], labId: string, checkId: string): string {
  return results.find((l) => l.id === labId)?.checks.find((c) => c.id === checkId)?.message.en ?? '';
}

/**
 * Every Docker test removes what its runs labelled and proves nothing of them is left. Only the
 * test's own run ids: other suites may share the engine.
 */
export function cleanEachTest(): void {
  afterEach(async () => {
    const runs = [...createdRuns];
    createdRuns.clear();
    // All runs' containers go before any image, since one run's image may serve another's container.
    await removeLabelled(docker, (labels) => runs.some((run) => ofRun(run)(labels)));
    for (const run of runs) expect(await countLabelled(docker, ofRun(run)), `left labelled by run ${run}`).toBe(0);
  });
}
