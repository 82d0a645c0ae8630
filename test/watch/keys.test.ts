import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { keyCommands, lineCommand, readCommands, type Command, type CommandInput } from '../../src/watch/keys.js';
import { reconnectDelay } from '../../src/watch/timers.js';

describe('keyCommands (raw terminal input)', () => {
  it.each([
    ['q', ['quit']],
    ['Q', ['quit']],
    ['\u0003', ['quit']],
    ['\u0004', ['quit']],
    ['r', ['recheck']],
    ['\r', ['recheck']],
    ['\r\n', ['recheck']],
    ['\n', ['recheck']],
    ['f', ['open-only']],
    ['l', ['lang']],
    ['rfl', ['recheck', 'open-only', 'lang']],
    ['x', []],
    ['', []],
    // Arrow keys, F5, Home, Alt-q: escape sequences, not the letters in them.
    ['\u001b[A', []],
    ['\u001b[15~', []],
    ['\u001bOH', []],
    ['\u001bq', []],
    ['\u001b[Dr', ['recheck']],
  ])('%j → %j', (input, commands) => {
    expect(keyCommands(input)).toEqual(commands);
  });
});

describe('lineCommand (a piped standard input)', () => {
  it.each([
    ['', 'recheck'],
    ['   ', 'recheck'],
    ['r', 'recheck'],
    ['q', 'quit'],
    [' q ', 'quit'],
    ['f', 'open-only'],
    ['l', 'lang'],
    ['quit now', undefined],
    ['x', undefined],
  ])('%j → %s', (line, command) => {
    expect(lineCommand(line)).toBe(command);
  });
});

describe('reconnectDelay', () => {
  it('250 ms doubling, at most 5 s', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 50].map((n) => reconnectDelay(n))).toEqual([250, 500, 1000, 2000, 4000, 5000, 5000, 5000]);
  });
});

describe('readCommands', () => {
  it('a terminal: raw mode on, keys as they come, raw mode off and input paused at the end', async () => {
    const raw: boolean[] = [];
    const input = Object.assign(new PassThrough(), { isTTY: true, setRawMode: (on: boolean) => raw.push(on) }) as unknown as CommandInput & PassThrough;
    const seen: Command[] = [];
    const stop = readCommands(input, (c) => seen.push(c));
    input.write('rf');
    input.write('\u001b[Aq');
    await new Promise((resolve) => setImmediate(resolve));
    stop();
    input.write('q');
    await new Promise((resolve) => setImmediate(resolve));
    expect(seen).toEqual(['recheck', 'open-only', 'quit']);
    expect(raw).toEqual([true, false]);
    expect(input.isPaused()).toBe(true);
  });

  it('a pipe: one command per line, an unknown line ignored, the end of input no command; released at the end', async () => {
    let unrefs = 0;
    const input = Object.assign(new PassThrough(), { unref: () => (unrefs += 1) });
    const seen: Command[] = [];
    const stop = readCommands(input, (c) => seen.push(c));
    input.end('r\nwhat\n\nl\n');
    await new Promise((resolve) => setImmediate(resolve));
    stop();
    expect(seen).toEqual(['recheck', 'recheck', 'lang']);
    expect(unrefs).toBe(1);
  });
});
