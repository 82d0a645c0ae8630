import { describe, expect, it } from 'vitest';
import { decideBuilder, parseGoBool, type BuilderInput } from '../../src/doctor/builder.js';

const docker28: BuilderInput = { podmanCli: false, cliVersion: '28.2.2', buildx: undefined, dockerBuildkit: undefined, engineBuilderVersion: undefined, engineKind: 'docker' };
const docker2010: BuilderInput = { ...docker28, cliVersion: '20.10.24+dfsg1' };
const buildx = 'github.com/docker/buildx v0.17.1 257815a';

describe('decideBuilder: which builder `docker build` uses, and how that was decided', () => {
  it.each<[string, Partial<BuilderInput>, string | undefined, boolean, RegExp]>([
    // CLI 23.0 and later: buildx decides.
    ['CLI 28 without buildx (this machine): legacy', {}, 'legacy', true, /^docker 28\.2\.2 has no buildx plugin \(`docker buildx version` failed\); DOCKER_BUILDKIT unset$/],
    ['CLI 28 with buildx: BuildKit', { buildx }, 'buildkit', true, /hands docker build to buildx: `docker buildx version` says github\.com\/docker\/buildx v0\.17\.1/],
    ['CLI 28 with buildx and DOCKER_BUILDKIT=1: BuildKit', { buildx, dockerBuildkit: '1' }, 'buildkit', true, /DOCKER_BUILDKIT=1$/],
    ['CLI 28 with buildx and DOCKER_BUILDKIT=0: legacy', { buildx, dockerBuildkit: '0' }, 'legacy', true, /^DOCKER_BUILDKIT=0 turns BuildKit off in docker 28\.2\.2$/],
    ['CLI 28 with DOCKER_BUILDKIT=false: legacy (Go booleans)', { dockerBuildkit: 'false' }, 'legacy', true, /DOCKER_BUILDKIT=false/],
    ['CLI 28 without buildx and DOCKER_BUILDKIT=1: docker build refuses', { dockerBuildkit: '1' }, undefined, false, /buildx component is missing or broken/],
    ['an unknown CLI version is judged as a current CLI', { cliVersion: undefined, buildx }, 'buildkit', true, /docker \(version unknown\) hands docker build to buildx/],
    // CLI before 23.0: DOCKER_BUILDKIT or the engine's default decide.
    ['CLI 20.10 with DOCKER_BUILDKIT=1: its built-in BuildKit', { ...docker2010, dockerBuildkit: '1' }, 'buildkit', true, /^DOCKER_BUILDKIT=1: docker 20\.10\.24\+dfsg1 uses its built-in BuildKit$/],
    ['CLI 20.10, unset, engine without Builder-Version 2: legacy', docker2010, 'legacy', true, /does not say Builder-Version 2; DOCKER_BUILDKIT unset$/],
    ['CLI 20.10, unset, engine with Builder-Version 2: BuildKit', { ...docker2010, engineBuilderVersion: '2' }, 'buildkit', true, /its \/_ping says Builder-Version 2/],
    ['CLI 20.10 ignores buildx unless asked', { ...docker2010, buildx }, 'legacy', true, /follows the engine's default, and its \/_ping does not say Builder-Version 2/],
    ['CLI 20.10 with DOCKER_BUILDKIT=0 beats the engine default', { ...docker2010, dockerBuildkit: '0', engineBuilderVersion: '2' }, 'legacy', true, /DOCKER_BUILDKIT=0/],
    // Either CLI: a DOCKER_BUILDKIT that is no boolean.
    ['DOCKER_BUILDKIT=yes: refused', { dockerBuildkit: 'yes' }, undefined, false, /DOCKER_BUILDKIT=yes is not a boolean/],
    ['empty DOCKER_BUILDKIT counts as unset', { dockerBuildkit: '' }, 'legacy', true, /DOCKER_BUILDKIT unset/],
    // The podman CLI, and the docker CLI against Podman.
    ['the podman CLI: Buildah', { podmanCli: true, dockerBuildkit: '1' }, 'buildah', true, /^the podman CLI builds with Buildah$/],
    ['legacy builder against Podman: Buildah serves it', { engineKind: 'podman' }, 'legacy', true, /; Podman runs such builds with Buildah$/],
    ['CLI 20.10 BuildKit against Podman: fails (seen here)', { ...docker2010, dockerBuildkit: '1', engineKind: 'podman' }, undefined, false, /unable to upgrade to h2c/],
    ['buildx against Podman: said to be untested', { buildx, engineKind: 'podman' }, 'buildkit', true, /not tested by labcheck$/],
  ])('%s', (_, input, builder, ok, how) => {
    const verdict = decideBuilder({ ...docker28, ...input });
    expect(verdict.builder).toBe(builder);
    expect(verdict.ok).toBe(ok);
    expect(verdict.how.en).toMatch(how);
    expect(verdict.how.zh).not.toBe('');
    expect(verdict.fix === undefined).toBe(ok);
  });

  it('the fixes say what to do', () => {
    expect(decideBuilder({ ...docker28, dockerBuildkit: '1' }).fix?.en).toBe('install the buildx plugin (docker-buildx), or unset DOCKER_BUILDKIT');
    expect(decideBuilder({ ...docker2010, dockerBuildkit: '1', engineKind: 'podman' }).fix?.en).toBe('unset DOCKER_BUILDKIT (or set it to 0): Podman then builds with Buildah');
  });
});

describe('parseGoBool', () => {
  it.each<[string, boolean | undefined]>([
    ['1', true],
    ['true', true],
    ['TRUE', true],
    ['t', true],
    ['0', false],
    ['False', false],
    ['f', false],
    ['yes', undefined],
    ['on', undefined],
    [' 1', undefined],
  ])('%j -> %s', (value, expected) => {
    expect(parseGoBool(value)).toBe(expected);
  });
});
