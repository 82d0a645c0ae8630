// Small helpers shared by tests that need the network or the JUnit schema; no Docker here.
import { execFileSync } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
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
