// Whole submissions (app.js + the chapter's Dockerfile, test/fixtures/submissions/<name>/) graded on
// the real engine by the labs that run the app: the wordings real students use pass, the work that
// is wrong fails with its cause named.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { docker, labcheck, root, testContext } from '../support/docker.js';
import { cleanEachTest, messageOf, perform, statuses } from '../support/labs.js';
import { countLabelled, ofRun } from '../../src/docker/cleanup.js';
import type { Status } from '../../src/engine/types.js';

cleanEachTest();

const submission = (name: string): string => join(root, 'test/fixtures/submissions', name);
const APP_LABS = ['node-app', 'run-container', 'container-info', 'stop-remove'];

const passedAll: Record<string, Record<string, Status>> = {
  'node-app': { 'app-exists': 'passed', 'listens-8080': 'passed', 'answers-200': 'passed', 'answers-hostname': 'passed' },
  'run-container': { 'container-running': 'passed', 'port-mapped': 'passed', 'answers-hostname': 'passed' },
  'container-info': { 'ps-lists-container': 'passed', 'inspect-running-ip': 'passed', 'logs-server-starting': 'passed', 'logs-request-received': 'passed' },
  'stop-remove': { 'stopped-exited': 'passed', restarted: 'passed', removed: 'passed', 'untagged-only': 'passed', 'image-deleted': 'passed' },
};
const skippedAll = (lab: string): Record<string, Status> => Object.fromEntries(Object.keys(passedAll[lab]!).map((id) => [id, 'skipped']));

/** Grades one submission with the given labs (and what they depend on), as `labcheck run --workdir` does. */
async function grade(name: string, labs = APP_LABS, timeoutMs?: number) {
  const results = await perform(testContext({ workdir: submission(name), ...(timeoutMs ? { timeoutMs } : {}) }), ...labs);
  const got = Object.fromEntries(labs.map((lab) => [lab, statuses(results, lab)]));
  const location = (lab: string, check: string) => results.find((l) => l.id === lab)?.checks.find((c) => c.id === check)?.location;
  return { got, message: (lab: string, check: string) => messageOf(results, lab, check), location };
}

const H = '[0-9a-f]{12}';
const rx = (source: string) => new RegExp(source);
const HOSTNAME_PASS = (body: string) => rx(`^the answer holds the container's hostname (${H})${body}$`);

describe('submissions in other words than the chapter\'s pass', () => {
  it('the book\'s first edition app: "You\'ve hit <hostname>", "Kubia server starting...", "Received request from <ip>"', async () => {
    const { got, message } = await grade('first-edition');
    expect(got).toEqual(passedAll);
    expect(message('node-app', 'answers-hostname')).toMatch(HOSTNAME_PASS(': "You\'ve hit \\1\\\\n"'));
    expect(message('run-container', 'answers-hostname')).toMatch(rx(`^a GET on 127\\.0\\.0\\.1:\\d+ answered 200 with the container's hostname (${H}): "You've hit \\1\\\\n"$`));
    expect(message('container-info', 'logs-server-starting')).toMatch(/show what the app printed when it started: "Kubia server starting\.\.\.", as docker logs kubia-container-lc[0-9a-f]{8} shows$/);
    expect(message('container-info', 'logs-request-received')).toMatch(/show what the app printed for it: "Received request from ::ffff:[\d.]+", as docker logs/);
  });

  it('a student\'s own words: "Hello, you hit <hostname>!", its own log lines', async () => {
    const { got, message } = await grade('own-wording');
    expect(got).toEqual(passedAll);
    expect(message('node-app', 'answers-hostname')).toMatch(HOSTNAME_PASS(': "Hello, you hit \\1!\\\\n"'));
    expect(message('container-info', 'logs-server-starting')).toMatch(/printed when it started: "Starting my kubia app", "Up and listening", as docker logs/);
    expect(message('container-info', 'logs-request-received')).toMatch(/printed for it: "GET \/", as docker logs/);
  });

  it('the hostname in a template literal, with a timestamped request log', async () => {
    const { got, message } = await grade('template-literal');
    expect(got).toEqual(passedAll);
    expect(message('node-app', 'answers-hostname')).toMatch(HOSTNAME_PASS(': "you have hit \\1\\\\n"'));
    expect(message('container-info', 'logs-request-received')).toMatch(/printed for it: "\d{4}-\d\d-\d\dT[\d:.]+Z GET \/ from ::ffff:[\d.]+", as docker logs/);
  });

  it('a multi-line page with the hostname on line 5: the message shows that line', async () => {
    const { got, message } = await grade('multiline-page');
    expect(got).toEqual(passedAll);
    expect(message('node-app', 'answers-hostname')).toMatch(HOSTNAME_PASS(' on line 5 of its body: "<p>Served by <b>\\1</b></p>"'));
    expect(message('run-container', 'answers-hostname')).toMatch(rx(`^a GET on 127\\.0\\.0\\.1:\\d+ answered 200 with the container's hostname (${H}) on line 5 of its body: "<p>Served by <b>\\1</b></p>"$`));
  });

  it('log lines in other case and spacing', async () => {
    const { got, message } = await grade('log-case-spacing');
    expect(got).toEqual(passedAll);
    expect(message('container-info', 'logs-server-starting')).toMatch(/printed when it started: "kubia server starting\.\.\.", "Kubia server starting \.\.\.", "local hostname is  [0-9a-f]{12}", as docker logs/);
    expect(message('container-info', 'logs-request-received')).toMatch(/printed for it: "received request for  \/  from ::ffff:[\d.]+", as docker logs/);
  });

  it('an app that routes on exactly / and answers 404 elsewhere (labcheck requests /, as curl does)', async () => {
    const { got } = await grade('routes-exact-root');
    expect(got).toEqual(passedAll);
  });

  it('a slow body with the hostname in its last piece', async () => {
    const { got, message } = await grade('slow-body', ['node-app', 'run-container']);
    expect(got).toEqual({ 'node-app': passedAll['node-app'], 'run-container': passedAll['run-container'] });
    expect(message('node-app', 'answers-hostname')).toMatch(HOSTNAME_PASS(': "Hey there, this is \\1\\.\\\\n"'));
  });
});

describe('an app that prints nothing', () => {
  it('passes what it does (answers with its hostname, stops, starts), and never passes the logs: it says why', async () => {
    const { got, message } = await grade('prints-nothing');
    expect(got).toEqual({
      ...passedAll,
      'container-info': { ...passedAll['container-info'], 'logs-server-starting': 'failed', 'logs-request-received': 'failed' },
    });
    expect(message('container-info', 'logs-server-starting')).toMatch(
      /^expected the logs of (kubia-container-lc[0-9a-f]{8}) to show what the app printed when it started; the app printed nothing at all \(docker logs \1 is empty\), so the logs have nothing to show$/,
    );
    expect(message('container-info', 'logs-request-received')).toMatch(/^expected the app to print something for labcheck's GET of \/ on 127\.0\.0\.1:\d+, as the chapter's app logs each request; the app printed nothing at all/);
  });
});

describe('false passes closed: each fails with its cause named', () => {
  it('a request log printed once at start-up, nothing per request', async () => {
    const { got, message } = await grade('request-log-at-startup');
    expect(got).toEqual({ ...passedAll, 'container-info': { ...passedAll['container-info'], 'logs-request-received': 'failed' } });
    expect(message('container-info', 'logs-request-received')).toMatch(
      /; nothing was added to the logs of kubia-container-lc[0-9a-f]{8} after it; the line "Received request for \/ from ::ffff:172\.17\.0\.1" was in the log before the request, so it was not written for it$/,
    );
  });

  it('a request log printed on a timer, whether anyone asks or not', async () => {
    const { got, message } = await grade('request-log-on-timer', ['container-info']);
    expect(got).toEqual({ 'container-info': { ...passedAll['container-info'], 'logs-request-received': 'failed' } });
    expect(message('container-info', 'logs-request-received')).toMatch(
      /; it printed only lines of kinds it also prints while nobody asks anything \(\d+ while labcheck waited before the request\): "Received request for \/ from ::ffff:172\.17\.0\.1"$/,
    );
  });

  it('a response that never ends (no res.end()): node-app and run-container fail, decided by its silence', async () => {
    const { got, message } = await grade('never-ends', APP_LABS, 60_000);
    expect(got).toEqual({
      'node-app': { ...passedAll['node-app'], 'answers-200': 'failed', 'answers-hostname': 'failed' },
      'run-container': { ...passedAll['run-container'], 'answers-hostname': 'failed' },
      'container-info': skippedAll('container-info'),
      'stop-remove': skippedAll('stop-remove'),
    });
    const neverEnded = 'the response never ended: nothing more came for 2000 ms and it was not ended, so curl would wait forever';
    expect(message('node-app', 'answers-200')).toContain(`; ${neverEnded}: port 8080`);
    expect(message('run-container', 'answers-hostname')).toContain(`; ${neverEnded}: it answered 200 with "Hey there, this is `);
  });

  it('a restart that does not stay up (start-up code that fails the second time)', async () => {
    const { got, message, location } = await grade('crash-on-restart');
    expect(got).toEqual({ ...passedAll, 'stop-remove': { ...passedAll['stop-remove'], restarted: 'failed' } });
    expect(message('stop-remove', 'restarted')).toMatch(
      /^expected (kubia-container-lc[0-9a-f]{8}) to come back after docker start \1; it started, then stopped again by itself within \d+ ms, with exit code 1; its last log lines:\n[\s\S]*Error: EEXIST: file already exists, open '\/tmp\/kubia-started'/,
    );
    // The line of app.js the crash names: the writeFileSync with the flag 'wx'.
    expect(location('stop-remove', 'restarted')).toEqual({ file: 'app.js', line: 8 });
  });
});

describe('broken work still fails with its cause named', () => {
  it('the hostname only in a response header', async () => {
    const { got, message } = await grade('hostname-in-header', ['node-app', 'run-container']);
    expect(got['node-app']?.['answers-hostname']).toBe('failed');
    expect(got['run-container']?.['answers-hostname']).toBe('failed');
    for (const lab of ['node-app', 'run-container']) expect(message(lab, 'answers-hostname')).toMatch(/"Hey there!\\n"; it is only in the response header X-Served-By, which curl does not print$/);
  });

  it('only the start of the hostname', async () => {
    const { got, message, location } = await grade('hostname-prefix', ['node-app', 'run-container']);
    expect(got['node-app']?.['answers-hostname']).toBe('failed');
    expect(got['run-container']?.['answers-hostname']).toBe('failed');
    expect(message('node-app', 'answers-hostname')).toMatch(/ as a word of its body; .*"Hey there, this is ([0-9a-f]{8})\.\\n"; the body holds only "\1", the start of it$/);
    // The one line that ends the response.
    for (const lab of ['node-app', 'run-container']) expect(location(lab, 'answers-hostname')).toEqual({ file: 'app.js', line: 9 });
  });

  it('listening on the container\'s loopback only', async () => {
    const { got, message } = await grade('loopback-only', ['node-app', 'run-container']);
    expect(got['node-app']).toEqual({ 'app-exists': 'passed', 'listens-8080': 'failed', 'answers-200': 'failed', 'answers-hostname': 'failed' });
    expect(message('node-app', 'listens-8080')).toBe("expected the app to listen on port 8080; the app listens on port 8080 on the container's loopback address only, which nothing outside the container can reach");
    expect(message('run-container', 'answers-hostname')).toMatch(/in the container the app listens on 8080 \(loopback only\)$/);
  });

  it('listening on another port', async () => {
    const { got, message, location } = await grade('other-port', ['node-app', 'run-container']);
    expect(got['node-app']?.['listens-8080']).toBe('failed');
    expect(got['run-container']?.['answers-hostname']).toBe('failed');
    expect(message('node-app', 'listens-8080')).toBe('expected the app to listen on port 8080; the app listens on port 3000 instead of 8080');
    expect(message('run-container', 'answers-hostname')).toMatch(/in the container the app listens on 3000$/);
    expect(location('node-app', 'listens-8080')).toEqual({ file: 'app.js', line: 10 });
    expect(location('run-container', 'answers-hostname')).toEqual({ file: 'app.js', line: 10 });
  });

  it('a crash on the first request', async () => {
    const { got, message, location } = await grade('crash-on-request', ['node-app', 'run-container']);
    expect(got['node-app']).toEqual({ 'app-exists': 'passed', 'listens-8080': 'passed', 'answers-200': 'failed', 'answers-hostname': 'failed' });
    expect(message('node-app', 'answers-200')).toMatch(/the app listened on port 8080 until labcheck requested \/; then the app stopped with exit code 1; its last log lines:\n[\s\S]*TypeError: os\.hostnme is not a function$/);
    expect(got['run-container']?.['container-running']).toBe('failed');
    expect(message('run-container', 'container-running')).toMatch(/the container exited with code 1; its last log lines:\n[\s\S]*TypeError: os\.hostnme is not a function$/);
    // Where node says it crashed.
    expect(location('node-app', 'answers-200')).toEqual({ file: 'app.js', line: 9 });
    expect(location('run-container', 'container-running')).toEqual({ file: 'app.js', line: 9 });
  });

  it('an app that accepts and never answers', async () => {
    const { got, message } = await grade('never-answers', ['node-app', 'run-container'], 6000);
    expect(got['node-app']).toEqual({ 'app-exists': 'passed', 'listens-8080': 'passed', 'answers-200': 'failed', 'answers-hostname': 'failed' });
    expect(message('node-app', 'answers-200')).toMatch(/accepted the connection but never answered within \d+ ms$/);
    expect(message('run-container', 'answers-hostname')).toMatch(/accepted the connection but never answered within \d+ ms\. Its last log lines:\nKubia server starting\.\.\./);
  });
});

describe('through the built CLI', () => {
  // Needs the built CLI (`npm test` builds first; alone: npx tsc -p tsconfig.json).
  it('labcheck run --workdir <first-edition> --port 0: the app labs pass, exit 0, nothing left', async () => {
    const result = await labcheck(['run', ...APP_LABS, '--workdir', submission('first-edition'), '--port', '0', '--json', '-', '--no-junit']);
    expect(result.exitCode, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.labs.map((l: { id: string; status: string }) => [l.id, l.status])).toEqual(APP_LABS.map((id) => [id, 'passed']));
    expect(await countLabelled(docker, ofRun(report.runId))).toBe(0);
  });

  it('labcheck run --workdir <request-log-at-startup>: exit 1, the request log named in the report', async () => {
    const result = await labcheck(['run', 'container-info', '--workdir', submission('request-log-at-startup'), '--port', '0', '--json', '-', '--no-junit']);
    expect(result.exitCode, result.stderr).toBe(1);
    const check = JSON.parse(result.stdout).labs[0].checks.find((c: { id: string }) => c.id === 'logs-request-received');
    expect(check.status).toBe('failed');
    expect(check.message).toMatch(/was in the log before the request, so it was not written for it$/);
  });
});
