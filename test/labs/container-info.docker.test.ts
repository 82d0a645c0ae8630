import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { docker, fixture, labcheck, testContext, track, workdirWith } from '../support/docker.js';
import { cleanEachTest, inspect, messageOf, perform, statuses } from '../support/labs.js';
import { runCheck } from '../../src/engine/runner.js';
import { runNames } from '../../src/engine/names.js';
import type { LabContext } from '../../src/engine/context.js';
import containerInfo from '../../labs/container-info/index.js';
import { PORT_RECORD } from '../../labs/run-container/index.js';
import { LOGS_RECORD } from '../../labs/container-info/index.js';

cleanEachTest();

const allPassed = { 'ps-lists-container': 'passed', 'inspect-running-ip': 'passed', 'logs-server-starting': 'passed', 'logs-request-received': 'passed' };

/** container-info's checks alone, without the dependency gate: to judge a state run-container would not pass. */
async function checksOnly(ctx: LabContext) {
  const results = [];
  for (const check of containerInfo.checks) results.push(await runCheck(check, ctx));
  return Object.fromEntries(results.map((r) => [r.id, { status: r.status, message: r.message.en }]));
}

/** The chapter's `curl localhost:1234`, on 127.0.0.1. */
function curl(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, path: '/', agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    })
      .on('error', reject)
      .end();
  });
}

/** The chapter's build and run, by hand, under a check-mode context's names (labelled so the test cleans up). */
async function chapterState(run: string): Promise<number> {
  const names = runNames(run);
  const label = `io.labcheck.run=${run}`;
  await execa('docker', ['build', '-t', names.kubiaRepo, '--label', label, '.'], { cwd: workdirWith() });
  await execa('docker', ['run', '--name', names.kubiaContainer, '--label', label, '-p', '127.0.0.1::8080', '-d', names.kubiaRepo]);
  const info = await docker.getContainer(names.kubiaContainer).inspect();
  return Number(info.NetworkSettings.Ports['8080/tcp']?.[0]?.HostPort);
}

describe('container-info', () => {
  it('passes on the fixtures after run-container', async () => {
    const ctx = testContext();
    const results = await perform(ctx, 'container-info');
    expect(statuses(results, 'container-info')).toEqual(allPassed);
    const port = ctx.recorded(PORT_RECORD);
    expect(messageOf(results, 'container-info', 'ps-lists-container')).toBe(`docker ps lists ${ctx.names.kubiaContainer} with 127.0.0.1:${port}->8080/tcp, as docker ps --format '{{json .}}' shows`);
    expect(messageOf(results, 'container-info', 'inspect-running-ip')).toMatch(/^docker inspect shows kubia-container-lc[0-9a-f]{8} running with IP \d+\.\d+\.\d+\.\d+, as docker inspect kubia-container-lc[0-9a-f]{8} shows$/);
  });

  it('fails every check before its own steps, though run-container\'s state is there', async () => {
    const ctx = testContext();
    await perform(ctx, 'run-container');
    const results = await inspect(ctx, 'container-info');
    expect(statuses(results, 'container-info')).toEqual({ 'ps-lists-container': 'failed', 'inspect-running-ip': 'failed', 'logs-server-starting': 'failed', 'logs-request-received': 'failed' });
    expect(messageOf(results, 'container-info', 'ps-lists-container')).toMatch(/^docker ps lists kubia-container-lc[0-9a-f]{8} with 127\.0\.0\.1:\d+->8080\/tcp, but `docker ps` was not run$/);
    expect(messageOf(results, 'container-info', 'logs-request-received')).toMatch(/but `docker logs kubia-container-lc[0-9a-f]{8}` was not run$/);
  });

  it('judges the logs by what the app printed, not by the chapter\'s sentences', async () => {
    const workdir = workdirWith({
      'app.js': fixture('app.js')
        .replace('console.log("Kubia server starting...");', 'console.log("server up");')
        .replace('console.log("Received request for "+request.url+" from "+clientIP);', 'console.log("GET " + request.url);'),
    });
    const results = await perform(testContext({ workdir }), 'container-info');
    expect(statuses(results, 'container-info')).toEqual(allPassed);
    expect(messageOf(results, 'container-info', 'logs-server-starting')).toMatch(
      /^the logs of (kubia-container-lc[0-9a-f]{8}) show what the app printed when it started: "server up", "Local hostname is [0-9a-f]{12}", "Listening on port 8080", as docker logs \1 shows$/,
    );
    expect(messageOf(results, 'container-info', 'logs-request-received')).toMatch(
      /^after labcheck's GET of \/ on 127\.0\.0\.1:\d+, the logs of (kubia-container-lc[0-9a-f]{8}) show what the app printed for it: "GET \/", as docker logs \1 shows$/,
    );
  });

  it('fails logs-server-starting when the app prints nothing when it starts, only for requests', async () => {
    const workdir = workdirWith({ 'app.js': fixture('app.js').replace(/^console\.log\("(Kubia server starting\.\.\.|Local hostname is |Listening on port ).*\n/gm, '') });
    const results = await perform(testContext({ workdir }), 'container-info');
    expect(statuses(results, 'container-info')).toEqual({ ...allPassed, 'logs-server-starting': 'failed' });
    expect(messageOf(results, 'container-info', 'logs-server-starting')).toMatch(
      /^expected the logs of kubia-container-lc[0-9a-f]{8} to show what the app printed when it started; it printed nothing when it started, only for requests \("Received request for \/ from [^"]+"\)$/,
    );
  });

  it('fails logs-request-received on an app that printed its request line at start-up and prints nothing per request', async () => {
    const workdir = workdirWith({
      'app.js': fixture('app.js')
        .replace('console.log("Listening on port " + listenPort);', 'console.log("Listening on port " + listenPort);\nconsole.log("Received request for / from ::ffff:172.17.0.1");')
        .replace('console.log("Received request for "+request.url+" from "+clientIP);', ''),
    });
    const results = await perform(testContext({ workdir }), 'container-info');
    expect(statuses(results, 'container-info')).toEqual({ ...allPassed, 'logs-request-received': 'failed' });
    expect(messageOf(results, 'container-info', 'logs-request-received')).toMatch(
      /^expected the app to print something for labcheck's GET of \/ on 127\.0\.0\.1:\d+, as the chapter's app logs each request; nothing was added to the logs of kubia-container-lc[0-9a-f]{8} after it; the line "Received request for \/ from ::ffff:172\.17\.0\.1" was in the log before the request, so it was not written for it$/,
    );
  });

  it('fails logs-request-received when the run\'s docker logs was read before the request: the step must show the request\'s line anew', async () => {
    const ctx = testContext();
    await perform(ctx, 'run-container');
    // The chapter's app logs every request alike: an earlier read holds the same text, once less.
    const early = await ctx.step(['logs', ctx.names.kubiaContainer]);
    await containerInfo.solve(ctx);
    ctx.record(LOGS_RECORD, early);
    const got = await checksOnly(ctx);
    expect(got['logs-server-starting']?.status).toBe('passed');
    expect(got['logs-request-received']).toEqual({
      status: 'failed',
      message: expect.stringMatching(/^expected docker logs kubia-container-lc[0-9a-f]{8}, run after the request, to print what the app printed for it; it lacks "Received request for \/ from [^"]+"$/),
    });
  });

  it('never passes the logs of an app that prints nothing: it says so, with the hint', async () => {
    const workdir = workdirWith({ 'app.js': fixture('app.js').replace(/^\s*console\.log\(.*\n/gm, '') });
    const results = await perform(testContext({ workdir }), 'container-info');
    expect(statuses(results, 'container-info')).toEqual({ ...allPassed, 'logs-server-starting': 'failed', 'logs-request-received': 'failed' });
    expect(messageOf(results, 'container-info', 'logs-server-starting')).toMatch(/^expected the logs of (kubia-container-lc[0-9a-f]{8}) to show what the app printed when it started; the app printed nothing at all \(docker logs \1 is empty\), so the logs have nothing to show$/);
    expect(messageOf(results, 'container-info', 'logs-request-received')).toMatch(/; the app printed nothing at all \(docker logs kubia-container-lc[0-9a-f]{8} is empty\), so the logs have nothing to show$/);
    const hint = results[0]?.checks.find((c) => c.id === 'logs-server-starting')?.hint.en;
    expect(hint).toMatch(/an app that prints nothing \(no console\.log\) leaves it nothing to show/);
  });

  it('fails ps-lists-container and inspect-running-ip once the container is stopped', async () => {
    const ctx = testContext();
    await perform(ctx, 'container-info');
    await execa('docker', ['stop', '-t', '1', ctx.names.kubiaContainer]);
    const got = await checksOnly(ctx);
    expect(got['ps-lists-container']).toEqual({ status: 'failed', message: `expected docker ps to list ${ctx.names.kubiaContainer}; it does not, since the container is exited, not running` });
    expect(got['inspect-running-ip']?.status).toBe('failed');
    expect(got['inspect-running-ip']?.message).toMatch(new RegExp(`^expected docker inspect to show ${ctx.names.kubiaContainer} running; State.Status is exited \\(exit code \\d+\\)$`));
    expect(got['logs-server-starting']?.status).toBe('passed');
  });

  it('fails ps-lists-container when no host port maps to 8080, and inspect-running-ip without a network', async () => {
    const ctx = testContext();
    await perform(ctx, 'build-image');
    await execa('docker', ['run', '--name', ctx.names.kubiaContainer, ...ctx.labelArgs(), '--network', 'none', '-d', ctx.names.kubiaRepo]);
    await containerInfo.solve(ctx);
    const got = await checksOnly(ctx);
    expect(got['ps-lists-container']).toEqual({ status: 'failed', message: `expected docker ps to list ${ctx.names.kubiaContainer} with <host port>->8080/tcp; its PORTS are empty` });
    expect(got['inspect-running-ip']).toEqual({ status: 'failed', message: `expected docker inspect to show an IP address of ${ctx.names.kubiaContainer}; NetworkSettings has none (network mode none)` });
  });

  it('in check mode judges the state the chapter\'s commands left, making its own request to see the app log it', async () => {
    const run = track();
    const port = await chapterState(run);
    const ctx = testContext({ mode: 'check', names: runNames(run), port });
    const results = await inspect(ctx, 'run-container', 'container-info');
    expect(statuses(results, 'run-container')).toEqual({ 'container-running': 'passed', 'port-mapped': 'passed', 'answers-hostname': 'passed' });
    expect(statuses(results, 'container-info')).toEqual(allPassed);
    expect(messageOf(results, 'container-info', 'ps-lists-container')).toBe(`docker ps lists ${runNames(run).kubiaContainer} with 127.0.0.1:${port}->8080/tcp`);
    expect(messageOf(results, 'container-info', 'logs-request-received')).toMatch(
      new RegExp(`^after labcheck's GET of / on 127\\.0\\.0\\.1:${port}, the logs of ${runNames(run).kubiaContainer} show what the app printed for it: "Received request for / from [^"]+"$`),
    );
    // The student's own curl, then another check: the same verdict.
    expect(await curl(port)).toBe(200);
    expect(statuses(await inspect(testContext({ mode: 'check', names: runNames(run), port }), 'container-info'), 'container-info')).toEqual(allPassed);
  });

  it('passes through the built CLI with --port 0 and leaves nothing behind', async () => {
    const result = await labcheck(['run', 'run-container', 'container-info', '--port', '0', '--json', '-', '--no-junit']);
    expect(result.exitCode, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.labs.map((l: { id: string; status: string }) => [l.id, l.status])).toEqual([
      ['run-container', 'passed'],
      ['container-info', 'passed'],
    ]);
    const left = await docker.listContainers({ all: true, filters: JSON.stringify({ label: [`io.labcheck.run=${report.runId}`] }) });
    expect(left).toHaveLength(0);
  });
});
