// Small helpers shared by tests that need the network or the JUnit schema; no Docker here.
import { execFileSync } from 'node:child_process';
import { connect, createServer, type AddressInfo, type Socket } from 'node:net';
import { join } from 'node:path';

/** A 127.0.0.1 port nothing listens on: bound, then released. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The JUnit schema GitLab, Jenkins and GitHub readers agree on (../shared/junit/junit-10.xsd). */
export const JUNIT_XSD = join(import.meta.dirname, '../../../shared/junit/junit-10.xsd');

/** Throws with xmllint's words unless the file is valid JUnit. */
export const validateJunit = (file: string): void => void execFileSync('xmllint', ['--noout', '--schema', JUNIT_XSD, file], { stdio: 'pipe' });

const gatewayOf = (env: NodeJS.ProcessEnv): string | undefined => {
  const out = execFileSync('docker', ['network', 'inspect', 'bridge', '--format', '{{range .IPAM.Config}}{{.Gateway}} {{end}}'], { encoding: 'utf8', env });
  return out.trim().split(/\s+/).find((a) => /^\d+\.\d+\.\d+\.\d+$/.test(a));
};
/** True when a listener can bind the address here (os.networkInterfaces leaves out a bridge without containers: not RUNNING, yet its address is ours). */
async function bindable(address: string): Promise<boolean> {
  const server = createServer();
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, address, resolve);
    });
    await new Promise((resolve) => server.close(resolve));
    return true;
  } catch {
    return false;
  }
}

/**
 * The engine's own bridge gateway (docker0, e.g. 172.17.0.1), read from `docker network inspect bridge`.
 * Podman brings its bridge's interface up only while a container runs: then dockerd's docker0, which
 * this machine always has, is taken.
 */
export async function bridgeGateway(): Promise<string> {
  const own = gatewayOf(process.env);
  if (own && (await bindable(own))) return own;
  const dockers = gatewayOf({ ...process.env, DOCKER_HOST: 'unix:///var/run/docker.sock' });
  if (dockers && (await bindable(dockers))) return dockers;
  throw new Error(`no bridge gateway is an address of this machine (the engine's: ${own ?? 'none'}; dockerd's: ${dockers ?? 'none'})`);
}

export interface Forwarder {
  /** `tcp://<address>:<port>`: a DOCKER_HOST that reaches the engine as a remote one. */
  host: string;
  port: number;
  /** Connections accepted so far: proof the engine was reached through it. */
  connections: number;
  close(): Promise<void>;
}

/**
 * A TCP listener on `address` that pipes every connection to a unix socket: the local engine seen as
 * an engine on another host (DOCKER_HOST=tcp://<address>:<port>), as GitLab's Docker-in-Docker is.
 */
export async function forwardToSocket(address: string, socketPath: string): Promise<Forwarder> {
  const sockets = new Set<Socket>();
  // Half-open both ways, as a TCP engine is: `docker run` closes its side of a hijacked attach and still reads the output.
  const server = createServer({ allowHalfOpen: true }, (client) => {
    forwarder.connections++;
    const engine = connect({ path: socketPath, allowHalfOpen: true });
    for (const s of [client, engine]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      // A reset on one side ends the other; the error itself is the peer's to report.
      s.on('error', () => (s === client ? engine : client).destroy());
    }
    client.pipe(engine).pipe(client);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, address, resolve);
  });
  const { port } = server.address() as AddressInfo;
  const forwarder: Forwarder = {
    host: `tcp://${address}:${port}`,
    port,
    connections: 0,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
  return forwarder;
}
