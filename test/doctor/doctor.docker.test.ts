import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { labcheck, track } from '../support/docker.js';
import { cleanEachTest } from '../support/labs.js';

cleanEachTest();

// Podman 4.3's Docker-compatible socket next to dockerd (../shared/docker-offline/podman-up).
const PODMAN = 'unix:///run/podman/podman.sock';
const serverVersion = async (env: Record<string, string> = {}) => (await execa('docker', ['version', '--format', '{{.Server.Version}}'], { env })).stdout.trim();
const cliVersion = async (bin: string) => JSON.parse((await execa(bin, ['version', '--format', '{{json .Client}}'], { reject: false })).stdout).Version as string;

/** What labcheck left on Podman under a label: nothing, as on dockerd (cleanEachTest looks there). */
async function leftOnPodman(): Promise<string> {
  const { stdout } = await execa('docker', ['ps', '-a', '--filter', 'label=io.labcheck.run', '--format', '{{json .}}'], { env: { DOCKER_HOST: PODMAN } });
  return stdout.trim();
}

describe('doctor names the engine it found, through the built CLI', () => {
  it('dockerd here: Docker 20.10, its API range, not rootless, graph driver overlay2, the legacy builder of CLI 28 without buildx', async () => {
    const result = await labcheck(['doctor', '--port', '0']);
    expect(result.exitCode, result.stdout).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines).toContain(`✔ engine reachable: unix:///var/run/docker.sock (default socket), Docker Engine ${await serverVersion()}`);
    expect(lines).toContain('• engine: Docker (/version: "Docker Engine", no Podman component)');
    expect(lines).toContain('✔ Engine API version: 1.41 (the engine accepts 1.12–1.41; labcheck sends 1.41, needs ≥ 1.30)');
    expect(lines).toContain('• rootless: no (/info SecurityOptions has no name=rootless)');
    expect(lines).toContain('• image store: graph driver overlay2 (/info DriverStatus has no io.containerd.snapshotter.v1)');
    expect(lines).toContain(`• docker build uses: the legacy builder (docker ${await cliVersion('docker')} has no buildx plugin (\`docker buildx version\` failed); DOCKER_BUILDKIT unset)`);
    expect(lines).toContain('✔ pull and run busybox: docker run busybox echo works');
  });

  it("Debian's docker 20.10 CLI with DOCKER_BUILDKIT=1: its built-in BuildKit", async () => {
    const result = await labcheck(['doctor', '--port', '0'], { env: { LABCHECK_DOCKER: '/usr/bin/docker', DOCKER_BUILDKIT: '1' } });
    expect(result.exitCode, result.stdout).toBe(0);
    expect(result.stdout).toContain(`• docker build uses: BuildKit (DOCKER_BUILDKIT=1: docker ${await cliVersion('/usr/bin/docker')} uses its built-in BuildKit)`);
  });

  it('DOCKER_HOST on Podman: Podman 4.3 by name, its API range, its storage, busybox run through it, nothing left', async () => {
    const result = await labcheck(['doctor', '--port', '0'], { env: { DOCKER_HOST: PODMAN } });
    expect(result.exitCode, result.stdout).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines).toContain(`✔ engine reachable: ${PODMAN} (DOCKER_HOST), Podman ${await serverVersion({ DOCKER_HOST: PODMAN })}`);
    expect(lines).toContain('• engine: Podman, serving the Docker Engine API (/version names the component "Podman Engine")');
    expect(lines).toContain('✔ Engine API version: 1.41 (the engine accepts 1.24–1.41; labcheck sends 1.41, needs ≥ 1.30)');
    expect(lines).toContain('• rootless: no (/info SecurityOptions has no name=rootless)');
    expect(lines).toContain('• image store: graph driver overlay (/info DriverStatus has no io.containerd.snapshotter.v1)');
    expect(result.stdout).toMatch(/^• docker build uses: the legacy builder \(.*; Podman runs such builds with Buildah\)$/m);
    expect(lines).toContain('✔ pull and run busybox: docker run busybox echo works');
    expect(result.stdout).toMatch(/^✔ disk space: [\d.]+ GiB free \(\/var\/lib\/containers\/storage; /m);
    expect(await leftOnPodman()).toBe('');
  });

  it('Podman with the docker 20.10 CLI and DOCKER_BUILDKIT=1: the builder line fails with the fix, exit 3, and such a build does fail', async () => {
    const env = { DOCKER_HOST: PODMAN, LABCHECK_DOCKER: '/usr/bin/docker', DOCKER_BUILDKIT: '1' };
    const result = await labcheck(['doctor', '--port', '0'], { env });
    expect(result.exitCode).toBe(3);
    expect(result.stdout).toMatch(/^✘ docker build uses: none \(DOCKER_BUILDKIT=1: docker \S+ uses its built-in BuildKit, which Podman's API does not serve: .*\)\n    fix: unset DOCKER_BUILDKIT \(or set it to 0\): Podman then builds with Buildah$/m);
    // What the line says, seen for real.
    const dir = mkdtempSync(join(tmpdir(), 'labcheck-doctor-'));
    try {
      writeFileSync(join(dir, 'Dockerfile'), 'FROM busybox\nRUN true\n');
      const build = await execa('/usr/bin/docker', ['build', '--label', `io.labcheck.run=${track()}`, dir], { env, reject: false });
      expect(build.exitCode).not.toBe(0);
      expect(build.stderr).toMatch(/unable to upgrade to h2c, received 404/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(await leftOnPodman()).toBe('');
  });

  it('the podman CLI alone (LABCHECK_DOCKER=podman, no DOCKER_HOST): its own socket found, Buildah, busybox run by podman', async () => {
    const result = await labcheck(['doctor', '--port', '0'], { env: { LABCHECK_DOCKER: 'podman' } });
    expect(result.exitCode, result.stdout).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines).toContain(`✔ docker CLI: ${(await execa('podman', ['--version'])).stdout.trim()}`);
    expect(lines).toContain(`✔ engine reachable: ${PODMAN} (Podman's socket), Podman ${await serverVersion({ DOCKER_HOST: PODMAN })}`);
    expect(lines).toContain('• docker build uses: Buildah (the podman CLI builds with Buildah)');
    expect(lines).toContain('✔ pull and run busybox: docker run busybox echo works');
    expect(await leftOnPodman()).toBe('');
  });

  it('nothing answers at DOCKER_HOST: the engine line fails, then how to start each engine, exit 3', async () => {
    const result = await labcheck(['doctor', '--port', '0'], { env: { DOCKER_HOST: 'unix:///tmp/labcheck-no-engine.sock' } });
    expect(result.exitCode).toBe(3);
    expect(result.stdout).toContain('✘ engine reachable: no Docker engine answered at unix:///tmp/labcheck-no-engine.sock (DOCKER_HOST).');
    expect(result.stdout).toContain('    fix: start one of these engines, or set DOCKER_HOST to one that runs:\n');
    for (const line of ['Docker Engine: `sudo systemctl start docker`', 'rootless Docker: `systemctl --user start docker`', 'Podman (rootless): `systemctl --user enable --now podman.socket`', 'Podman (as root): `sudo systemctl enable --now podman.socket`']) {
      expect(result.stdout).toContain(`      ${line}`);
    }
  });

  it('no docker CLI: that line fails with the fix, the engine is still described, nothing that needs the CLI is judged, exit 3', async () => {
    const result = await labcheck(['doctor', '--port', '0'], { env: { LABCHECK_DOCKER: '/nonexistent/docker' } });
    expect(result.exitCode).toBe(3);
    expect(result.stdout).toMatch(/^✘ docker CLI: the docker CLI "\/nonexistent\/docker" was not found on PATH.*\n    fix: install Docker/m);
    expect(result.stdout.split('\n').map((l) => l.split(':')[0])).toEqual(['✘ docker CLI', '    fix', '✔ engine reachable', '• engine', '✔ Engine API version', '• rootless', '• image store', '✔ port 0 free', '✔ disk space']);
  });

  it('in Chinese, the same findings', async () => {
    const result = await labcheck(['doctor', '--port', '0', '--lang', 'zh'], { env: { DOCKER_HOST: PODMAN } });
    expect(result.exitCode, result.stdout).toBe(0);
    expect(result.stdout).toContain('• 引擎: Podman，提供兼容 Docker Engine 的 API（/version 中的组件名为 “Podman Engine”）');
    expect(result.stdout).toContain('• rootless: 否（/info 的 SecurityOptions 不含 name=rootless）');
  });
});
