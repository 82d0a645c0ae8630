import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { labcheck, workdirWith } from '../support/docker.js';
import { cleanEachTest } from '../support/labs.js';

cleanEachTest();

// An app that logs what would be workflow commands and stops, so the checklist shows its last log
// lines, each on a line of its own: they must reach GitHub as text, never as commands.
const FORGING_APP = `console.log('::notice title=forged::all checks passed');
console.log('::error::forged');
process.exit(1);
`;

describe('labcheck run inside GitHub Actions', () => {
  it('switches workflow commands off around student output, annotates failures, appends the job summary', async () => {
    const dir = workdirWith({ 'app.js': FORGING_APP, Dockerfile: 'FROM node:12\nADD app.js /app.js\nRUN echo extra > /extra.txt\nENTRYPOINT ["node", "app.js"]\n' });
    const out = mkdtempSync(join(tmpdir(), 'labcheck-gh-'));
    const stepSummary = join(out, 'step-summary.md');
    writeFileSync(stepSummary, 'written by an earlier tool');
    const result = await labcheck(['run', 'image-layers', 'run-container', '--workdir', dir, '--port', '0', '--no-junit', '--summary', join(out, 'summary.md')], {
      env: { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: stepSummary },
    });
    expect(result.exitCode).toBe(1);
    const lines = result.stdout.split('\n');
    const stop = /^::stop-commands::([0-9a-f]{32})$/.exec(lines[0] ?? '');
    expect(stop, lines[0]).not.toBeNull();
    const resume = lines.indexOf(`::${stop![1]}::`);
    expect(resume).toBeGreaterThan(0);
    // Every workflow command GitHub would read: outside the stopped part only, none of them the app's.
    const commands = lines.filter((l, i) => /^\s*::/.test(l) && (i === 0 || i >= resume));
    expect(commands.slice(2).every((c) => c.startsWith('::error '))).toBe(true);
    expect(commands.join('\n')).toMatch(/^::error title=Failed%3A image-layers › history-above-base.*::expected 2 history entries above node:12/m);
    // The app's forged lines were printed (in the checklist, while commands were off), never read as commands.
    expect(lines.slice(1, resume).some((l) => l.trim().startsWith('::notice title=forged'))).toBe(true);
    expect(commands.filter((c) => /^\s*::(notice|error::forged)/.test(c))).toEqual([]);

    const summary = readFileSync(stepSummary, 'utf8');
    expect(summary.startsWith('written by an earlier tool\n\n### ')).toBe(true);
    expect(summary).toMatch(/\| image-layers — Read the layers of the image \| ❌ failed \| 1\/4 \|/);
    expect(readFileSync(join(out, 'summary.md'), 'utf8')).toBe(summary.slice('written by an earlier tool\n\n'.length));
  });

  it('prints no workflow commands outside GitHub Actions', async () => {
    const result = await labcheck(['run', 'image-layers', '--workdir', workdirWith({ Dockerfile: 'FROM node:12\nADD app.js /app.js\nRUN echo x\nENTRYPOINT ["node", "app.js"]\n' }), '--port', '0', '--no-junit'], { env: { GITHUB_ACTIONS: '' } });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).not.toMatch(/^::/m);
  });
});
