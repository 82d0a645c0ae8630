import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const examples = join(import.meta.dirname, '../../examples/gradescope');

/** A Gradescope-like /autograder in a temp folder, and a stand-in `labcheck` that records how it was called. */
function autograder(stub: { writes: boolean; exit: number }, engineEnv?: string) {
  const root = mkdtempSync(join(tmpdir(), 'labcheck-gradescope-'));
  mkdirSync(join(root, 'source'));
  mkdirSync(join(root, 'submission'));
  if (engineEnv !== undefined) writeFileSync(join(root, 'source', 'engine.env'), engineEnv);
  const bin = join(root, 'bin');
  mkdirSync(bin);
  const labcheck = join(bin, 'labcheck');
  writeFileSync(
    labcheck,
    `#!/usr/bin/env bash\nprintf '%s\\n' "$@" > "${root}/args"\nprintf '%s' "\${DOCKER_HOST:-}" > "${root}/docker-host"\n${stub.writes ? `printf '{"score": 0}' > "$5"\n` : ''}exit ${stub.exit}\n`,
  );
  chmodSync(labcheck, 0o755);
  const run = spawnSync(join(examples, 'run_autograder'), [], {
    env: { PATH: `${bin}:/usr/bin:/bin`, AUTOGRADER_ROOT: root },
    encoding: 'utf8',
  });
  return { root, run };
}

describe('examples/gradescope/run_autograder', () => {
  it('runs labcheck on the submission into results.json, with the engine from engine.env', () => {
    const { root, run } = autograder({ writes: true, exit: 1 }, 'DOCKER_HOST=tcp://grader.example:2376\n');
    expect(run.status).toBe(0);
    expect(readFileSync(join(root, 'args'), 'utf8').split('\n').filter(Boolean)).toEqual([
      'run',
      '--workdir',
      join(root, 'submission'),
      '--gradescope',
      join(root, 'results', 'results.json'),
    ]);
    expect(readFileSync(join(root, 'docker-host'), 'utf8')).toBe('tcp://grader.example:2376');
    expect(run.stdout).toBe('labcheck exited 1\n');
  });

  it('fails loudly when labcheck leaves no results.json', () => {
    const { root, run } = autograder({ writes: false, exit: 3 });
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(`labcheck exited 3 without writing ${root}/results/results.json\n`);
    expect(existsSync(join(root, 'results'))).toBe(true);
  });

  it('shows Gradescope the paths it documents when run for real', () => {
    const script = readFileSync(join(examples, 'run_autograder'), 'utf8');
    expect(script).toContain('root=${AUTOGRADER_ROOT:-/autograder}');
    expect(script).toContain('labcheck run --workdir "$root/submission" --gradescope "$root/results/results.json"');
  });

  it('ships both scripts executable and parseable by bash', () => {
    for (const name of ['run_autograder', 'setup.sh']) {
      const file = join(examples, name);
      expect(statSync(file).mode & 0o111).not.toBe(0);
      execFileSync('bash', ['-n', file]);
    }
  });
});
