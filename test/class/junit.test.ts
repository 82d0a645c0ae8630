import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fileSafeId } from '../../src/class/ids.js';
import { buildClassJunit, shownId } from '../../src/class/junit.js';
import { validateJunit } from '../support/net.js';
import { hello, jsonLab, sampleClass, student } from '../support/students.js';

function validated(xml: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'labcheck-class-junit-')), 'junit.xml');
  writeFileSync(file, xml, 'utf8');
  validateJunit(file);
  return file;
}

/** What an XML reader sees: the XPath string value, via xmllint. */
const xpath = (file: string, expr: string): string => execFileSync('xmllint', ['--xpath', expr, file], { encoding: 'utf8' }).replace(/\n$/, '');

const oddIds = [`o'brien "q"`, '<&>', '张三', 'tab\there', 'nul\u0000bel\u0007', 'line\nbreak', ']]>', '-rf', '=1+1'];
const oddClass = oddIds.map((id) =>
  student(id, [hello('failed'), jsonLab('build-image', [['image-built', 'failed', 0, 2, { message: `build failed ]]> <b>&amp;</b> ${id}`, hint: 'read the log ]]>' }]])]),
);

describe('buildClassJunit', () => {
  it('has one suite per student × lab and one test case per check', () => {
    const file = validated(buildClassJunit(sampleClass, 'en'));
    const names = xpath(file, '//testsuite/@name').split('\n').map((a) => a.trim());
    expect(names).toEqual([
      'name="=cmd / hello-world"',
      'name="=cmd / grading"',
      'name="Bob / hello-world"',
      'name="Bob / build-image"',
      'name="alice / hello-world"',
      'name="alice / build-image"',
      'name="eve / grading"',
      'name="张三 / grading"',
    ]);
    expect(xpath(file, 'count(//testcase)')).toBe('11');
    expect(xpath(file, 'string(//testsuite[@name="Bob / hello-world"]/testcase[2]/@classname)')).toBe('labcheck.Bob.hello-world');
    expect(xpath(file, 'string(//testsuite[@name="Bob / hello-world"]/testcase[2]/@name)')).toBe('exit-code: exit-code title');
    expect(xpath(file, 'string(//testsuite[@name="Bob / hello-world"]/testcase[2]/failure)')).toBe('exit-code message\n\nhint: exit-code hint');
    expect(xpath(file, 'string(//testsuite[@name="Bob / build-image"]/testcase/skipped/@message)')).toBe('image-built message');
    expect(xpath(file, 'string(//testsuite[@name="alice / build-image"]/properties/property[@name="points"]/@value)')).toBe('2');
  });

  it('shows a student not graded to the end as a failing or erroring grading case, with the reason', () => {
    const file = validated(buildClassJunit(sampleClass, 'en'));
    expect(xpath(file, 'string(//testsuite[@name="=cmd / grading"]/testcase/failure/@type)')).toBe('timed-out');
    expect(xpath(file, 'string(//testsuite[@name="=cmd / grading"]/testcase/failure)')).toBe('The submission was not graded to the end: it timed out.\n\ntimed out after 120 s');
    expect(xpath(file, 'string(//testsuite[@name="张三 / grading"]/testcase/failure/@message)')).toBe('app.js is a symlink out of the folder');
    expect(xpath(file, 'string(//testsuite[@name="eve / grading"]/testcase/error/@message)')).toBe('the Docker engine went away');
    expect(xpath(file, 'string(//testsuite[@name="eve / grading"]/testcase/@classname)')).toBe('labcheck.eve.grading');
    expect(xpath(file, 'string(//testsuite[@name="eve / grading"]/properties/property[@name="grading"]/@value)')).toBe('error');
  });

  it('validates for odd ids and keeps them apart and readable', () => {
    for (const lang of ['en', 'zh'] as const) {
      const file = validated(buildClassJunit(oddClass, lang));
      const students = xpath(file, '//testsuite/properties/property[@name="student"]/@value').split('\n').map((a) => a.trim());
      expect(new Set(students).size).toBe(oddIds.length);
      expect(xpath(file, `count(//testsuite)`)).toBe(String(oddIds.length * 2));
    }
    const file = validated(buildClassJunit(oddClass, 'en'));
    expect(xpath(file, `string(//testsuite[@name=concat("o'brien ", '"q" / build-image')]/testcase/@classname)`)).toBe(`labcheck.o'brien "q".build-image`);
    expect(xpath(file, 'string(//testsuite[@name="<&> / hello-world"]/@name)')).toBe('<&> / hello-world');
    expect(xpath(file, 'string(//testsuite[@name="张三 / build-image"]/testcase/failure)')).toBe('build failed ]]> <b>&amp;</b> 张三\n\nhint: read the log ]]>');
    expect(xpath(file, 'string(//testsuite[starts-with(@name, "nul")]/@name)')).toBe('nul\\u0000bel\\u0007 / hello-world');
    expect(xpath(file, 'string(//testsuite[starts-with(@name, "line")]/testcase/@classname)')).toBe('labcheck.line\\u000abreak.hello-world');
    expect(xpath(file, 'string(//testsuite[starts-with(@name, "tab")]/properties/property[@name="fileSafeId"]/@value)')).toBe(fileSafeId('tab\there'));
  });

  it('shows control characters as escapes and leaves everything else alone', () => {
    expect(shownId('a\u0000b\nc\u001b[31m\u007f')).toBe('a\\u0000b\\u000ac\\u001b[31m\\u007f');
    expect(shownId(`<&>"' 张三 😀`)).toBe(`<&>"' 张三 😀`);
  });

  it('shows a lab without checks as one erroring case, in the chosen language', () => {
    const report = student('kim', [jsonLab('push-image', [], { status: 'error' })]);
    const file = validated(buildClassJunit([report], 'zh'));
    expect(xpath(file, 'string(//testsuite[@name="kim / push-image"]/testcase/error/@message)')).toBe('该实验没有产生任何检查结果：它无法启动。');
  });

  it('validates for an empty class', () => {
    validated(buildClassJunit([], 'en'));
  });
});

describe('buildClassJunitAside (the compiled build, on a worker thread)', () => {
  // vitest runs the sources, where no compiled worker sits next to junit.ts; the build in dist/ has one.
  const compiled = (): Promise<typeof import('../../src/class/junit.js')> =>
    import(pathToFileURL(fileURLToPath(new URL('../../dist/src/class/junit.js', import.meta.url))).href);

  it('writes the same XML as buildClassJunit, odd ids and all', async () => {
    const { buildClassJunitAside } = await compiled();
    for (const reports of [sampleClass, oddClass]) expect(await buildClassJunitAside(reports, 'zh')).toBe(buildClassJunit(reports, 'zh'));
  });

  it('rejects, naming the cause, when the build throws on the thread', async () => {
    const { buildClassJunitAside } = await compiled();
    await expect(buildClassJunitAside([{ student: 'x' } as never], 'en')).rejects.toThrow(/labs|iterable|undefined/);
  });
});
