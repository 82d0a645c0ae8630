import { describe, expect, it } from 'vitest';
import { parseCli, USAGE } from '../../src/cli/args.js';
import { isUsageError } from '../../src/engine/errors.js';
import { DEFAULT_SCHEDULE } from '../../src/watch/schedule.js';
import { scheduleFrom } from '../../src/watch/watch.js';

describe('check --watch on the command line', () => {
  it('reads --watch and --no-clear with check, its labs and options', () => {
    expect(parseCli(['check', 'build-image', '--watch', '--no-clear', '--workdir', 'kubia', '--lang', 'zh'])).toMatchObject({
      command: 'check',
      labs: ['build-image'],
      watch: true,
      noClear: true,
      workdir: 'kubia',
      lang: 'zh',
    });
  });

  it('is off unless asked for', () => {
    expect(parseCli(['check'])).toMatchObject({ watch: false, noClear: false });
  });

  it.each([
    [['run', '--watch'], /--watch goes with check only; got "run"/],
    [['solve', '--watch'], /--watch goes with check only; got "solve"/],
    [['check', '--no-clear'], /--no-clear goes with check --watch only/],
    [['check', '--watch', '--json', '-'], /check --watch writes no report files/],
    [['check', '--watch', '--junit', 'r.xml'], /check --watch writes no report files/],
  ])('%j is a usage error (exit 2)', (argv, message) => {
    let error: unknown;
    try {
      parseCli(argv);
    } catch (e) {
      error = e;
    }
    expect(isUsageError(error)).toBe(true);
    expect((error as Error).message).toMatch(message);
  });

  it('--help names both options', () => {
    expect(USAGE).toMatch(/--watch {14}check: keep checking as you work/);
    expect(USAGE).toMatch(/--no-clear {11}with --watch:/);
  });
});

describe('LABCHECK_WATCH_POLL_MS', () => {
  it('sets the slow timer; 0 turns it off; unset keeps the default', () => {
    expect(scheduleFrom({})).toEqual(DEFAULT_SCHEDULE);
    expect(scheduleFrom({ LABCHECK_WATCH_POLL_MS: '0' }).pollMinMs).toBe(0);
    expect(scheduleFrom({ LABCHECK_WATCH_POLL_MS: '30000' })).toEqual({ ...DEFAULT_SCHEDULE, pollMinMs: 30_000 });
  });

  it('anything else is a usage error', () => {
    expect(() => scheduleFrom({ LABCHECK_WATCH_POLL_MS: '10s' })).toThrow(/LABCHECK_WATCH_POLL_MS must be a whole number of milliseconds/);
  });
});
