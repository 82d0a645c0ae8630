import { describe, expect, it } from 'vitest';
import { hostPortOf, reachableBinding } from '../../labs/run-container/index.js';
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
