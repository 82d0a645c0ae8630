import { describe, expect, it } from 'vitest';
import { asDockerState } from '../../src/docker/api.js';

describe('asDockerState', () => {
  it("reads Podman's 'stopped' (ended, clean-up pending) as Docker's 'exited', keeping the exit code", () => {
    // As Podman 4.3's compat API answered an inspect a moment after app.js threw on its first request.
    const info = { Id: 'c0ffee', State: { Status: 'stopped', Running: false, ExitCode: 1, Error: '' } };
    expect(asDockerState(info)).toEqual({ Id: 'c0ffee', State: { Status: 'exited', Running: false, ExitCode: 1, Error: '' } });
    expect(info.State.Status).toBe('stopped');
  });

  it.each(['created', 'running', 'paused', 'restarting', 'removing', 'exited', 'dead'])("leaves Docker's '%s' as it is", (status) => {
    const info = { State: { Status: status, ExitCode: 0 } };
    expect(asDockerState(info)).toBe(info);
  });
});
