import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findFile, type FileWanted } from '../../checks/files.js';

const folder = (files: Record<string, string | 'dir'>): string => {
  const dir = mkdtempSync(join(tmpdir(), 'labcheck-files-'));
  for (const [name, content] of Object.entries(files)) {
    if (content === 'dir') mkdirSync(join(dir, name));
    else writeFileSync(join(dir, name), content);
  }
  return dir;
};

const dockerfile: FileWanted = {
  names: ['Dockerfile', 'dockerfile'],
  called: { en: 'a Dockerfile', zh: 'Dockerfile' },
  lookalike: (e) => /dockerfile/i.test(e),
  lookalikeNote: { en: '; docker build looks for a file named exactly Dockerfile', zh: '；docker build 只找名为 Dockerfile 的文件' },
};

describe('findFile', () => {
  it('finds the expected name, or another name Docker takes, with its size', async () => {
    expect(await findFile(folder({ Dockerfile: 'FROM node:12\n' }), '.', dockerfile)).toEqual({ shownDir: '.', found: true, name: 'Dockerfile', size: 13 });
    expect(await findFile(folder({ dockerfile: 'FROM x\n' }), '.', dockerfile)).toMatchObject({ found: true, name: 'dockerfile' });
  });

  it('says it is missing, in both languages, naming what the folder holds instead', async () => {
    const found = await findFile(folder({ 'Dockerfile.txt': '', 'app.js': '' }), 'my-lab', dockerfile);
    expect(found).toEqual({
      shownDir: 'my-lab',
      found: false,
      problem: {
        en: 'expected a Dockerfile in my-lab; there is none (it holds Dockerfile.txt; docker build looks for a file named exactly Dockerfile)',
        zh: '期望 my-lab 中有 Dockerfile；但没有（其中有 Dockerfile.txt；docker build 只找名为 Dockerfile 的文件）',
      },
    });
    expect((await findFile(folder({}), 'my-lab', dockerfile)).problem?.en).toBe('expected a Dockerfile in my-lab; there is none');
  });

  it('says a directory by that name is not a file', async () => {
    expect((await findFile(folder({ Dockerfile: 'dir' }), 'my-lab', dockerfile)).problem?.en).toBe('expected Dockerfile in my-lab to be a file; it is a directory');
  });

  it('says a file it cannot stat cannot be read, with the code', async () => {
    const dir = folder({});
    // Listed, but stat fails (for root too): a link to nowhere.
    symlinkSync('/nonexistent/labcheck', join(dir, 'Dockerfile'));
    expect((await findFile(dir, 'my-lab', dockerfile)).problem?.en).toBe('expected a Dockerfile in my-lab; Dockerfile cannot be read (ENOENT)');
  });
});
