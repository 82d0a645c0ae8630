import { describe, expect, it } from 'vitest';
import { infoFacts, versionFacts } from '../../src/docker/engine-info.js';
import { apiFinding, clientVersion, formatFinding, imageStoreFinding, kindFinding, rootlessFinding, type Finding } from '../../src/doctor/doctor.js';
import { startHints } from '../../src/doctor/start.js';
import { t } from '../../src/engine/lang.js';
import { DOCKER_20_10, DOCKER_29_CONTAINERD, DOCKER_DESKTOP, DOCKER_ROOTLESS, PODMAN_4_3, PODMAN_ROOTLESS } from '../docker/fixtures/engines.js';

const line = (f: Finding) => formatFinding(f, 'en');

describe('doctor: each engine named from its own answers', () => {
  it.each<[string, { version: unknown; info: unknown }, string[]]>([
    [
      'Docker 20.10',
      DOCKER_20_10,
      [
        '• engine: Docker (/version: "Docker Engine", no Podman component)\n',
        '✔ Engine API version: 1.41 (the engine accepts 1.12–1.41; labcheck sends 1.41, needs ≥ 1.30)\n',
        '• rootless: no (/info SecurityOptions has no name=rootless)\n',
        '• image store: graph driver overlay2 (/info DriverStatus has no io.containerd.snapshotter.v1)\n',
      ],
    ],
    [
      'Docker 29 with the containerd store',
      DOCKER_29_CONTAINERD,
      [
        '• engine: Docker (/version: "Docker Engine - Community", no Podman component)\n',
        '✔ Engine API version: 1.52 (the engine accepts 1.44–1.52; labcheck sends 1.52, needs ≥ 1.30)\n',
        '• rootless: no (/info SecurityOptions has no name=rootless)\n',
        '• image store: containerd, snapshotter overlayfs (/info DriverStatus has io.containerd.snapshotter.v1)\n',
      ],
    ],
    [
      'Docker Desktop',
      DOCKER_DESKTOP,
      [
        '• engine: Docker (/version: "Docker Desktop 4.37.2 (179585)", no Podman component)\n',
        '✔ Engine API version: 1.47 (the engine accepts 1.24–1.47; labcheck sends 1.47, needs ≥ 1.30)\n',
        '• rootless: no (/info SecurityOptions has no name=rootless)\n',
        '• image store: containerd, snapshotter overlayfs (/info DriverStatus has io.containerd.snapshotter.v1)\n',
      ],
    ],
    [
      'rootless Docker',
      DOCKER_ROOTLESS,
      [
        '• engine: Docker (/version: "Docker Engine - Community", no Podman component)\n',
        '✔ Engine API version: 1.47 (the engine accepts 1.24–1.47; labcheck sends 1.47, needs ≥ 1.30)\n',
        '• rootless: yes (/info SecurityOptions has name=rootless)\n',
        '• image store: graph driver overlay2 (/info DriverStatus has no io.containerd.snapshotter.v1)\n',
      ],
    ],
    [
      'Podman 4.3',
      PODMAN_4_3,
      [
        '• engine: Podman, serving the Docker Engine API (/version names the component "Podman Engine")\n',
        '✔ Engine API version: 1.41 (the engine accepts 1.24–1.41; labcheck sends 1.41, needs ≥ 1.30)\n',
        '• rootless: no (/info SecurityOptions has no name=rootless)\n',
        '• image store: graph driver overlay (/info DriverStatus has no io.containerd.snapshotter.v1)\n',
      ],
    ],
    [
      'rootless Podman',
      PODMAN_ROOTLESS,
      [
        '• engine: Podman, serving the Docker Engine API (/version names the component "Podman Engine")\n',
        '✔ Engine API version: 1.41 (the engine accepts 1.24–1.41; labcheck sends 1.41, needs ≥ 1.30)\n',
        '• rootless: yes (/info SecurityOptions has name=rootless)\n',
        '• image store: graph driver overlay (/info DriverStatus has no io.containerd.snapshotter.v1)\n',
      ],
    ],
  ])('%s', (_, engine, lines) => {
    const facts = versionFacts(engine.version);
    const info = infoFacts(engine.info);
    const shown = [kindFinding(facts), apiFinding(facts, facts.apiVersion), rootlessFinding(info), imageStoreFinding(info)];
    expect(shown.map(line)).toEqual(lines);
  });

  it('an engine older than labcheck needs fails the API line with the fix', () => {
    const facts = versionFacts({ Version: '17.03.2-ce', ApiVersion: '1.27', MinAPIVersion: '1.12' });
    expect(line(apiFinding(facts, '1.27'))).toBe(
      '✘ Engine API version: 1.27 (the engine accepts 1.12–1.27; labcheck sends 1.27, needs ≥ 1.30)\n    fix: upgrade Docker\n',
    );
  });

  it('an engine that does not say its versions', () => {
    const facts = versionFacts({});
    expect(line(apiFinding(facts, undefined))).toBe(
      '✘ Engine API version: unknown (the engine accepts up to unknown; labcheck sends unversioned paths, needs ≥ 1.30)\n    fix: upgrade Docker\n',
    );
  });

  it('every line has its Chinese', () => {
    const facts = versionFacts(PODMAN_ROOTLESS.version);
    const info = infoFacts(PODMAN_ROOTLESS.info);
    expect([kindFinding(facts), rootlessFinding(info), imageStoreFinding(info)].map((f) => formatFinding(f, 'zh'))).toEqual([
      '• 引擎: Podman，提供兼容 Docker Engine 的 API（/version 中的组件名为 “Podman Engine”）\n',
      '• rootless: 是（/info 的 SecurityOptions 含 name=rootless）\n',
      '• 镜像存储: 存储驱动 overlay（/info 的 DriverStatus 不含 io.containerd.snapshotter.v1）\n',
    ]);
  });
});

describe('formatFinding', () => {
  it.each<[Finding, string]>([
    [{ ok: true, what: t('a', '甲'), seen: 'fine' }, '✔ a: fine\n'],
    [{ ok: false, what: t('a', '甲'), seen: 'broken', fix: t('mend it', '修好它') }, '✘ a: broken\n    fix: mend it\n'],
    [{ ok: true, info: true, what: t('a', '甲'), seen: t('a fact', '事实'), fix: t('unused', '不用') }, '• a: a fact\n'],
  ])('%j', (finding, text) => {
    expect(formatFinding(finding, 'en')).toBe(text);
  });
});

describe('clientVersion: from `docker version --format {{json .Client}}`', () => {
  it.each<[string, string | undefined]>([
    ['{"Version":"28.2.2","ApiVersion":"1.41","DefaultAPIVersion":"1.50","Os":"linux"}', '28.2.2'],
    ['{"Platform":{"Name":""},"Version":"20.10.24+dfsg1","ApiVersion":"1.41"}', '20.10.24+dfsg1'],
    ['{"APIVersion":"4.3.1","Version":"4.3.1","OsArch":"linux/amd64"}', '4.3.1'],
    ['{"Version":""}', undefined],
    ['Client: Docker Engine - Community\n Version: 28.2.2', undefined],
    ['', undefined],
  ])('%j -> %s', (stdout, version) => {
    expect(clientVersion(stdout)).toBe(version);
  });
});

describe('startHints: how to start each engine', () => {
  it.each<[NodeJS.Platform, string[]]>([
    [
      'linux',
      [
        'Docker Engine: `sudo systemctl start docker`; to use it without sudo, `sudo usermod -aG docker $USER` and log in again',
        'rootless Docker: `systemctl --user start docker` (set up once with `dockerd-rootless-setuptool.sh install`)',
        'Docker Desktop: open Docker Desktop (`systemctl --user start docker-desktop`)',
        'Podman (rootless): `systemctl --user enable --now podman.socket`; without systemd, `podman system service --time=0 &`',
        'Podman (as root): `sudo systemctl enable --now podman.socket`; its socket is for root only',
      ],
    ],
    ['darwin', ['Docker Desktop: open Docker Desktop (`open -a Docker`)', 'Podman: `podman machine init` once, then `podman machine start`', 'Colima: `colima start`']],
    ['win32', ['Docker Desktop: start Docker Desktop from the Start menu', 'Podman: `podman machine init` once, then `podman machine start`']],
  ])('%s', (platform, lines) => {
    expect(startHints(platform).map((h) => `${h.engine.en}: ${h.how.en}`)).toEqual(lines);
    for (const h of startHints(platform)) expect(h.how.zh).not.toBe('');
  });
});
