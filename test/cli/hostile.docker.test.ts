import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { docker, fixture, labcheck, root, testContext, workdirWith } from '../support/docker.js';
import { cleanEachTest, messageOf, perform, statuses } from '../support/labs.js';
import { countLabelled, ofRun } from '../../src/docker/cleanup.js';
import { poll } from '../../src/engine/deadline.js';
import { CONTAINER_BOUNDS } from '../../src/engine/context.js';
import { closedPort } from '../support/net.js';

cleanEachTest();

/** The chapter's app, which also writes 1 MiB to its log every 100 ms and says in its answer how much it wrote. */
const floodingApp = fixture('app.js')
  .replace(
    'var server = http.createServer(handler);',
    [
      'let written = 0;',
      "const mib = ('x'.repeat(1023) + '\\n').repeat(1024);",
      'setInterval(() => { process.stdout.write(mib); written += mib.length; }, 100);',
      'var server = http.createServer(handler);',
    ].join('\n'),
  )
  .replace('response.end("\\n");', 'response.end("written " + written + "\\n");');

/** A 2 GiB allocation, 64 MiB at a time, each filled so the pages are really used. */
const greedyApp = `const keep = [];\nfor (let i = 0; i < 32; i++) keep.push(Buffer.alloc(64 * 1024 * 1024, 1));\n${fixture('app.js')}`;

/** GET on 127.0.0.1 with a deadline; the body, or '' when nothing answered. */
async function get(port: number): Promise<string> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/?test`, { signal: AbortSignal.timeout(2000) });
    return await response.text();
  } catch {
    return '';
  }
}

describe('hostile or careless student code', () => {
  it('a 2 GiB allocation is stopped at the memory bound, and node-app says out of memory', async () => {
    const ctx = testContext({ workdir: workdirWith({ 'app.js': greedyApp }) });
    const results = await perform(ctx, 'node-app');
    expect(statuses(results, 'node-app')).toEqual({ 'app-exists': 'passed', 'listens-8080': 'failed', 'answers-200': 'failed', 'answers-hostname': 'failed' });
    expect(messageOf(results, 'node-app', 'listens-8080')).toMatch(/^expected the app to listen on port 8080; the app stopped with exit code 137 \(killed: out of memory, limit 256 MiB\)/);
    const info = await docker.getContainer(ctx.names.nodeAppContainer).inspect();
    expect(info.State.OOMKilled).toBe(true);
    expect(info.HostConfig.Memory).toBe(CONTAINER_BOUNDS.memoryBytes);
  });

  it('the same allocation in the kubia image: run-container says out of memory', async () => {
    const results = await perform(testContext({ workdir: workdirWith({ 'app.js': greedyApp }) }), 'run-container');
    expect(statuses(results, 'run-container')).toEqual({ 'container-running': 'failed', 'port-mapped': 'failed', 'answers-hostname': 'failed' });
    expect(messageOf(results, 'run-container', 'container-running')).toMatch(/running; the container exited with code 137 \(killed: out of memory, limit 256 MiB\)/);
  });

  it('an app that floods its log at 10 MB/s keeps its log files within 10 MiB on disk', async () => {
    const ctx = testContext({ workdir: workdirWith({ 'app.js': floodingApp }) });
    const results = await perform(ctx, 'run-container');
    expect(statuses(results, 'run-container')).toEqual({ 'container-running': 'passed', 'port-mapped': 'passed', 'answers-hostname': 'passed' });
    const info = await docker.getContainer(ctx.names.kubiaContainer).inspect();
    expect(info.HostConfig.LogConfig).toEqual({ Type: 'json-file', Config: { 'max-size': '5m', 'max-file': '2' } });
    const port = Number(info.NetworkSettings.Ports['8080/tcp']?.[0]?.HostPort);
    // Until the app says it wrote three times the bound.
    const written = await poll(async () => {
      const n = Number(/written (\d+)/.exec(await get(port))?.[1] ?? 0);
      return n >= 30 * 1024 * 1024 ? n : undefined;
    }, AbortSignal.timeout(60_000), 500);
    expect(written).toBeGreaterThanOrEqual(30 * 1024 * 1024);
    // Every log file of the container (rotated ones too), read through the engine wherever it keeps them.
    const { stdout } = await execa('docker', ['run', '--rm', '--label', `io.labcheck.run=${ctx.runId}`, '-v', `${dirname(info.LogPath)}:/c:ro`, 'busybox', 'sh', '-c', 'cat /c/*-json.log* | wc -c']);
    // Two files of 5 MiB; each may pass its size by the one JSON line that made it rotate.
    expect(Number(stdout)).toBeLessThan(10 * 1024 * 1024 + 64 * 1024);
  });

  it('an app that floods its log at 10 MB/s keeps labcheck itself under 200 MB while it reads the logs', async () => {
    const result = await labcheck(['run', 'node-app', 'run-container', 'container-info', '--workdir', workdirWith({ 'app.js': floodingApp }), '--json', '-', '--no-junit'], {
      nodeArgs: ['--require', `${root}/test/support/max-rss.cjs`],
    });
    const report = JSON.parse(result.stdout);
    const status = Object.fromEntries(report.labs.flatMap((l: { id: string; checks: { id: string; status: string }[] }) => l.checks.map((c) => [`${l.id}/${c.id}`, c.status])));
    expect(status).toMatchObject({ 'node-app/answers-hostname': 'passed', 'run-container/answers-hostname': 'passed', 'container-info/ps-lists-container': 'passed' });
    // The log lines the checks look for may have rotated away under the flood: a verdict either way, never an error.
    for (const id of ['container-info/logs-server-starting', 'container-info/logs-request-received']) expect(['passed', 'failed']).toContain(status[id]);
    const kib = Number(/labcheck-max-rss-kib=(\d+)/.exec(result.stderr)?.[1]);
    console.log(`labcheck peak RSS under a 10 MB/s log flood: ${Math.round(kib / 1024)} MiB`);
    expect(kib).toBeGreaterThan(0);
    expect(kib).toBeLessThan(200 * 1024);
    expect(await countLabelled(docker, ofRun(report.runId))).toBe(0);
  });
});

describe('images that cannot be pulled', () => {
  it('a base image that does not exist: the student\'s mistake, exit 1, the image named', async () => {
    const workdir = workdirWith({ Dockerfile: fixture('Dockerfile').replace(/^FROM .*$/m, 'FROM 127.0.0.1:5000/library/node:99') });
    const result = await labcheck(['run', 'build-image', '--workdir', workdir, '--json', '-', '--no-junit']);
    expect(result.exitCode).toBe(1);
    const build = JSON.parse(result.stdout).labs[0].checks[0];
    expect(build.status).toBe('failed');
    expect(build.message).toMatch(/the base image 127\.0\.0\.1:5000\/library\/node:99 does not exist on its registry \(manifest unknown/);
  });

  it('a base image whose registry cannot be reached: not a verdict, exit 3, the image and the reason named', async () => {
    const port = await closedPort();
    const workdir = workdirWith({ Dockerfile: fixture('Dockerfile').replace(/^FROM .*$/m, `FROM 127.0.0.1:${port}/node:12`) });
    const result = await labcheck(['run', 'build-image', '--workdir', workdir, '--json', '-', '--no-junit']);
    expect(result.exitCode).toBe(3);
    const build = JSON.parse(result.stdout).labs[0].checks[0];
    expect(build.status).toBe('error');
    expect(build.message).toBe(
      `labcheck could not judge: docker build could not pull 127.0.0.1:${port}/node:12: its registry cannot be reached (dial tcp 127.0.0.1:${port}: connect: connection refused); \`docker pull 127.0.0.1:${port}/node:12\` shows the same, \`labcheck doctor\` checks the engine`,
    );
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
