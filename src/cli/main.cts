#!/usr/bin/env node
// The bin. CommonJS on purpose: Node starts a CommonJS entry ~10 ms sooner than an ES module, since it
// sets up the ES module loader only at the first import(); `labcheck --version` never needs it. Kept
// tiny: --version answers without loading the engine, dockerode or execa.
const argv = process.argv.slice(2);
// A reader that stops early (`labcheck list | head -1`) is no error: later output is dropped
// quietly while a run goes on to clean up what it made.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE' && e.code !== 'ERR_STREAM_DESTROYED') throw e;
  });
}
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-v')) {
  // dist/src/cli/main.cjs → the package's own package.json.
  const { version } = require('../../../package.json') as { version: string };
  process.stdout.write(`${version}\n`);
} else {
  void import('./app.js').then(async ({ main }) => {
    process.exitCode = await main(argv);
  });
}
