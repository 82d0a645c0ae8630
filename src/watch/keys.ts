// Keys on a terminal (raw mode: one chunk may hold several keys) and commands typed as lines when
// standard input is a pipe.
import { createInterface } from 'node:readline';

export type Command = 'quit' | 'recheck' | 'open-only' | 'lang';

const KEYS: Record<string, Command> = {
  q: 'quit',
  Q: 'quit',
  // Ctrl-C and Ctrl-D: raw mode turns them into bytes instead of signals.
  '\u0003': 'quit',
  '\u0004': 'quit',
  r: 'recheck',
  R: 'recheck',
  '\r': 'recheck',
  '\n': 'recheck',
  f: 'open-only',
  F: 'open-only',
  l: 'lang',
  L: 'lang',
};

// Arrow keys, function keys and the like arrive as escape sequences: none of their bytes is a key.
const ESCAPES = /\u001b(\[[0-9;?]*[ -/]*[@-~]|O.|.)?/g;

/** The commands in one chunk of raw-mode input, in order; Enter as \r\n counts once. */
export function keyCommands(chunk: string): Command[] {
  const keys = chunk.replace(ESCAPES, '').replace(/\r\n/g, '\r');
  const out: Command[] = [];
  for (const key of keys) {
    const command = KEYS[key];
    if (command) out.push(command);
  }
  return out;
}

/** A command typed as a line on a piped standard input: an empty line re-checks, as Enter does. */
export function lineCommand(line: string): Command | undefined {
  const word = line.trim();
  if (word === '') return 'recheck';
  return word.length === 1 ? KEYS[word] : undefined;
}

/** Standard input: a terminal (raw mode, keys) or a pipe (lines). */
export type CommandInput = NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?(raw: boolean): unknown; unref?(): void };

/**
 * Reads commands from standard input until the returned function is called. The end of a piped
 * input (CI has none) is no command: watching goes on.
 */
export function readCommands(input: CommandInput, act: (command: Command) => void): () => void {
  if (input.isTTY && typeof input.setRawMode === 'function') {
    const onData = (chunk: Buffer | string) => keyCommands(chunk.toString()).forEach(act);
    input.setRawMode(true);
    input.on('data', onData);
    input.resume();
    return () => {
      input.off('data', onData);
      input.setRawMode?.(false);
      input.pause();
    };
  }
  const lines = createInterface({ input, terminal: false });
  lines.on('line', (line) => {
    const command = lineCommand(line);
    if (command) act(command);
  });
  lines.on('error', () => undefined);
  return () => {
    lines.close();
    input.pause();
    // A paused pipe still holds the event loop; the process must end when watch does.
    input.unref?.();
  };
}
