import { describe, expect, it } from 'vitest';
import { noEngineHelp, whyNoAnswer } from '../../src/docker/connect.js';
import type { Endpoint } from '../../src/docker/endpoint.js';

const err = (message: string, extra: object = {}) => Object.assign(new Error(message), extra);

describe('whyNoAnswer', () => {
  it.each<[string, unknown, string]>([
    ['EACCES', err('connect EACCES /var/run/docker.sock', { code: 'EACCES' }), 'permission denied'],
    ['ECONNREFUSED', err('connect ECONNREFUSED /run/user/1000/docker.sock', { code: 'ECONNREFUSED' }), 'nothing listens there (connection refused)'],
    ['ENOENT', err('connect ENOENT /var/run/docker.sock', { code: 'ENOENT' }), 'no such socket'],
    ['a deadline', err('no answer within 2000 ms', { code: 'ETIMEDOUT' }), 'no answer within 2000 ms'],
    ['something answering HTTP that is no engine', err('(HTTP code 404) unexpected', { statusCode: 404 }), 'answered HTTP 404, not as an engine would'],
    ['anything else', err('socket hang up', { code: 'ECONNRESET' }), 'socket hang up'],
  ])('%s', (_, cause, reason) => {
    expect(whyNoAnswer(cause)).toBe(reason);
  });
});

describe('noEngineHelp', () => {
  const docker: Endpoint = { host: 'unix:///var/run/docker.sock', source: 'default', socket: 'docker' };
  const podman: Endpoint = { host: 'unix:///run/user/1000/podman/podman.sock', source: 'default', socket: 'podman-rootless' };

  it('names each socket tried and why, those not found, and how to start an engine', () => {
    const message = noEngineHelp(
      [
        { endpoint: docker, cause: err('connect ECONNREFUSED', { code: 'ECONNREFUSED' }) },
        { endpoint: podman, cause: err('no answer within 2000 ms', { code: 'ETIMEDOUT' }) },
      ],
      ['unix:///run/podman/podman.sock'],
    );
    expect(message).toBe(
      'no container engine answered at unix:///var/run/docker.sock (default socket): nothing listens there (connection refused); ' +
        "unix:///run/user/1000/podman/podman.sock (rootless Podman's socket): no answer within 2000 ms. " +
        'Not found either: unix:///run/podman/podman.sock. ' +
        'Start Docker (Docker Desktop, or `sudo systemctl start docker`) or Podman (`systemctl --user enable --now podman.socket`), ' +
        'or point DOCKER_HOST / `docker context use` at a running engine; `labcheck doctor` says how to start each.',
    );
  });

  it('adds the docker group when a socket refused access', () => {
    const message = noEngineHelp([{ endpoint: docker, cause: err('connect EACCES', { code: 'EACCES' }) }], []);
    expect(message).toMatch(/^no container engine answered at unix:\/\/\/var\/run\/docker\.sock \(default socket\): permission denied\. For permission denied on the Docker socket: join the docker group/);
    expect(message).not.toMatch(/Not found either/);
  });
});
