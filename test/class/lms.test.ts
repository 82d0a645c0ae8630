import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCanvasName, parseMoodleName, planCanvas, planLms, planMoodle, prepareClass, uncopiedName } from '../../src/class/lms.js';
import { ZipRefusedError } from '../../src/class/zip.js';
import { isUsageError } from '../../src/engine/errors.js';
import { patchBytes, zipBuffer, zipFile } from '../support/zips.js';

const APP = 'console.log("Kubia server starting...");\n';
const DOCKERFILE = 'FROM node:12\nADD app.js /app.js\nENTRYPOINT ["node", "app.js"]\n';

/** Every file under a folder, `/`-separated, with its content. */
function tree(dir: string, rel = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of readdirSync(join(dir, rel), { withFileTypes: true })) {
    const path = rel === '' ? entry.name : `${rel}/${entry.name}`;
    if (entry.isDirectory()) Object.assign(out, tree(dir, path));
    else out[path] = readFileSync(join(dir, path), 'utf8');
  }
  return out;
}

const work = () => join(mkdtempSync(join(tmpdir(), 'labcheck-lms-')), 'work');

describe('Moodle names', () => {
  it.each([
    ['Jane Doe_123456_assignsubmission_file_', { name: 'Jane Doe', id: '123456', plugin: 'file', rest: '' }],
    ['Jane Doe_123456_assignsubmission_file', { name: 'Jane Doe', id: '123456', plugin: 'file', rest: undefined }],
    ['Participant_42_assignsubmission_file_app.js', { name: 'Participant', id: '42', plugin: 'file', rest: 'app.js' }],
    ['Group A-张三_7_assignsubmission_onlinetext_', { name: 'Group A-张三', id: '7', plugin: 'onlinetext', rest: '' }],
    ["O'Brien-Smith_9_assignsubmission_file_my_app_1.js", { name: "O'Brien-Smith", id: '9', plugin: 'file', rest: 'my_app_1.js' }],
  ])('%j', (segment, parsed) => {
    expect(parseMoodleName(segment)).toEqual(parsed);
  });

  it.each(['Jane_Doe_1_assignsubmission_file_', 'Jane Doe_x1_assignsubmission_file_', 'Jane Doe_1_assignfeedback_file_', 'app.js'])('%j is no Moodle prefix', (segment) => {
    expect(parseMoodleName(segment)).toBeUndefined();
  });
});

describe('Canvas names', () => {
  it.each([
    ['doejohn_12345_67890_app.js', { name: 'doejohn', id: '12345', late: false, attachment: 67890, original: 'app.js', copy: 0 }],
    ['doejohn_LATE_12345_67891_app-1.js', { name: 'doejohn', id: '12345', late: true, attachment: 67891, original: 'app.js', copy: 1 }],
    ['doejohn_late_12345_67892_Dockerfile-2', { name: 'doejohn', id: '12345', late: true, attachment: 67892, original: 'Dockerfile', copy: 2 }],
    ['LATE_anon_x1Y2z_555_app.js', { name: '', id: 'anon_x1Y2z', late: true, attachment: 555, original: 'app.js', copy: 0 }],
    ['anon_Q7w_556_kubia-1.tar.gz', { name: '', id: 'anon_Q7w', late: false, attachment: 556, original: 'kubia.tar.gz', copy: 1 }],
    ['smith2_123_456_my_1_2_app.js', { name: 'smith2', id: '123', late: false, attachment: 456, original: 'my_1_2_app.js', copy: 0 }],
    ['o_brien_123_456_app.js', { name: 'o_brien', id: '123', late: false, attachment: 456, original: 'app.js', copy: 0 }],
    ['123_45_67_app.js', { name: '123', id: '45', late: false, attachment: 67, original: 'app.js', copy: 0 }],
  ])('%j', (file, parsed) => {
    expect(parseCanvasName(file)).toEqual(parsed);
  });

  it.each(['doejohn_12345_text.html', 'doejohn_12345_link.html', 'app.js', 'doejohn_x_1_app.js'])('%j is no Canvas upload', (file) => {
    expect(parseCanvasName(file)).toBeUndefined();
  });

  it.each([
    ['app-1.js', 'app.js', 1],
    ['app-12.js', 'app.js', 12],
    ['app-1.min.js', 'app.min.js', 1],
    ['a.b-1.js', 'a.b.js', 1],
    ['Dockerfile-1', 'Dockerfile', 1],
    ['my-app.js', 'my-app.js', 0],
    ['v-0.js', 'v-0.js', 0],
    ['-1.js', '-1.js', 0],
  ])('%j was uploaded as %j (copy %d)', (display, original, copy) => {
    expect(uncopiedName(display)).toEqual({ original, copy });
  });
});

describe('plans', () => {
  it('Moodle: file folders, nested paths and flat files per participant; other plugins and strangers ignored', () => {
    expect(
      planMoodle([
        'Jane Doe_123456_assignsubmission_file_/app.js',
        'Jane Doe_123456_assignsubmission_file_/docker/Dockerfile',
        'Jane Doe_123456_assignsubmission_onlinetext_/onlinetext.html',
        'Participant_42_assignsubmission_file_app.js',
        'Participant_42_assignsubmission_file_Dockerfile',
        '__MACOSX/Jane Doe_123456_assignsubmission_file_/._app.js',
        'notes.txt',
      ]),
    ).toEqual({
      layout: 'moodle',
      submissions: [
        { id: '123456', name: 'Jane Doe', files: [{ from: 'Jane Doe_123456_assignsubmission_file_/app.js', to: 'app.js' }, { from: 'Jane Doe_123456_assignsubmission_file_/docker/Dockerfile', to: 'docker/Dockerfile' }] },
        { id: '42', name: 'Participant', files: [{ from: 'Participant_42_assignsubmission_file_app.js', to: 'app.js' }, { from: 'Participant_42_assignsubmission_file_Dockerfile', to: 'Dockerfile' }] },
      ],
      ignored: [
        { path: 'Jane Doe_123456_assignsubmission_onlinetext_/onlinetext.html', why: 'onlinetext is not a file submission' },
        { path: 'notes.txt', why: 'not named <Full Name>_<id>_assignsubmission_<plugin>' },
      ],
    });
  });

  it('Canvas: the newest upload of each original name per student, late or not', () => {
    expect(
      planCanvas([
        'doejohn_12345_100_app.js',
        'doejohn_LATE_12345_300_app-1.js',
        'doejohn_12345_101_Dockerfile',
        'roeanna_777_200_Dockerfile-1',
        'roeanna_777_150_Dockerfile',
        'roeanna_777_201_app.js',
        'roeanna_777_text.html',
        '.DS_Store',
      ]),
    ).toEqual({
      layout: 'canvas',
      submissions: [
        { id: '12345', name: 'doejohn', files: [{ from: 'doejohn_12345_101_Dockerfile', to: 'Dockerfile' }, { from: 'doejohn_LATE_12345_300_app-1.js', to: 'app.js' }] },
        { id: '777', name: 'roeanna', files: [{ from: 'roeanna_777_200_Dockerfile-1', to: 'Dockerfile' }, { from: 'roeanna_777_201_app.js', to: 'app.js' }] },
      ],
      ignored: [
        { path: 'doejohn_12345_100_app.js', why: 'an older upload of app.js' },
        { path: 'roeanna_777_150_Dockerfile', why: 'an older upload of Dockerfile' },
        { path: 'roeanna_777_text.html', why: 'not named <name>_<user id>_<attachment id>_<file name>' },
      ],
    });
  });

  it('tells the layouts apart, finds none in a class folder, and refuses two mixed', () => {
    expect(planLms(['Jane Doe_1_assignsubmission_file_/app.js'])?.layout).toBe('moodle');
    expect(planLms(['doejohn_1_2_app.js'])?.layout).toBe('canvas');
    expect(planLms(['alice/app.js', 'bob/Dockerfile'])).toBeUndefined();
    // A student folder that happens to look like a Canvas name is still a folder.
    expect(planLms(['doejohn_1_2_app.js/app.js'])).toBeUndefined();
    expect(() => planLms(['Jane Doe_1_assignsubmission_file_/app.js', 'doejohn_1_2_app.js'])).toThrow(/mixes Moodle's layout \(1 entries .*\) and Canvas's \(1 files/);
  });
});

describe('prepareClass', () => {
  it('turns a Moodle zip into one folder per participant id', async () => {
    const zip = await zipFile([
      { name: 'Jane Doe_123456_assignsubmission_file_/', directory: true },
      { name: 'Jane Doe_123456_assignsubmission_file_/app.js', data: APP },
      { name: 'Jane Doe_123456_assignsubmission_file_/Dockerfile', data: DOCKERFILE },
      { name: '张三_7_assignsubmission_file_/app.js', data: 'broken(' },
      { name: '张三_7_assignsubmission_onlinetext_/onlinetext.html', data: '<p>hi</p>' },
    ]);
    const to = work();
    const prepared = await prepareClass(zip, to);
    expect(prepared.layout).toBe('moodle');
    expect(prepared.classDir).toBe(join(to, 'class'));
    expect(tree(prepared.classDir)).toEqual({ '123456/app.js': APP, '123456/Dockerfile': DOCKERFILE, '7/app.js': 'broken(' });
    expect(prepared.submissions.map((s) => [s.id, s.name])).toEqual([['123456', 'Jane Doe'], ['7', '张三']]);
    expect(prepared.ignored).toEqual([{ path: '张三_7_assignsubmission_onlinetext_/onlinetext.html', why: 'onlinetext is not a file submission' }]);
  });

  it('turns a Canvas zip into one folder per user id, newest uploads under their original names', async () => {
    const zip = await zipFile([
      { name: 'doejohn_12345_100_app.js', data: 'old' },
      { name: 'doejohn_LATE_12345_300_app-1.js', data: APP },
      { name: 'doejohn_12345_101_Dockerfile', data: DOCKERFILE },
      { name: 'LATE_anon_Q7w_400_app.js', data: APP },
    ]);
    const prepared = await prepareClass(zip, work());
    expect(prepared.layout).toBe('canvas');
    expect(tree(prepared.classDir)).toEqual({ '12345/app.js': APP, '12345/Dockerfile': DOCKERFILE, 'anon_Q7w/app.js': APP });
  });

  it('reads an unpacked download the same way, and one wrapped in a folder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'labcheck-lms-dir-'));
    mkdirSync(join(dir, 'submissions', 'Jane Doe_1_assignsubmission_file'), { recursive: true });
    writeFileSync(join(dir, 'submissions', 'Jane Doe_1_assignsubmission_file', 'app.js'), APP);
    const prepared = await prepareClass(dir, work());
    expect(prepared.layout).toBe('moodle');
    expect(tree(prepared.classDir)).toEqual({ '1/app.js': APP });
  });

  it('refuses a symbolic link anywhere in an LMS download', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'labcheck-lms-link-'));
    mkdirSync(join(dir, 'Jane Doe_1_assignsubmission_file_'));
    symlinkSync('/etc/passwd', join(dir, 'Jane Doe_1_assignsubmission_file_', 'app.js'));
    const to = work();
    const error = await prepareClass(dir, to).catch((e: unknown) => e);
    expect(isUsageError(error) && error.message).toBe(`${join(dir, 'Jane Doe_1_assignsubmission_file_', 'app.js')} is a symbolic link; labcheck never follows links in a download`);
    expect(existsSync(join(to, 'class'))).toBe(false);
  });

  it('leaves a class folder as it is, unread, symlinks and all (each is its student\'s row)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'labcheck-lms-class-'));
    mkdirSync(join(dir, 'alice'));
    symlinkSync('/etc/passwd', join(dir, 'alice', 'app.js'));
    const to = work();
    expect(await prepareClass(dir, to)).toEqual({ layout: 'folders', classDir: dir, submissions: [], ignored: [] });
    expect(existsSync(to)).toBe(false);
  });

  it('grades a zip of plain student folders as a class folder', async () => {
    const to = work();
    const prepared = await prepareClass(await zipFile([{ name: 'alice/app.js', data: APP }, { name: 'bob/Dockerfile', data: DOCKERFILE }]), to);
    expect(prepared.layout).toBe('folders');
    expect(tree(prepared.classDir)).toEqual({ 'alice/app.js': APP, 'bob/Dockerfile': DOCKERFILE });
  });

  it('refuses a zip-slip download before anything is prepared', async () => {
    const zip = await zipFile(patchBytes(await zipBuffer([{ name: 'doejohn_1_2_app.js', data: APP }, { name: 'XX/XX/evil.js', data: 'x' }]), 'XX/', '../'));
    const to = work();
    await expect(prepareClass(zip, to)).rejects.toBeInstanceOf(ZipRefusedError);
    expect(readdirSync(to)).toEqual([]);
  });

  it('refuses an oversized download', async () => {
    const zip = await zipFile([{ name: 'doejohn_1_2_app.js', data: Buffer.alloc(3000) }]);
    await expect(prepareClass(zip, work(), { maxEntries: 10, maxFileBytes: 1000, maxTotalBytes: 5000 })).rejects.toThrow(`${zip} refused: entry "doejohn_1_2_app.js" unpacks to 2.9 KB; the limit per file is 1000 B`);
  });

  it('refuses what it cannot read', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'labcheck-lms-bad-'));
    writeFileSync(join(dir, 'grades.txt'), 'x');
    await expect(prepareClass(join(dir, 'grades.txt'), work())).rejects.toThrow('is a file but not a .zip; give a class folder or an LMS\'s submissions zip');
    await expect(prepareClass(join(dir, 'missing'), work())).rejects.toThrow(`cannot read ${join(dir, 'missing')}: ENOENT`);
  });
});
