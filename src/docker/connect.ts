import { homedir } from 'node:os';
import { EnvironmentError } from '../engine/errors.js';
import { connect, ping, type Docker } from './api.js';
import { resolveEndpoint, type Endpoint } from './endpoint.js';

/** A reachable engine: the client, where it is, and what it says of itself. */
export interface Engine {
  docker: Docker;
  endpoint: Endpoint;
  apiVersion: string;
  version: string;
}

/** The engine as the docker CLI finds it; a broken context configuration is an environment error. */
export function findEndpoint(env: NodeJS.ProcessEnv): Endpoint {
  try {
    return resolveEndpoint({ env, home: homedir(), platform: process.platform });
  } catch (e) {
    throw new EnvironmentError((e as Error).message, { cause: e });
  }
}

/** Connects and pings within a deadline: an EnvironmentError naming the endpoint and the fix otherwise. */
export async function connectEngine(env: NodeJS.ProcessEnv): Promise<Engine> {
  const endpoint = findEndpoint(env);
  const docker = await connect(endpoint);
  return { docker, endpoint, ...(await ping(docker, endpoint)) };
}
