// The tests' measure of "nothing left": resources of labcheck processes that have ended, new since a
// point in time. It must see a leftover, and must not count a live run's resources as one.
import { execa } from 'execa';
import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { endedRunsLeftovers, leftSince } from '../support/docker.js';
import { ownerOf } from '../../src/engine/labels.js';

/** A pid no process has here: above the kernel's pid_max (4194304 at most). */
const GONE_PID = 4_194_305;

describe('leftSince', () => {
  it('sees what an ended run left, and not what a live run holds', async () => {
    const before = await endedRunsLeftovers();
    const run = `lcleft${process.pid.toString(16)}`;
    const labels = (pid: number) => ['--label', `io.labcheck.run=${run}${pid}`, '--label', `io.labcheck.owner=${ownerOf(hostname(), pid)}`];
    const ended = (await execa('docker', ['create', ...labels(GONE_PID), 'busybox', 'true'])).stdout.trim();
    const live = (await execa('docker', ['create', ...labels(process.pid), 'busybox', 'true'])).stdout.trim();
    try {
      const left = await leftSince(before);
      expect(left).toContain(`container:${ended}`);
      expect(left).not.toContain(`container:${live}`);
    } finally {
      await execa('docker', ['rm', '-f', ended, live]);
    }
    expect(await leftSince(before)).toEqual([]);
  });
});
