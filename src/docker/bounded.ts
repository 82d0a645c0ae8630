/**
 * Keeps the first and the last maxChars/2 characters of text that arrives in pieces, so untrusted
 * output (a container's logs, a student's command) costs at most maxChars of memory however much
 * of it there is. The start holds what a check usually looks for (start-up lines, the first error),
 * the end what happened last. Written by hand: stream libraries cap by discarding the end or failing.
 */
export class HeadTail {
  private head = '';
  private tail: string[] = [];
  private tailLength = 0;
  private totalBytes = 0;
  private readonly half: number;

  constructor(maxChars: number) {
    this.half = Math.max(1, Math.floor(maxChars / 2));
  }

  push(text: string): void {
    if (!text) return;
    this.totalBytes += Buffer.byteLength(text);
    let rest = text;
    if (this.head.length < this.half) {
      const room = this.half - this.head.length;
      this.head += rest.slice(0, room);
      rest = rest.slice(room);
    }
    if (!rest) return;
    this.tail.push(rest);
    this.tailLength += rest.length;
    // Drop whole pieces from the front while the rest still fills the tail, then cut the first one.
    while (this.tail.length > 1 && this.tailLength - this.tail[0]!.length >= this.half) {
      this.tailLength -= this.tail.shift()!.length;
    }
    if (this.tailLength > this.half) {
      this.tail[0] = this.tail[0]!.slice(this.tailLength - this.half);
      this.tailLength = this.half;
    }
  }

  /** Bytes pushed that are not kept. */
  get droppedBytes(): number {
    return Math.max(0, this.totalBytes - Buffer.byteLength(this.head) - this.tail.reduce((n, s) => n + Buffer.byteLength(s), 0));
  }

  /** What was kept, with a line saying how much was left out between the start and the end. */
  toString(): string {
    const tail = this.tail.join('');
    const dropped = this.droppedBytes;
    return dropped > 0 ? `${this.head}\n… [${dropped} bytes not kept] …\n${tail}` : this.head + tail;
  }
}
