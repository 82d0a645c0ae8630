// Preloaded with `node --require` into the labcheck process under test: prints its peak resident
// memory (KiB) on stderr as it exits, so a test can bound labcheck's own memory.
process.on('exit', () => {
  require('node:fs').writeSync(2, `\nlabcheck-max-rss-kib=${process.resourceUsage().maxRSS}\n`);
});
