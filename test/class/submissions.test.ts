import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hashFiles, listStudents, scanSubmission } from '../../src/class/submissions.js';

/** A class folder from a literal description: student → { relative path → content }. */
function classDir(students: Record<string, Record<string, string>>): string {
  const root = mkdtempSync(join(tmpdir(), 'labcheck-class-'));
  for (const [id, files] of Object.entries(students)) {
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(join(root, id, path, '..'), { recursive: true });
      writeFileSync(join(root, id, path), content);
    }
  }
  return root;
}

const chapter = { 'app.js': 'console.log(1)\n', Dockerfile: 'FROM node:12\n' };

describe('listStudents', () => {
  it('takes each immediate subfolder as a student, by name, in order; files and hidden folders are not students', async () => {
    const root = classDir({ 'zoë': chapter, '-rf': chapter, '=SUM(A1)': chapter, 'a b': chapter, '.git': { x: '' } });
    writeFileSync(join(root, 'notes.txt'), 'x');
    expect((await listStudents(root)).map((s) => s.id)).toEqual(['-rf', '=SUM(A1)', 'a b', 'zoë']);
  });

  it.each([
    ['a folder that does not exist', '/nonexistent/class', /the class folder \/nonexistent\/class does not exist/],
    ['an empty folder', mkdtempSync(join(tmpdir(), 'labcheck-empty-')), /holds no subfolders: expected one folder per student/],
  ])('refuses %s as a usage error', async (_what, dir, message) => {
    await expect(listStudents(dir)).rejects.toThrow(message);
  });
});

describe('scanSubmission', () => {
  it('hashes identical submissions alike, whoever handed them in, and different content differently', async () => {
    const root = classDir({ ann: chapter, bob: chapter, cy: { ...chapter, 'app.js': 'console.log(2)\n' } });
    const [ann, bob, cy] = await Promise.all(['ann', 'bob', 'cy'].map((id) => scanSubmission({ id, dir: join(root, id) })));
    expect(ann?.ok && bob?.ok && cy?.ok).toBe(true);
    const hash = (s: typeof ann) => (s?.ok ? s.submission.contentHash : '');
    expect(hash(ann)).toBe(hash(bob));
    expect(hash(ann)).not.toBe(hash(cy));
  });

  it('leaves out node_modules and .git, as the build context does', async () => {
    const root = classDir({ ann: chapter, bob: { ...chapter, 'node_modules/x/index.js': 'x', '.git/HEAD': 'ref' } });
    const [ann, bob] = await Promise.all(['ann', 'bob'].map((id) => scanSubmission({ id, dir: join(root, id) })));
    expect(ann?.ok && bob?.ok && ann.submission.contentHash === bob.submission.contentHash).toBe(true);
  });

  it('refuses a link out of the submission, naming it, and never reads its target', async () => {
    const root = classDir({ eve: chapter });
    symlinkSync('/etc/passwd', join(root, 'eve', 'Dockerfile.bak'));
    const scanned = await scanSubmission({ id: 'eve', dir: join(root, 'eve') });
    expect(scanned).toEqual({ ok: false, unreadable: { id: 'eve', dir: join(root, 'eve'), reason: 'Dockerfile.bak is a link out of the submission (to /etc/passwd); it is not followed' } });
  });

  it('refuses a student folder that is itself a link, and accepts links that stay inside', async () => {
    const root = classDir({ ann: { ...chapter, 'src/app.js': 'x' } });
    symlinkSync('src/app.js', join(root, 'ann', 'main.js'));
    symlinkSync(join(root, 'ann'), join(root, 'mallory'));
    expect((await scanSubmission({ id: 'ann', dir: join(root, 'ann') })).ok).toBe(true);
    const linked = await scanSubmission({ id: 'mallory', dir: join(root, 'mallory') });
    expect(linked.ok ? '' : linked.unreadable.reason).toMatch(/^the folder mallory is a link \(to .*ann\); links are not followed$/);
  });

  it('refuses a folder with neither app.js nor a Dockerfile', async () => {
    const root = classDir({ tom: { 'README.md': 'forgot' } });
    const scanned = await scanSubmission({ id: 'tom', dir: join(root, 'tom') });
    expect(scanned.ok ? '' : scanned.unreadable.reason).toBe('it holds neither app.js nor a Dockerfile');
  });
});

describe('hashFiles', () => {
  it('does not let a path and content trade bytes', () => {
    expect(hashFiles([{ path: 'ab', content: Buffer.from('c') }])).not.toBe(hashFiles([{ path: 'a', content: Buffer.from('bc') }]));
    expect(hashFiles([{ path: 'a', content: Buffer.from('1') }, { path: 'b', content: Buffer.from('2') }])).toBe(
      hashFiles([{ path: 'b', content: Buffer.from('2') }, { path: 'a', content: Buffer.from('1') }]),
    );
  });
});
