// The terminal side of watch: frames drawn in place on the alternate screen (the terminal's own
// scrollback stays as it was), or appended one under another with --no-clear.

/** What the frames are written to: process.stdout, or a fake in tests. */
export interface FrameOutput {
  write(chunk: string): unknown;
}

const ENTER = '\u001b[?1049h\u001b[?25l';
const LEAVE = '\u001b[?25h\u001b[?1049l';
const HOME = '\u001b[H';
const ERASE_LINE_END = '\u001b[K';
const ERASE_BELOW = '\u001b[J';

export class LiveScreen {
  private opened = false;
  private last: string | undefined;
  private readonly restoreAtExit = () => this.close();

  /** @param inPlace redraw in place; false (--no-clear) appends each frame that differs from the last. */
  constructor(
    private readonly out: FrameOutput,
    private readonly inPlace: boolean,
  ) {}

  open(): void {
    if (this.opened) return;
    this.opened = true;
    if (!this.inPlace) return;
    this.out.write(ENTER);
    // Whatever ends the process, the terminal gets its screen and cursor back.
    process.once('exit', this.restoreAtExit);
  }

  /** Draws a frame: every line overwritten to its end, then everything below erased, so nothing scrolls. */
  draw(lines: readonly string[]): void {
    const frame = lines.join('\n');
    if (frame === this.last) return;
    this.last = frame;
    if (this.inPlace) this.out.write(`${HOME}${lines.map((l) => `${l}${ERASE_LINE_END}`).join('\n')}${ERASE_BELOW}`);
    else this.out.write(`${frame}\n\n`);
  }

  /** Forgets the last frame, so the next one is drawn whole (after a resize the terminal has reflowed it). */
  invalidate(): void {
    this.last = undefined;
  }

  close(): void {
    if (!this.opened) return;
    this.opened = false;
    if (!this.inPlace) return;
    process.off('exit', this.restoreAtExit);
    this.out.write(LEAVE);
  }
}
