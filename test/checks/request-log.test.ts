import { describe, expect, it } from 'vitest';
import { kindOf, linesForRequest, parseStamped, sinceArg, stampedLines } from '../../checks/request-log.js';

describe('parseStamped', () => {
  it('reads the engine\'s RFC 3339 time to the nanosecond', () => {
    expect(parseStamped('2024-05-01T12:00:01.123456789Z Kubia server starting...')).toEqual({ at: 1714564801123456789n, text: 'Kubia server starting...' });
  });

  it('reads a shorter fraction, none, and an offset', () => {
    expect(parseStamped('2024-05-01T12:00:01.5Z x')?.at).toBe(1714564801500000000n);
    expect(parseStamped('2024-05-01T12:00:01Z x')?.at).toBe(1714564801000000000n);
    expect(parseStamped('2024-05-01T14:00:01.5+02:00 x')?.at).toBe(1714564801500000000n);
  });

  it('keeps an empty line, and leaves lines without a time out', () => {
    expect(parseStamped('2024-05-01T12:00:01.5Z ')).toEqual({ at: 1714564801500000000n, text: '' });
    expect(parseStamped('… [100 bytes not kept] …')).toBeUndefined();
    expect(stampedLines('2024-05-01T12:00:01Z a\n2024-05-01T12:00:02Z b\n').map((l) => l.text)).toEqual(['a', 'b']);
  });

  it('leaves out the pieces of lines a bounded read cut, on both sides of what it left out', () => {
    const text = '2024-05-01T12:00:01Z xxxx\n2024-05-01T12:00:02Z xx\n… [5000 bytes not kept] …\nxxx\n2024-05-01T12:00:09Z xxxx\n';
    expect(stampedLines(text).map((l) => l.text)).toEqual(['xxxx', 'xxxx']);
  });
});

describe('sinceArg', () => {
  it('writes seconds with a nine-digit fraction', () => {
    expect(sinceArg(1714564801000000005n)).toBe('1714564801.000000005');
    expect(sinceArg(1714564801123456789n)).toBe('1714564801.123456789');
  });
});

describe('linesForRequest', () => {
  it('counts the lines written after the request', () => {
    expect(linesForRequest(['Received request for / from ::ffff:172.17.0.1'], [])).toEqual(['Received request for / from ::ffff:172.17.0.1']);
  });

  it('leaves out lines of a kind the app also printed while nobody asked (numbers and ids masked)', () => {
    const after = ['tick 7', 'GET / 2024-05-01T12:00:01Z', 'heartbeat 3f2a9c81d0be'];
    expect(linesForRequest(after, ['tick 5', 'tick 6', 'heartbeat 0a1b2c3d4e5f'])).toEqual(['GET / 2024-05-01T12:00:01Z']);
  });

  it('leaves out blank lines', () => {
    expect(linesForRequest(['', '  '], [])).toEqual([]);
  });
});

describe('kindOf', () => {
  it('masks numbers and ids, and ignores case and surrounding space', () => {
    expect(kindOf('  Received request for / from ::ffff:172.17.0.1 ')).toBe(kindOf('received request for / from ::ffff:10.0.0.25'));
    expect(kindOf('Received request for /')).not.toBe(kindOf('Kubia server starting...'));
  });
});
