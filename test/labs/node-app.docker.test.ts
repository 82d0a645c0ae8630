import { describe, expect, it } from 'vitest';
import { docker, fixture, labcheck, testContext, track, workdirWith } from '../support/docker.js';
import { cleanEachTest, inspect, messageOf, perform, statuses } from '../support/labs.js';
import { runNames } from '../../src/engine/names.js';
import { countLabelled, ofRun } from '../../src/docker/cleanup.js';
import { crashLines } from '../../labs/node-app/index.js';

cleanEachTest();

const app = fixture('app.js');
const allPassed = { 'app-exists': 'passed', 'listens-8080': 'passed', 'answers-200': 'passed', 'answers-hostname': 'passed' };
const running = ['listens-8080', 'answers-200', 'answers-hostname'];

/** The lab performed on a copy of the fixtures with app.js replaced (or removed with null). */
async function performWith(appJs: string | null, options: { timeoutMs?: number } = {}) {
  const ctx = testContext({ workdir: workdirWith({ 'app.js': appJs }), ...options });
  const results = await perform(ctx, 'node-app');
  return { ctx, results, got: statuses(results, 'node-app'), message: (id: string) => messageOf(results, 'node-app', id) };
}

describe('node-app', () => {
  it('passes on the chapter\'s app.js: it answers 200 with its container\'s hostname', async () => {
    const { ctx, got, message } = await performWith(app);
    expect(got).toEqual(allPassed);
    const info = await docker.getContainer(ctx.names.nodeAppContainer).inspect();
    // What the app answered is shown, whatever its words.
    expect(message('answers-hostname')).toMatch(new RegExp(`^the answer holds the container's hostname ${info.Config.Hostname}: "Hey there, this is ${info.Config.Hostname}\\. Your IP is [^"]+\\\\n"$`));
    // Student code runs bounded, and only on loopback.
    expect(info.HostConfig.Memory).toBeGreaterThan(0);
    expect(info.HostConfig.PidsLimit).toBeGreaterThan(0);
    expect(info.NetworkSettings.Ports['8080/tcp']?.[0]?.HostIp).toBe('127.0.0.1');
  });

  it('fails every check before the lab\'s steps were performed', async () => {
    const results = await inspect(testContext(), 'node-app');
    expect(Object.values(statuses(results, 'node-app'))).toEqual(['failed', 'failed', 'failed', 'failed']);
    expect(messageOf(results, 'node-app', 'listens-8080')).toMatch(/expected the container node-app-lc[0-9a-f]{8} running app\.js; saw none/);
  });

  it('fails app-exists, saying where it looked, and starts nothing when app.js is missing', async () => {
    const { ctx, got, message } = await performWith(null);
    expect(got).toEqual({ 'app-exists': 'failed', 'listens-8080': 'failed', 'answers-200': 'failed', 'answers-hostname': 'failed' });
    expect(message('app-exists')).toBe(`expected app.js in ${ctx.workdir}; there is none`);
    expect(message('listens-8080')).toBe(`the app was not started: expected app.js in ${ctx.workdir}; there is none`);
    expect(await docker.listContainers({ all: true, filters: JSON.stringify({ name: [ctx.names.nodeAppContainer] }) })).toEqual([]);
  });

  it('fails listens-8080, naming the port, on an app that listens on 3000', async () => {
    const { got, message } = await performWith(app.replace('const listenPort = 8080;', 'const listenPort = 3000;'));
    expect(got).toEqual({ 'app-exists': 'passed', 'listens-8080': 'failed', 'answers-200': 'failed', 'answers-hostname': 'failed' });
    expect(message('listens-8080')).toBe('expected the app to listen on port 8080; the app listens on port 3000 instead of 8080');
    expect(message('answers-200')).toBe('expected a GET to be answered with status 200; the app listens on port 3000 instead of 8080');
  });

  it('fails listens-8080 on an app that listens on 8080 on the container\'s loopback only', async () => {
    const { got, message } = await performWith(app.replace('server.listen(listenPort)', 'server.listen(listenPort, "127.0.0.1")'));
    expect(got).toEqual({ 'app-exists': 'passed', 'listens-8080': 'failed', 'answers-200': 'failed', 'answers-hostname': 'failed' });
    expect(message('listens-8080')).toBe("expected the app to listen on port 8080; the app listens on port 8080 on the container's loopback address only, which nothing outside the container can reach");
  });

  it('fails listens-8080 with the exit code and the error on an app that crashes at start', async () => {
    const { got, message } = await performWith(`throw new Error('boom');\n${app}`);
    for (const id of running) expect([id, got[id]]).toEqual([id, 'failed']);
    expect(message('listens-8080')).toMatch(/^expected the app to listen on port 8080; the app stopped with exit code 1; its last log lines:\n[\s\S]*Error: boom$/);
  });

  it('fails listens-8080 on an app that ends at once instead of serving', async () => {
    const { got, message } = await performWith('console.log("done");\n');
    expect(got['listens-8080']).toBe('failed');
    expect(message('listens-8080')).toBe('expected the app to listen on port 8080; the app exited with code 0 instead of staying up to serve requests; its last log lines:\ndone');
  });

  it('fails answers-200 alone on an app that answers 500', async () => {
    const { got, message } = await performWith(app.replace('response.writeHead(200)', 'response.writeHead(500)'));
    expect(got).toEqual({ ...allPassed, 'answers-200': 'failed' });
    expect(message('answers-200')).toMatch(/^expected a GET to be answered with status 200; port 8080 \(published on 127\.0\.0\.1:\d+\) answered with status 500 and the body "Hey there, this is [0-9a-f]{12}\./);
  });

  it('fails answers-200 and answers-hostname, but not listens-8080, on an app that accepts and never answers', async () => {
    const { got, message } = await performWith('require("http").createServer(() => {}).listen(8080);\n', { timeoutMs: 4000 });
    expect(got).toEqual({ 'app-exists': 'passed', 'listens-8080': 'passed', 'answers-200': 'failed', 'answers-hostname': 'failed' });
    expect(message('answers-200')).toMatch(/^expected a GET to be answered with status 200; port 8080 \(published on 127\.0\.0\.1:\d+\) accepted the connection but never answered within \d+ ms$/);
  });

  it('fails answers-hostname alone on an app that answers without its hostname', async () => {
    const { got, message } = await performWith(app.replace('"Hey there, this is "+os.hostname()+". "', '"Hey there. "'));
    expect(got).toEqual({ ...allPassed, 'answers-hostname': 'failed' });
    expect(message('answers-hostname')).toMatch(/^expected the answer to hold the container's hostname [0-9a-f]{12} \(docker inspect: Config\.Hostname\) as a word of its body; port 8080 .* answered with status 200 and the body "Hey there\. Your IP is [^"]*"$/);
  });

  it('fails answers-200 and answers-hostname, but not listens-8080, naming the crash, on an app that crashes on its first request', async () => {
    const { got, message } = await performWith(app.replace('response.writeHead(200);', 'response.writeHead(200);\n  null.crash();'));
    expect(got).toEqual({ 'app-exists': 'passed', 'listens-8080': 'passed', 'answers-200': 'failed', 'answers-hostname': 'failed' });
    expect(message('answers-200')).toMatch(/^expected a GET to be answered with status 200; the app listened on port 8080 until labcheck requested \/; then the app stopped with exit code 1; its last log lines:\n[\s\S]*TypeError: Cannot read properties of null \(reading 'crash'\)$/);
  });

  it('fails answers-200 and answers-hostname on a response that never ends, decided by its silence, not by the deadline', async () => {
    const { got, message } = await performWith(app.replace('response.end("\\n");', ''), { timeoutMs: 60_000 });
    expect(got).toEqual({ 'app-exists': 'passed', 'listens-8080': 'passed', 'answers-200': 'failed', 'answers-hostname': 'failed' });
    expect(message('answers-200')).toMatch(
      /^expected a GET to be answered with status 200 in a response that ends; the response never ended: nothing more came for 2000 ms and it was not ended, so curl would wait forever: port 8080 \(published on 127\.0\.0\.1:\d+\) answered with status 200 and the body "Hey there, this is [0-9a-f]{12}\. Your IP is ::ffff:[\d.]+\. "$/,
    );
    expect(message('answers-hostname')).toMatch(/^expected an answer holding the container's hostname [0-9a-f]{12}, in a response that ends; the response never ended: /);
  });

  it('in check mode judges app.js in the folder, and what needs the app running is not applicable, with the reason', async () => {
    const names = runNames(track());
    const ctx = testContext({ mode: 'check', names, workdir: workdirWith() });
    const results = await inspect(ctx, 'node-app');
    expect(statuses(results, 'node-app')).toEqual({ 'app-exists': 'passed', 'listens-8080': 'skipped', 'answers-200': 'skipped', 'answers-hostname': 'skipped' });
    const lab = results[0]!;
    expect(lab.checks.map((c) => [c.id, c.notApplicable ?? false, c.maxPoints])).toEqual([['app-exists', false, 1], ['listens-8080', true, 0], ['answers-200', true, 0], ['answers-hostname', true, 0]]);
    // Counted for neither points nor status: app.js there is the whole of what check can judge.
    expect([lab.status, lab.points, lab.maxPoints]).toEqual(['passed', 1, 1]);
    expect(messageOf(results, 'node-app', 'answers-200')).toBe('not applicable in check mode: it creates nothing, so your app was not run; `labcheck run node-app --workdir .` runs it');
    expect(await docker.listContainers({ all: true, filters: JSON.stringify({ name: [names.nodeAppContainer] }) })).toEqual([]);
  });

  it('in check mode fails app-exists, saying where it looked and what it saw instead', async () => {
    const dir = workdirWith({ 'app.js': null, 'App.js.txt': app });
    const results = await inspect(testContext({ mode: 'check', names: runNames(track()), workdir: dir }), 'node-app');
    expect(statuses(results, 'node-app')['app-exists']).toBe('failed');
    expect(messageOf(results, 'node-app', 'app-exists')).toBe(`expected app.js in ${dir}; there is none (it holds App.js.txt)`);
  });

  // Needs the built CLI (`npm test` builds first; alone: npx tsc -p tsconfig.json).
  it('runs from the built CLI: labcheck run node-app --workdir DIR exits 0 and leaves nothing', async () => {
    const result = await labcheck(['run', 'node-app', '--workdir', workdirWith(), '--json', '-', '--no-junit']);
    expect(result.exitCode, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.labs.map((l: { id: string; status: string }) => [l.id, l.status])).toEqual([['node-app', 'passed']]);
    expect(await countLabelled(docker, ofRun(report.runId))).toBe(0);
  });

  it('checks from the built CLI in the current folder: app-exists passed, the rest not applicable, exit 0', async () => {
    const result = await labcheck(['check', 'node-app', '--json', '-', '--no-junit'], { cwd: workdirWith() });
    expect(result.exitCode, result.stderr).toBe(0);
    const lab = JSON.parse(result.stdout).labs[0];
    const checks = lab.checks.map((c: { id: string; status: string; notApplicable?: boolean }) => [c.id, c.status, c.notApplicable ?? false]);
    expect(checks).toEqual([['app-exists', 'passed', false], ['listens-8080', 'skipped', true], ['answers-200', 'skipped', true], ['answers-hostname', 'skipped', true]]);
    expect([lab.status, lab.points, lab.maxPoints]).toEqual(['passed', 1, 1]);
  });
});

describe('node-app helpers', () => {
  it('keeps a crash\'s own error lines, without stack frames and the Node.js version', () => {
    const log = "/app.js:1\nthrow new Error('boom');\n^\n\nError: boom\n    at Object.<anonymous> (/app.js:1:7)\n    at Module._compile (node:internal/modules/cjs/loader:1554:14)\n\nNode.js v20.20.2\n";
    expect(crashLines(log)).toBe("/app.js:1\nthrow new Error('boom');\n^\nError: boom");
  });
});
