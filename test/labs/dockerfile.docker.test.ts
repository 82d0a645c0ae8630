// The dockerfile lab when build-image is part of the run: the build, and the image it made, decide what the
// file alone cannot (test/labs/dockerfile.test.ts covers the file alone, with no engine).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { onPodman, testContext, workdirWith } from '../support/docker.js';
import { cleanEachTest, messageOf, perform, statuses } from '../support/labs.js';
import { BUILDERS, type Builder } from '../support/builders.js';

cleanEachTest();

const withDockerfile = (content: string, builder: Builder = 'legacy') =>
  testContext({ workdir: workdirWith({ Dockerfile: content }), bin: BUILDERS[builder].bin, env: BUILDERS[builder].env });

describe('dockerfile, judged after the build of the same run', () => {
  // Docker 20.10's own refusal: Buildah takes the flag.
  it.skipIf(onPodman).each<Builder>(['legacy', 'buildkit'])('fails parses in Docker\'s words when this engine refuses a flag newer Docker takes (%s)', async (builder) => {
    const results = await perform(withDockerfile('FROM node:12\nCOPY --link app.js /app.js\nENTRYPOINT ["node", "app.js"]\n', builder), 'build-image', 'dockerfile');
    expect(statuses(results, 'dockerfile').parses).toBe('failed');
    expect(messageOf(results, 'dockerfile', 'parses')).toMatch(/^line 2: expected a Dockerfile Docker can parse; docker build -t kubia-lc[0-9a-f]{8}:latest --force-rm \. refused it: Unknown flag: link$/);
  });

  it('says so when Docker parsed and built the file', async () => {
    const results = await perform(withDockerfile('FROM node:12\nADD app.js /app.js\nENTRYPOINT ["node", "app.js"]\n'), 'build-image', 'dockerfile');
    // Podman's build is Buildah's, whose parsing is not Docker's: there labcheck's reading alone speaks.
    expect(messageOf(results, 'dockerfile', 'parses')).toMatch(onPodman ? /^the Dockerfile parses: 3 instruction\(s\), FROM on line 1$/ : /parsed and built it$/);
  });

  it('judges the file alone, and says what it cannot tell, when the run has no build', async () => {
    const results = await perform(withDockerfile('FROM node:12\nADD app.js /app.js\nENTRYPOINT ["node", "app.js"] # run it\n'), 'dockerfile');
    expect(statuses(results, 'dockerfile')).toEqual({ parses: 'passed', 'from-node-12': 'passed', 'adds-app-js': 'passed', 'entrypoint-exec-node': 'skipped' });
  });

  it('resolves a relative destination from the WORKDIR of the base the image was built on', async () => {
    const ctx = withDockerfile('', 'buildkit');
    // A base of this run's own with a WORKDIR, labelled so the run's cleanup takes it.
    const base = `labcheck-base-${ctx.runId}:latest`;
    await execa('docker', ['build', '-q', '-t', base, '--label', `io.labcheck.run=${ctx.runId}`, '-'], { input: 'FROM busybox\nWORKDIR /usr/src\n' });
    writeFileSync(join(ctx.workdir, 'Dockerfile'), `FROM ${base}\nCOPY app.js .\nENTRYPOINT ["node", "app.js"]\n`);
    const results = await perform(ctx, 'build-image', 'dockerfile');
    expect(statuses(results, 'dockerfile')).toEqual({ parses: 'passed', 'from-node-12': 'failed', 'adds-app-js': 'failed', 'entrypoint-exec-node': 'passed' });
    expect(messageOf(results, 'dockerfile', 'adds-app-js')).toBe('line 2: expected ADD app.js /app.js; saw COPY app.js .: app.js would land at /usr/src/app.js (. is relative to WORKDIR /usr/src), not /app.js');
  });
});
