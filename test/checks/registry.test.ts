import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  familiarRepository,
  fetchManifest,
  isLoopback,
  parseBearerChallenge,
  parseRegistry,
  registryBaseUrl,
  remoteReference,
  repoDigestFor,
  splitReference,
  waitForRegistry,
} from '../../checks/registry.js';
import { isEnvironmentError } from '../../src/engine/errors.js';
import { closedPort } from '../support/net.js';

describe('registry references', () => {
  it.each([
    ['127.0.0.1:5000', { host: '127.0.0.1:5000' }],
    ['docker.io/yourid', { host: 'docker.io', namespace: 'yourid' }],
    ['registry.example.com:443/team/', { host: 'registry.example.com:443', namespace: 'team' }],
  ])('parseRegistry(%s)', (spec, expected) => expect(parseRegistry(spec)).toEqual(expected));

  it.each([
    ['127.0.0.1:5000', true],
    ['127.8.9.10', true],
    ['localhost:5000', true],
    ['[::1]:5000', true],
    ['docker.io', false],
    ['10.0.0.1:5000', false],
    ['127.0.0.1.example.com', false],
  ])('isLoopback(%s) is %s', (host, expected) => expect(isLoopback(host)).toBe(expected));

  it.each([
    ['yourid/kubia:1.0', { host: 'docker.io', path: 'yourid/kubia', tag: '1.0' }],
    ['docker.io/yourid/kubia:1.0', { host: 'docker.io', path: 'yourid/kubia', tag: '1.0' }],
    ['index.docker.io/yourid/kubia', { host: 'docker.io', path: 'yourid/kubia', tag: 'latest' }],
    ['busybox', { host: 'docker.io', path: 'library/busybox', tag: 'latest' }],
    ['127.0.0.1:32768/lc12345678/kubia:1.0', { host: '127.0.0.1:32768', path: 'lc12345678/kubia', tag: '1.0' }],
    ['localhost/kubia:2', { host: 'localhost', path: 'kubia', tag: '2' }],
    ['quay.io/team/kubia@sha256:abc', { host: 'quay.io', path: 'team/kubia', tag: 'latest' }],
  ])('splitReference(%s)', (ref, expected) => expect(splitReference(ref)).toEqual(expected));

  it('spells repositories as the engine does in RepoTags and RepoDigests', () => {
    expect(familiarRepository('docker.io/yourid/kubia:1.0')).toBe('yourid/kubia');
    expect(familiarRepository('docker.io/library/busybox')).toBe('busybox');
    expect(familiarRepository('127.0.0.1:5000/x/kubia:1.0')).toBe('127.0.0.1:5000/x/kubia');
  });

  it('finds the RepoDigest of a repository however it is spelled, and no other', () => {
    const digests = ['yourid/kubia@sha256:aaa', '127.0.0.1:5000/yourid/kubia@sha256:bbb'];
    expect(repoDigestFor(digests, 'docker.io/yourid/kubia:1.0')).toBe('sha256:aaa');
    expect(repoDigestFor(digests, '127.0.0.1:5000/yourid/kubia:1.0')).toBe('sha256:bbb');
    expect(repoDigestFor(digests, '127.0.0.1:5001/yourid/kubia:1.0')).toBeUndefined();
    expect(repoDigestFor(undefined, 'yourid/kubia')).toBeUndefined();
  });

  it('pushes under the run id, or under a namespace with a tag of the run that never overwrites 1.0', () => {
    expect(remoteReference({ host: '127.0.0.1:32768' }, 'lc12345678', true, 'lc12345678')).toBe('127.0.0.1:32768/lc12345678/kubia:1.0');
    expect(remoteReference({ host: 'docker.io', namespace: 'yourid' }, 'lc12345678', true, 'lc12345678')).toBe('docker.io/yourid/kubia:1.0-lc12345678');
    expect(remoteReference({ host: 'docker.io', namespace: 'yourid' }, 'yourid', false, 'check')).toBe('docker.io/yourid/kubia:1.0');
  });

  it('talks plain HTTP to 127.0.0.1 only (never localhost), HTTPS elsewhere, and Docker Hub through its API host', () => {
    expect(registryBaseUrl('127.0.0.1:5000')).toBe('http://127.0.0.1:5000');
    expect(registryBaseUrl('localhost:5000')).toBe('http://127.0.0.1:5000');
    expect(registryBaseUrl('docker.io')).toBe('https://registry-1.docker.io');
    expect(registryBaseUrl('quay.io')).toBe('https://quay.io');
  });

  it('reads a Bearer challenge as Docker Hub sends it, and nothing else', () => {
    expect(parseBearerChallenge('Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:yourid/kubia:pull"')).toEqual({
      realm: 'https://auth.docker.io/token',
      service: 'registry.docker.io',
      scope: 'repository:yourid/kubia:pull',
    });
    expect(parseBearerChallenge('Basic realm="Registry"')).toBeUndefined();
    expect(parseBearerChallenge(null)).toBeUndefined();
  });
});

// A registry's HTTP API in miniature, on 127.0.0.1.
type Handler = (req: IncomingMessage, res: ServerResponse, base: string) => void;
const servers: Server[] = [];

async function serve(handler: Handler): Promise<string> {
  const server = createServer((req, res) => handler(req, res, `127.0.0.1:${(server.address() as AddressInfo).port}`));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `127.0.0.1:${(server.address() as AddressInfo).port}`;
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

const MANIFEST = JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.docker.distribution.manifest.v2+json' });
const signal = () => AbortSignal.timeout(5000);

describe('fetchManifest', () => {
  it('returns the Docker-Content-Digest of a served manifest, asking for v2 manifests', async () => {
    let accept = '';
    const host = await serve((req, res) => {
      accept = String(req.headers.accept);
      res.writeHead(req.url === '/v2/x/kubia/manifests/1.0' ? 200 : 404, { 'Docker-Content-Digest': 'sha256:feed', 'Content-Type': 'application/vnd.docker.distribution.manifest.v2+json' });
      res.end(MANIFEST);
    });
    expect(await fetchManifest(host, 'x/kubia', '1.0', { signal: signal() })).toEqual({
      kind: 'found',
      digest: 'sha256:feed',
      mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
      url: `http://${host}/v2/x/kubia/manifests/1.0`,
    });
    expect(accept).toContain('application/vnd.docker.distribution.manifest.v2+json');
  });

  it('falls back to the sha256 of the body when the header is missing', async () => {
    const host = await serve((_req, res) => res.end(MANIFEST));
    const answer = await fetchManifest(host, 'x/kubia', '1.0', { signal: signal() });
    expect(answer).toMatchObject({ kind: 'found', digest: `sha256:${createHash('sha256').update(MANIFEST).digest('hex')}` });
  });

  it('reports a manifest the registry does not have with its status and error', async () => {
    const host = await serve((_req, res) => {
      res.writeHead(404, { 'Content-Type': 'application/json' });
      res.end('{"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown"}]}');
    });
    const answer = await fetchManifest(host, 'x/kubia', '1.0', { signal: signal() });
    expect(answer).toMatchObject({ kind: 'missing', status: 404 });
    expect(answer.kind === 'missing' && answer.detail).toMatch(/MANIFEST_UNKNOWN/);
  });

  it('answers a Bearer challenge with an anonymous token from the realm', async () => {
    const host = await serve((req, res, self) => {
      if (req.url?.startsWith('/token')) {
        expect(req.url).toBe('/token?service=reg&scope=repository%3Ax%2Fkubia%3Apull');
        return res.end(JSON.stringify({ token: 'anon' }));
      }
      if (req.headers.authorization !== 'Bearer anon') {
        res.writeHead(401, { 'WWW-Authenticate': `Bearer realm="http://${self}/token",service="reg",scope="repository:x/kubia:pull"` });
        return res.end();
      }
      res.writeHead(200, { 'Docker-Content-Digest': 'sha256:cafe' });
      res.end(MANIFEST);
    });
    expect(await fetchManifest(host, 'x/kubia', '1.0', { signal: signal() })).toMatchObject({ kind: 'found', digest: 'sha256:cafe' });
  });

  it('says denied, not missing, when the registry wants credentials it was not given', async () => {
    const host = await serve((req, res, self) => {
      if (req.url?.startsWith('/token')) return res.end(JSON.stringify({ token: 'anon' }));
      res.writeHead(401, { 'WWW-Authenticate': `Bearer realm="http://${self}/token",service="reg"` });
      res.end('{"errors":[{"code":"UNAUTHORIZED"}]}');
    });
    expect(await fetchManifest(host, 'x/kubia', '1.0', { signal: signal() })).toMatchObject({ kind: 'denied', status: 401 });
  });

  it('throws an environment error naming the registry when nothing answers', async () => {
    const port = await closedPort();
    const error = await fetchManifest(`127.0.0.1:${port}`, 'x/kubia', '1.0', { signal: signal() }).catch((e: unknown) => e);
    expect(isEnvironmentError(error)).toBe(true);
    expect((error as Error).message).toMatch(new RegExp(`the registry at http://127\\.0\\.0\\.1:${port} did not answer \\(ECONNREFUSED\\)`));
  });
});

describe('waitForRegistry', () => {
  it('retries until /v2/ answers, and returns its status (401 counts: the registry is there)', async () => {
    const port = await closedPort();
    const late = createServer((_req, res) => {
      res.writeHead(401);
      res.end();
    });
    servers.push(late);
    setTimeout(() => late.listen(port, '127.0.0.1'), 400);
    expect(await waitForRegistry(`127.0.0.1:${port}`, signal(), 4000)).toBe(401);
  });

  it('gives up at its deadline with an environment error that names the limit', async () => {
    const port = await closedPort();
    const started = performance.now();
    const error = await waitForRegistry(`127.0.0.1:${port}`, signal(), 500).catch((e: unknown) => e);
    expect(isEnvironmentError(error)).toBe(true);
    expect((error as Error).message).toBe(`the registry 127.0.0.1:${port} did not answer GET http://127.0.0.1:${port}/v2/ within 500 ms`);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
