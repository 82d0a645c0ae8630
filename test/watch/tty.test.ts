import { describe, expect, it } from 'vitest';
import { LiveScreen } from '../../src/watch/tty.js';

const recorder = () => {
  const chunks: string[] = [];
  return { chunks, write: (chunk: string) => chunks.push(chunk) };
};

describe('LiveScreen', () => {
  it('in place: the alternate screen, each frame from the top, lines erased to their end and below', () => {
    const out = recorder();
    const screen = new LiveScreen(out, true);
    screen.open();
    screen.draw(['a', 'b']);
    screen.draw(['a', 'b']);
    screen.draw(['a']);
    screen.close();
    expect(out.chunks).toEqual([
      '\u001b[?1049h\u001b[?25l',
      '\u001b[Ha\u001b[K\nb\u001b[K\u001b[J',
      '\u001b[Ha\u001b[K\u001b[J',
      '\u001b[?25h\u001b[?1049l',
    ]);
  });

  it('after a resize the same frame is drawn again', () => {
    const out = recorder();
    const screen = new LiveScreen(out, true);
    screen.draw(['a']);
    screen.invalidate();
    screen.draw(['a']);
    expect(out.chunks).toHaveLength(2);
  });

  it('--no-clear: no screen switching, each new frame appended under the last, repeats skipped', () => {
    const out = recorder();
    const screen = new LiveScreen(out, false);
    screen.open();
    screen.draw(['a', 'b']);
    screen.draw(['a', 'b']);
    screen.draw(['a', 'c']);
    screen.close();
    expect(out.chunks).toEqual(['a\nb\n\n', 'a\nc\n\n']);
  });

  it('close is once only, and restores the terminal even if the process exits first', () => {
    const out = recorder();
    const screen = new LiveScreen(out, true);
    const before = process.listeners('exit');
    screen.open();
    const atExit = process.listeners('exit').filter((l) => !before.includes(l));
    expect(atExit).toHaveLength(1);
    atExit[0]!(0);
    screen.close();
    expect(process.listeners('exit')).toEqual(before);
    expect(out.chunks).toEqual(['\u001b[?1049h\u001b[?25l', '\u001b[?25h\u001b[?1049l']);
  });
});
