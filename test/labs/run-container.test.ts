import { describe, expect, it } from 'vitest';
import { hostPortOf, inAppTurn, reachableBinding } from '../../labs/run-container/index.js';
import { Records } from '../../src/engine/records.js';
import type { CheckContext } from '../../src/engine/context.js';
import type { ContainerInfo } from '../../checks/containers.js';
import type { AppHost } from '../../src/docker/app-host.js';

const published = (...bindings: [string, string][]): ContainerInfo =>
  ({ NetworkSettings: { Ports: { '8080/tcp': bindings.map(([HostIp, HostPort]) => ({ HostIp, HostPort })) } } }) as unknown as ContainerInfo;
const local: AppHost = { address: '127.0.0.1', remote: false };
const remote: AppHost = { address: '172.18.0.3', remote: true, name: 'docker' };

describe('which published port labcheck requests', () => {
  it('locally: a binding on all interfaces or on 127.0.0.1, IPv4 first', () => {
    expect(hostPortOf(published(['::', '1235'], ['0.0.0.0', '1234']), local)).toBe(1234);
    expect(hostPortOf(published(['127.0.0.1', '40000']), local)).toBe(40000);
    expect(hostPortOf(published(['::', '1235']), local)).toBe(1235);
  });

  it("remotely: a binding on all interfaces or on the engine host's address", () => {
    expect(reachableBinding(published(['172.18.0.3', '40000']), remote)).toEqual({ HostIp: '172.18.0.3', HostPort: '40000' });
    expect(reachableBinding(published(['0.0.0.0', '1234'], ['::', '1234']), remote)).toEqual({ HostIp: '0.0.0.0', HostPort: '1234' });
    expect(reachableBinding(published(['::', '1234']), remote)).toEqual({ HostIp: '::', HostPort: '1234' });
    expect(reachableBinding(published(['::', '1235'], ['0.0.0.0', '1234']), remote)).toEqual({ HostIp: '0.0.0.0', HostPort: '1234' });
  });

  it("remotely, a binding on the engine host's own 127.0.0.1 is out of reach (the check says so) though still the port it maps", () => {
    const info = published(['127.0.0.1', '1234']);
    expect(reachableBinding(info, remote)).toBeUndefined();
    expect(hostPortOf(info, remote)).toBe(1234);
  });

  it('no binding: no port', () => {
    expect(hostPortOf(published(), remote)).toBeUndefined();
    expect(reachableBinding(published(), local)).toBeUndefined();
  });
});

describe("labcheck's requests to one app, one at a time (inAppTurn)", () => {
  const contextOf = (records: Records, signal: AbortSignal = AbortSignal.timeout(5_000)) =>
    ({ once: records.once.bind(records), signal }) as unknown as CheckContext;
  const held = () => {
    let release = (): void => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    return { gate, release };
  };

  it("runs a second request to the same container only after the first one's window closed", async () => {
    const records = new Records();
    const seen: string[] = [];
    const first = held();
    const observation = inAppTurn(contextOf(records), 'c1', async () => {
      seen.push('observe: start');
      await first.gate;
      seen.push('observe: end');
    });
    const probe = inAppTurn(contextOf(records), 'c1', async () => void seen.push('GET /'));
    const other = inAppTurn(contextOf(records), 'c2', async () => void seen.push('GET / of another container'));
    await other;
    expect(seen).toEqual(['observe: start', 'GET / of another container']);
    first.release();
    await Promise.all([observation, probe]);
    expect(seen).toEqual(['observe: start', 'GET / of another container', 'observe: end', 'GET /']);
  });

  it('stops waiting when its signal aborts, and the one after it still waits for the request under way', async () => {
    const records = new Records();
    const seen: string[] = [];
    const first = held();
    const observation = inAppTurn(contextOf(records), 'c1', async () => {
      await first.gate;
      seen.push('observe: end');
    });
    const impatient = new AbortController();
    const gaveUp = inAppTurn(contextOf(records, impatient.signal), 'c1', async () => void seen.push('never'));
    const after = inAppTurn(contextOf(records), 'c1', async () => void seen.push('GET /'));
    impatient.abort(new Error('the check ran out of time'));
    await expect(gaveUp).rejects.toThrow('the check ran out of time');
    expect(seen).toEqual([]);
    first.release();
    await Promise.all([observation, after]);
    expect(seen).toEqual(['observe: end', 'GET /']);
  });

  it('a request that throws does not block the next', async () => {
    const records = new Records();
    await expect(inAppTurn(contextOf(records), 'c1', async () => Promise.reject(new Error('ECONNRESET')))).rejects.toThrow('ECONNRESET');
    await expect(inAppTurn(contextOf(records), 'c1', async () => 'answered')).resolves.toBe('answered');
  });
});
