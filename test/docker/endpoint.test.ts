import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import Dockerode from 'dockerode';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  EndpointError,
  cliEnv,
  describeEndpoint,
  dockerodeOptions,
  normalizeHost,
  resolveEndpoint,
  resolveEndpoints,
  socketCandidates,
  type Endpoint,
  type SocketCandidate,
} from '../../src/docker/endpoint.js';

// Files are relative to the temp HOME; '~' in env values and expectations stands for it.
type Files = Record<string, string>;
interface Case {
  files?: Files;
  env?: Record<string, string>;
  platform?: NodeJS.Platform;
  sockets?: string[];
  uid?: number;
  podmanOnly?: boolean;
}

let home: string;
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'labcheck-endpoint-'));
});
afterEach(() => {
  rmSync(home, { recursive: true, force: true });
});

const id = (name: string) => createHash('sha256').update(name).digest('hex');
const expand = <T>(v: T): T => JSON.parse(JSON.stringify(v).replaceAll('~', home)) as T;

function meta(name: string, host: string, opts: { skip?: boolean; tls?: string[]; dir?: string } = {}): Files {
  const dir = opts.dir ?? '.docker';
  const files: Files = {
    [`${dir}/contexts/meta/${id(name)}/meta.json`]: JSON.stringify({
      Name: name,
      Metadata: { Description: 'test' },
      Endpoints: { docker: { Host: host, SkipTLSVerify: opts.skip ?? false } },
    }),
  };
  for (const f of opts.tls ?? []) files[`${dir}/contexts/tls/${id(name)}/docker/${f}`] = `PEM ${f}`;
  return files;
}
const config = (currentContext: string, dir = '.docker'): Files => ({ [`${dir}/config.json`]: JSON.stringify({ auths: {}, currentContext }) });

function inputOf(c: Case) {
  for (const [rel, content] of Object.entries(c.files ?? {})) {
    const p = join(home, rel);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, content);
  }
  const sockets = expand(c.sockets ?? []);
  return {
    env: expand(c.env ?? {}),
    home,
    platform: c.platform ?? 'linux',
    ...(c.uid === undefined ? {} : { uid: c.uid }),
    ...(c.podmanOnly === undefined ? {} : { podmanOnly: c.podmanOnly }),
    // The machine's own /var/run/docker.sock must not leak into the cases.
    exists: (p: string) => sockets.includes(p) || (p.startsWith(home) && existsSync(p)),
  };
}
const resolve = (c: Case): Endpoint => resolveEndpoint(inputOf(c));

const tlsDir = (name: string, dir = '.docker') => `~/${dir}/contexts/tls/${id(name)}/docker`;
const remote = meta('remote', 'tcp://remote.example:2376');

describe('resolveEndpoint: which step wins', () => {
  it.each<[string, Case, Partial<Endpoint>]>([
    ['nothing configured', {}, { host: 'unix:///var/run/docker.sock', source: 'default' }],
    ['DOCKER_HOST', { env: { DOCKER_HOST: 'tcp://10.0.0.5:2375' } }, { host: 'tcp://10.0.0.5:2375', source: 'DOCKER_HOST' }],
    [
      'DOCKER_HOST over DOCKER_CONTEXT and config',
      { files: { ...remote, ...meta('other', 'tcp://other:2375'), ...config('other') }, env: { DOCKER_HOST: 'tcp://h:1', DOCKER_CONTEXT: 'remote' } },
      { host: 'tcp://h:1', source: 'DOCKER_HOST', context: undefined },
    ],
    ['DOCKER_HOST makes an unknown DOCKER_CONTEXT irrelevant', { env: { DOCKER_HOST: 'tcp://h:1', DOCKER_CONTEXT: 'nope' } }, { host: 'tcp://h:1' }],
    ['DOCKER_CONTEXT', { files: remote, env: { DOCKER_CONTEXT: 'remote' } }, { host: 'tcp://remote.example:2376', source: 'DOCKER_CONTEXT', context: 'remote' }],
    [
      'DOCKER_CONTEXT over config',
      { files: { ...remote, ...meta('other', 'tcp://other:2375'), ...config('other') }, env: { DOCKER_CONTEXT: 'remote' } },
      { host: 'tcp://remote.example:2376', source: 'DOCKER_CONTEXT', context: 'remote' },
    ],
    ['currentContext in config.json', { files: { ...remote, ...config('remote') } }, { host: 'tcp://remote.example:2376', source: 'config', context: 'remote' }],
    ['DOCKER_CONTEXT=default beats config', { files: { ...remote, ...config('remote') }, env: { DOCKER_CONTEXT: 'default' } }, { host: 'unix:///var/run/docker.sock', source: 'default' }],
    ['currentContext "default"', { files: config('default') }, { host: 'unix:///var/run/docker.sock', source: 'default' }],
    ['empty DOCKER_HOST/DOCKER_CONTEXT are unset', { files: { ...remote, ...config('remote') }, env: { DOCKER_HOST: '', DOCKER_CONTEXT: '' } }, { source: 'config', context: 'remote' }],
    ['config.json without currentContext', { files: { '.docker/config.json': '{"auths":{}}' } }, { host: 'unix:///var/run/docker.sock', source: 'default' }],
    [
      'DOCKER_CONFIG moves config.json and the context store',
      { files: { ...config('remote'), ...config('alt', 'cfg'), ...meta('alt', 'tcp://alt:2375', { dir: 'cfg' }) }, env: { DOCKER_CONFIG: '~/cfg' } },
      { host: 'tcp://alt:2375', source: 'config', context: 'alt', configDir: '~/cfg' },
    ],
    ['ssh context', { files: meta('box', 'ssh://me@box.example'), env: { DOCKER_CONTEXT: 'box' } }, { host: 'ssh://me@box.example', context: 'box', tls: undefined }],
    ['context without a Host uses the CLI default', { files: meta('blank', ''), env: { DOCKER_CONTEXT: 'blank' } }, { host: 'unix:///var/run/docker.sock', context: 'blank' }],
  ])('%s', (_, c, expected) => {
    expect(resolve(c)).toMatchObject(expand(expected));
  });

  it('finds the context under the sha256 of its name, as the docker CLI stores it', () => {
    const path = '.docker/contexts/meta/25bf8e1a2393f1108d37029b3df5593236c755742ec93465bbafa9b290bddcf6/meta.json';
    const ep = resolve({ files: { [path]: '{"Name":"local","Endpoints":{"docker":{"Host":"tcp://localhost:2376"}}}' }, env: { DOCKER_CONTEXT: 'local' } });
    expect(ep).toEqual(expand({ host: 'tcp://localhost:2376', source: 'DOCKER_CONTEXT', context: 'local', configDir: '~/.docker' }));
  });
});

describe('resolveEndpoint: DOCKER_HOST normalisation (opts.ParseHost)', () => {
  it.each([
    ['tcp://h', 'tcp://h:2375'],
    ['h:2376', 'tcp://h:2376'],
    ['tcp://:2376', 'tcp://localhost:2376'],
    ['tcp://', 'tcp://localhost:2375'],
    ['tcp://[::1]', 'tcp://[::1]:2375'],
    ['tcp://h:2375/prefix', 'tcp://h:2375/prefix'],
    ['  tcp://h:1  ', 'tcp://h:1'],
    ['/run/user/1000/docker.sock', 'unix:///run/user/1000/docker.sock'],
    ['unix://', 'unix:///var/run/docker.sock'],
    ['npipe://', 'npipe:////./pipe/docker_engine'],
    ['ssh://me@h:2222', 'ssh://me@h:2222'],
  ])('%j -> %s', (raw, host) => {
    expect(normalizeHost(raw)).toBe(host);
    expect(resolve({ env: { DOCKER_HOST: raw } }).host).toBe(host);
  });

  it.each(['http://h:2375', 'tcp://unix:///x', 'tcp://h:port'])('refuses %j like the CLI', (raw) => {
    expect(() => resolve({ env: { DOCKER_HOST: raw } })).toThrow(EndpointError);
    expect(() => resolve({ env: { DOCKER_HOST: raw } })).toThrow(/DOCKER_HOST=.*(invalid|expected tcp)/);
  });
});

describe('resolveEndpoint: TLS', () => {
  const pems = (dir: string): Files => ({ [`${dir}/ca.pem`]: 'CA', [`${dir}/cert.pem`]: 'CERT', [`${dir}/key.pem`]: 'KEY' });
  it.each<[string, Case, Partial<Endpoint>]>([
    [
      'DOCKER_TLS_VERIFY + DOCKER_CERT_PATH',
      { files: pems('certs'), env: { DOCKER_HOST: 'tcp://h:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '~/certs' } },
      { host: 'tcp://h:2376', tls: { ca: '~/certs/ca.pem', cert: '~/certs/cert.pem', key: '~/certs/key.pem', verify: true } },
    ],
    [
      'DOCKER_TLS_VERIFY=0 still verifies (any non-empty value does)',
      { files: pems('certs'), env: { DOCKER_HOST: 'tcp://h:2376', DOCKER_TLS_VERIFY: '0', DOCKER_CERT_PATH: '~/certs' } },
      { tls: { ca: '~/certs/ca.pem', cert: '~/certs/cert.pem', key: '~/certs/key.pem', verify: true } },
    ],
    [
      'DOCKER_TLS without verification',
      { files: pems('certs'), env: { DOCKER_HOST: 'tcp://h:2376', DOCKER_TLS: '1', DOCKER_CERT_PATH: '~/certs' } },
      { tls: { ca: '~/certs/ca.pem', cert: '~/certs/cert.pem', key: '~/certs/key.pem', verify: false } },
    ],
    [
      'cert path defaults to ~/.docker',
      { files: pems('.docker'), env: { DOCKER_HOST: 'tcp://h:2376', DOCKER_TLS_VERIFY: '1' } },
      { tls: { ca: '~/.docker/ca.pem', cert: '~/.docker/cert.pem', key: '~/.docker/key.pem', verify: true } },
    ],
    [
      'cert path defaults to DOCKER_CONFIG when set',
      { files: pems('cfg'), env: { DOCKER_HOST: 'tcp://h:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CONFIG: '~/cfg' } },
      { tls: { ca: '~/cfg/ca.pem', cert: '~/cfg/cert.pem', key: '~/cfg/key.pem', verify: true } },
    ],
    [
      'ca.pem alone (no client certificate)',
      { files: { 'certs/ca.pem': 'CA' }, env: { DOCKER_HOST: 'tcp://h:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '~/certs' } },
      { tls: { ca: '~/certs/ca.pem', verify: true } },
    ],
    [
      'TLS env without DOCKER_HOST means tcp://localhost:2376',
      { files: pems('.docker'), env: { DOCKER_TLS_VERIFY: '1' } },
      { host: 'tcp://localhost:2376', source: 'default', tls: { ca: '~/.docker/ca.pem', cert: '~/.docker/cert.pem', key: '~/.docker/key.pem', verify: true } },
    ],
    ['no TLS env, no TLS', { files: pems('.docker'), env: { DOCKER_HOST: 'tcp://h:2375', DOCKER_CERT_PATH: '~/.docker' } }, { tls: undefined }],
    [
      'context with TLS files',
      { files: meta('remote', 'tcp://r:2376', { tls: ['ca.pem', 'cert.pem', 'key.pem'] }), env: { DOCKER_CONTEXT: 'remote' } },
      { tls: { ca: `${tlsDir('remote')}/ca.pem`, cert: `${tlsDir('remote')}/cert.pem`, key: `${tlsDir('remote')}/key.pem`, verify: true } },
    ],
    [
      'context with only a CA',
      { files: meta('remote', 'tcp://r:2376', { tls: ['ca.pem'] }), env: { DOCKER_CONTEXT: 'remote' } },
      { tls: { ca: `${tlsDir('remote')}/ca.pem`, verify: true } },
    ],
    ['context with SkipTLSVerify and no files', { files: meta('remote', 'tcp://r:2376', { skip: true }), env: { DOCKER_CONTEXT: 'remote' } }, { tls: { verify: false } }],
    ['context ignores TLS env vars', { files: { ...remote, ...pems('.docker') }, env: { DOCKER_CONTEXT: 'remote', DOCKER_TLS_VERIFY: '1' } }, { tls: undefined }],
    ['ssh context ignores TLS files', { files: meta('box', 'ssh://box', { tls: ['ca.pem'] }), env: { DOCKER_CONTEXT: 'box' } }, { host: 'ssh://box', tls: undefined }],
  ])('%s', (_, c, expected) => {
    expect(resolve(c)).toMatchObject(expand(expected));
  });
});

describe('resolveEndpoint: default socket', () => {
  it.each<[string, Case, string]>([
    ['none exists: /var/run/docker.sock so the error names it', {}, 'unix:///var/run/docker.sock'],
    ['/var/run/docker.sock first', { sockets: ['/var/run/docker.sock', '/run/user/1/docker.sock', '~/.docker/run/docker.sock'], env: { XDG_RUNTIME_DIR: '/run/user/1' } }, 'unix:///var/run/docker.sock'],
    ['rootless socket in XDG_RUNTIME_DIR', { sockets: ['/run/user/1/docker.sock', '~/.docker/run/docker.sock'], env: { XDG_RUNTIME_DIR: '/run/user/1' } }, 'unix:///run/user/1/docker.sock'],
    ['XDG_RUNTIME_DIR unset: its socket is not looked at', { sockets: ['/run/user/1/docker.sock'] }, 'unix:///var/run/docker.sock'],
    ['Docker Desktop ~/.docker/run', { sockets: ['~/.docker/run/docker.sock', '~/.docker/desktop/docker.sock'] }, 'unix://~/.docker/run/docker.sock'],
    ['Docker Desktop ~/.docker/desktop', { sockets: ['~/.docker/desktop/docker.sock'] }, 'unix://~/.docker/desktop/docker.sock'],
    ['windows named pipe', { platform: 'win32', sockets: ['/var/run/docker.sock'] }, 'npipe:////./pipe/docker_engine'],
    ['windows with DOCKER_HOST', { platform: 'win32', env: { DOCKER_HOST: 'npipe:////./pipe/dockerDesktopLinuxEngine' } }, 'npipe:////./pipe/dockerDesktopLinuxEngine'],
    ['windows context without Host', { platform: 'win32', files: meta('blank', ''), env: { DOCKER_CONTEXT: 'blank' } }, 'npipe:////./pipe/docker_engine'],
  ])('%s', (_, c, host) => {
    expect(resolve(c).host).toBe(expand(host));
  });
});

describe('socketCandidates: where each engine listens when nothing is configured', () => {
  const sock = (kind: SocketCandidate['kind'], path: string): SocketCandidate => ({ host: `unix://${path}`, kind });
  it.each<[string, Case, SocketCandidate[]]>([
    [
      'Linux with XDG_RUNTIME_DIR: Docker first, then Podman',
      { env: { XDG_RUNTIME_DIR: '/run/user/1000' }, uid: 1000 },
      [
        sock('docker', '/var/run/docker.sock'),
        sock('docker-rootless', '/run/user/1000/docker.sock'),
        sock('docker-desktop', '~/.docker/run/docker.sock'),
        sock('docker-desktop', '~/.docker/desktop/docker.sock'),
        sock('colima', '~/.colima/default/docker.sock'),
        sock('podman', '/run/podman/podman.sock'),
        sock('podman-rootless', '/run/user/1000/podman/podman.sock'),
      ],
    ],
    [
      'Linux without XDG_RUNTIME_DIR (sudo -u, ssh without a session): /run/user/<uid>',
      { uid: 1001 },
      [
        sock('docker', '/var/run/docker.sock'),
        sock('docker-rootless', '/run/user/1001/docker.sock'),
        sock('docker-desktop', '~/.docker/run/docker.sock'),
        sock('docker-desktop', '~/.docker/desktop/docker.sock'),
        sock('colima', '~/.colima/default/docker.sock'),
        sock('podman', '/run/podman/podman.sock'),
        sock('podman-rootless', '/run/user/1001/podman/podman.sock'),
      ],
    ],
    [
      'Linux with neither: no rootless sockets',
      {},
      [
        sock('docker', '/var/run/docker.sock'),
        sock('docker-desktop', '~/.docker/run/docker.sock'),
        sock('docker-desktop', '~/.docker/desktop/docker.sock'),
        sock('colima', '~/.colima/default/docker.sock'),
        sock('podman', '/run/podman/podman.sock'),
      ],
    ],
    [
      "macOS: Desktop's, Colima's, then a Podman machine's (5.x in TMPDIR, 4.x under ~/.local/share)",
      { platform: 'darwin', env: { TMPDIR: '/var/folders/7b/f9yh/T/' }, uid: 501 },
      [
        sock('docker', '/var/run/docker.sock'),
        sock('docker-desktop', '~/.docker/run/docker.sock'),
        sock('docker-desktop', '~/.docker/desktop/docker.sock'),
        sock('colima', '~/.colima/default/docker.sock'),
        sock('podman-machine', '/var/folders/7b/f9yh/T/podman/podman-machine-default-api.sock'),
        sock('podman-machine', '~/.local/share/containers/podman/machine/qemu/podman.sock'),
        sock('podman-machine', '~/.local/share/containers/podman/machine/podman-machine-default/podman.sock'),
      ],
    ],
    [
      "the podman CLI: Podman's sockets only",
      { env: { XDG_RUNTIME_DIR: '/run/user/1000' }, podmanOnly: true },
      [sock('podman', '/run/podman/podman.sock'), sock('podman-rootless', '/run/user/1000/podman/podman.sock')],
    ],
    [
      "Windows: Docker's pipe, then a Podman machine's",
      { platform: 'win32' },
      [
        { host: 'npipe:////./pipe/docker_engine', kind: 'docker' },
        { host: 'npipe:////./pipe/podman-machine-default', kind: 'podman-machine' },
      ],
    ],
  ])('%s', (_, c, expected) => {
    expect(socketCandidates(inputOf(c))).toEqual(expand(expected));
  });
});

describe('resolveEndpoints: every socket found, in order, for a ping to choose from', () => {
  it.each<[string, Case, Partial<Endpoint>[]]>([
    [
      'Podman only (rootful and rootless)',
      { sockets: ['/run/podman/podman.sock', '/run/user/1000/podman/podman.sock'], env: { XDG_RUNTIME_DIR: '/run/user/1000' } },
      [
        { host: 'unix:///run/podman/podman.sock', source: 'default', socket: 'podman' },
        { host: 'unix:///run/user/1000/podman/podman.sock', source: 'default', socket: 'podman-rootless' },
      ],
    ],
    [
      'Docker before Podman, whatever order they were found in',
      { sockets: ['/run/podman/podman.sock', '~/.docker/desktop/docker.sock', '/var/run/docker.sock'] },
      [
        { host: 'unix:///var/run/docker.sock', socket: 'docker' },
        { host: 'unix://~/.docker/desktop/docker.sock', socket: 'docker-desktop' },
        { host: 'unix:///run/podman/podman.sock', socket: 'podman' },
      ],
    ],
    ['none exists: the CLI default alone, so the error names it', {}, [{ host: 'unix:///var/run/docker.sock', source: 'default', socket: 'docker' }]],
    ['the podman CLI never gets a Docker socket', { podmanOnly: true, sockets: ['/var/run/docker.sock', '/run/podman/podman.sock'] }, [{ host: 'unix:///run/podman/podman.sock', socket: 'podman' }]],
    ['the podman CLI with no Podman socket: the rootful one, so the error names it', { podmanOnly: true, sockets: ['/var/run/docker.sock'] }, [{ host: 'unix:///run/podman/podman.sock', socket: 'podman' }]],
    ['DOCKER_HOST: that one only, whatever sockets exist', { sockets: ['/var/run/docker.sock', '/run/podman/podman.sock'], env: { DOCKER_HOST: 'unix:///run/podman/podman.sock' } }, [{ host: 'unix:///run/podman/podman.sock', source: 'DOCKER_HOST', socket: undefined }]],
    ['a context: that one only', { files: remote, sockets: ['/var/run/docker.sock'], env: { DOCKER_CONTEXT: 'remote' } }, [{ host: 'tcp://remote.example:2376', context: 'remote', socket: undefined }]],
    ['TLS without DOCKER_HOST: tcp://localhost:2376 only', { files: { '.docker/ca.pem': 'CA' }, sockets: ['/var/run/docker.sock'], env: { DOCKER_TLS_VERIFY: '1' } }, [{ host: 'tcp://localhost:2376', socket: undefined }]],
    ['Windows: both pipes, which cannot be looked for as files', { platform: 'win32' }, [{ host: 'npipe:////./pipe/docker_engine' }, { host: 'npipe:////./pipe/podman-machine-default' }]],
  ])('%s', (_, c, expected) => {
    const found = resolveEndpoints(inputOf(c));
    expect(found).toHaveLength(expected.length);
    found.forEach((ep, i) => expect(ep).toMatchObject(expand(expected[i] ?? {})));
    expect(resolveEndpoint(inputOf(c))).toEqual(found[0]);
  });
});

describe('resolveEndpoint: bad configuration', () => {
  const metaPath = (name: string) => `~/.docker/contexts/meta/${id(name)}/meta.json`;
  it.each<[string, Case, (string | RegExp)[]]>([
    ['unknown context in DOCKER_CONTEXT', { env: { DOCKER_CONTEXT: 'ghost' } }, ['"ghost"', 'DOCKER_CONTEXT', metaPath('ghost'), 'docker context ls']],
    ['unknown currentContext', { files: config('ghost') }, ['"ghost"', 'currentContext', '~/.docker/config.json', metaPath('ghost'), 'docker context ls']],
    ['invalid config.json', { files: { '.docker/config.json': '{"currentContext": ' } }, ['~/.docker/config.json', 'not valid JSON', 'DOCKER_HOST']],
    ['config.json that is not an object', { files: { '.docker/config.json': '[1]' } }, ['~/.docker/config.json', 'JSON object']],
    ['currentContext not a string', { files: { '.docker/config.json': '{"currentContext": 3}' } }, ['currentContext', 'docker context use default']],
    ['invalid meta.json', { files: { [metaPath('bad').slice(2)]: 'nope' }, env: { DOCKER_CONTEXT: 'bad' } }, [metaPath('bad'), 'not valid JSON', 'docker context rm bad']],
    ['context without docker endpoint', { files: { [metaPath('k8s').slice(2)]: '{"Name":"k8s","Endpoints":{}}' }, env: { DOCKER_CONTEXT: 'k8s' } }, [metaPath('k8s'), 'no docker endpoint']],
    ['context with an invalid Host', { files: meta('weird', 'http://x:1'), env: { DOCKER_CONTEXT: 'weird' } }, [metaPath('weird'), 'invalid bind address']],
    ['TLS requested without ca.pem', { env: { DOCKER_HOST: 'tcp://h:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '~/none' } }, ['~/none/ca.pem', 'DOCKER_CERT_PATH']],
  ])('%s', (_, c, parts) => {
    let error: unknown;
    try {
      resolve(c);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(EndpointError);
    expect((error as EndpointError).code).toBe('ENDPOINT');
    for (const part of parts) expect((error as Error).message).toContain(typeof part === 'string' ? expand(part) : part);
  });

  it('an unreadable file is an EndpointError naming it', () => {
    const read = () => {
      throw Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
    };
    const run = () => resolveEndpoint({ env: {}, home, platform: 'linux', readFile: read, exists: () => false });
    expect(run).toThrow(EndpointError);
    expect(run).toThrow(`cannot read Docker CLI config ${join(home, '.docker', 'config.json')}: EACCES`);
  });
});

describe('dockerodeOptions', () => {
  const pem = (p: string) => `contents of ${p}`;
  const io = { readFile: pem, env: { SSH_AUTH_SOCK: '/tmp/agent.sock', USER: 'alice' } };
  const none = { socketPath: undefined, host: undefined, port: undefined, username: undefined, protocol: undefined, ca: undefined, cert: undefined, key: undefined };
  it.each<[string, Endpoint, object]>([
    ['unix', { host: 'unix:///var/run/docker.sock', source: 'default' }, { ...none, socketPath: '/var/run/docker.sock', protocol: 'http' }],
    ['npipe', { host: 'npipe:////./pipe/docker_engine', source: 'default' }, { ...none, socketPath: '//./pipe/docker_engine', protocol: 'http' }],
    ['tcp', { host: 'tcp://10.0.0.5:2375', source: 'DOCKER_HOST' }, { ...none, host: '10.0.0.5', port: 2375, protocol: 'http' }],
    ['tcp IPv6', { host: 'tcp://[::1]:2375', source: 'DOCKER_HOST' }, { ...none, host: '::1', port: 2375, protocol: 'http' }],
    [
      'tcp with TLS',
      { host: 'tcp://h:2376', source: 'DOCKER_HOST', tls: { ca: '/c/ca.pem', cert: '/c/cert.pem', key: '/c/key.pem', verify: true } },
      { ...none, host: 'h', port: 2376, protocol: 'https', ca: pem('/c/ca.pem'), cert: pem('/c/cert.pem'), key: pem('/c/key.pem') },
    ],
    ['tcp with CA only', { host: 'tcp://h:2376', source: 'DOCKER_HOST', tls: { ca: '/c/ca.pem', verify: true } }, { ...none, host: 'h', port: 2376, protocol: 'https', ca: pem('/c/ca.pem') }],
    [
      'ssh with user and port',
      { host: 'ssh://bob@box:2222', source: 'DOCKER_CONTEXT', context: 'box' },
      { ...none, protocol: 'ssh', host: 'box', port: 2222, username: 'bob', sshOptions: { agent: '/tmp/agent.sock' } },
    ],
    ['ssh defaults: port 22, local user', { host: 'ssh://box', source: 'DOCKER_HOST' }, { ...none, protocol: 'ssh', host: 'box', port: 22, username: 'alice', sshOptions: { agent: '/tmp/agent.sock' } }],
  ])('%s', (_, ep, expected) => {
    const options = dockerodeOptions(ep, io);
    expect(options).toEqual(expected);
    expect(options).not.toHaveProperty('agent');
  });

  it('TLS without verification uses an agent that does not reject the server', () => {
    const options = dockerodeOptions({ host: 'tcp://h:2376', source: 'DOCKER_CONTEXT', context: 'r', tls: { ca: '/c/ca.pem', verify: false } }, io) as { agent?: { options: Record<string, unknown> } };
    expect(options).toMatchObject({ protocol: 'https', host: 'h', port: 2376, ca: pem('/c/ca.pem') });
    expect(options.agent?.options).toMatchObject({ rejectUnauthorized: false, ca: pem('/c/ca.pem') });
  });

  it.each<[string, Endpoint, string]>([
    ['fd:// is not for clients', { host: 'fd://', source: 'DOCKER_HOST' }, 'fd:// cannot be used'],
    ['a missing PEM file names the file', { host: 'tcp://h:2376', source: 'DOCKER_HOST', tls: { ca: '/definitely/missing/ca.pem', verify: true } }, 'cannot read TLS file /definitely/missing/ca.pem'],
  ])('%s', (_, ep, message) => {
    expect(() => dockerodeOptions(ep)).toThrow(EndpointError);
    expect(() => dockerodeOptions(ep)).toThrow(message);
  });

  it("overrides docker-modem's own DOCKER_HOST defaults", () => {
    const saved = process.env.DOCKER_HOST;
    process.env.DOCKER_HOST = 'tcp://elsewhere.invalid:2375';
    try {
      const modem = new Dockerode(dockerodeOptions({ host: 'unix:///run/test.sock', source: 'default' })).modem as { host?: string; socketPath?: string };
      expect(modem.host).toBeUndefined();
      expect(modem.socketPath).toBe('/run/test.sock');
    } finally {
      if (saved === undefined) delete process.env.DOCKER_HOST;
      else process.env.DOCKER_HOST = saved;
    }
  });
});

describe('cliEnv', () => {
  const cleared = { DOCKER_HOST: undefined, DOCKER_CONTEXT: undefined, DOCKER_TLS_VERIFY: undefined, DOCKER_TLS: undefined, DOCKER_CERT_PATH: undefined };
  it.each<[string, Endpoint, Record<string, string | undefined>]>([
    ['default socket', { host: 'unix:///var/run/docker.sock', source: 'default' }, { ...cleared, DOCKER_HOST: 'unix:///var/run/docker.sock' }],
    ['ssh context', { host: 'ssh://me@box', source: 'DOCKER_CONTEXT', context: 'box', configDir: '/cfg' }, { ...cleared, DOCKER_HOST: 'ssh://me@box' }],
    [
      'TLS with verification',
      { host: 'tcp://h:2376', source: 'DOCKER_HOST', tls: { ca: '/c/ca.pem', cert: '/c/cert.pem', key: '/c/key.pem', verify: true } },
      { ...cleared, DOCKER_HOST: 'tcp://h:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/c' },
    ],
    ['DOCKER_TLS without verification', { host: 'tcp://h:2376', source: 'DOCKER_HOST', tls: { ca: '/c/ca.pem', verify: false } }, { ...cleared, DOCKER_HOST: 'tcp://h:2376', DOCKER_TLS: '1', DOCKER_CERT_PATH: '/c' }],
    [
      'context TLS the env cannot express selects the context',
      { host: 'tcp://h:2376', source: 'config', context: 'r', configDir: '/cfg', tls: { verify: false } },
      { ...cleared, DOCKER_CONTEXT: 'r', DOCKER_CONFIG: '/cfg' },
    ],
  ])('%s', (_, ep, expected) => {
    expect(cliEnv(ep)).toStrictEqual(expected);
  });

  it.each<[string, Case]>([
    ['plain context', { files: remote, env: { DOCKER_CONTEXT: 'remote' } }],
    ['TLS context', { files: meta('remote', 'tcp://r:2376', { tls: ['ca.pem', 'cert.pem', 'key.pem'] }), env: { DOCKER_CONTEXT: 'remote' } }],
    ['skip-verify context', { files: meta('remote', 'tcp://r:2376', { skip: true, tls: ['cert.pem', 'key.pem'] }), env: { DOCKER_CONTEXT: 'remote' } }],
    ['DOCKER_HOST with TLS', { files: { 'c/ca.pem': 'CA', 'c/cert.pem': 'C', 'c/key.pem': 'K' }, env: { DOCKER_HOST: 'tcp://h:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '~/c' } }],
  ])('a child resolving from the parent env + cliEnv reaches the same engine: %s', (_, c) => {
    const parent = resolve(c);
    const childEnv = { ...expand(c.env ?? {}), DOCKER_TLS_VERIFY: '1', ...cliEnv(parent) };
    const child = resolve({ env: Object.fromEntries(Object.entries(childEnv).filter((e): e is [string, string] => e[1] !== undefined)) });
    expect(child.host).toBe(parent.host);
    expect(child.tls).toEqual(parent.tls);
  });

  it('a spawned child sees DOCKER_HOST and no DOCKER_CONTEXT, whatever the parent had', () => {
    const env = { ...process.env, DOCKER_CONTEXT: 'stale', DOCKER_TLS_VERIFY: '1', ...cliEnv({ host: 'unix:///run/x.sock', source: 'default' }) };
    const script = 'process.stdout.write(JSON.stringify([process.env.DOCKER_HOST, "DOCKER_CONTEXT" in process.env, "DOCKER_TLS_VERIFY" in process.env]))';
    const out = spawnSync(process.execPath, ['-e', script], { env, encoding: 'utf8' });
    expect(JSON.parse(out.stdout)).toEqual(['unix:///run/x.sock', false, false]);
  });
});

describe('describeEndpoint', () => {
  it.each<[Endpoint, string]>([
    [{ host: 'unix:///var/run/docker.sock', source: 'default' }, 'unix:///var/run/docker.sock (default socket)'],
    [{ host: 'npipe:////./pipe/docker_engine', source: 'default' }, 'npipe:////./pipe/docker_engine (default socket)'],
    [{ host: 'tcp://x:2376', source: 'DOCKER_CONTEXT', context: 'remote' }, 'tcp://x:2376 (context "remote")'],
    [{ host: 'tcp://x:2376', source: 'config', context: 'remote', tls: { verify: true, ca: '/ca.pem' } }, 'tcp://x:2376 (context "remote", TLS)'],
    [{ host: 'tcp://x:2376', source: 'config', context: 'remote', tls: { verify: false } }, 'tcp://x:2376 (context "remote", TLS without verification)'],
    [{ host: 'tcp://h:2375', source: 'DOCKER_HOST' }, 'tcp://h:2375 (DOCKER_HOST)'],
    [{ host: 'tcp://localhost:2376', source: 'default', tls: { verify: true, ca: '/ca.pem' } }, 'tcp://localhost:2376 (default TLS host, TLS)'],
    [{ host: 'unix:///var/run/docker.sock', source: 'default', socket: 'docker' }, 'unix:///var/run/docker.sock (default socket)'],
    [{ host: 'unix:///run/user/1000/docker.sock', source: 'default', socket: 'docker-rootless' }, "unix:///run/user/1000/docker.sock (rootless Docker's socket)"],
    [{ host: 'unix:///home/s/.docker/desktop/docker.sock', source: 'default', socket: 'docker-desktop' }, "unix:///home/s/.docker/desktop/docker.sock (Docker Desktop's socket)"],
    [{ host: 'unix:///run/podman/podman.sock', source: 'default', socket: 'podman' }, "unix:///run/podman/podman.sock (Podman's socket)"],
    [{ host: 'unix:///run/user/1000/podman/podman.sock', source: 'default', socket: 'podman-rootless' }, "unix:///run/user/1000/podman/podman.sock (rootless Podman's socket)"],
    [{ host: 'unix:///x/podman-machine-default-api.sock', source: 'default', socket: 'podman-machine' }, "unix:///x/podman-machine-default-api.sock (Podman machine's socket)"],
    [{ host: 'unix:///run/podman/podman.sock', source: 'DOCKER_HOST' }, 'unix:///run/podman/podman.sock (DOCKER_HOST)'],
  ])('%j', (ep, line) => {
    expect(describeEndpoint(ep)).toBe(line);
  });
});

describe('EndpointError', () => {
  it('is an Error with code ENDPOINT', () => {
    const e = new EndpointError('x');
    expect(e).toBeInstanceOf(Error);
    expect([e.code, e.name, e.message]).toEqual(['ENDPOINT', 'EndpointError', 'x']);
  });
});
