// The tests' measure of "nothing left": resources of labcheck processes that have ended, new since a
// point in time. It must see a leftover, and must not count a live run's resources as one.
import { execa } from 'execa';
import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { docker, endedRunsLeftovers, leftSince } from '../support/docker.js';
import { removeRun } from '../../src/docker/cleanup.js';
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

describe('removeRun', () => {
  // What a `docker run` killed by Ctrl-C leaves: a container the engine finishes making after the run's
  // first cleanup listed nothing. Made here 300 ms into the cleanup, as the engine would.
  const lateContainer = async (run: string): Promise<string> => {
    await new Promise((resolve) => setTimeout(resolve, 300));
    const labels = ['--label', `io.labcheck.run=${run}`, '--label', `io.labcheck.owner=${ownerOf(hostname(), process.pid)}`];
    return (await execa('docker', ['create', ...labels, 'busybox', 'true'])).stdout.trim();
  };
  const exists = async (id: string) => (await execa('docker', ['inspect', id], { reject: false })).exitCode === 0;

  it('after a run cut short, also removes what the engine makes a moment after the first listing', async () => {
    const run = `lclate${process.pid.toString(16)}a`;
    const [removed, late] = await Promise.all([removeRun(docker, run, true), lateContainer(run)]);
    expect(await exists(late)).toBe(false);
    expect(removed.containers).toHaveLength(1);
  });

  it('after a run that ended by itself, removes what is there and returns at once', async () => {
    const run = `lclate${process.pid.toString(16)}b`;
    const [removed, late] = await Promise.all([removeRun(docker, run, false), lateContainer(run)]);
    try {
      expect(removed.containers).toEqual([]);
      expect(await exists(late)).toBe(true);
    } finally {
      await execa('docker', ['rm', '-f', late]);
    }
  });
});
