#!/usr/bin/env node
// Kept tiny: --version answers without loading the engine, dockerode or execa.
import { packageVersion } from '../paths.js';

const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-v')) {
  process.stdout.write(`${packageVersion()}\n`);
} else {
  const { main } = await import('./app.js');
  process.exitCode = await main(argv);
}
