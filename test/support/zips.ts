// Small zips for the LMS tests, built with yazl; hostile ones by patching a well-formed zip's bytes
// (yazl itself refuses to write `..` or absolute names, and always tells the truth about sizes).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import yazl from 'yazl';

export interface ZipItem {
  name: string;
  data?: string | Buffer;
  /** Unix mode with the file type bits, e.g. 0o120777 for a symbolic link. */
  mode?: number;
  directory?: boolean;
}

export async function zipBuffer(items: readonly ZipItem[]): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const item of items) {
    if (item.directory) zip.addEmptyDirectory(item.name);
    else zip.addBuffer(Buffer.isBuffer(item.data) ? item.data : Buffer.from(item.data ?? '', 'utf8'), item.name, item.mode === undefined ? {} : { mode: item.mode });
  }
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** Replaces every occurrence of a same-length byte string (an entry name in the local and central headers). */
export function patchBytes(zip: Buffer, from: string, to: string): Buffer {
  const a = Buffer.from(from, 'utf8');
  const b = Buffer.from(to, 'utf8');
  if (a.length !== b.length) throw new Error('patchBytes needs strings of one byte length');
  const out = Buffer.from(zip);
  let found = 0;
  for (let i = out.indexOf(a); i >= 0; i = out.indexOf(a, i + 1)) {
    b.copy(out, i);
    found += 1;
  }
  if (found === 0) throw new Error(`${from} not found in the zip`);
  return out;
}

/** Sets the uncompressed size the central directory declares for every entry (a zip bomb that lies). */
export function declareSize(zip: Buffer, size: number): Buffer {
  const out = Buffer.from(zip);
  for (let i = out.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])); i >= 0; i = out.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]), i + 4)) {
    out.writeUInt32LE(size, i + 24);
  }
  return out;
}

export async function zipFile(items: readonly ZipItem[] | Buffer, name = 'download.zip'): Promise<string> {
  const file = join(mkdtempSync(join(tmpdir(), 'labcheck-zip-')), name);
  writeFileSync(file, Buffer.isBuffer(items) ? items : await zipBuffer(items));
  return file;
}
