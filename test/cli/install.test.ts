import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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
    // What a clone would hold, plus work not yet committed.
    const files = (await execa('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root })).stdout.split('\0');
    for (const file of files.filter((f) => f && existsSync(join(root, f)))) cpSync(join(root, file), join(dir, file), { recursive: true });

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

// The public entry as another project meets it: from the packed tarball, with its types.
describe("import { ... } from 'labcheck'", () => {
  const dir = mkdtempSync(join(tmpdir(), 'labcheck-consumer-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('works from a packed tarball in a temporary project, with type declarations', async () => {
    const packed = await execa('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], { cwd: root });
    const tarball = join(dir, (JSON.parse(packed.stdout) as Array<{ filename: string }>)[0]!.filename);
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
    const install = await execa('npm', ['install', tarball, '--no-audit', '--no-fund', '--prefer-offline'], { cwd: dir, all: true, reject: false, timeout: 170_000 });
    expect(install.exitCode, install.all).toBe(0);

    writeFileSync(
      join(dir, 'use.ts'),
      [
        "import { LABS, exitCodeOf, toJsonReport, type RunReport, type LabDef } from 'labcheck';",
        'const labs: readonly LabDef[] = LABS;',
        "const report: RunReport = { tool: 'labcheck', version: '0', mode: 'run', workdir: '/w', startedAt: '', durationMs: 0, labs: [], summary: { passed: 0, failed: 0, error: 0, skipped: 0, points: 0, maxPoints: 0 } };",
        "console.log(labs.map((l) => l.id).join(','), exitCodeOf(report), toJsonReport(report, 'zh').labs.length);",
        '',
      ].join('\n'),
    );
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', strict: true, skipLibCheck: true, types: ['node'], typeRoots: [join(root, 'node_modules/@types')] } }));
    const typecheck = await execa(join(root, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.json', '--noEmit'], { cwd: dir, reject: false, all: true });
    expect(typecheck.exitCode, typecheck.all).toBe(0);

    writeFileSync(join(dir, 'use.mjs'), "import { LABS, exitCodeOf } from 'labcheck';\nconsole.log(LABS.length, typeof exitCodeOf);\n");
    expect((await execa('node', ['use.mjs'], { cwd: dir })).stdout).toBe('12 function');
  });
});
