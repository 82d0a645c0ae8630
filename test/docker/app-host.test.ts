import { describe, expect, it } from 'vitest';
import { appHostRule, cannotBindText, describeAppHost, hostPort, isLoopback, publishArg, resolveAppHost, type Lookup } from '../../src/docker/app-host.js';

const never: Lookup = () => Promise.reject(new Error('looked up'));
const answers = (...addresses: [string, number][]): Lookup => async () => addresses.map(([address, family]) => ({ address, family }));

describe('appHostRule', () => {
  it.each([
    ['unix:///var/run/docker.sock'],
    ['unix:///run/podman/podman.sock'],
    ['npipe:////./pipe/docker_engine'],
    ['fd://'],
    ['tcp://127.0.0.1:2375'],
    ['tcp://127.1.2.3:2375'],
    ['tcp://localhost:2376'],
    ['tcp://LOCALHOST:2376'],
    ['tcp://docker.localhost:2375'],
    ['tcp://[::1]:2375'],
    ['ssh://me@localhost'],
  ])('%s: local, ports on 127.0.0.1', (host) => {
    expect(appHostRule({ host })).toEqual({ kind: 'local' });
  });

  it.each([
    ['tcp://docker:2376', 'docker', 'tcp'],
    ['tcp://172.17.0.1:2375', '172.17.0.1', 'tcp'],
    ['tcp://[fd00::2]:2375', 'fd00::2', 'tcp'],
    ['tcp://build-host.example.org:2375', 'build-host.example.org', 'tcp'],
    ['ssh://me@engine.example.org:2222', 'engine.example.org', 'ssh'],
  ])('%s: remote, ports on %s', (host, name, via) => {
    expect(appHostRule({ host })).toEqual({ kind: 'remote', host: name, via });
  });
});

describe('isLoopback', () => {
  it.each([['localhost'], ['127.0.0.1'], ['127.255.0.9'], ['::1'], ['[::1]'], ['0:0:0:0:0:0:0:1'], ['::ffff:127.0.0.1']])('%s is loopback', (h) => {
    expect(isLoopback(h)).toBe(true);
  });
  it.each([['docker'], ['172.17.0.1'], ['128.0.0.1'], ['::2'], ['localhost.example.org'], ['0.0.0.0']])('%s is not', (h) => {
    expect(isLoopback(h)).toBe(false);
  });
});

describe('resolveAppHost', () => {
  it('a socket is 127.0.0.1 and looks nothing up', async () => {
    expect(await resolveAppHost({ host: 'unix:///var/run/docker.sock' }, { lookup: never })).toEqual({ address: '127.0.0.1', remote: false });
  });

  it('an address is taken as is', async () => {
    expect(await resolveAppHost({ host: 'tcp://172.17.0.1:2375' }, { lookup: never })).toEqual({ address: '172.17.0.1', remote: true });
    expect(await resolveAppHost({ host: 'tcp://[fd00::2]:2375' }, { lookup: never })).toEqual({ address: 'fd00::2', remote: true });
  });

  it("a name is looked up once, an IPv4 address preferred, and named in what it says", async () => {
    let asked = 0;
    const lookup: Lookup = async (name) => {
      asked++;
      expect(name).toBe('docker');
      return [
        { address: 'fd00::5', family: 6 },
        { address: '172.18.0.3', family: 4 },
      ];
    };
    const host = await resolveAppHost({ host: 'tcp://docker:2376' }, { lookup });
    expect(host).toEqual({ address: '172.18.0.3', remote: true, name: 'docker' });
    expect(asked).toBe(1);
    expect(describeAppHost(host)).toEqual({ en: "172.18.0.3 (the engine's host docker)", zh: '172.18.0.3（引擎所在主机 docker）' });
  });

  it('an IPv6 address when the name has no other', async () => {
    expect(await resolveAppHost({ host: 'tcp://engine:2375' }, { lookup: answers(['fd00::5', 6]) })).toEqual({ address: 'fd00::5', remote: true, name: 'engine' });
  });

  it('a name that resolves to the loopback is a local engine', async () => {
    expect(await resolveAppHost({ host: 'tcp://myself:2375' }, { lookup: answers(['127.0.1.1', 4]) })).toEqual({ address: '127.0.0.1', remote: false });
  });

  it('a failed lookup says which host and why', async () => {
    await expect(resolveAppHost({ host: 'tcp://docker:2376' }, { lookup: async () => Promise.reject(new Error('getaddrinfo ENOTFOUND docker')) })).rejects.toThrow(
      "the engine's host docker (tcp://docker:2376) could not be looked up to reach the ports it publishes: getaddrinfo ENOTFOUND docker",
    );
  });

  it('a lookup that never answers ends at the deadline', async () => {
    await expect(resolveAppHost({ host: 'tcp://docker:2376' }, { lookup: () => new Promise(() => undefined), timeoutMs: 20 })).rejects.toThrow(
      "the engine's host docker (tcp://docker:2376) could not be looked up to reach the ports it publishes: no answer within 20 ms",
    );
  });

  it('a name without addresses is said so', async () => {
    await expect(resolveAppHost({ host: 'tcp://docker:2376' }, { lookup: answers() })).rejects.toThrow("the engine's host docker (tcp://docker:2376) has no address");
  });
});

describe('hostPort and publishArg', () => {
  it('writes IPv6 addresses in brackets', () => {
    expect(hostPort('127.0.0.1', 1234)).toBe('127.0.0.1:1234');
    expect(hostPort('fd00::2', 1234)).toBe('[fd00::2]:1234');
  });

  it('publishes on the app host only, a free port or the one asked', () => {
    expect(publishArg({ address: '127.0.0.1', remote: false }, '', 8080)).toBe('127.0.0.1::8080');
    expect(publishArg({ address: '172.17.0.1', remote: true }, 1234, 8080)).toBe('172.17.0.1:1234:8080');
    expect(publishArg({ address: 'fd00::2', remote: true }, '', 8080)).toBe('[fd00::2]::8080');
  });

  it("names the address the engine could not bind and what to do, in both languages", () => {
    const text = cannotBindText(
      { address: '203.0.113.7', remote: true, name: 'engine' },
      'docker: Error response from daemon: driver failed programming external connectivity on endpoint x: Error starting userland proxy: listen tcp4 203.0.113.7:41000: bind: cannot assign requested address.\nRun \'docker run --help\' for more information\n',
    );
    expect(text.en).toBe(
      "the engine could not publish the app on 203.0.113.7, the address labcheck reaches the engine's host at (docker: Error response from daemon: driver failed programming external connectivity on endpoint x: Error starting userland proxy: listen tcp4 203.0.113.7:41000: bind: cannot assign requested address.): that host does not own the address, as behind NAT or a port forward. Point DOCKER_HOST at an address the engine's host itself has (e.g. tcp://<its IP>:2376), or run labcheck on the engine's host",
    );
    expect(text.zh).toContain('引擎无法在 203.0.113.7 上发布应用');
  });
});
