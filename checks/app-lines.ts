// The line of the student's app.js a verdict points at (Outcome.location): where node says a crash
// happened, or the one line that does what the verdict is about. Never a guess among several.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Location, Outcome } from '../src/engine/types.js';

const APP_JS = 'app.js';

/**
 * Where a crashed node app's own error points in app.js: node prints `/app.js:<line>` above the
 * offending source line, and `(/app.js:<line>:<column>)` in the stack. Undefined when the log names
 * no line of app.js (an error elsewhere, or no log).
 */
export function crashLocation(log: string): Location | undefined {
  const m = /^\/?(?:[\w.-]+\/)*app\.js:(\d+)\r?$/m.exec(log) ?? /\(\/?(?:[\w.-]+\/)*app\.js:(\d+):\d+\)/.exec(log);
  return m ? { file: APP_JS, line: Number(m[1]) } : undefined;
}

/** The one line of source matching pattern (comments aside), 1-based; undefined when none or several do. */
export function onlyLine(source: string, pattern: RegExp): Location | undefined {
  const lines = source.split(/\r?\n/);
  const hits = lines.flatMap((l, i) => (pattern.test(l) && !/^\s*(\/\/|\*|\/\*)/.test(l) ? [i + 1] : []));
  return hits.length === 1 ? { file: APP_JS, line: hits[0]! } : undefined;
}

/** app.js of the graded folder, or '' when it cannot be read. */
export const readApp = (dir: string): Promise<string> => readFile(join(dir, APP_JS), 'utf8').catch(() => '');

/** The outcome pointing at a line of app.js, when there is one to point at. */
export const at = (outcome: Outcome, location: Location | undefined): Outcome => (location ? { ...outcome, location } : outcome);

/** The line that makes the server listen: `server.listen(8080)`, `.listen(port, ...)`. */
export const LISTEN = /\.listen\s*\(/;
/** The line that ends a response: `res.end(...)`, `response.end()`, `res.send(...)`. */
export const ENDS_RESPONSE = /\.(end|send)\s*\(/;
