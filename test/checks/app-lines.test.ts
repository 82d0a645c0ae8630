import { describe, expect, it } from 'vitest';
import { crashLocation, ENDS_RESPONSE, LISTEN, onlyLine } from '../../checks/app-lines.js';

describe('crashLocation', () => {
  it('reads the line node names above an uncaught error', () => {
    const log = 'Kubia server starting...\n/app.js:9\n  response.end("this is " + os.hostnme());\n                              ^\n\nTypeError: os.hostnme is not a function\n    at Server.<anonymous> (/app.js:9:31)\n';
    expect(crashLocation(log)).toEqual({ file: 'app.js', line: 9 });
  });

  it('reads a stack frame of app.js when node names a line of its own first', () => {
    const log = "node:fs:581\n  return binding.open(\n                 ^\n\nError: EEXIST: file already exists, open '/tmp/started'\n    at Object.openSync (node:fs:581:18)\n    at Object.writeFileSync (node:fs:2343:35)\n    at Object.<anonymous> (/app.js:5:4)\n";
    expect(crashLocation(log)).toEqual({ file: 'app.js', line: 5 });
  });

  it('names no line when the log names none of app.js', () => {
    expect(crashLocation('Killed\n')).toBeUndefined();
    expect(crashLocation('')).toBeUndefined();
  });
});

describe('onlyLine', () => {
  it('points at the one line that matches, comments aside', () => {
    expect(onlyLine('const s = http.createServer(h);\n// s.listen(80)\ns.listen(3000);\n', LISTEN)).toEqual({ file: 'app.js', line: 3 });
  });

  it('points nowhere when several lines match, or none', () => {
    expect(onlyLine('res.end("a");\nres.end("b");\n', ENDS_RESPONSE)).toBeUndefined();
    expect(onlyLine('res.write("a");\n', ENDS_RESPONSE)).toBeUndefined();
  });
});
