import type Dockerode from 'dockerode';
import { EnvironmentError } from '../engine/errors.js';
import { describeEndpoint, dockerodeOptions, type Endpoint } from './endpoint.js';

export type Docker = Dockerode;

/** dockerode is loaded on first use only (and lean), so `labcheck --version`, `list` and `check` stay fast. */
export async function connect(endpoint: Endpoint): Promise<Docker> {
  const { loadDockerode } = await import('./dockerode.js');
  const Dockerode = loadDockerode();
  return new Dockerode(dockerodeOptions(endpoint));
}

/** The fix a person can act on, for an engine that did not answer. */
export function engineHelp(endpoint: Endpoint, cause: unknown): string {
  const code = (cause as { code?: string } | undefined)?.code;
  const where = describeEndpoint(endpoint);
  if (code === 'EACCES' || /permission denied/i.test(String(cause))) {
    return (
      `permission denied on the Docker socket ${where}. ` +
      'Join the docker group (sudo usermod -aG docker $USER, then log in again) or run as a user that may use Docker.'
    );
  }
  return (
    `no Docker engine answered at ${where}. ` +
    'Start Docker (Docker Desktop, or `sudo systemctl start docker`), or point DOCKER_HOST / `docker context use` at a running engine.'
  );
}

/** Pings the engine within a deadline; an EnvironmentError that names the endpoint when it does not answer. */
export async function ping(docker: Docker, endpoint: Endpoint, timeoutMs = 5000): Promise<{ apiVersion: string; version: string }> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const version = await Promise.race([
      docker.version(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return { apiVersion: version.ApiVersion, version: version.Version };
  } catch (cause) {
    throw new EnvironmentError(engineHelp(endpoint, cause), { cause });
  } finally {
    clearTimeout(timer);
  }
}

/** dockerode's errors carry the HTTP status; 404 means "no such container/image". */
export const isNotFound = (e: unknown): boolean => (e as { statusCode?: number } | undefined)?.statusCode === 404;

/** Inspects an image or returns undefined when there is none by that reference. */
export async function inspectImage(docker: Docker, ref: string): Promise<Dockerode.ImageInspectInfo | undefined> {
  try {
    return await docker.getImage(ref).inspect();
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw e;
  }
}

/**
 * A container's inspect as Docker words it. Podman names one state Docker has no word for: a container
 * whose process has ended but whose clean-up (conmon) has not run yet is "stopped" for a moment before
 * it becomes "exited". Read as Docker's "exited" (it is one: not running, exit code known), so a check
 * does not judge the same crash two ways depending on when it looked.
 */
export function asDockerState<T extends { State: { Status: string } }>(info: T): T {
  return info.State.Status === 'stopped' ? { ...info, State: { ...info.State, Status: 'exited' } } : info;
}

export async function inspectContainer(docker: Docker, nameOrId: string): Promise<Dockerode.ContainerInspectInfo | undefined> {
  try {
    return asDockerState(await docker.getContainer(nameOrId).inspect());
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw e;
  }
}
