// Finding a file a student was asked to write (app.js, the Dockerfile) in their folder, and saying in
// their terms what is wrong when it is not there: missing (and what is there instead), not a file, unreadable.
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { t } from '../src/engine/lang.js';
import type { Text } from '../src/engine/types.js';

export interface FileWanted {
  /** Names it may have, the expected one first (Docker also takes `dockerfile`). */
  names: readonly string[];
  /** How a message names it: "app.js", "a Dockerfile". */
  called: Text;
  /** Other entries worth naming when it is missing: what the student may have meant. */
  lookalike: (entry: string) => boolean;
  /** Said after the lookalikes, e.g. which name docker build looks for. */
  lookalikeNote?: Text;
}

export interface FileFound {
  /** The folder as the student knows it (--workdir), for messages. */
  shownDir: string;
  found: boolean;
  /** The name it has, when there is an entry by one of the names. */
  name?: string;
  /** Its size in bytes, when found. */
  size?: number;
  problem?: Text;
}

/** Looks for the file in dir (shown as shownDir); never throws. */
export async function findFile(dir: string, shownDir: string, wanted: FileWanted): Promise<FileFound> {
  const { en: called, zh: calledZh } = wanted.called;
  const entries = await readdir(dir).catch(() => [] as string[]);
  const name = wanted.names.find((n) => entries.includes(n));
  if (!name) {
    const near = entries.filter((e) => !wanted.names.includes(e) && wanted.lookalike(e)).slice(0, 5);
    const note = wanted.lookalikeNote ?? { en: '', zh: '' };
    const seen = near.length ? { en: ` (it holds ${near.join(', ')}${note.en})`, zh: `（其中有 ${near.join('、')}${note.zh}）` } : { en: '', zh: '' };
    return { shownDir, found: false, problem: t(`expected ${called} in ${shownDir}; there is none${seen.en}`, `期望 ${shownDir} 中有 ${calledZh}；但没有${seen.zh}`) };
  }
  try {
    const info = await stat(join(dir, name));
    if (info.isFile()) return { shownDir, found: true, name, size: info.size };
    const what = info.isDirectory() ? { en: 'a directory', zh: '目录' } : { en: 'not a regular file', zh: '不是普通文件' };
    return { shownDir, found: false, name, problem: t(`expected ${name} in ${shownDir} to be a file; it is ${what.en}`, `${shownDir} 中的 ${name} 应该是文件；实际是${what.zh}`) };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? String(e);
    return { shownDir, found: false, name, problem: t(`expected ${called} in ${shownDir}; ${name} cannot be read (${code})`, `期望 ${shownDir} 中有 ${calledZh}；但 ${name} 无法读取（${code}）`) };
  }
}
