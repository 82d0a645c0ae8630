import { describe, expect, it } from 'vitest';
import { demuxFrames, lastLines } from '../../src/docker/logs.js';
import { HeadTail } from '../../src/docker/bounded.js';
import { whyFailed } from '../../src/docker/cli.js';
import { everything, ofDeadRuns, ofRun } from '../../src/docker/cleanup.js';

const frame = (stream: number, text: string) => {
  const body = Buffer.from(text);
  const header = Buffer.alloc(8);
  header.writeUInt8(stream, 0);
  header.writeUInt32BE(body.length, 4);
  return Buffer.concat([header, body]);
};

describe('demuxFrames', () => {
  it('joins stdout and stderr frames in order', () => {
    expect(demuxFrames(Buffer.concat([frame(1, 'Kubia server starting...\n'), frame(2, 'oops\n')]))).toEqual({ text: 'Kubia server starting...\noops\n', rest: Buffer.alloc(0) });
  });

  it('keeps a frame cut in the middle for the next chunk', () => {
    const whole = frame(1, 'Hello World\n');
    const first = demuxFrames(whole.subarray(0, 10));
    expect(first.text).toBe('');
    expect(demuxFrames(Buffer.concat([first.rest, whole.subarray(10)])).text).toBe('Hello World\n');
  });

  it('passes a TTY container\'s raw bytes through', () => {
    expect(demuxFrames(Buffer.from('raw'), true).text).toBe('raw');
  });
});

describe('HeadTail', () => {
  it('keeps everything that fits', () => {
    const kept = new HeadTail(10);
    kept.push('abc');
    kept.push('def');
    expect(kept.toString()).toBe('abcdef');
    expect(kept.droppedBytes).toBe(0);
  });

  it('keeps the start and the end of more, and says how much it left out', () => {
    const kept = new HeadTail(8);
    for (const piece of ['Kubia ', 'server ', 'starting', '...', ' Received request for /']) kept.push(piece);
    expect(kept.toString()).toBe('Kubi\n… [39 bytes not kept] …\nor /');
    expect(kept.droppedBytes).toBe(39);
  });

  it('costs the bound, not the input: 10 MB in 1 KiB pieces keeps 64 KiB', () => {
    const kept = new HeadTail(64 * 1024);
    const piece = `${'x'.repeat(1023)}\n`;
    for (let i = 0; i < 10_240; i++) kept.push(piece);
    kept.push('END');
    const text = kept.toString();
    expect(text.length).toBeLessThan(64 * 1024 + 100);
    expect(text.endsWith('xxx\nEND')).toBe(true);
    expect(kept.droppedBytes).toBe(10_240 * 1024 + 3 - 64 * 1024);
  });

  it('counts bytes, not characters, of what it left out', () => {
    const kept = new HeadTail(2);
    kept.push('亲自探索容器');
    expect(kept.toString()).toBe('亲\n… [12 bytes not kept] …\n器');
  });
});

describe('whyFailed', () => {
  it('says timed out, interrupted, killed or the exit code', () => {
    expect(whyFailed({ timedOut: true, aborted: false, exitCode: undefined })).toBe('timed out');
    expect(whyFailed({ timedOut: false, aborted: true, exitCode: undefined })).toBe('interrupted');
    expect(whyFailed({ timedOut: false, aborted: false, exitCode: undefined })).toBe('killed');
    expect(whyFailed({ timedOut: false, aborted: false, exitCode: 125 })).toBe('exit code 125');
  });
});

describe('lastLines', () => {
  it('keeps the last non-empty lines', () => {
    expect(lastLines('a\n\nb\nc\n\n', 2)).toBe('b\nc');
  });
});

describe('cleanup selectors', () => {
  const labels = (run: string, owner?: string, keep?: boolean) => ({ 'io.labcheck.run': run, ...(owner ? { 'io.labcheck.owner': owner } : {}), ...(keep ? { 'io.labcheck.keep': '1' } : {}) });
  it('ofRun takes one run only', () => {
    expect(ofRun('lc1')(labels('lc1'))).toBe(true);
    expect(ofRun('lc1')(labels('lc2'))).toBe(false);
    expect(ofRun('lc1')(undefined)).toBe(false);
  });

  it('everything takes all of labcheck\'s and nothing unlabelled', () => {
    expect(everything(labels('lc1', 'h/1', true))).toBe(true);
    expect(everything({ mine: '1' })).toBe(false);
  });

  it('ofDeadRuns takes runs of this host whose pid is gone, never live ones, other hosts\' or kept ones', () => {
    const alive = (pid: number) => pid === 100;
    const dead = ofDeadRuns('vm', alive);
    expect(dead(labels('lc1', 'vm/200'))).toBe(true);
    expect(dead(labels('lc1', 'vm/100'))).toBe(false);
    expect(dead(labels('lc1', 'other/200'))).toBe(false);
    expect(dead(labels('lc1', 'vm/200', true))).toBe(false);
    expect(dead(labels('lc1'))).toBe(false);
  });
});
