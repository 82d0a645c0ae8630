import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { labcheck } from '../support/docker.js';

describe('labcheck init (the built CLI)', () => {
  it('creates the student repository template in a new folder', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'labcheck-init-cli-')), 'lab2');
    const result = await labcheck(['init', dir]);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/created \.github\/workflows\/labcheck\.yml/);
    expect(existsSync(join(dir, '.gitlab-ci.yml')) && existsSync(join(dir, '.gitignore'))).toBe(true);
  });

  it('refuses with exit 2 and copies nothing when a file of the template is there already', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'labcheck-init-cli-'));
    writeFileSync(join(dir, 'README.md'), 'mine');
    const result = await labcheck(['init', dir]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/already has a file the template would write, so nothing was copied:\n\s+README\.md/);
    expect(readFileSync(join(dir, 'README.md'), 'utf8')).toBe('mine');
    expect(existsSync(join(dir, '.gitlab-ci.yml'))).toBe(false);
  });
});
