import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { bin, fixture, labcheck, track, workdirWith } from '../support/docker.js';
import { cleanEachTest } from '../support/labs.js';
import { validateJunit } from '../support/net.js';
import { poll } from '../../src/engine/deadline.js';

cleanEachTest();

const validate = validateJunit;
const tempDir = () => mkdtempSync(join(tmpdir(), 'labcheck-fault-'));
// Tests run as root, who reads everything: these capabilities dropped, file modes apply to labcheck too.
const withoutOverride = ['--bounding-set=-dac_override,-dac_read_search', '--'];

describe('bad input: a clear line, exit 2, a report anyway', () => {
  it.each([
    { what: 'a file', make: (d: string) => (writeFileSync(join(d, 'f'), 'x'), join(d, 'f')), line: /is a file; give the folder that holds app\.js and the Dockerfile/ },
    { what: 'empty', make: (d: string) => (mkdirSync(join(d, 'e')), join(d, 'e')), line: /holds neither app\.js nor a Dockerfile/ },
    { what: 'missing', make: (d: string) => join(d, 'nope'), line: /does not exist/ },
  ])('--workdir $what', async ({ make, line }) => {
    const dir = tempDir();
    const junit = join(dir, 'junit.xml');
    const result = await labcheck(['run', '--workdir', make(dir), '--junit', junit]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(line);
    validate(junit);
  });

  it('--workdir unreadable: exit 2', async () => {
    const secret = join(tempDir(), 'secret');
    mkdirSync(secret);
    writeFileSync(join(secret, 'app.js'), fixture('app.js'));
    execFileSync('chmod', ['000', secret]);
    const result = await execa('setpriv', [...withoutOverride, 'node', bin, 'run', '--workdir', secret, '--no-junit'], { reject: false });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/cannot be read \(EACCES\)/);
  });

  it('a workdir without app.js is the student\'s mistake: exit 1, not a usage error', async () => {
    const result = await labcheck(['run', 'build-image', '--workdir', workdirWith({ 'app.js': null }), '--no-junit', '--json', '-']);
    expect(result.exitCode).toBe(1);
  });
});

describe('environment faults: exit 3 with the fix', () => {
  it('permission denied on the socket names the socket and the docker group', async () => {
    const dir = tempDir();
    const socket = join(dir, 'docker.sock');
    const server = createServer((c) => c.destroy());
    await new Promise<void>((resolve) => server.listen(socket, resolve));
    execFileSync('chmod', ['000', socket]);
    const junit = join(dir, 'junit.xml');
    try {
      const result = await execa('setpriv', [...withoutOverride, 'node', bin, 'run', 'hello-world', '--junit', junit], { reject: false, env: { DOCKER_HOST: `unix://${socket}` } });
      expect(result.exitCode).toBe(3);
      expect(result.stderr).toMatch(/permission denied on the Docker socket unix:\/\/\S+docker\.sock .*Join the docker group/);
      validate(junit);
      expect(readFileSync(junit, 'utf8').match(/<error/g)).toHaveLength(4);
    } finally {
      server.close();
    }
  });

  it('a report path on a full disk: exit 3 saying the disk is full, the verdict still printed', async () => {
    const result = await labcheck(['run', 'hello-world', '--junit', '/dev/full', '--json', '-']);
    expect(result.exitCode).toBe(3);
    expect(result.stderr).toMatch(/could not write the report \/dev\/full: the disk is full/);
    expect(JSON.parse(result.stdout).labs[0].status).toBe('passed');
  });

  it('an engine that goes away mid-run: the rest is error, exit 3, no stack trace', async () => {
    const dir = tempDir();
    const proxyPath = join(dir, 'docker.sock');
    const sockets = new Set<Socket>();
    // A socket that forwards to the real engine until the test closes it, as a stopping dockerd would.
    const proxy = createServer((client) => {
      const upstream = createConnection('/var/run/docker.sock');
      sockets.add(client).add(upstream);
      client.pipe(upstream).pipe(client);
      client.on('error', () => upstream.destroy());
      upstream.on('error', () => client.destroy());
    });
    await new Promise<void>((resolve) => proxy.listen(proxyPath, resolve));
    const slow = workdirWith({ Dockerfile: fixture('Dockerfile').replace('ADD app.js /app.js', 'ADD app.js /app.js\nRUN sleep 60') });
    const child = execa('node', [bin, 'run', 'hello-world', 'build-image', 'image-layers', '--workdir', slow, '--json', '-', '--no-junit'], {
      reject: false,
      env: { NO_COLOR: '1', DOCKER_HOST: `unix://${proxyPath}` },
    });
    let out = '';
    child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
    let err = '';
    child.stderr?.on('data', (c: Buffer) => (err += c.toString()));
    const runId = await poll(async () => /run id (lc[0-9a-f]{8})/.exec(out + err)?.[1], AbortSignal.timeout(30_000), 50);
    track(runId);
    // Labs overlap: close the engine once hello-world is reported and the slow build is under way.
    expect(await poll(async () => ((err + out).includes('$ docker build') && /→ passed — points 4\/4/.test(err + out) ? true : undefined), AbortSignal.timeout(60_000), 50)).toBe(true);
    proxy.close();
    for (const s of sockets) s.destroy();
    rmSync(proxyPath, { force: true });
    const result = await child;
    expect(result.exitCode).toBe(3);
    const report = JSON.parse(String(result.stdout));
    const [hello, build, layers] = report.labs.map((l: { status: string }) => l.status);
    expect([hello, build]).toEqual(['passed', 'error']);
    // Not judged either way: error (engine gone) or skipped (its dependency errored), never failed.
    expect(['error', 'skipped']).toContain(layers);
    expect(String(result.stderr)).not.toMatch(/\n\s+at /);
  });
});
