import { describe, expect, it } from 'vitest';
import {
  LABCHECK_MAX_API,
  apiAtLeast,
  compareApiVersions,
  engineFacts,
  engineName,
  infoFacts,
  negotiateApiVersion,
  pingFacts,
  versionFacts,
  type EngineFacts,
} from '../../src/docker/engine-info.js';
import { DOCKER_17_06, DOCKER_20_10, DOCKER_29_CONTAINERD, DOCKER_DESKTOP, DOCKER_ROOTLESS, PODMAN_4_3, PODMAN_ROOTLESS } from './fixtures/engines.js';

describe('engineFacts: each engine as it answers /version and /info', () => {
  it.each<[string, { version: unknown; info: unknown }, EngineFacts, string]>([
    [
      'Docker 20.10 (this machine)',
      DOCKER_20_10,
      { kind: 'docker', product: 'Docker Engine', desktop: false, version: '20.10.24+dfsg1', apiVersion: '1.41', minApiVersion: '1.12', rootless: false, imageStore: 'graphdriver', storageDriver: 'overlay2', rootDir: '/var/lib/docker', operatingSystem: 'Debian GNU/Linux 12 (bookworm)' },
      'Docker Engine 20.10.24+dfsg1',
    ],
    [
      'Docker 29 with the containerd image store',
      DOCKER_29_CONTAINERD,
      { kind: 'docker', product: 'Docker Engine - Community', desktop: false, version: '29.0.4', apiVersion: '1.52', minApiVersion: '1.44', rootless: false, imageStore: 'containerd', storageDriver: 'overlayfs', rootDir: '/var/lib/docker', operatingSystem: 'Ubuntu 24.04.3 LTS' },
      'Docker Engine - Community 29.0.4',
    ],
    [
      'Docker Desktop',
      DOCKER_DESKTOP,
      { kind: 'docker', product: 'Docker Desktop 4.37.2 (179585)', desktop: true, version: '27.4.0', apiVersion: '1.47', minApiVersion: '1.24', rootless: false, imageStore: 'containerd', storageDriver: 'overlayfs', rootDir: '/var/lib/docker', operatingSystem: 'Docker Desktop' },
      'Docker Desktop 4.37.2 (179585), Engine 27.4.0',
    ],
    [
      'rootless Docker',
      DOCKER_ROOTLESS,
      { kind: 'docker', product: 'Docker Engine - Community', desktop: false, version: '27.3.1', apiVersion: '1.47', minApiVersion: '1.24', rootless: true, imageStore: 'graphdriver', storageDriver: 'overlay2', rootDir: '/home/student/.local/share/docker', operatingSystem: 'Ubuntu 24.04.1 LTS' },
      'Docker Engine - Community 27.3.1',
    ],
    [
      'Podman 4.3 as root (this machine)',
      PODMAN_4_3,
      { kind: 'podman', product: 'Podman Engine', desktop: false, version: '4.3.1', apiVersion: '1.41', minApiVersion: '1.24', rootless: false, imageStore: 'graphdriver', storageDriver: 'overlay', rootDir: '/var/lib/containers/storage', operatingSystem: 'debian' },
      'Podman 4.3.1',
    ],
    [
      'rootless Podman',
      PODMAN_ROOTLESS,
      { kind: 'podman', product: 'Podman Engine', desktop: false, version: '5.2.2', apiVersion: '1.41', minApiVersion: '1.24', rootless: true, imageStore: 'graphdriver', storageDriver: 'overlay', rootDir: '/home/student/.local/share/containers/storage', operatingSystem: 'fedora' },
      'Podman 5.2.2',
    ],
    [
      'Docker 17.06, before Platform and Components',
      DOCKER_17_06,
      { kind: 'docker', product: 'Docker Engine', desktop: false, version: '17.06.2-ce', apiVersion: '1.30', minApiVersion: '1.12', rootless: false, imageStore: 'graphdriver', storageDriver: 'aufs', rootDir: '/var/lib/docker', operatingSystem: 'Ubuntu 16.04.3 LTS' },
      'Docker Engine 17.06.2-ce',
    ],
  ])('%s', (_, engine, facts, name) => {
    expect(engineFacts(engine.version, engine.info)).toEqual(facts);
    expect(engineName(facts)).toBe(name);
  });
});

describe('versionFacts: fields an engine leaves out', () => {
  const engineOnly = DOCKER_29_CONTAINERD.version.Components[0];
  it.each<[string, unknown, Partial<EngineFacts>]>([
    ['nothing at all', {}, { kind: 'docker', product: 'Docker Engine', version: undefined, apiVersion: undefined, minApiVersion: undefined }],
    ['not an object', 'OK', { kind: 'docker', version: undefined }],
    ['null', null, { kind: 'docker', apiVersion: undefined }],
    // API 1.35 prefers Components over the top-level copies; an engine may send only the former.
    ['only the Engine component', { Components: [engineOnly] }, { kind: 'docker', version: '29.0.4', apiVersion: '1.52', minApiVersion: '1.44' }],
    ['empty strings count as absent', { Platform: { Name: '' }, Version: '', ApiVersion: '', Components: [] }, { product: 'Docker Engine', version: undefined, apiVersion: undefined }],
    ['Components not an array', { Components: { Name: 'Podman Engine' }, Version: '1.0' }, { kind: 'docker', version: '1.0' }],
  ])('%s', (_, body, expected) => {
    expect(versionFacts(body)).toMatchObject(expected);
  });

  it("Podman without top-level versions does not take libpod's own API versions for Docker's", () => {
    const [podman] = PODMAN_4_3.version.Components;
    expect(versionFacts({ Components: [podman] })).toEqual({ kind: 'podman', product: 'Podman Engine', desktop: false, version: '4.3.1', apiVersion: undefined, minApiVersion: undefined });
  });

  it.each([
    ['a component named Podman', { Components: [{ Name: 'podman engine', Version: '3.4.4' }] }],
    ['podman in the version only', { Version: '4.9.3-podman', ApiVersion: '1.41' }],
  ])('Podman recognised by %s', (_, body) => {
    expect(versionFacts(body).kind).toBe('podman');
  });

  it('a Desktop-like name on Podman is not Docker Desktop', () => {
    expect(versionFacts({ ...PODMAN_4_3.version, Platform: { Name: 'Docker Desktop 4.37.2' } })).toMatchObject({ kind: 'podman', desktop: false });
  });
});

describe('infoFacts: rootless and the image store', () => {
  it.each<[string, unknown, Partial<EngineFacts>]>([
    ['nothing at all', {}, { rootless: false, imageStore: 'graphdriver', storageDriver: undefined, rootDir: undefined }],
    ['not an object', [], { rootless: false, imageStore: 'graphdriver' }],
    ['rootless among other options', { SecurityOptions: ['name=seccomp,profile=builtin', 'name=rootless'] }, { rootless: true }],
    ['rootless in a combined option', { SecurityOptions: ['name=rootless,foo=bar'] }, { rootless: true }],
    ['a rootless-looking word is not rootless', { SecurityOptions: ['name=rootlesskit', 'profile=rootless'] }, { rootless: false }],
    ["Podman's own Rootless field", { Rootless: true, SecurityOptions: null }, { rootless: true }],
    ['Rootless not a boolean', { Rootless: 'true' }, { rootless: false }],
    ['the snapshotter anywhere in DriverStatus', { Driver: 'stargz', DriverStatus: [['Backing Filesystem', 'extfs'], ['driver-type', 'io.containerd.snapshotter.v1']] }, { imageStore: 'containerd', storageDriver: 'stargz' }],
    ['overlayfs without the snapshotter status is not taken for containerd', { Driver: 'overlayfs', DriverStatus: [] }, { imageStore: 'graphdriver' }],
    ['DriverStatus with odd entries', { DriverStatus: [null, 'io.containerd.snapshotter.v1', ['x']] }, { imageStore: 'graphdriver' }],
  ])('%s', (_, body, expected) => {
    expect(infoFacts(body)).toMatchObject(expected);
  });
});

describe('API versions', () => {
  it.each([
    ['1.9', '1.41', -1],
    ['1.41', '1.41', 0],
    ['1.52', '1.44', 1],
    ['2.0', '1.99', 1],
  ])('%s vs %s', (a, b, sign) => {
    expect(Math.sign(compareApiVersions(a, b))).toBe(sign);
  });

  it.each([
    ['1.41', '1.30', true],
    ['1.29', '1.30', false],
    ['unknown', '1.30', false],
  ])('apiAtLeast(%s, %s) = %s', (version, min, ok) => {
    expect(apiAtLeast(version, min)).toBe(ok);
  });

  it.each<[string, string | undefined, string | undefined, string | undefined]>([
    ['Engine 20.10 here: its own newest', '1.41', undefined, '1.41'],
    ['Engine 29.0', '1.52', undefined, '1.52'],
    ['a newer engine is asked for the newest labcheck knows', '1.55', undefined, LABCHECK_MAX_API],
    ['no Api-Version header: unversioned', undefined, undefined, undefined],
    ['a header that is no version: unversioned', 'latest', undefined, undefined],
    ['DOCKER_API_VERSION wins, as with the CLI', '1.52', '1.44', '1.44'],
    ['DOCKER_API_VERSION with a v', '1.41', 'v1.40', '1.40'],
    ['empty DOCKER_API_VERSION is unset', '1.41', '', '1.41'],
  ])('%s', (_, server, pinned, expected) => {
    expect(negotiateApiVersion(server, pinned)).toBe(expected);
  });

  it('a DOCKER_API_VERSION that is no version is refused with its value', () => {
    expect(() => negotiateApiVersion('1.41', '1.41.0')).toThrow('DOCKER_API_VERSION="1.41.0" is not an API version such as 1.41');
  });

  it('labcheck knows Engine 29.0 (API 1.52) and so is within its range [1.44, 1.52]', () => {
    expect(apiAtLeast(LABCHECK_MAX_API, DOCKER_29_CONTAINERD.version.MinAPIVersion)).toBe(true);
    expect(negotiateApiVersion(DOCKER_29_CONTAINERD.version.ApiVersion, undefined)).toBe('1.52');
  });
});

describe('pingFacts', () => {
  it.each<[string, Record<string, string | string[] | undefined>, object]>([
    [
      'Docker 20.10 here',
      { 'api-version': '1.41', 'docker-experimental': 'false', ostype: 'linux', server: 'Docker/20.10.24+dfsg1 (linux)' },
      { kind: 'docker', version: '20.10.24+dfsg1', apiVersion: '1.41', builderVersion: undefined, libpodApiVersion: undefined },
    ],
    ['Docker with BuildKit as its default', { 'api-version': '1.47', 'builder-version': '2', server: 'Docker/27.4.0 (linux)' }, { kind: 'docker', version: '27.4.0', builderVersion: '2' }],
    [
      'Podman 4.3 here',
      { 'api-version': '1.41', 'libpod-api-version': '4.3.1', 'libpod-buildah-version': '1.28.2', server: 'Libpod/4.3.1 (linux)' },
      { kind: 'podman', version: '4.3.1', apiVersion: '1.41', libpodApiVersion: '4.3.1' },
    ],
    ['Podman behind a proxy that drops Server', { 'api-version': '1.41', 'libpod-api-version': '5.2.2' }, { kind: 'podman', version: '5.2.2' }],
    ['a repeated header', { 'api-version': ['1.41', '1.40'] }, { apiVersion: '1.41' }],
    ['none', {}, { kind: 'docker', version: undefined, apiVersion: undefined, builderVersion: undefined, libpodApiVersion: undefined }],
  ])('%s', (_, headers, expected) => {
    expect(pingFacts(headers)).toMatchObject(expected);
  });
});
