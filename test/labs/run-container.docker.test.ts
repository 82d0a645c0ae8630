import { createServer, type Server } from 'node:net';
import { describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { docker, testContext, track, workdirWith, fixture } from '../support/docker.js';
import { cleanEachTest, inspect, messageOf, perform, statuses } from '../support/labs.js';
import { runNames } from '../../src/engine/names.js';
import { PORT_RECORD } from '../../labs/run-container/index.js';

cleanEachTest();

const allPassed = { 'container-running': 'passed', 'port-mapped': 'passed', 'answers-hostname': 'passed' };
const app = (edit: (source: string) => string) => workdirWith({ 'app.js': edit(fixture('app.js')) });

/** The host port docker chose for a container's private port. */
async function publishedPort(name: string, containerPort: string): Promise<number> {
  const info = await docker.getContainer(name).inspect();
  return Number(info.NetworkSettings.Ports[containerPort]?.[0]?.HostPort);
}

describe('run-container', () => {
  it('passes on the fixtures, with a free host port on 127.0.0.1 recorded for the next labs', async () => {
    const ctx = testContext();
    const results = await perform(ctx, 'run-container');
    expect(statuses(results, 'run-container')).toEqual(allPassed);
    const port = ctx.recorded(PORT_RECORD);
    expect(port).toBeGreaterThan(0);
    expect(messageOf(results, 'run-container', 'port-mapped')).toBe(`host port ${port} maps to 8080/tcp (127.0.0.1:${port}->8080/tcp)`);
    const { Config } = await docker.getContainer(ctx.names.kubiaContainer).inspect();
    expect(messageOf(results, 'run-container', 'answers-hostname')).toContain(`answered 200 with the container's hostname ${Config.Hostname}: "Hey there, this is ${Config.Hostname}.`);
  });

  it('fails every check before the container was run', async () => {
    const ctx = testContext();
    await perform(ctx, 'build-image');
    const results = await inspect(ctx, 'run-container');
    expect(statuses(results, 'run-container')).toEqual({ 'container-running': 'failed', 'port-mapped': 'failed', 'answers-hostname': 'failed' });
    expect(messageOf(results, 'run-container', 'container-running')).toMatch(/^expected the container kubia-container-lc[0-9a-f]{8}; saw none/);
  });

  it('fails every check, with the exit code and last log lines, when the app crashes at start', async () => {
    const workdir = workdirWith({ 'app.js': 'console.log("Kubia server starting...");\nconsole.error("Error: cannot read config");\nprocess.exit(3);\n' });
    const results = await perform(testContext({ workdir }), 'run-container');
    expect(statuses(results, 'run-container')).toEqual({ 'container-running': 'failed', 'port-mapped': 'failed', 'answers-hostname': 'failed' });
    const message = messageOf(results, 'run-container', 'container-running');
    expect(message).toMatch(/running; the container exited with code 3; its last log lines:\n/);
    // stdout and stderr reach Docker's log by two copiers: lines written at once may swap places.
    const lines = message.split('its last log lines:\n')[1]?.split('\n').sort();
    expect(lines).toEqual(['Error: cannot read config', 'Kubia server starting...']);
  });

  it('fails answers-hostname, naming the port it listens on, when the app listens on 3000', async () => {
    const started = performance.now();
    const results = await perform(testContext({ workdir: app((s) => s.replace('const listenPort = 8080;', 'const listenPort = 3000;')) }), 'run-container');
    expect(statuses(results, 'run-container')).toEqual({ 'container-running': 'passed', 'port-mapped': 'passed', 'answers-hostname': 'failed' });
    expect(messageOf(results, 'run-container', 'answers-hostname')).toBe('expected the app to listen on port 8080 in the container, where -p maps the host port; nothing there answers: in the container the app listens on 3000');
    // The sockets settle in ~2 s: no waiting for the whole start budget.
    expect(performance.now() - started).toBeLessThan(25_000);
  });

  it('fails answers-hostname when the app listens on 8080 of its own loopback only', async () => {
    const results = await perform(testContext({ workdir: app((s) => s.replace('server.listen(listenPort);', 'server.listen(listenPort, "127.0.0.1");')) }), 'run-container');
    expect(statuses(results, 'run-container')['answers-hostname']).toBe('failed');
    expect(messageOf(results, 'run-container', 'answers-hostname')).toMatch(/the app listens on 8080 \(loopback only\)$/);
  });

  it('fails answers-hostname, saying it never answered and showing the last log lines, when the app accepts and never answers', async () => {
    const workdir = workdirWith({ 'app.js': 'console.log("Kubia server starting...");\nrequire("http").createServer(() => {}).listen(8080);\n' });
    const results = await perform(testContext({ workdir, timeoutMs: 6000 }), 'run-container');
    expect(statuses(results, 'run-container')).toEqual({ 'container-running': 'passed', 'port-mapped': 'passed', 'answers-hostname': 'failed' });
    expect(messageOf(results, 'run-container', 'answers-hostname')).toMatch(
      /^expected the app to answer on container port 8080; 127\.0\.0\.1:\d+ accepted the connection but never answered within \d+ ms\. Its last log lines:\nKubia server starting\.\.\.$/,
    );
  });

  it('fails answers-hostname when the answer lacks the hostname', async () => {
    const results = await perform(testContext({ workdir: app((s) => s.replace('"Hey there, this is "+os.hostname()+". "', '"Hey there. "')) }), 'run-container');
    expect(statuses(results, 'run-container')).toEqual({ 'container-running': 'passed', 'port-mapped': 'passed', 'answers-hostname': 'failed' });
    expect(messageOf(results, 'run-container', 'answers-hostname')).toMatch(/to hold the container's hostname [0-9a-f]{12} \(docker inspect: Config\.Hostname\) as a word of its body; it answered 200 without it: "Hey there\. Your IP is [^"]*"$/);
  });

  it('fails answers-hostname on a response that never ends, decided by its silence, not by the deadline', async () => {
    const results = await perform(testContext({ workdir: app((s) => s.replace('response.end("\\n");', '')), timeoutMs: 60_000 }), 'run-container');
    expect(statuses(results, 'run-container')).toEqual({ 'container-running': 'passed', 'port-mapped': 'passed', 'answers-hostname': 'failed' });
    expect(messageOf(results, 'run-container', 'answers-hostname')).toMatch(
      /^expected a GET on 127\.0\.0\.1:\d+ to answer 200 in a response that ends, as curl needs; the response never ended: nothing more came for 2000 ms and it was not ended, so curl would wait forever: it answered 200 with "Hey there, this is [0-9a-f]{12}\. Your IP is [^"]*"$/,
    );
  });

  it('passes an app that answers / alone and 404 elsewhere: it requests /, as the chapter\'s curl does', async () => {
    const routed = app((s) => s.replace('response.writeHead(200);', 'if (request.url !== "/") { response.writeHead(404); return response.end(); }\n  response.writeHead(200);'));
    const results = await perform(testContext({ workdir: routed }), 'run-container');
    expect(statuses(results, 'run-container')).toEqual(allPassed);
  });

  it('in check mode names what docker ps -a lists when no container is the student\'s, never "none"', async () => {
    const run = track();
    const names = runNames(run);
    const other = `other-${run}`;
    await execa('docker', ['create', '--name', other, '--label', `io.labcheck.run=${run}`, 'busybox', 'true']);
    const results = await inspect(testContext({ mode: 'check', names }), 'run-container');
    expect(statuses(results, 'run-container')['container-running']).toBe('failed');
    const message = messageOf(results, 'run-container', 'container-running');
    expect(message).toMatch(new RegExp(`^expected the container ${names.kubiaContainer}, or a container of another name made from ${names.kubiaImage}; docker ps -a lists \\d+, none of them that: ${other} \\(busybox(:latest)?\\)`));
    expect(message).toMatch(new RegExp(`\\(there is no image ${names.kubiaImage}\\)$`));
    expect(message).not.toMatch(/lists none|lists no container/);
  });

  it('fails container-running and port-mapped, naming the container that holds the port', async () => {
    const run = track();
    const holder = `holder-${run}`;
    await execa('docker', ['run', '-d', '--name', holder, '--label', `io.labcheck.run=${run}`, '-p', '127.0.0.1::5000', 'registry:2']);
    const port = await publishedPort(holder, '5000/tcp');
    const ctx = testContext({ port });
    const results = await perform(ctx, 'run-container');
    expect(statuses(results, 'run-container')).toEqual({ 'container-running': 'failed', 'port-mapped': 'failed', 'answers-hostname': 'failed' });
    const message = `docker could not publish host port ${port}: it is already in use; container ${holder} publishes it (docker ps shows it)`;
    // docker run made the container but could not start it: its State.Error says why.
    expect(messageOf(results, 'run-container', 'container-running')).toBe(`expected ${ctx.names.kubiaContainer} running; ${message}`);
    expect(messageOf(results, 'run-container', 'port-mapped')).toContain(message);
  });

  it('fails container-running when another process (not a container) holds the port', async () => {
    const server: Server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    try {
      const results = await perform(testContext({ port }), 'run-container');
      expect(statuses(results, 'run-container')['container-running']).toBe('failed');
      expect(messageOf(results, 'run-container', 'container-running')).toMatch(new RegExp(`host port ${port}: it is already in use; another process \\(not a container\\) listens on it$`));
    } finally {
      server.close();
    }
  });

  it('fails port-mapped when the container publishes another host port than the requested one', async () => {
    const ctx = testContext();
    await perform(ctx, 'build-image');
    await execa('docker', ['run', '-d', '--name', ctx.names.kubiaContainer, ...ctx.labelArgs(), '-p', '127.0.0.1::8080', ctx.names.kubiaRepo]);
    const port = await publishedPort(ctx.names.kubiaContainer, '8080/tcp');
    // As if the run had asked for another port than docker gave.
    ctx.record(PORT_RECORD, port === 65535 ? port - 1 : port + 1);
    const results = await inspect(ctx, 'run-container');
    expect(statuses(results, 'run-container')).toEqual({ ...allPassed, 'port-mapped': 'failed' });
    expect(messageOf(results, 'run-container', 'port-mapped')).toMatch(new RegExp(`^expected host port \\d+ mapped to 8080/tcp; saw 127\\.0\\.0\\.1:${port}->8080/tcp$`));
  });

  it('does not take a same-named container of someone else as this run\'s, and says why docker run failed on it', async () => {
    const ctx = testContext();
    await perform(ctx, 'build-image');
    // Not of the run's image either: the run's image could not be removed while another run's container used it.
    await execa('docker', ['run', '-d', '--name', ctx.names.kubiaContainer, '--label', `io.labcheck.run=${track()}`, 'busybox', 'sleep', '60']);
    const results = await inspect(ctx, 'run-container');
    expect(statuses(results, 'run-container')['container-running']).toBe('failed');
    expect(messageOf(results, 'run-container', 'container-running')).toMatch(/^expected kubia-container-lc[0-9a-f]{8} made by this run; the container of that name \([0-9a-f]{12}\) is not$/);
    // The run's own docker run then fails on the name.
    const performed = await perform(ctx, 'run-container');
    expect(messageOf(performed, 'run-container', 'container-running')).toMatch(/running; docker run --name kubia-container-lc[0-9a-f]{8} .* failed: a container named kubia-container-lc[0-9a-f]{8} already exists \(docker ps -a\)$/);
  });

  it('in check mode judges the container the chapter\'s own commands made', async () => {
    const run = track();
    const names = runNames(run);
    const label = `io.labcheck.run=${run}`;
    // The chapter's commands, with this test's names and a free port on 127.0.0.1 instead of 1234.
    await execa('docker', ['build', '-t', names.kubiaRepo, '--label', label, '.'], { cwd: workdirWith() });
    await execa('docker', ['run', '--name', names.kubiaContainer, '--label', label, '-p', '127.0.0.1::8080', '-d', names.kubiaRepo]);
    const port = await publishedPort(names.kubiaContainer, '8080/tcp');
    const results = await inspect(testContext({ mode: 'check', names, port }), 'run-container');
    expect(statuses(results, 'run-container')).toEqual(allPassed);
    expect(messageOf(results, 'run-container', 'port-mapped')).toBe(`host port ${port} maps to 8080/tcp (127.0.0.1:${port}->8080/tcp)`);
  });

  it('in check mode fails port-mapped when the container publishes another port than --port', async () => {
    const run = track();
    const names = runNames(run);
    const label = `io.labcheck.run=${run}`;
    await execa('docker', ['build', '-t', names.kubiaRepo, '--label', label, '.'], { cwd: workdirWith() });
    await execa('docker', ['run', '--name', names.kubiaContainer, '--label', label, '-p', '127.0.0.1::8080', '-d', names.kubiaRepo]);
    const port = await publishedPort(names.kubiaContainer, '8080/tcp');
    const other = port === 65535 ? port - 1 : port + 1;
    const results = await inspect(testContext({ mode: 'check', names, port: other }), 'run-container');
    expect(statuses(results, 'run-container')['port-mapped']).toBe('failed');
    expect(messageOf(results, 'run-container', 'port-mapped')).toBe(`expected host port ${other} mapped to 8080/tcp; saw 127.0.0.1:${port}->8080/tcp`);
  });
});
