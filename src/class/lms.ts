// An LMS's "download all submissions" (a zip, or that zip unpacked) turned into a class folder:
// one folder per student, named by the student id the LMS put in the file names.
//
// Moodle (mod/assign, moodle/moodle): each file is stored under a prefix
// clean_filename(str_replace('_', ' ', fullname) . '_' . get_uniqueid_for_user(userid)) followed by
// '_' . subtype . '_' . type, i.e. `<Full Name>_<participant id>_assignsubmission_file`. Moodle 3.1+
// makes that a folder (with a trailing `_` before 4.x's downloader class, without it since) holding
// the student's files with their paths; before 3.1, or with "download as folders" off, the files sit
// flat as `<Full Name>_<participant id>_assignsubmission_file_<file name>`. The full name never holds
// `_` (replaced by spaces), so the first `_` ends it. Blind marking writes `Participant` as the name.
// The id is Moodle's participant id for this assignment.
//
// Canvas (instructure/canvas-lms lib/content_zipper.rb, get_filename and add_upload_submission): flat
// files `<name>[_LATE]_<user id>_<attachment id>_<display name>`, where name is the sortable name with
// every non-word character removed, lower-cased (so `_\d+_` never occurs in it), LATE (`late` in
// older versions) marks a late submission, and anonymous grading writes `anon_<anonymous id>` for
// the name and user id (so a late one starts `LATE_`/`late_`). A re-upload of a name the student
// already had is renamed by Attachment.make_unique_filename to `<base>-1<ext>`, `-2`, … (ext being
// Canvas's `(\.[A-Za-z][A-Za-z0-9]*)*(\.[A-Za-z0-9]*)$`); the original name is restored here and,
// of several files with one original name, the newest (highest attachment id) is kept.
import { copyFile, constants, lstat, mkdir, readdir, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { UsageError } from '../engine/errors.js';
import { formatBytes } from '../report/sanitize.js';
import { compareIds } from './shard.js';
import { DEFAULT_ZIP_LIMITS, isZipPath, under, unpackZip, type ZipLimits } from './zip.js';

export type LmsLayout = 'moodle' | 'canvas';

export interface PlannedSubmission {
  /** The student id the LMS gave: Moodle's participant id, Canvas's user id or `anon_<id>`. */
  id: string;
  /** The name in the file names (Moodle's full name, Canvas's squeezed sortable name). */
  name: string;
  /** `from` in the download, `to` in the student's folder; `/`-separated. */
  files: Array<{ from: string; to: string }>;
}

export interface LmsPlan {
  layout: LmsLayout;
  /** In id order. */
  submissions: PlannedSubmission[];
  /** Files of the download that are no student's submission file, and why. */
  ignored: Array<{ path: string; why: string }>;
}

// Left out of every layout without a word: what archivers and file browsers add.
const JUNK = /(^|\/)(__MACOSX|\.DS_Store|Thumbs\.db|desktop\.ini)(\/|$)/;

const MOODLE = /^(?<name>[^_]*)_(?<id>\d+)_assignsubmission_(?<plugin>[a-z0-9]+)(?:_(?<rest>.*))?$/s;

export interface MoodleName {
  name: string;
  id: string;
  /** The submission plugin: `file` holds the files; `onlinetext` and others do not. */
  plugin: string;
  /** What follows the prefix in a flat download (the file name); undefined or '' for a folder. */
  rest: string | undefined;
}

export function parseMoodleName(segment: string): MoodleName | undefined {
  const m = MOODLE.exec(segment)?.groups;
  if (!m) return undefined;
  return { name: m.name ?? '', id: m.id ?? '', plugin: m.plugin ?? '', rest: m.rest };
}

const CANVAS_ANONYMOUS = /^(?:(?<late>LATE|late)_)?(?<id>anon_[A-Za-z0-9]+)_(?<attachment>\d+)_(?<file>.+)$/s;
const CANVAS = /^(?<name>.+?)(?:_(?<late>LATE|late))?_(?<id>\d+)_(?<attachment>\d+)_(?<file>.+)$/s;

export interface CanvasName {
  name: string;
  id: string;
  late: boolean;
  attachment: number;
  /** The file's name as the student uploaded it, Canvas's `-N` suffix taken off. */
  original: string;
  /** N of that suffix, 0 when there was none. */
  copy: number;
}

/** Canvas's extension of a name (Attachment.make_unique_filename): `.js`, `.tar.gz`, '' for `Dockerfile`. */
export function canvasExtension(name: string): string {
  return /(\.[A-Za-z][A-Za-z0-9]*)*(\.[A-Za-z0-9]*)$/.exec(name)?.[0] ?? '';
}

/** `app-1.js` → app.js, copy 1; `Dockerfile-2` → Dockerfile, copy 2; `app.js` → app.js, copy 0. */
export function uncopiedName(display: string): { original: string; copy: number } {
  const ext = canvasExtension(display);
  const stem = display.slice(0, display.length - ext.length);
  const m = /^(.+)-(\d+)$/s.exec(stem);
  if (!m || Number(m[2]) < 1) return { original: display, copy: 0 };
  return { original: `${m[1]}${ext}`, copy: Number(m[2]) };
}

export function parseCanvasName(file: string): CanvasName | undefined {
  const m = (CANVAS_ANONYMOUS.exec(file) ?? CANVAS.exec(file))?.groups;
  if (!m) return undefined;
  const { original, copy } = uncopiedName(m.file ?? '');
  return { name: m.name ?? '', id: m.id ?? '', late: m.late !== undefined, attachment: Number(m.attachment), original, copy };
}

const byId = (a: PlannedSubmission, b: PlannedSubmission) => compareIds(a.id, b.id);

function submissionOf(map: Map<string, PlannedSubmission>, id: string, name: string): PlannedSubmission {
  let submission = map.get(id);
  if (!submission) {
    submission = { id, name, files: [] };
    map.set(id, submission);
  }
  return submission;
}

/** Moodle: a folder (or flat files) per student and plugin; only `assignsubmission_file` holds submission files. */
export function planMoodle(paths: readonly string[]): LmsPlan {
  const students = new Map<string, PlannedSubmission>();
  const ignored: LmsPlan['ignored'] = [];
  for (const path of paths) {
    if (JUNK.test(path)) continue;
    const [top = '', ...inner] = path.split('/');
    const parsed = parseMoodleName(top);
    if (!parsed) {
      ignored.push({ path, why: 'not named <Full Name>_<id>_assignsubmission_<plugin>' });
      continue;
    }
    if (parsed.plugin !== 'file') {
      ignored.push({ path, why: `${parsed.plugin} is not a file submission` });
      continue;
    }
    const to = inner.length > 0 ? inner.join('/') : (parsed.rest ?? '');
    if (to === '') {
      ignored.push({ path, why: 'no file name after the prefix' });
      continue;
    }
    submissionOf(students, parsed.id, parsed.name).files.push({ from: path, to });
  }
  return { layout: 'moodle', submissions: [...students.values()].sort(byId), ignored };
}

/** Canvas: flat files; per student and original name, the newest upload. */
export function planCanvas(paths: readonly string[]): LmsPlan {
  const students = new Map<string, PlannedSubmission>();
  const newest = new Map<string, { path: string; parsed: CanvasName }>();
  const ignored: LmsPlan['ignored'] = [];
  for (const path of paths) {
    if (JUNK.test(path)) continue;
    const parsed = path.includes('/') ? undefined : parseCanvasName(path);
    if (!parsed) {
      ignored.push({ path, why: 'not named <name>_<user id>_<attachment id>_<file name>' });
      continue;
    }
    const key = JSON.stringify([parsed.id, parsed.original]);
    const seen = newest.get(key);
    const newer = !seen || parsed.attachment > seen.parsed.attachment || (parsed.attachment === seen.parsed.attachment && parsed.copy > seen.parsed.copy);
    if (seen) ignored.push({ path: newer ? seen.path : path, why: `an older upload of ${parsed.original}` });
    if (newer) newest.set(key, { path, parsed });
  }
  for (const { path, parsed } of newest.values()) submissionOf(students, parsed.id, parsed.name).files.push({ from: path, to: parsed.original });
  for (const s of students.values()) s.files.sort((a, b) => compareIds(a.to, b.to));
  return { layout: 'canvas', submissions: [...students.values()].sort(byId), ignored };
}

/**
 * The layout of a download's files (paths relative to its top, `/`-separated): Moodle when its top
 * level is Moodle's prefixes, Canvas when it is Canvas's names, undefined for neither (a class folder
 * already). Both at once is refused: those are two downloads mixed.
 */
export function planLms(paths: readonly string[]): LmsPlan | undefined {
  const kept = paths.filter((p) => !JUNK.test(p));
  const folders = new Set(kept.filter((p) => p.includes('/')).map((p) => p.split('/')[0] ?? ''));
  const tops = new Set(kept.map((p) => p.split('/')[0] ?? ''));
  const moodle = [...tops].filter((t) => parseMoodleName(t)).length;
  const canvas = [...tops].filter((t) => !folders.has(t) && parseCanvasName(t)).length;
  if (moodle > 0 && canvas > 0) {
    throw new UsageError(`this download mixes Moodle's layout (${moodle} entries like <Full Name>_<id>_assignsubmission_file) and Canvas's (${canvas} files like <name>_<user id>_<attachment id>_<file>); grade each download on its own`);
  }
  if (moodle > 0) return planMoodle(paths);
  if (canvas > 0) return planCanvas(paths);
  return undefined;
}

/**
 * Every file under `dir` as a `/`-separated relative path, bounded like a zip. A symbolic link
 * anywhere is refused, never followed: a download holds files, and a link could reach the
 * teacher's own.
 */
export async function listFiles(dir: string, limits: ZipLimits = DEFAULT_ZIP_LIMITS): Promise<string[]> {
  const files: string[] = [];
  let entries = 0;
  let bytes = 0;
  const walk = async (rel: string): Promise<void> => {
    for (const entry of await readdir(under(dir, rel), { withFileTypes: true })) {
      const path = rel === '' ? entry.name : `${rel}/${entry.name}`;
      if ((entries += 1) > limits.maxEntries) throw new UsageError(`${dir} holds more than ${limits.maxEntries} files and folders, the limit for a download`);
      const info = await lstat(under(dir, path));
      if (info.isSymbolicLink()) throw new UsageError(`${under(dir, path)} is a symbolic link; labcheck never follows links in a download`);
      if (info.isDirectory()) await walk(path);
      else if (info.isFile()) {
        if (info.size > limits.maxFileBytes) throw new UsageError(`${under(dir, path)} is ${formatBytes(info.size)}; the limit per file is ${formatBytes(limits.maxFileBytes)}`);
        if ((bytes += info.size) > limits.maxTotalBytes) throw new UsageError(`${dir} holds more than ${formatBytes(limits.maxTotalBytes)}, the limit for a download`);
        files.push(path);
      } else throw new UsageError(`${under(dir, path)} is not a regular file or folder`);
    }
  };
  await walk('');
  return files.sort(compareIds);
}

/** A zip re-packed by hand often holds one folder with the download in it: grade what is inside. */
export function singleTop(paths: readonly string[]): string | undefined {
  const kept = paths.filter((p) => !JUNK.test(p));
  const tops = new Set(kept.map((p) => p.split('/')[0]));
  const [top] = tops;
  if (tops.size !== 1 || top === undefined || !kept.every((p) => p.startsWith(`${top}/`))) return undefined;
  return parseMoodleName(top) ? undefined : top;
}

export interface PreparedClass {
  /** `folders`: the input already is a class folder (one folder per student), used as it is. */
  layout: LmsLayout | 'folders';
  /** The class folder to grade: one folder per student, named by the student id. */
  classDir: string;
  submissions: PlannedSubmission[];
  ignored: LmsPlan['ignored'];
}

/** The top of a folder as planLms reads names: a folder as `name/`, a file as `name`. */
async function topNames(dir: string): Promise<string[]> {
  return (await readdir(dir, { withFileTypes: true })).map((e) => (e.isDirectory() ? `${e.name}/` : e.name));
}

/**
 * A zip or folder as a class folder. A Moodle or Canvas download is copied into `work/class`, one
 * folder per student id (those ids are digits or `anon_` and letters: safe file names as they are);
 * a zip is first unpacked into `work/download`. Anything else is a class folder already and is
 * returned as it is, unread: a symlink in one student's folder is that student's row, not the
 * batch's failure. `work` must not exist yet.
 */
export async function prepareClass(input: string, work: string, limits: ZipLimits = DEFAULT_ZIP_LIMITS): Promise<PreparedClass> {
  const info = await stat(input).catch((e: unknown) => {
    throw new UsageError(`cannot read ${input}: ${(e as Error).message}`, { cause: e });
  });
  if (await stat(work).then(() => true, () => false)) throw new UsageError(`cannot prepare the class in ${work}: it already exists`);
  let root = input;
  if (info.isFile()) {
    if (!isZipPath(input)) throw new UsageError(`${input} is a file but not a .zip; give a class folder or an LMS's submissions zip`);
    root = join(work, 'download');
    await mkdir(work, { recursive: true });
    await unpackZip(input, root, limits);
  } else if (!info.isDirectory()) {
    throw new UsageError(`${input} is neither a folder nor a zip file`);
  }
  // Names first: a class folder is never walked here, an LMS download is walked whole.
  let names = await topNames(root);
  const top = singleTop(names.map((n) => (n.endsWith('/') ? `${n}.` : n)));
  if (top !== undefined) {
    const inner = await topNames(under(root, top));
    if (planLms(inner.map((n) => (n.endsWith('/') ? `${n}.` : n)))) {
      root = under(root, top);
      names = inner;
    }
  }
  const detected = planLms(names.map((n) => (n.endsWith('/') ? `${n}.` : n)));
  if (!detected) return { layout: 'folders', classDir: root, submissions: [], ignored: [] };
  const plan = planLms(await listFiles(root, limits)) ?? { layout: detected.layout, submissions: [], ignored: [] };
  const classDir = join(work, 'class');
  await mkdir(classDir, { recursive: true });
  // COPYFILE_EXCL: two ids one file system cannot tell apart (Canvas's mixed-case anon ids on macOS)
  // fail loudly here instead of mixing two students' files.
  for (const submission of plan.submissions) {
    for (const { from, to } of submission.files) {
      const dest = under(join(classDir, submission.id), to);
      await mkdir(dirname(dest), { recursive: true });
      await copyFile(under(root, from), dest, constants.COPYFILE_EXCL);
    }
  }
  return { layout: plan.layout, classDir, submissions: plan.submissions, ignored: plan.ignored };
}
