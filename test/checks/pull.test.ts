import { describe, expect, it } from 'vitest';
import { pullProblem } from '../../checks/pull.js';

// Outputs as the engine 20.10 here printed them (legacy builder via CLI 28, BuildKit via /usr/bin/docker),
// and as Docker Hub answers for a repository that does not exist.
describe('pullProblem', () => {
  it('reads a missing tag from the legacy builder', () => {
    const out = 'Sending build context to Docker daemon  3.072kB\nStep 1/2 : FROM 127.0.0.1:5000/library/node:99\nmanifest for 127.0.0.1:5000/library/node:99 not found: manifest unknown: manifest unknown';
    expect(pullProblem(out)).toEqual({ kind: 'missing', image: '127.0.0.1:5000/library/node:99', detail: 'manifest unknown: manifest unknown' });
  });

  it('reads a missing tag from BuildKit', () => {
    const out = '#3 ERROR: 127.0.0.1:5000/library/node:99: not found\n------\n > [internal] load metadata for 127.0.0.1:5000/library/node:99:\n------\nfailed to solve with frontend dockerfile.v0: failed to create LLB definition: 127.0.0.1:5000/library/node:99: not found';
    expect(pullProblem(out)).toEqual({ kind: 'missing', image: '127.0.0.1:5000/library/node:99', detail: 'not found' });
  });

  it('reads a repository that does not exist on Docker Hub, by either builder', () => {
    expect(pullProblem("Step 1/2 : FROM nosuchimage\npull access denied for nosuchimage, repository does not exist or may require 'docker login': denied: requested access to the resource is denied")).toEqual({
      kind: 'missing',
      image: 'nosuchimage',
      detail: "repository does not exist or may require 'docker login': denied: requested access to the resource is denied",
    });
    expect(pullProblem('ERROR: failed to solve: nosuchimage: pull access denied, repository does not exist or may require authorization: server message: insufficient_scope')).toMatchObject({ kind: 'missing', image: 'nosuchimage' });
    expect(pullProblem('ERROR: failed to solve: node:99: failed to resolve source metadata for docker.io/library/node:99: docker.io/library/node:99: not found')).toEqual({ kind: 'missing', image: 'node:99', detail: 'not found' });
  });

  it('reads an unreachable registry from the legacy builder, naming the image of the FROM step', () => {
    const out = 'Step 1/2 : FROM node:99\nGet "https://registry-1.docker.io/v2/": dial tcp: lookup registry-1.docker.io on 10.255.255.53:53: no such host';
    expect(pullProblem(out)).toEqual({ kind: 'unreachable', image: 'node:99', detail: 'dial tcp: lookup registry-1.docker.io on 10.255.255.53:53: no such host' });
  });

  it('reads an unreachable registry from BuildKit, naming the image of the manifest URL', () => {
    const hub = 'failed to solve with frontend dockerfile.v0: failed to create LLB definition: failed to do request: Head "https://registry-1.docker.io/v2/library/node/manifests/99": dial tcp: lookup registry-1.docker.io: no such host';
    expect(pullProblem(hub)).toEqual({ kind: 'unreachable', image: 'node:99', detail: 'dial tcp: lookup registry-1.docker.io: no such host' });
    const local = 'failed to do request: Head "http://127.0.0.1:5999/v2/x/manifests/1": dial tcp 127.0.0.1:5999: connect: connection refused';
    expect(pullProblem(local)).toEqual({ kind: 'unreachable', image: '127.0.0.1:5999/x:1', detail: 'dial tcp 127.0.0.1:5999: connect: connection refused' });
  });

  it('names an image pinned by digest as repo@digest', () => {
    const digest = `sha256:${'0'.repeat(64)}`;
    const out = `failed to solve with frontend dockerfile.v0: failed to create LLB definition: failed to do request: Head "https://registry-1.docker.io/v2/library/node/manifests/${digest}": dial tcp: lookup registry-1.docker.io on 10.255.255.53:53: no such host`;
    expect(pullProblem(out)).toEqual({ kind: 'unreachable', image: `node@${digest}`, detail: 'dial tcp: lookup registry-1.docker.io on 10.255.255.53:53: no such host' });
    const legacy = `Step 1/3 : FROM node:12@${digest}\nGet "https://registry-1.docker.io/v2/": dial tcp: lookup registry-1.docker.io on 10.255.255.53:53: no such host`;
    expect(pullProblem(legacy)).toMatchObject({ kind: 'unreachable', image: `node:12@${digest}` });
  });

  it('says nothing of other failures: a bad instruction, a RUN that cannot reach the network', () => {
    expect(pullProblem('Step 2/3 : ADD app.js /app.js\nADD failed: file not found in build context or excluded by .dockerignore: stat app.js: file does not exist')).toBeUndefined();
    expect(pullProblem('Step 3/4 : RUN curl http://example.test/\ncurl: (6) Could not resolve host: example.test')).toBeUndefined();
    expect(pullProblem('')).toBeUndefined();
  });
});
