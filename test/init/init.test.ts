import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isUsageError } from '../../src/engine/errors.js';
import { initStudentRepo, templateDir } from '../../src/init/init.js';
import { packageRoot } from '../../src/paths.js';

const TEMPLATE_FILES = ['.github/workflows/labcheck.yml', '.gitignore', '.gitlab-ci.yml', 'README.md'];

const scratch = (): string => mkdtempSync(join(tmpdir(), 'labcheck-init-'));

/** Every file under dir, relative, sorted: what a folder holds, to compare before and after. */
function tree(dir: string): string[] {
  return (readdirSync(dir, { recursive: true, withFileTypes: true }) as import('node:fs').Dirent[])
    .filter((e) => !e.isDirectory())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
    .sort();
}

async function refusal(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected initStudentRepo to refuse');
}

describe('initStudentRepo', () => {
  it('copies the template into an empty folder and says what it wrote', async () => {
    const dir = scratch();
    const result = await initStudentRepo(dir);
    expect(result).toEqual({ dir, files: TEMPLATE_FILES });
    expect(tree(dir)).toEqual(TEMPLATE_FILES);
    expect(readFileSync(join(dir, '.gitlab-ci.yml'), 'utf8')).toBe(readFileSync(join(templateDir, '.gitlab-ci.yml'), 'utf8'));
    expect(readFileSync(join(dir, '.gitignore'), 'utf8')).toBe(readFileSync(join(templateDir, 'gitignore'), 'utf8'));
  });

  it('creates the folder when it is missing', async () => {
    const dir = join(scratch(), 'course', 'kubia');
    expect((await initStudentRepo(dir)).files).toEqual(TEMPLATE_FILES);
    expect(tree(dir)).toEqual(TEMPLATE_FILES);
  });

  it('fills a non-empty folder around files the template does not have, leaving them as they were', async () => {
    const dir = scratch();
    writeFileSync(join(dir, 'app.js'), 'console.log(1)\n');
    mkdirSync(join(dir, '.github', 'workflows'), { recursive: true });
    writeFileSync(join(dir, '.github', 'workflows', 'other.yml'), 'on: push\n');
    await initStudentRepo(dir);
    expect(tree(dir)).toEqual(['.github/workflows/labcheck.yml', '.github/workflows/other.yml', '.gitignore', '.gitlab-ci.yml', 'README.md', 'app.js']);
    expect(readFileSync(join(dir, 'app.js'), 'utf8')).toBe('console.log(1)\n');
  });

  it('refuses when files it would write exist: names them all, copies nothing', async () => {
    const dir = scratch();
    writeFileSync(join(dir, 'README.md'), 'my notes\n');
    mkdirSync(join(dir, '.github', 'workflows'), { recursive: true });
    writeFileSync(join(dir, '.github', 'workflows', 'labcheck.yml'), 'mine\n');
    const e = await refusal(initStudentRepo(dir));
    expect(isUsageError(e)).toBe(true);
    expect(e.message).toBe(
      `${dir} already has files the template would write, so nothing was copied:\n  .github/workflows/labcheck.yml\n  README.md\nMove them away or choose an empty folder.`,
    );
    expect(tree(dir)).toEqual(['.github/workflows/labcheck.yml', 'README.md']);
    expect(readFileSync(join(dir, 'README.md'), 'utf8')).toBe('my notes\n');
  });

  it('counts a dangling symlink and a file where a folder must go as in the way', async () => {
    const dir = scratch();
    symlinkSync(join(dir, 'nowhere'), join(dir, '.gitignore'));
    writeFileSync(join(dir, '.github'), 'a file, not a folder\n');
    const e = await refusal(initStudentRepo(dir));
    expect(e.message).toContain('already has files the template would write, so nothing was copied:\n  .github\n  .gitignore\n');
    expect(readdirSync(dir).sort()).toEqual(['.github', '.gitignore']);
  });

  it('refuses a DIR that is a file', async () => {
    const file = join(scratch(), 'kubia');
    writeFileSync(file, '');
    const e = await refusal(initStudentRepo(file));
    expect(isUsageError(e)).toBe(true);
    expect(e.message).toBe(`${file} is a file; give the folder to create the student repository in`);
  });
});

describe('the template in the installed package', () => {
  it('is in the files npm packs, so `npx labcheck init` finds every file of it', () => {
    const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: packageRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const packed = (JSON.parse(out) as Array<{ files: Array<{ path: string }> }>)[0]!.files.map((f) => f.path);
    const template = tree(templateDir).map((f) => `examples/student-repo/${f}`);
    expect(template.length).toBe(4);
    expect(packed).toEqual(expect.arrayContaining(template));
  });
});
