import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ZipRefusedError, unpackZip, type ZipLimits } from '../../src/class/zip.js';
import { declareSize, patchBytes, zipBuffer, zipFile, type ZipItem } from '../support/zips.js';

const small: ZipLimits = { maxEntries: 10, maxFileBytes: 4096, maxTotalBytes: 10_000 };

/** A fresh target inside a fresh folder, so a test can also look at what lies beside it. */
function target(): string {
  return join(mkdtempSync(join(tmpdir(), 'labcheck-unzip-')), 'class');
}

async function refused(zip: string, limits: ZipLimits = small): Promise<{ message: string; target: string }> {
  const to = target();
  const error = await unpackZip(zip, to, limits).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ZipRefusedError);
  // Refused whole: nothing of it is left, inside the target or beside it.
  expect(existsSync(to)).toBe(false);
  expect(readdirSync(dirname(to))).toEqual([]);
  return { message: (error as Error).message, target: to };
}

describe('unpackZip', () => {
  it('unpacks folders, nested files and UTF-8 names', async () => {
    const items: ZipItem[] = [
      { name: '张三_1_assignsubmission_file_/', directory: true },
      { name: '张三_1_assignsubmission_file_/app.js', data: 'console.log(1)\n' },
      { name: '张三_1_assignsubmission_file_/src/Dockerfile', data: 'FROM node:12\n' },
      { name: 'empty/', directory: true },
    ];
    const to = target();
    const unpacked = await unpackZip(await zipFile(items), to, small);
    expect(unpacked).toEqual({ files: ['张三_1_assignsubmission_file_/app.js', '张三_1_assignsubmission_file_/src/Dockerfile'], bytes: 28 });
    expect(readFileSync(join(to, '张三_1_assignsubmission_file_', 'src', 'Dockerfile'), 'utf8')).toBe('FROM node:12\n');
    expect(readdirSync(join(to, 'empty'))).toEqual([]);
  });

  it.each([
    ['../evil.txt', 'XX/evil.txt', '"../evil.txt"'],
    ['a/../../evil.txt', 'a/XX/XX/evil.txt', '"a/../../evil.txt"'],
    ['..\\evil.txt', 'XX_evil.txt', '"../evil.txt"'],
    ['/tmp/evil.txt', 'Xtmp/evil.txt', '"/tmp/evil.txt"'],
    ['C:/evil.txt', 'CX/evil.txt', '"C:/evil.txt"'],
  ])('refuses zip slip: %s', async (evil, made, shown) => {
    let zip = await zipBuffer([{ name: 'ok.txt', data: 'fine' }, { name: made, data: 'owned' }]);
    if (evil === '..\\evil.txt') zip = patchBytes(zip, 'XX_', '..\\');
    else if (evil.startsWith('/')) zip = patchBytes(zip, 'Xtmp/', '/tmp/');
    else if (evil.startsWith('C:')) zip = patchBytes(zip, 'CX/', 'C:/');
    else zip = patchBytes(zip, 'XX/', '../');
    const file = await zipFile(zip);
    const { message } = await refused(file);
    expect(message).toBe(`${file} refused: entry ${shown} would be written outside the folder it is unpacked into (zip slip)`);
    expect(existsSync(join(dirname(file), 'evil.txt'))).toBe(false);
  });

  it('refuses a symbolic link, even one pointing inside', async () => {
    const file = await zipFile([{ name: 'app.js', data: 'x' }, { name: 'link', data: '/etc/passwd', mode: 0o120777 }]);
    expect((await refused(file)).message).toBe(`${file} refused: entry "link" is a symbolic link; links are refused, never followed`);
  });

  it('refuses a device or fifo entry', async () => {
    const file = await zipFile([{ name: 'fifo', data: '', mode: 0o010644 }]);
    expect((await refused(file)).message).toBe(`${file} refused: entry "fifo" is not a regular file or folder (mode 10000)`);
  });

  it('refuses too many entries before unpacking any', async () => {
    const file = await zipFile(Array.from({ length: 11 }, (_, i) => ({ name: `f${i}`, data: 'x' })));
    expect((await refused(file)).message).toBe(`${file} refused: it holds 11 entries; the limit is 10`);
  });

  it('refuses a file larger than the limit per file', async () => {
    const file = await zipFile([{ name: 'big.bin', data: Buffer.alloc(5000) }]);
    expect((await refused(file)).message).toBe(`${file} refused: entry "big.bin" unpacks to 4.9 KB; the limit per file is 4.0 KB`);
  });

  it('refuses a zip bomb that lies about its size, at the bytes it really unpacks', async () => {
    // 1 MiB of zeros compresses to about 1 KB; the central directory claims 10 bytes.
    const file = await zipFile(declareSize(await zipBuffer([{ name: 'bomb.bin', data: Buffer.alloc(1024 * 1024) }]), 10));
    expect((await refused(file, { ...small, maxFileBytes: 1024 * 1024 * 1024, maxTotalBytes: 1024 * 1024 * 1024 })).message).toMatch(
      new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} refused: an entry unpacks to another size than the zip declares \\(too many bytes in the stream\\. expected 10\\. got at least \\d+\\); the zip is damaged or crafted$`),
    );
  });

  it('refuses a download larger than the limit in all', async () => {
    const file = await zipFile(Array.from({ length: 4 }, (_, i) => ({ name: `part${i}.bin`, data: Buffer.alloc(3000) })));
    expect((await refused(file)).message).toBe(`${file} refused: it unpacks to more than 9.8 KB, the limit for a whole download (at entry "part3.bin")`);
  });

  it('refuses the same name twice', async () => {
    const file = await zipFile(patchBytes(await zipBuffer([{ name: 'app.js', data: 'a' }, { name: 'app.jz', data: 'b' }]), 'app.jz', 'app.js'));
    expect((await refused(file)).message).toBe(`${file} refused: it holds "app.js" twice`);
  });

  it('refuses what is not a zip', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'labcheck-notzip-'));
    const file = join(dir, 'class.zip');
    writeFileSync(file, 'PK not really');
    expect((await refused(file)).message).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is not a readable zip file \\(`));
  });

  it('never unpacks into a folder that exists', async () => {
    const to = target();
    mkdirSync(to);
    await expect(unpackZip(await zipFile([{ name: 'a', data: 'a' }]), to, small)).rejects.toThrow(`into ${to}: it already exists`);
  });
});
