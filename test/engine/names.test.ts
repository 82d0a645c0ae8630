import { describe, expect, it } from 'vitest';
import { chapterNames, newRunId, runNames } from '../../src/engine/names.js';
import { displayCommand } from '../../src/engine/context.js';

describe('names', () => {
  it('run ids are lc + 8 hex digits, valid in image and container names', () => {
    for (let i = 0; i < 50; i++) expect(newRunId()).toMatch(/^lc[0-9a-f]{8}$/);
    expect(newRunId(() => 0.999)).toBe('lcffffffff');
  });

  it('run-scoped names all carry the run id, so a user\'s kubia is never touched', () => {
    const names = runNames('lc0123abcd');
    for (const [key, value] of Object.entries(names)) {
      if (typeof value === 'string') expect(value, key).toContain('lc0123abcd');
    }
    expect(names.kubiaImage).toBe('kubia-lc0123abcd:latest');
    expect(names.taggedRef).toBe('lc0123abcd/kubia:1.0');
  });

  it('check and solve use the chapter\'s own names', () => {
    expect(chapterNames()).toMatchObject({ kubiaImage: 'kubia:latest', kubiaContainer: 'kubia-container', taggedRef: 'yourid/kubia:1.0' });
  });

  it('shows a step as the student types it, without labcheck\'s labels', () => {
    expect(displayCommand(['build', '-t', 'kubia:latest', '--label', 'io.labcheck.run=lc1', '--label', 'io.labcheck.owner=h/1', '.'])).toBe('docker build -t kubia:latest .');
    expect(displayCommand(['run', 'busybox', 'echo', 'Hello World'])).toBe("docker run busybox echo 'Hello World'");
    expect(displayCommand(['run', '--label', 'mine=1', 'busybox'])).toBe('docker run --label mine=1 busybox');
  });
});
