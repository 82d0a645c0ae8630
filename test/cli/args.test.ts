import { describe, expect, it } from 'vitest';
import { parseCli } from '../../src/cli/args.js';
import { detectLang } from '../../src/engine/lang.js';
import { rawOption } from '../../src/cli/failure.js';
import { writeProblem } from '../../src/report/reporter.js';

describe('parseCli', () => {
  it('reads a grading command with its labs and options', () => {
    expect(parseCli(['run', 'hello-world', 'build-image', '--port', '0', '--timeout', '5000', '--json', '-', '--no-junit'])).toMatchObject({
      command: 'run',
      labs: ['hello-world', 'build-image'],
      port: 0,
      timeoutMs: 5000,
      json: '-',
      noJunit: true,
    });
  });

  it('defaults: port 1234, 30 s per check, JUnit on', () => {
    expect(parseCli(['check'])).toMatchObject({ port: 1234, timeoutMs: 30_000, noJunit: false, labs: [] });
  });

  it('takes `list --json` without a file', () => {
    expect(parseCli(['list', '--json'])).toMatchObject({ command: 'list', listJson: true });
  });

  it.each([
    [['run', '--port', '70000'], /--port must be a whole number from 0 to 65535; got "70000"/],
    [['run', '--timeout', '0'], /--timeout must be a whole number/],
    [['run', '--lang', 'de'], /--lang must be en or zh/],
    [['run', '--registry', 'http://x'], /--registry must be HOST\[:PORT\]\[\/NAMESPACE\]/],
    [['run', '--bogus'], /Unknown option '--bogus'/],
    [['nope'], /unknown command "nope"/],
  ])('%j is a usage error', (argv, message) => {
    expect(() => parseCli(argv)).toThrow(message);
  });

  it('shows help without a command', () => {
    expect(parseCli([]).command).toBe('help');
  });
});

describe('detectLang', () => {
  it.each([
    ['zh', {}, 'zh'],
    [undefined, { LABCHECK_LANG: 'zh' }, 'zh'],
    [undefined, { LANG: 'zh_CN.UTF-8' }, 'zh'],
    [undefined, { LABCHECK_LANG: 'en', LANG: 'zh_CN.UTF-8' }, 'en'],
    ['en', { LABCHECK_LANG: 'zh' }, 'en'],
    [undefined, { LANG: 'de_DE.UTF-8' }, 'en'],
    [undefined, {}, 'en'],
  ] as const)('flag %s, env %j → %s', (flag, env, lang) => expect(detectLang(flag, env)).toBe(lang));
});

describe('report helpers', () => {
  it('finds an option in argv that did not parse', () => {
    expect(rawOption(['run', '--junit', 'x.xml', '--bogus'], 'junit')).toBe('x.xml');
    expect(rawOption(['run', '--junit=y.xml'], 'junit')).toBe('y.xml');
    expect(rawOption(['run'], 'junit')).toBeUndefined();
  });

  it('says why a report could not be written', () => {
    expect(writeProblem('r.xml', Object.assign(new Error('x'), { code: 'ENOSPC' }))).toBe('could not write the report r.xml: the disk is full');
    expect(writeProblem('r.xml', Object.assign(new Error('x'), { code: 'EACCES' }))).toBe('could not write the report r.xml: permission denied');
  });
});
