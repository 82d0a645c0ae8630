import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { root } from '../support/docker.js';

// The README's first command as a newcomer meets it: a fresh install into a pristine dist/, then npx.
describe('install from a clean checkout', () => {
  const dir = mkdtempSync(join(tmpdir(), 'labcheck-install-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('installs quietly (no native builds of unused optional code), builds, and `npx labcheck` starts', async () => {
    const files = (await execa('git', ['ls-files', '-z'], { cwd: root })).stdout.split('\0').filter(Boolean);
    for (const file of files) cpSync(join(root, file), join(dir, file), { recursive: true });

    const install = await execa('npm', ['ci', '--no-audit', '--no-fund', '--prefer-offline'], { cwd: dir, all: true, reject: false, timeout: 170_000 });
    expect(install.exitCode, install.all).toBe(0);
    expect(install.all).not.toMatch(/install-scripts|allowScripts/);
    // ssh2's optional native crypto, cpu-features: compiled by their install scripts unless denied.
    expect(existsSync(join(dir, 'node_modules/cpu-features/build'))).toBe(false);

    const version = await execa('npx', ['labcheck', '--version'], { cwd: dir, reject: false });
    expect([version.exitCode, version.stdout, version.stderr]).toEqual([0, '0.1.0', '']);

    // A rebuild into an empty dist/ keeps the bin executable.
    rmSync(join(dir, 'dist'), { recursive: true });
    await execa('npm', ['run', 'build'], { cwd: dir });
    const again = await execa('npx', ['labcheck', '--version'], { cwd: dir, reject: false });
    expect([again.exitCode, again.stdout]).toEqual([0, '0.1.0']);
  });
});
