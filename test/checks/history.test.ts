import { describe, expect, it } from 'vitest';
import {
  addsAppJsEntry,
  classifyHistoryLine,
  layerFacts,
  withoutBuildLabels,
  describeHistoryLine as describeLine,
  entriesAboveBase,
  judgeLayers,
  parseDockerList,
  type HistoryEntry,
  type HistoryLine,
} from '../../checks/history.js';

const LEGACY_ENTRYPOINT = '/bin/sh -c #(nop)  ENTRYPOINT ["node" "app.js"]';
const LEGACY_ADD = '/bin/sh -c #(nop) ADD file:5fe4d29cf4b7fde0dd82519d823589f587651bcc7434a5d3a2532ed9559ca252 in /app.js ';
const BK = 'buildkit.dockerfile.v0';

// This machine's stand-in node:12: one history entry, one layer.
const STANDIN_BASE: HistoryEntry[] = [{ Id: 'sha256:9419', Created: 1722000000, CreatedBy: '', Size: 106000000, Comment: 'Imported from -' }];
const STANDIN_LAYERS = ['sha256:base0'];

const LEGACY: HistoryEntry[] = [
  { Id: 'sha256:8806', Created: 1722700060, CreatedBy: LEGACY_ENTRYPOINT, Size: 0, Comment: '' },
  { Id: 'sha256:660f', Created: 1722700059, CreatedBy: LEGACY_ADD, Size: 617, Comment: '' },
  ...STANDIN_BASE,
];
const BUILDKIT: HistoryEntry[] = [
  { Id: 'sha256:8035', Created: 1722700060, CreatedBy: 'ENTRYPOINT ["node" "app.js"]', Size: 0, Comment: BK },
  { Id: '<missing>', Created: 1722700060, CreatedBy: 'ADD app.js /app.js # buildkit', Size: 617, Comment: BK },
  ...STANDIN_BASE,
];

// The real node:12 as the chapter's `docker history` shows it (lines the CLI truncated written out in full).
const REAL_NODE12: HistoryEntry[] = [
  ['/bin/sh -c #(nop)  CMD ["node"]', 0],
  ['/bin/sh -c #(nop)  ENTRYPOINT ["docker-entrypoint.sh"]', 0],
  ['/bin/sh -c #(nop) COPY file:4d192565a7220e135cab6c77fbc1c73211b69f3d9fb37e62857b2c6eb9363d51 in /usr/local/bin/ ', 388],
  ['/bin/sh -c set -ex   && for key in     6A010C5166006599AA17F08146C2130DFD2497F5     B9E2F5981AA6E0CD28160D9FF13C65B8E5FFD3D0   ; do     gpg --batch --keyserver hkps://keys.openpgp.org --recv-keys "$key"   ; done   && curl -fsSLO --compressed "https://yarnpkg.com/downloads/$YARN_VERSION/yarn-v$YARN_VERSION.tar.gz"', 7720000],
  ['/bin/sh -c #(nop)  ENV YARN_VERSION=1.22.18', 0],
  ['/bin/sh -c ARCH= && dpkgArch="$(dpkg --print-architecture)"   && case "${dpkgArch##*-}" in     amd64) ARCH=\'x64\';;     *) echo "unsupported architecture"; exit 1 ;;   esac', 73200000],
  ['/bin/sh -c #(nop)  ENV NODE_VERSION=12.22.12', 0],
  ['/bin/sh -c groupadd --gid 1000 node   && useradd --uid 1000 --gid node --shell /bin/bash --create-home node', 336000],
  ['/bin/sh -c set -ex;  apt-get update;  apt-get install -y --no-install-recommends   autoconf   automake   bzip2   dpkg-dev   file   g++   gcc', 523000000],
  ['/bin/sh -c apt-get update && apt-get install -y --no-install-recommends   bzr   git   mercurial   openssh-client   subversion     procps  && rm -rf /var/lib/apt/lists/*', 136000000],
  ['/bin/sh -c set -ex;  if ! command -v gpg > /dev/null; then   apt-get update;   apt-get install -y --no-install-recommends    gnupg    dirmngr   ;  rm -rf /var/lib/apt/lists/*;  fi', 6440000],
  ['/bin/sh -c set -eux;  apt-get update;  apt-get install -y --no-install-recommends   ca-certificates   curl   netbase   wget  ;  rm -rf /var/lib/apt/lists/*', 21700000],
  ['/bin/sh -c #(nop)  CMD ["bash"]', 0],
  ['/bin/sh -c #(nop) ADD file:73f1db8536438ca89b7ed01a8fd7f8a21e8a87c6c3e0d5bbef2ef7c64a4a5c61 in / ', 95900000],
].map(([createdBy, size], i) => ({
  Id: i === 0 ? 'sha256:6c8de432fc7f' : '<missing>',
  Created: 1652000000 - i * 60,
  CreatedBy: createdBy as string,
  Size: size as number,
  Comment: '',
}));
const REAL_NODE12_LAYERS = Array.from({ length: 9 }, (_, i) => `sha256:node12layer${i}`);

const entry = (CreatedBy: string, Comment = '', Size = 0): HistoryEntry => ({ Id: '<missing>', Created: 1722700061, CreatedBy, Size, Comment });

describe('classifyHistoryLine', () => {
  it.each<[string, string, string | undefined, Partial<HistoryLine>]>([
    ['legacy ENTRYPOINT', LEGACY_ENTRYPOINT, '', { kind: 'ENTRYPOINT', builder: 'legacy', exec: ['node', 'app.js'] }],
    ['legacy ADD of a file', LEGACY_ADD, '', { kind: 'ADD', builder: 'legacy', sources: undefined, dest: '/app.js' }],
    ['legacy COPY to /', '/bin/sh -c #(nop) COPY file:4d192565a7220e13 in / ', '', { kind: 'COPY', builder: 'legacy', sources: undefined, dest: '/' }],
    ['legacy COPY of a directory', '/bin/sh -c #(nop) COPY dir:0a1b2c in /srv ', '', { kind: 'COPY', builder: 'legacy', dest: '/srv' }],
    ['legacy RUN', '/bin/sh -c apt-get update', '', { kind: 'RUN', builder: 'legacy', args: 'apt-get update' }],
    ['legacy RUN with build args', '|1 FOO=bar /bin/sh -c echo $FOO', '', { kind: 'RUN', builder: 'legacy', args: 'echo $FOO' }],
    ['legacy RUN with two build args', '|2 A=1 B=2 /bin/sh -c make', undefined, { kind: 'RUN', builder: 'legacy', args: 'make' }],
    ['legacy CMD', '/bin/sh -c #(nop)  CMD ["node"]', '', { kind: 'CMD', builder: 'legacy', exec: ['node'] }],
    ['legacy shell-form ENTRYPOINT', '/bin/sh -c #(nop)  ENTRYPOINT ["/bin/sh" "-c" "node app.js"]', '', { kind: 'ENTRYPOINT', exec: ['/bin/sh', '-c', 'node app.js'] }],
    ['legacy ENV', '/bin/sh -c #(nop)  ENV NODE_VERSION=12.22.12', '', { kind: 'ENV', builder: 'legacy', args: 'NODE_VERSION=12.22.12' }],
    ['legacy LABEL', '/bin/sh -c #(nop)  LABEL org.opencontainers.image.description=offline', '', { kind: 'LABEL', builder: 'legacy' }],
    ['legacy WORKDIR', '/bin/sh -c #(nop) WORKDIR /app', '', { kind: 'WORKDIR', builder: 'legacy', args: '/app' }],
    ['legacy EXPOSE', '/bin/sh -c #(nop)  EXPOSE 8080', '', { kind: 'EXPOSE', builder: 'legacy', args: '8080' }],
    ['legacy USER', '/bin/sh -c #(nop)  USER node', '', { kind: 'USER', builder: 'legacy', args: 'node' }],
    ['legacy VOLUME', '/bin/sh -c #(nop)  VOLUME [/data]', '', { kind: 'VOLUME', builder: 'legacy', args: '[/data]' }],
    ['legacy ARG', '/bin/sh -c #(nop)  ARG RELEASE', '', { kind: 'ARG', builder: 'legacy', args: 'RELEASE' }],
    ['legacy HEALTHCHECK', '/bin/sh -c #(nop)  HEALTHCHECK &{["CMD" "true"] "30s" "0s" "0s" \'\\x00\'}', '', { kind: 'OTHER', builder: 'legacy' }],
    ['BuildKit ADD', 'ADD app.js /app.js # buildkit', BK, { kind: 'ADD', builder: 'buildkit', sources: ['app.js'], dest: '/app.js' }],
    ['BuildKit COPY', 'COPY app.js /app.js # buildkit', BK, { kind: 'COPY', builder: 'buildkit', sources: ['app.js'], dest: '/app.js' }],
    ['BuildKit COPY with flags', 'COPY --chown=node:node a.js b.js /srv/ # buildkit', BK, { kind: 'COPY', sources: ['a.js', 'b.js'], dest: '/srv/' }],
    ['BuildKit ENTRYPOINT', 'ENTRYPOINT ["node" "app.js"]', BK, { kind: 'ENTRYPOINT', builder: 'buildkit', exec: ['node', 'app.js'] }],
    ['BuildKit RUN', 'RUN /bin/sh -c echo hi # buildkit', BK, { kind: 'RUN', builder: 'buildkit', args: 'echo hi' }],
    ['BuildKit RUN with build args and mount', 'RUN --mount=type=cache,target=/root/.npm |1 V=2 /bin/sh -c npm ci # buildkit', BK, { kind: 'RUN', builder: 'buildkit', args: 'npm ci' }],
    ['BuildKit CMD', 'CMD ["node"]', BK, { kind: 'CMD', builder: 'buildkit', exec: ['node'] }],
    ['BuildKit ENV', 'ENV A=1', BK, { kind: 'ENV', builder: 'buildkit', args: 'A=1' }],
    ['BuildKit EXPOSE', 'EXPOSE map[8080/tcp:{}]', BK, { kind: 'EXPOSE', builder: 'buildkit' }],
    ['keyword form with no comment', 'ENTRYPOINT ["node" "app.js"]', undefined, { kind: 'ENTRYPOINT', builder: 'unknown', exec: ['node', 'app.js'] }],
    ['imported base layer', '', 'Imported from -', { kind: 'OTHER', builder: 'unknown', args: '' }],
  ])('%s', (_name, createdBy, comment, expected) => {
    const line = classifyHistoryLine(createdBy, comment);
    expect(line).toMatchObject(Object.fromEntries(Object.entries(expected).filter(([, v]) => v !== undefined)));
    if ('sources' in expected && expected.sources === undefined) expect(line.sources).toBeUndefined();
  });

  it('reads every entry of the real node:12 history', () => {
    expect(REAL_NODE12.map((e) => classifyHistoryLine(e.CreatedBy, e.Comment).kind)).toEqual([
      'CMD', 'ENTRYPOINT', 'COPY', 'RUN', 'ENV', 'RUN', 'ENV', 'RUN', 'RUN', 'RUN', 'RUN', 'RUN', 'CMD', 'ADD',
    ]);
    expect(REAL_NODE12.every((e) => classifyHistoryLine(e.CreatedBy, e.Comment).builder === 'legacy')).toBe(true);
    expect(classifyHistoryLine(REAL_NODE12[2]!.CreatedBy)).toMatchObject({ dest: '/usr/local/bin/' });
  });

  it.each<[string, string[] | undefined]>([
    ['["node" "app.js"]', ['node', 'app.js']],
    ['["node", "app.js"]', ['node', 'app.js']],
    ['["echo" "a \\"quoted\\" word" "tab\\there"]', ['echo', 'a "quoted" word', 'tab\there']],
    ['["\\u00e9t\\xe9"]', ['été']],
    ['[]', []],
    ['[/data /logs]', ['/data', '/logs']],
    ['node app.js', undefined],
  ])('parseDockerList(%s)', (text, expected) => {
    expect(parseDockerList(text)).toEqual(expected);
  });

  it.each([
    [LEGACY_ADD, '', 'ADD <file> /app.js'],
    ['ADD app.js /app.js # buildkit', BK, 'ADD app.js /app.js'],
    [LEGACY_ENTRYPOINT, '', 'ENTRYPOINT ["node", "app.js"]'],
    ['/bin/sh -c apt-get update', '', 'RUN apt-get update'],
    ['', 'Imported from -', '(empty)'],
  ])('describes %j', (createdBy, comment, text) => {
    expect(describeLine(classifyHistoryLine(createdBy, comment))).toBe(text);
  });
});

describe('entriesAboveBase', () => {
  it.each([
    ['legacy on the stand-in', LEGACY, STANDIN_BASE, 2],
    ['BuildKit on the stand-in', BUILDKIT, STANDIN_BASE, 2],
    ['BuildKit on the real node:12', [...BUILDKIT.slice(0, 2), ...REAL_NODE12], REAL_NODE12, 2],
    ['the base itself', STANDIN_BASE, STANDIN_BASE, 0],
  ])('%s', (_name, image, base, count) => {
    const split = entriesAboveBase(image, base);
    expect(split.ok).toBe(true);
    if (split.ok) expect(split.above).toEqual(image.slice(0, count));
  });

  it.each([
    ['built on the stand-in, judged against the real node:12', LEGACY, REAL_NODE12, ['not built FROM node:12', 'fewer']],
    ['same length, different base', [...BUILDKIT.slice(0, 2), ...REAL_NODE12.slice(1)].concat([entry('x')]), REAL_NODE12, ['not built FROM node:12', 'from the bottom']],
    ['same command, other time', [...LEGACY.slice(0, 2), { ...STANDIN_BASE[0]!, Created: 1 }], STANDIN_BASE, ['not built FROM node:12']],
    ['empty base history', LEGACY, [], ['empty']],
  ])('refuses: %s', (_name, image, base, fragments) => {
    const split = entriesAboveBase(image, base);
    expect(split.ok).toBe(false);
    if (!split.ok) {
      for (const f of fragments) expect(split.message.en).toContain(f);
      expect(split.message.zh).toContain('node:12');
    }
  });
});

describe('judgeLayers', () => {
  it.each([
    ['legacy builder', LEGACY, STANDIN_BASE, [...STANDIN_LAYERS, 'sha256:app'], STANDIN_LAYERS],
    ['BuildKit', BUILDKIT, STANDIN_BASE, [...STANDIN_LAYERS, 'sha256:app'], STANDIN_LAYERS],
    ['BuildKit on the real node:12', [...BUILDKIT.slice(0, 2), ...REAL_NODE12], REAL_NODE12, [...REAL_NODE12_LAYERS, 'sha256:app'], REAL_NODE12_LAYERS],
    ['legacy on the real node:12', [...LEGACY.slice(0, 2), ...REAL_NODE12], REAL_NODE12, [...REAL_NODE12_LAYERS, 'sha256:app'], REAL_NODE12_LAYERS],
    ['COPY instead of ADD', [BUILDKIT[0]!, entry('COPY app.js /app.js # buildkit', BK, 617), ...STANDIN_BASE], STANDIN_BASE, [...STANDIN_LAYERS, 'sha256:app'], STANDIN_LAYERS],
    ['ADD to /', [LEGACY[0]!, entry('/bin/sh -c #(nop) ADD file:5fe4 in / ', '', 617), ...STANDIN_BASE], STANDIN_BASE, [...STANDIN_LAYERS, 'sha256:app'], STANDIN_LAYERS],
  ])('passes: %s', (_name, history, baseHistory, rootfsLayers, baseRootfsLayers) => {
    const j = judgeLayers({ history, baseHistory, rootfsLayers, baseRootfsLayers });
    expect(j.message.en).toContain('2 history entries above node:12');
    expect(j.ok).toBe(true);
    expect(j.message.zh).toContain('node:12 之上有 2 条历史');
    expect(j.above.map((e) => e.kind)).toEqual(['ENTRYPOINT', history[1]!.CreatedBy.includes('COPY') ? 'COPY' : 'ADD']);
    expect(j.above[0]!.entry).toBe(history[0]);
  });

  it.each<[string, HistoryEntry[], HistoryEntry[], string[], string[], Array<[string, string]>]>([
    [
      'an extra RUN layer',
      [LEGACY[0]!, entry('/bin/sh -c npm install -g nodemon', '', 5_000_000), LEGACY[1]!, ...STANDIN_BASE],
      STANDIN_BASE,
      [...STANDIN_LAYERS, 'sha256:app', 'sha256:run'],
      STANDIN_LAYERS,
      [
        ['expected 2 history entries above node:12 (ADD app.js, then ENTRYPOINT); saw 3: ADD <file> /app.js, RUN npm install -g nodemon, ENTRYPOINT ["node", "app.js"]', '应有 2 条历史'],
        ['expected the ADD (or COPY) that puts app.js at /app.js under the top entry; saw RUN npm install -g nodemon', 'RUN npm install -g nodemon'],
        ['expected 1 filesystem layer more than the base, saw 2', '应比基础镜像多 1 个文件系统层，实际多 2 个'],
      ],
    ],
    [
      'an extra RUN layer, BuildKit',
      [BUILDKIT[0]!, BUILDKIT[1]!, entry('RUN /bin/sh -c apt-get update # buildkit', BK, 1000), ...STANDIN_BASE],
      STANDIN_BASE,
      [...STANDIN_LAYERS, 'sha256:run', 'sha256:app'],
      STANDIN_LAYERS,
      [
        ['saw 3: RUN apt-get update, ADD app.js /app.js, ENTRYPOINT ["node", "app.js"]', '实际有 3 条'],
        ['saw 2', '实际多 2 个'],
      ],
    ],
    [
      'a missing ADD',
      [LEGACY[0]!, ...STANDIN_BASE],
      STANDIN_BASE,
      STANDIN_LAYERS,
      STANDIN_LAYERS,
      [
        ['saw 1: ENTRYPOINT ["node", "app.js"]', '实际有 1 条'],
        ['saw nothing there', '什么也没有'],
        ['saw 0', '实际多 0 个'],
      ],
    ],
    [
      'ENTRYPOINT not on top',
      [LEGACY[1]!, LEGACY[0]!, ...STANDIN_BASE],
      STANDIN_BASE,
      [...STANDIN_LAYERS, 'sha256:app'],
      STANDIN_LAYERS,
      [
        ['expected ENTRYPOINT on top; saw ADD <file> /app.js', '最上面应为 ENTRYPOINT'],
        ['under the top entry; saw ENTRYPOINT ["node", "app.js"]', '实际为 ENTRYPOINT ["node", "app.js"]'],
      ],
    ],
    [
      'shell-form ENTRYPOINT',
      [entry('/bin/sh -c #(nop)  ENTRYPOINT ["/bin/sh" "-c" "node app.js"]'), LEGACY[1]!, ...STANDIN_BASE],
      STANDIN_BASE,
      [...STANDIN_LAYERS, 'sha256:app'],
      STANDIN_LAYERS,
      [['shell form wrapped in /bin/sh -c', 'shell 形式']],
    ],
    [
      'another file added',
      [BUILDKIT[0]!, entry('ADD other.js /other.js # buildkit', BK, 100), ...STANDIN_BASE],
      STANDIN_BASE,
      [...STANDIN_LAYERS, 'sha256:app'],
      STANDIN_LAYERS,
      [['saw ADD other.js /other.js', 'ADD other.js /other.js']],
    ],
    [
      'base layers not at the bottom',
      BUILDKIT,
      STANDIN_BASE,
      ['sha256:other', 'sha256:app'],
      STANDIN_LAYERS,
      [['layer 1 differs', '第 1 层不同']],
    ],
  ])('fails: %s', (_name, history, baseHistory, rootfsLayers, baseRootfsLayers, fragments) => {
    const j = judgeLayers({ history, baseHistory, rootfsLayers, baseRootfsLayers });
    expect(j.ok).toBe(false);
    expect(j.notFromBase).toBeUndefined();
    for (const [en, zh] of fragments) {
      expect(j.message.en).toContain(en);
      expect(j.message.zh).toContain(zh);
    }
  });

  it('fails on the wrong base, saying so', () => {
    const j = judgeLayers({
      history: LEGACY,
      baseHistory: REAL_NODE12,
      rootfsLayers: [...STANDIN_LAYERS, 'sha256:app'],
      baseRootfsLayers: REAL_NODE12_LAYERS,
    });
    expect(j.ok).toBe(false);
    expect(j.notFromBase).toBe(true);
    expect(j.above).toEqual([]);
    expect(j.message.en).toContain('not built FROM node:12');
    expect(j.message.zh).toContain('不是 FROM node:12 构建的');
  });

  it('names another base when told', () => {
    const j = judgeLayers({ history: LEGACY, baseHistory: STANDIN_BASE, rootfsLayers: ['a', 'b'], baseRootfsLayers: ['a'], baseRef: 'node:12-offline' });
    expect(j.ok).toBe(true);
    expect(j.message.en).toContain('above node:12-offline');
  });
});

describe('the ADD of app.js, judged alike for both builders', () => {
  // Each pair: the legacy builder's line and BuildKit's for one Dockerfile line, as this engine recorded them.
  it.each<[string, string, string, boolean, string?]>([
    ['ADD app.js /app.js', '/bin/sh -c #(nop) ADD file:5fe4 in /app.js ', 'ADD app.js /app.js # buildkit', true],
    ['COPY app.js /app.js', '/bin/sh -c #(nop) COPY file:5fe4 in /app.js ', 'COPY app.js /app.js # buildkit', true],
    ['ADD src/app.js /app.js', '/bin/sh -c #(nop) ADD file:5fe4 in /app.js ', 'ADD src/app.js /app.js # buildkit', true],
    ['COPY app.js .', '/bin/sh -c #(nop) COPY file:5fe4 in . ', 'COPY app.js . # buildkit', true],
    ['COPY app.js ./', '/bin/sh -c #(nop) COPY file:5fe4 in ./ ', 'COPY app.js ./ # buildkit', true],
    ['COPY app.js /', '/bin/sh -c #(nop) COPY file:5fe4 in / ', 'COPY app.js / # buildkit', true],
    ['COPY . / (one source)', '/bin/sh -c #(nop) COPY dir:1fec in / ', 'COPY . / # buildkit', true],
    ['COPY app.js Dockerfile /', '/bin/sh -c #(nop) COPY multi:a782 in / ', 'COPY app.js Dockerfile / # buildkit', false],
    ['COPY app.js /srv/', '/bin/sh -c #(nop) COPY file:5fe4 in /srv/ ', 'COPY app.js /srv/ # buildkit', false],
    ['COPY app.js . under WORKDIR /app', '/bin/sh -c #(nop) COPY file:5fe4 in . ', 'COPY app.js . # buildkit', false, '/app'],
  ])('%s', (_name, legacy, buildkit, expected, workdir) => {
    expect(addsAppJsEntry(classifyHistoryLine(legacy, ''), workdir)).toBe(expected);
    expect(addsAppJsEntry(classifyHistoryLine(buildkit, BK), workdir)).toBe(expected);
  });
});

describe('withoutBuildLabels', () => {
  const label = (args: string) => entry(`/bin/sh -c #(nop)  LABEL ${args}`);
  const RUN = { 'io.labcheck.run': 'lc12345678', 'io.labcheck.owner': 'host/42' };

  it('drops the entries of exactly the labels the build added, one per label, from the top', () => {
    const history = [label('io.labcheck.run=lc12345678'), label('io.labcheck.owner=host/42'), ...LEGACY];
    expect(withoutBuildLabels(history, RUN)).toEqual(LEGACY);
  });

  it('keeps a label the Dockerfile wrote, even under labcheck\'s prefix', () => {
    const own = label('io.labcheck.x=y');
    const history = [label('io.labcheck.run=lc12345678'), label('io.labcheck.owner=host/42'), own, ...LEGACY];
    expect(withoutBuildLabels(history, RUN)).toEqual([own, ...LEGACY]);
  });

  it('keeps a label of another run and a label written twice', () => {
    const other = [label('io.labcheck.run=lc99999999'), ...LEGACY];
    expect(withoutBuildLabels(other, RUN)).toEqual(other);
    const twice = [label('io.labcheck.run=lc12345678'), label('io.labcheck.run=lc12345678'), ...LEGACY];
    expect(withoutBuildLabels(twice, RUN)).toEqual(twice.slice(1));
  });

  it('reads quoted pairs and several labels in one entry (Buildah)', () => {
    expect(withoutBuildLabels([label('"io.labcheck.owner"="host/42" "io.labcheck.run"="lc12345678"'), ...LEGACY], RUN)).toEqual(LEGACY);
  });

  it('drops nothing when no labels were added (BuildKit, or check mode on a hand-built image)', () => {
    expect(withoutBuildLabels([label('io.labcheck.x=y'), ...BUILDKIT], {})).toHaveLength(BUILDKIT.length + 1);
  });
});

describe('layerFacts', () => {
  it.each([
    ['legacy', LEGACY],
    ['BuildKit', BUILDKIT],
  ])('draws the chapter\'s image the same for %s', (_name, history) => {
    const facts = layerFacts({ history, baseHistory: STANDIN_BASE, rootfsLayers: [...STANDIN_LAYERS, 'sha256:app'], baseRootfsLayers: STANDIN_LAYERS, baseSize: 106_000_000 });
    expect(facts?.base).toEqual({ ref: 'node:12', entries: 1, layers: 1, size: 106_000_000 });
    expect(facts?.above.map((a) => [a.instruction.split(' ')[0], a.size, a.makesLayer, a.expected])).toEqual([
      ['ENTRYPOINT', 0, false, true],
      ['ADD', 617, true, true],
    ]);
    expect(facts?.above[0]!.createdBy).toBe(history[0]!.CreatedBy);
  });

  it('marks an empty RUN as a layer where RootFS has one for it (BuildKit) and not where it has none (legacy)', () => {
    const withRun = (run: HistoryEntry, top: HistoryEntry[]) => [top[0]!, top[1]!, run, ...STANDIN_BASE];
    const buildkit = layerFacts({ history: withRun(entry('RUN /bin/sh -c true # buildkit', BK), BUILDKIT), baseHistory: STANDIN_BASE, rootfsLayers: [...STANDIN_LAYERS, 'run', 'app'], baseRootfsLayers: STANDIN_LAYERS, baseSize: 1 });
    const legacy = layerFacts({ history: withRun(entry('/bin/sh -c true'), LEGACY), baseHistory: STANDIN_BASE, rootfsLayers: [...STANDIN_LAYERS, 'app'], baseRootfsLayers: STANDIN_LAYERS, baseSize: 1 });
    expect(buildkit?.above.map((a) => [a.makesLayer, a.expected])).toEqual([[false, true], [true, true], [true, false]]);
    expect(legacy?.above.map((a) => [a.makesLayer, a.expected])).toEqual([[false, true], [true, true], [false, false]]);
  });

  it('names the source the legacy builder hides from the file, where the file lines up with the history', () => {
    const input = { history: LEGACY, baseHistory: STANDIN_BASE, rootfsLayers: [...STANDIN_LAYERS, 'a'], baseRootfsLayers: STANDIN_LAYERS, baseSize: 1 };
    const file = [{ keyword: 'ADD', sources: ['app.js'] }, { keyword: 'ENTRYPOINT' }];
    expect(layerFacts({ ...input, fileInstructions: file })?.above.map((a) => a.instruction)).toEqual(['ENTRYPOINT ["node", "app.js"]', 'ADD app.js /app.js']);
    // Out of line (the file has an extra instruction the image does not): the history's own words.
    const other = [{ keyword: 'RUN' }, ...file];
    expect(layerFacts({ ...input, fileInstructions: other })?.above[1]!.instruction).toBe('ADD <file> /app.js');
  });

  it('is undefined when the image is not built on the base', () => {
    expect(layerFacts({ history: LEGACY, baseHistory: REAL_NODE12, baseSize: 1 })).toBeUndefined();
  });
});
