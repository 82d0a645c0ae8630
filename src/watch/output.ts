// A request to the student's app (the chapter's `curl localhost:1234`) changes what container-info
// judges, its log, and makes no engine event. So the app container's new output is followed too,
// as one more trigger, while it runs.
import { inspectContainer, type Docker } from '../docker/api.js';
import { demuxFrames } from '../docker/logs.js';
import type { EventStream } from './events.js';

export class OutputFollower {
  private following: { id: string; stream: EventStream } | undefined;
  private stopped = false;
  private refreshing: Promise<void> = Promise.resolve();

  /**
   * @param name the container to follow, when it runs
   * @param onOutput told of each new output; labcheck's own requests to the app (during a check) are the caller's to tell apart
   */
  constructor(
    private readonly docker: Docker,
    private readonly name: string,
    private readonly onOutput: () => void,
  ) {}

  /** Follows the container if it runs now (and is not followed yet); stops following it if not. Never throws. */
  refresh(): Promise<void> {
    this.refreshing = this.refreshing.then(() => this.sync()).catch(() => undefined);
    return this.refreshing;
  }

  stop(): void {
    this.stopped = true;
    this.unfollow();
  }

  private async sync(): Promise<void> {
    if (this.stopped) return;
    const info = await inspectContainer(this.docker, this.name);
    if (!info?.State.Running) return this.unfollow();
    if (this.following?.id === info.Id) return;
    this.unfollow();
    const stream = (await this.docker.getContainer(info.Id).logs({
      follow: true,
      stdout: true,
      stderr: true,
      tail: 0,
      since: Math.floor(Date.now() / 1000),
    })) as unknown as EventStream;
    if (this.stopped) {
      stream.destroy();
      return;
    }
    const tty = info.Config.Tty;
    let rest: Buffer = Buffer.alloc(0);
    stream.on('data', (chunk) => {
      const { text, rest: left } = demuxFrames(Buffer.concat([rest, Buffer.from(chunk)]), tty);
      rest = left;
      if (text.split('\n').some((line) => line.trim() !== '')) this.onOutput();
    });
    const ended = () => {
      if (this.following?.stream === stream) this.following = undefined;
    };
    stream.on('end', ended);
    stream.on('close', ended);
    stream.on('error', ended);
    this.following = { id: info.Id, stream };
  }

  private unfollow(): void {
    const stream = this.following?.stream;
    this.following = undefined;
    stream?.destroy();
  }
}
