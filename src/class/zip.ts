// Unpacks an LMS's "download all submissions" zip with yauzl, bounded: entry count, bytes per file and
// in all (counted as they are written, not as the zip declares them), nothing outside the target
// (zip slip), no symbolic links or other special files, no encrypted entries. Any breach refuses the
// whole zip with a UsageError naming the entry, and leaves nothing unpacked behind.
import { createWriteStream } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { UsageError } from '../engine/errors.js';
import { formatBytes } from '../report/sanitize.js';

export interface ZipLimits {
  /** Entries (files and folders) in the zip. */
  maxEntries: number;
  /** Bytes one file may unpack to. */
  maxFileBytes: number;
  /** Bytes all files together may unpack to. */
  maxTotalBytes: number;
}

// A chapter-2 submission is two small text files; these leave room for a class of 1,000 that also
// handed in screenshots, and stop a zip bomb long before it fills a disk.
export const DEFAULT_ZIP_LIMITS: ZipLimits = { maxEntries: 20_000, maxFileBytes: 16 * 1024 * 1024, maxTotalBytes: 512 * 1024 * 1024 };

export class ZipRefusedError extends UsageError {
  override name = 'ZipRefusedError';
}

export interface Unpacked {
  /** Relative paths of the files written, `/`-separated, in zip order. */
  files: string[];
  bytes: number;
}

const S_IFMT = 0o170000;
const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;
const S_IFLNK = 0o120000;

/** The Unix file type an entry declares in its external attributes, when the zip was made on Unix (0 otherwise). */
export function unixFileType(entry: Pick<Entry, 'externalFileAttributes' | 'versionMadeBy'>): number {
  const madeOnUnix = entry.versionMadeBy >> 8 === 3;
  return madeOnUnix ? (entry.externalFileAttributes >>> 16) & S_IFMT : 0;
}

const openZip = (file: string): Promise<ZipFile> =>
  new Promise((resolveOpen, reject) => {
    yauzl.open(file, { lazyEntries: true, autoClose: true, validateEntrySizes: true, decodeStrings: true }, (err, zip) => (err ? reject(err) : resolveOpen(zip)));
  });

const openEntry = (zip: ZipFile, entry: Entry) =>
  new Promise<NodeJS.ReadableStream>((resolveOpen, reject) => {
    zip.openReadStream(entry, (err, stream) => (err ? reject(err) : resolveOpen(stream)));
  });

/** Counts bytes as they pass and stops the stream at the limits, whatever the entry declared. */
class ByteBudget extends Transform {
  written = 0;
  constructor(
    private readonly onChunk: (bytes: number) => string | undefined,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.written += chunk.length;
    const refusal = this.onChunk(chunk.length);
    callback(refusal ? new ZipRefusedError(refusal) : null, chunk);
  }
}

/** yauzl's own refusals, said as what they mean for the teacher. */
function explain(file: string, e: unknown): Error {
  if (e instanceof ZipRefusedError) return e;
  const message = e instanceof Error ? e.message : String(e);
  const slip = /^(?:absolute path|invalid relative path): (.*)$/.exec(message);
  if (slip) return new ZipRefusedError(`${file} refused: entry ${JSON.stringify(slip[1])} would be written outside the folder it is unpacked into (zip slip)`, { cause: e });
  if (/too many bytes in the stream|not enough bytes in the stream/.test(message)) {
    return new ZipRefusedError(`${file} refused: an entry unpacks to another size than the zip declares (${message}); the zip is damaged or crafted`, { cause: e });
  }
  if (/end of central directory record signature not found|invalid comment length|unexpected EOF/i.test(message)) {
    return new ZipRefusedError(`${file} is not a readable zip file (${message})`, { cause: e });
  }
  return new ZipRefusedError(`${file} could not be unpacked: ${message}`, { cause: e });
}

/**
 * Unpacks `file` into `target`, which must not exist yet (it is created, and removed again if the
 * zip is refused). Returns the files written.
 */
export async function unpackZip(file: string, target: string, limits: ZipLimits = DEFAULT_ZIP_LIMITS): Promise<Unpacked> {
  if (await stat(target).then(() => true, () => false)) throw new UsageError(`cannot unpack ${file} into ${target}: it already exists`);
  const root = resolve(target);
  await mkdir(root, { recursive: true });
  try {
    return await unpackInto(file, root, limits);
  } catch (e) {
    await rm(root, { recursive: true, force: true });
    throw explain(file, e);
  }
}

async function unpackInto(file: string, root: string, limits: ZipLimits): Promise<Unpacked> {
  const zip = await openZip(file);
  const refuse = (why: string) => new ZipRefusedError(`${file} refused: ${why}`);
  if (zip.entryCount > limits.maxEntries) {
    zip.close();
    throw refuse(`it holds ${zip.entryCount} entries; the limit is ${limits.maxEntries}`);
  }
  const files: string[] = [];
  const seen = new Set<string>();
  let total = 0;
  try {
    for (;;) {
      const entry = await new Promise<Entry | undefined>((resolveEntry, reject) => {
        const onEntry = (e: Entry) => {
          zip.off('end', onEnd).off('error', onError);
          resolveEntry(e);
        };
        const onEnd = () => {
          zip.off('entry', onEntry).off('error', onError);
          resolveEntry(undefined);
        };
        const onError = (err: Error) => {
          zip.off('entry', onEntry).off('end', onEnd);
          reject(err);
        };
        zip.once('entry', onEntry).once('end', onEnd).once('error', onError);
        zip.readEntry();
      });
      if (!entry) break;
      const name = entry.fileName;
      const dest = resolve(root, name);
      const rel = relative(root, dest);
      // yauzl already refuses absolute and `..` names; this also holds for whatever it lets through.
      if (rel === '' ? !name.endsWith('/') : rel.startsWith(`..${sep}`) || rel === '..' || isAbsolute(rel)) {
        throw refuse(`entry ${JSON.stringify(name)} would be written outside the folder it is unpacked into (zip slip)`);
      }
      const type = unixFileType(entry);
      if (type === S_IFLNK) throw refuse(`entry ${JSON.stringify(name)} is a symbolic link; links are refused, never followed`);
      if (type !== 0 && type !== S_IFREG && type !== S_IFDIR) throw refuse(`entry ${JSON.stringify(name)} is not a regular file or folder (mode ${type.toString(8)})`);
      if (entry.isEncrypted()) throw refuse(`entry ${JSON.stringify(name)} is encrypted`);
      if (name.endsWith('/') || type === S_IFDIR) {
        await mkdir(dest, { recursive: true });
        continue;
      }
      const key = rel.split(sep).join('/');
      if (seen.has(key)) throw refuse(`it holds ${JSON.stringify(name)} twice`);
      seen.add(key);
      if (entry.uncompressedSize > limits.maxFileBytes) {
        throw refuse(`entry ${JSON.stringify(name)} unpacks to ${formatBytes(entry.uncompressedSize)}; the limit per file is ${formatBytes(limits.maxFileBytes)}`);
      }
      if (total + entry.uncompressedSize > limits.maxTotalBytes) {
        throw refuse(`it unpacks to more than ${formatBytes(limits.maxTotalBytes)}, the limit for a whole download (at entry ${JSON.stringify(name)})`);
      }
      await mkdir(dirname(dest), { recursive: true });
      let size = 0;
      const budget = new ByteBudget((bytes) => {
        size += bytes;
        total += bytes;
        if (size > limits.maxFileBytes) return `${file} refused: entry ${JSON.stringify(name)} unpacks to more than ${formatBytes(limits.maxFileBytes)}, the limit per file`;
        if (total > limits.maxTotalBytes) return `${file} refused: it unpacks to more than ${formatBytes(limits.maxTotalBytes)}, the limit for a whole download`;
        return undefined;
      });
      // `wx`: never over an existing file, never through a link someone planted there.
      await pipeline(await openEntry(zip, entry), budget, createWriteStream(dest, { flags: 'wx' }));
      files.push(key);
    }
  } finally {
    zip.close();
  }
  return { files, bytes: total };
}

export const isZipPath = (path: string): boolean => /\.zip$/i.test(path);

/** Joins a `/`-separated relative path onto a folder. */
export const under = (dir: string, rel: string): string => join(dir, ...rel.split('/'));
