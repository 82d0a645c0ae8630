// The engine reached as a remote one (DOCKER_HOST=tcp://<bridge gateway>:<port>, as GitLab's
// Docker-in-Docker is reached at tcp://docker:2376): the app must be requested on the engine's host,
// not on this machine's 127.0.0.1. The forwarder listens on the engine's own bridge only.
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docker, endpoint, labcheck, root, testContext } from '../support/docker.js';
import { cleanEachTest, inspect, messageOf, perform, statuses } from '../support/labs.js';
import { bridgeGateway, forwardToSocket, type Forwarder } from '../support/net.js';
import { PORT_RECORD } from '../../labs/run-container/index.js';
import { getOnce } from '../../checks/http.js';
import type { Endpoint } from '../../src/docker/endpoint.js';

cleanEachTest();

let gateway: string;
let forwarder: Forwarder;
const remote = (): Endpoint => ({ host: forwarder.host, source: 'DOCKER_HOST' });
const submission = (name: string): string => {
  const dir = mkdtempSync(join(tmpdir(), 'labcheck-remote-'));
  cpSync(join(root, 'test/fixtures/submissions', name), dir, { recursive: true });
  return dir;
};

beforeAll(async () => {
  if (!endpoint.host.startsWith('unix://')) throw new Error(`these tests forward to the engine's unix socket; the tests' engine is ${endpoint.host}`);
  gateway = await bridgeGateway();
  forwarder = await forwardToSocket(gateway, endpoint.host.slice('unix://'.length));
});
afterAll(async () => {
  await forwarder?.close();
});

describe('an engine on another host (DOCKER_HOST=tcp://<bridge gateway>:<port>)', () => {
  it("run-container publishes on the engine host's address and requests the app there, where 127.0.0.1 finds nothing", async () => {
    const ctx = testContext({ endpoint: remote() });
    expect(await ctx.appHost()).toEqual({ address: gateway, remote: true });
    const results = await perform(ctx, 'run-container');
    expect(statuses(results, 'run-container')).toEqual({ 'container-running': 'passed', 'port-mapped': 'passed', 'answers-hostname': 'passed' });
    const port = ctx.recorded(PORT_RECORD) as number;
    expect(messageOf(results, 'run-container', 'answers-hostname')).toMatch(new RegExp(`^a GET on ${gateway.replaceAll('.', '\\.')}:${port} answered 200 with the container's hostname`));
    expect(messageOf(results, 'run-container', 'port-mapped')).toBe(`host port ${port} maps to 8080/tcp (${gateway}:${port}->8080/tcp)`);
    // Published on the gateway address only, not on all interfaces nor on 127.0.0.1: what labcheck asked before (127.0.0.1) is refused.
    const info = await docker.getContainer(ctx.names.kubiaContainer).inspect();
    expect(info.NetworkSettings.Ports['8080/tcp']).toEqual([{ HostIp: gateway, HostPort: String(port) }]);
    expect((await getOnce({ port, signal: AbortSignal.timeout(5000) })).kind).toBe('refused');
    expect(forwarder.connections).toBeGreaterThan(0);
  });

  it('fails a broken submission with the cause named: an app listening on 3000', async () => {
    const results = await perform(testContext({ endpoint: remote(), workdir: submission('other-port') }), 'run-container');
    expect(statuses(results, 'run-container')).toEqual({ 'container-running': 'passed', 'port-mapped': 'passed', 'answers-hostname': 'failed' });
    expect(messageOf(results, 'run-container', 'answers-hostname')).toBe('expected the app to listen on port 8080 in the container, where -p maps the host port; nothing there answers: in the container the app listens on 3000');
  });

  it('fails an app that accepts and never answers, naming the host and port it requested', async () => {
    const results = await perform(testContext({ endpoint: remote(), workdir: submission('never-answers'), timeoutMs: 6000 }), 'run-container');
    expect(statuses(results, 'run-container')['answers-hostname']).toBe('failed');
    expect(messageOf(results, 'run-container', 'answers-hostname')).toMatch(new RegExp(`; ${gateway.replaceAll('.', '\\.')}:\\d+ accepted the connection but never answered within \\d+ ms`));
  });

  it("fails answers-hostname, saying why, on a container published on the engine host's own 127.0.0.1 only", async () => {
    const ctx = testContext({ endpoint: remote() });
    await perform(ctx, 'build-image');
    const run = await ctx.step(['run', '--name', ctx.names.kubiaContainer, ...ctx.labelArgs(), '-p', '127.0.0.1::8080', '-d', ctx.names.kubiaRepo]);
    expect(run.ok).toBe(true);
    const results = await inspect(ctx, 'run-container');
    expect(statuses(results, 'run-container')).toEqual({ 'container-running': 'passed', 'port-mapped': 'passed', 'answers-hostname': 'failed' });
    expect(messageOf(results, 'run-container', 'answers-hostname')).toMatch(
      new RegExp(`^expected 8080/tcp published where labcheck can request it: on all interfaces of the engine's host, or on ${gateway.replaceAll('.', '\\.')} \\(the engine's host\\); kubia-container-lc[0-9a-f]{8} publishes it on 127\\.0\\.0\\.1:\\d+->8080/tcp only, out of reach from here$`),
    );
  });

  it("node-app publishes the app on the engine host's address and names it when the app never answers", async () => {
    const ok = testContext({ endpoint: remote() });
    const passed = await perform(ok, 'node-app');
    expect(Object.values(statuses(passed, 'node-app')).every((s) => s === 'passed')).toBe(true);
    const info = await docker.getContainer(ok.names.nodeAppContainer).inspect();
    expect(info.NetworkSettings.Ports['8080/tcp']?.map((b) => b.HostIp)).toEqual([gateway]);
    const broken = await perform(testContext({ endpoint: remote(), workdir: submission('never-answers'), timeoutMs: 6000 }), 'node-app');
    expect(statuses(broken, 'node-app')['answers-200']).toBe('failed');
    expect(messageOf(broken, 'node-app', 'answers-200')).toMatch(new RegExp(`port 8080 \\(published on ${gateway.replaceAll('.', '\\.')}:\\d+\\) accepted the connection but never answered`));
  });

  it("says so when the engine's host does not own the address labcheck reaches it at (NAT), instead of guessing another", async () => {
    // 203.0.113.7 (TEST-NET-3) is no address of this host: the real engine refuses to bind it, as behind NAT.
    const ctx = testContext({ appHost: { address: '203.0.113.7', remote: true, name: 'engine' } });
    const results = await perform(ctx, 'run-container');
    expect(statuses(results, 'run-container')['container-running']).toBe('failed');
    const message = messageOf(results, 'run-container', 'container-running');
    expect(message).toContain("the engine could not publish the app on 203.0.113.7, the address labcheck reaches the engine's host at (");
    expect(message).toContain('cannot assign requested address');
    expect(message).toContain("Point DOCKER_HOST at an address the engine's host itself has (e.g. tcp://<its IP>:2376), or run labcheck on the engine's host");
    expect(results.find((l) => l.id === 'run-container')?.checks.find((c) => c.id === 'container-running')?.message.zh).toContain('引擎无法在 203.0.113.7 上发布应用');
  });

  it('labcheck run of run-container, container-info and stop-remove passes, its messages naming the gateway', async () => {
    const result = await labcheck(['run', 'run-container', 'container-info', 'stop-remove', '--port', '0', '--json', '-', '--no-junit'], { env: { DOCKER_HOST: forwarder.host } });
    // The progress lines show what was published and requested: the gateway, never 127.0.0.1.
    expect(result.stderr).toMatch(new RegExp(`\\$ curl ${gateway.replaceAll('.', '\\.')}:\\d+`));
    expect(result.stderr).toContain(`-p ${gateway}::8080`);
    expect(result.stderr).not.toMatch(/127\.0\.0\.1/);
    // The --json report: messages in the run's language, as plain strings.
    const report = JSON.parse(result.stdout) as { labs: { id: string; checks: { id: string; status: string; message: string }[] }[] };
    expect(report.labs.map((l) => l.id)).toEqual(['run-container', 'container-info', 'stop-remove']);
    const notPassed = report.labs.flatMap((l) => l.checks.filter((c) => c.status !== 'passed').map((c) => `${l.id}/${c.id}: ${c.message}`));
    expect(notPassed).toEqual([]);
    expect(result.exitCode).toBe(0);
    const message = (lab: string, check: string) => report.labs.find((l) => l.id === lab)?.checks.find((c) => c.id === check)?.message ?? '';
    const at = new RegExp(`${gateway.replaceAll('.', '\\.')}:\\d+`);
    expect(message('run-container', 'answers-hostname')).toMatch(at);
    expect(message('container-info', 'logs-request-received')).toMatch(new RegExp(`^after labcheck's GET of / on ${at.source}, the logs of`));
  });

  it("push-image: the engine pushes to its throwaway registry on its loopback, labcheck reads it on the engine host's address", async () => {
    const ctx = testContext({ endpoint: remote() });
    const results = await perform(ctx, 'push-image');
    expect(statuses(results, 'push-image')).toEqual({ pushed: 'passed', 'manifest-served': 'passed', 'digest-matches': 'passed', 'pull-same-id': 'passed' });
    const info = await docker.getContainer(ctx.names.registryContainer).inspect();
    const bindings = info.NetworkSettings.Ports['5000/tcp'] ?? [];
    expect(bindings.map((b) => b.HostIp).sort()).toEqual(['127.0.0.1', gateway].sort());
    const there = bindings.find((b) => b.HostIp === gateway)?.HostPort;
    expect(messageOf(results, 'push-image', 'manifest-served')).toMatch(new RegExp(`^GET http://${gateway.replaceAll('.', '\\.')}:${there}/v2/`));
  });

  it('doctor says where published ports are requested, and runs busybox through the engine', async () => {
    const result = await labcheck(['doctor'], { env: { DOCKER_HOST: forwarder.host } });
    expect(result.stdout).toContain(`✔ engine reachable: ${forwarder.host} (DOCKER_HOST)`);
    expect(result.stdout).toContain(`✔ published ports: requested at ${gateway} (the engine's host): the engine is on another host, so its published ports must be reachable from here\n`);
    expect(result.stdout).toContain('✔ pull and run busybox: docker run busybox echo works');
  });
});
