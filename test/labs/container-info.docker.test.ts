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
    const port = ctx.recorded<number>(PORT_RECORD);
    expect(messageOf(results, 'container-info', 'ps-lists-container')).toBe(`docker ps lists ${ctx.names.kubiaContainer} with 127.0.0.1:${port}->8080/tcp, as docker ps shows`);
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

  it('fails logs-server-starting when the app does not log "Kubia server starting..."', async () => {
    const workdir = workdirWith({ 'app.js': fixture('app.js').replace('console.log("Kubia server starting...");\n', '') });
    const results = await perform(testContext({ workdir }), 'container-info');
    expect(statuses(results, 'container-info')).toEqual({ ...allPassed, 'logs-server-starting': 'failed' });
    expect(messageOf(results, 'container-info', 'logs-server-starting')).toMatch(/^expected the line "Kubia server starting\.\.\." in the logs of kubia-container-lc[0-9a-f]{8}; its logs begin:\nLocal hostname is [0-9a-f]{12}\nListening on port 8080/);
  });

  it('fails logs-request-received when nobody requested / (labcheck\'s own probes do not count)', async () => {
    const ctx = testContext();
    await perform(ctx, 'build-image');
    // The run's container, started by hand without the chapter's curl.
    await execa('docker', ['run', '--name', ctx.names.kubiaContainer, ...ctx.labelArgs(), '-p', '127.0.0.1::8080', '-d', ctx.names.kubiaRepo]);
    await containerInfo.solve(ctx);
    const results = await inspect(ctx, 'container-info');
    expect(statuses(results, 'container-info')).toEqual({ ...allPassed, 'logs-request-received': 'failed' });
    expect(messageOf(results, 'container-info', 'logs-request-received')).toMatch(
      /^expected a line "Received request for \/" in the logs of kubia-container-lc[0-9a-f]{8}, written when someone requests \/ \(curl 127\.0\.0\.1:<host port>\); there is none \(labcheck's own probes, \/\?labcheck=probe, do not count\)\. Last log lines:\n[\s\S]*Received request for \/\?labcheck=probe from/,
    );
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

  it('in check mode judges the state the chapter\'s commands left: the log check waits for the student\'s curl', async () => {
    const run = track();
    const port = await chapterState(run);
    const ctx = testContext({ mode: 'check', names: runNames(run), port });
    const before = await inspect(ctx, 'run-container', 'container-info');
    expect(statuses(before, 'run-container')).toEqual({ 'container-running': 'passed', 'port-mapped': 'passed', 'answers-hostname': 'passed' });
    expect(statuses(before, 'container-info')).toEqual({ ...allPassed, 'logs-request-received': 'failed' });
    expect(await curl(port)).toBe(200);
    const after = await inspect(ctx, 'container-info');
    expect(statuses(after, 'container-info')).toEqual(allPassed);
    expect(messageOf(after, 'container-info', 'ps-lists-container')).toBe(`docker ps lists ${runNames(run).kubiaContainer} with 127.0.0.1:${port}->8080/tcp`);
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
