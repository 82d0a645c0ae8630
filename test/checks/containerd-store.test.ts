// labcheck's judging code fed the answers of Docker 29's containerd image store (and Docker Desktop's), which
// cannot run on this machine: each fixture is written from moby's code or Docker's docs, named above it.
// The digests are made up; their shapes (sha256:<64 hex>, where each sits) are the engine's.
import { describe, expect, it } from 'vitest';
import { engineFacts } from '../../src/docker/engine-info.js';
import { parseEvents } from '../../src/docker/events.js';
import { sameImageId } from '../../checks/image-ids.js';
import { kubiaTagsIn } from '../../checks/tags.js';
import { compareDigests, compareWithPush, pushedByRepoDigests, pushedDigest, repoDigestsRecordPushes } from '../../checks/push.js';
import { repoDigestFor } from '../../checks/registry.js';
import { judgeLayers, judgeRootfs, layerFacts, type HistoryEntry } from '../../checks/history.js';
import { foundImageOf, isBuiltOn } from '../../checks/image-base.js';
import { judgeImageDeleted, judgeUntagOnly } from '../../checks/rmi.js';
import { imageIdsNamed } from '../../checks/image-events.js';
import { historyRows, jsonRecords } from '../../checks/cli-json.js';
import { DOCKER_20_10, DOCKER_29_CONTAINERD, DOCKER_DESKTOP, PODMAN_4_3 } from '../docker/fixtures/engines.js';

const hex = (c: string) => c.repeat(64).slice(0, 64);
// kubia:latest's Id: the digest of the index BuildKit wrote (image manifest + attestation manifest).
const KUBIA = `sha256:${hex('a1')}`;
// The same Dockerfile built again: BuildKit's provenance attestation differs, so the index and the Id do.
const REBUILT = `sha256:${hex('b2')}`;
// Its platform manifest and config, which the graph-driver store would have used as the Id.
const KUBIA_MANIFEST = `sha256:${hex('c3')}`;
const NODE12 = `sha256:${hex('d4')}`;
const OTHER = `sha256:${hex('e5')}`;

const C29 = engineFacts(DOCKER_29_CONTAINERD.version, DOCKER_29_CONTAINERD.info);
const DESKTOP = engineFacts(DOCKER_DESKTOP.version, DOCKER_DESKTOP.info);
const D20 = engineFacts(DOCKER_20_10.version, DOCKER_20_10.info);
const PODMAN = engineFacts(PODMAN_4_3.version, PODMAN_4_3.info);

// GET /images/json, API 1.52, containerd store, after `docker build -t kubia .` and `docker tag kubia
// 127.0.0.1:5000/student/kubia:1.0`, before any push: moby daemon/containerd image_list.go (one summary per
// target, every name in RepoTags, `name@<target digest>` in RepoDigests for each tag; no VirtualSize since
// API 1.44, Containers -1 unless asked).
const LISTED_BEFORE_PUSH = [
  {
    Id: KUBIA,
    ParentId: '',
    RepoTags: ['127.0.0.1:5000/student/kubia:1.0', 'kubia:latest'],
    RepoDigests: [`127.0.0.1:5000/student/kubia@${KUBIA}`, `kubia@${KUBIA}`],
    Created: 1764000000,
    Size: 51234567,
    SharedSize: -1,
    Labels: null,
    Containers: -1,
    Descriptor: { mediaType: 'application/vnd.oci.image.index.v1+json', digest: KUBIA, size: 856 },
  },
  {
    Id: NODE12,
    ParentId: '',
    RepoTags: ['node:12'],
    RepoDigests: [`node@${NODE12}`],
    Created: 1650000000,
    Size: 330000000,
    SharedSize: -1,
    Labels: null,
    Containers: -1,
  },
];

describe('image IDs on the containerd store: digests of the index, compared for equality only', () => {
  // GET /containers/{id}/json: `Image` is the image's Id, the target digest (moby daemon/containerd: container ImageID = img.Target.Digest).
  const container = { Image: KUBIA, Config: { Image: 'kubia' } };

  it('a container made from kubia is its image: the container\'s Image is the image\'s Id', () => {
    expect(sameImageId(container.Image, LISTED_BEFORE_PUSH[0]!.Id)).toBe(true);
    // Not the config's or the manifest's digest, which the graph-driver store would have used.
    expect(sameImageId(container.Image, KUBIA_MANIFEST)).toBe(false);
  });

  it('two tags of one image list one Id; after a rebuild kubia:latest names another Id and the old tag is no tag of it', () => {
    const tags = kubiaTagsIn(LISTED_BEFORE_PUSH);
    expect(tags).toEqual([{ tag: '127.0.0.1:5000/student/kubia:1.0', id: KUBIA, repoDigests: LISTED_BEFORE_PUSH[0]!.RepoDigests }]);
    expect(tags.filter((c) => sameImageId(c.id, KUBIA)).map((c) => c.tag)).toEqual(['127.0.0.1:5000/student/kubia:1.0']);
    // `docker build -t kubia .` again, unchanged: a new Id (tag-image's same-image then fails on the old tag, rightly).
    expect(tags.filter((c) => sameImageId(c.id, REBUILT))).toEqual([]);
  });

  it('a pull back from the registry gives the pushed index, so the same Id', () => {
    // The registry served the index whose digest the push reported; the store names the pulled image by it.
    const pulled = { Id: KUBIA, RepoTags: ['127.0.0.1:5000/student/kubia:1.0'] };
    expect(sameImageId(pulled.Id, KUBIA)).toBe(true);
    expect(sameImageId(pulled.Id, REBUILT)).toBe(false);
  });
});

describe('RepoDigests on the containerd store: there before any push, so never taken as a push', () => {
  it('engines whose RepoDigests precede pushes are told apart from Docker\'s graph-driver store', () => {
    expect(C29.imageStore).toBe('containerd');
    expect(repoDigestsRecordPushes(C29)).toBe(false);
    expect(repoDigestsRecordPushes(DESKTOP)).toBe(false);
    expect(repoDigestsRecordPushes(PODMAN)).toBe(false);
    expect(repoDigestsRecordPushes(D20)).toBe(true);
  });

  it('every tag carries name@<Id> before any push; push-image asks the registry instead of reading them', () => {
    const tags = kubiaTagsIn(LISTED_BEFORE_PUSH);
    // What a reader of RepoDigests would have seen: a "push" that never happened.
    expect(repoDigestFor(tags[0]!.repoDigests, tags[0]!.tag)).toBe(KUBIA);
    expect(pushedByRepoDigests(tags, C29)).toBeUndefined();
    expect(pushedByRepoDigests(tags, DESKTOP)).toBeUndefined();
  });

  it('on the graph-driver store a RepoDigest is the record of a push, and its absence of none', () => {
    // GET /images/json on Docker 20.10 after docker tag, before a push: no RepoDigests for a built image.
    const built = [{ Id: `sha256:${hex('f6')}`, RepoTags: ['student/kubia:1.0', 'kubia:latest'], RepoDigests: [] }];
    expect(pushedByRepoDigests(kubiaTagsIn(built), D20)).toEqual([]);
    const pushed = [{ ...built[0]!, RepoTags: ['127.0.0.1:5000/student/kubia:1.0'], RepoDigests: [`127.0.0.1:5000/student/kubia@${KUBIA_MANIFEST}`] }];
    expect(pushedByRepoDigests(kubiaTagsIn(pushed), D20)?.map((c) => c.tag)).toEqual(['127.0.0.1:5000/student/kubia:1.0']);
  });

  it('check mode: the digest the registry serves is the RepoDigest name@<Id> when the index was pushed; an overwritten tag is not', () => {
    const ref = '127.0.0.1:5000/student/kubia:1.0';
    const repoDigest = repoDigestFor(LISTED_BEFORE_PUSH[0]!.RepoDigests, ref);
    expect(compareDigests(ref, KUBIA, repoDigest, `${ref} (a1a1a1a1a1a1)`).status).toBe('passed');
    // Someone pushed a rebuild under the same tag since: the registry serves the new index.
    const overwritten = compareDigests(ref, REBUILT, repoDigest, `${ref} (a1a1a1a1a1a1)`);
    expect(overwritten.status).toBe('failed');
    expect(overwritten.message.en).toBe(`expected the registry to serve ${ref} as ${KUBIA} (the RepoDigest of ${ref} (a1a1a1a1a1a1)); it serves ${REBUILT}`);
  });
});

describe('the push stream on the containerd store: the digest only in the "<tag>: digest: … size: N" status line', () => {
  // POST /images/{name}/push as moby daemon/containerd image_push.go writes it through streamformatter's JSON
  // progress output: "The push refers to repository", per-blob progress, then, deferred, the status line
  // Messagef("%s: digest: %s size: %d", tag, target.Digest, target.Size); no aux {Tag, Digest, Size}.
  const C8D_STREAM = [
    '{"status":"The push refers to repository [127.0.0.1:5000/student/kubia]"}',
    '{"status":"Preparing","progressDetail":{},"id":"7d5e8a1b2c3f"}',
    '{"status":"Pushing","progressDetail":{"current":512,"total":617},"progress":"[=====>     ]     512B/617B","id":"7d5e8a1b2c3f"}',
    '{"status":"Pushed","progressDetail":{},"id":"7d5e8a1b2c3f"}',
    '{"status":"Mounted from library/node","progressDetail":{},"id":"4f4fb700ef54"}',
    `{"status":"1.0: digest: ${KUBIA} size: 856"}`,
  ].join('\n');

  it('reads the digest from the status line', () => {
    expect(pushedDigest(C8D_STREAM)).toBe(KUBIA);
  });

  it('when the whole index could not be pushed, the status line names the manifest that was, not the aux message\'s index', () => {
    // The retry in pushRef: aux ManifestPushedInsteadOfIndex (api/types/auxprogress) before the deferred status line, whose target is the selected manifest.
    const fallback = [
      '{"status":"The push refers to repository [127.0.0.1:5000/student/kubia]"}',
      `{"aux":{"manifestPushedInsteadOfIndex":true,"originalIndex":{"mediaType":"application/vnd.oci.image.index.v1+json","digest":"${KUBIA}","size":856},"selectedManifest":{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"${KUBIA_MANIFEST}","size":1201}}}`,
      `{"status":"1.0: digest: ${KUBIA_MANIFEST} size: 1201"}`,
    ].join('\n');
    expect(pushedDigest(fallback)).toBe(KUBIA_MANIFEST);
  });

  it('a push that failed for missing content reports no digest', () => {
    // aux ContentMissing, then the error; the deferred status line is written only when the push succeeded.
    const missing = [
      '{"status":"The push refers to repository [127.0.0.1:5000/student/kubia]"}',
      `{"aux":{"contentMissing":true,"desc":{"mediaType":"application/vnd.oci.image.index.v1+json","digest":"${KUBIA}","size":856}}}`,
      '{"errorDetail":{"message":"missing content"},"error":"missing content"}',
    ].join('\n');
    expect(pushedDigest(missing)).toBeUndefined();
  });

  it('reads the same line from the docker CLI\'s output, and the graph-driver store\'s aux message still counts', () => {
    const cli = `The push refers to repository [127.0.0.1:5000/student/kubia]\n7d5e8a1b2c3f: Pushed\n4f4fb700ef54: Mounted from library/node\n1.0: digest: ${KUBIA} size: 856\n`;
    expect(pushedDigest(cli)).toBe(KUBIA);
    // Docker 20.10 (distribution/push_v2.go): the status line and aux {Tag, Digest, Size}.
    const d20 = `{"status":"1.0: digest: ${KUBIA_MANIFEST} size: 739"}\n{"progressDetail":{},"aux":{"Tag":"1.0","Digest":"${KUBIA_MANIFEST}","Size":739}}`;
    expect(pushedDigest(d20)).toBe(KUBIA_MANIFEST);
  });

  it('run mode: the served digest is compared with the reported one, and a push that reported none fails', () => {
    const ref = '127.0.0.1:5000/student/kubia:1.0';
    expect(compareWithPush(ref, KUBIA, pushedDigest(C8D_STREAM), `docker push ${ref}`).status).toBe('passed');
    expect(compareWithPush(ref, REBUILT, pushedDigest(C8D_STREAM), `docker push ${ref}`).status).toBe('failed');
    const none = compareWithPush(ref, KUBIA, pushedDigest('{"status":"The push refers to repository [127.0.0.1:5000/student/kubia]"}'), `docker push ${ref}`);
    expect(none).toEqual({ status: 'failed', message: expect.objectContaining({ en: `expected docker push ${ref} to report the digest it pushed, to compare with the served ${KUBIA}; it reported none` }) });
  });
});

describe('history and RootFS on the containerd store', () => {
  const BK = 'buildkit.dockerfile.v0';
  // GET /images/node:12/history, containerd store (moby daemon/containerd image_history.go): every entry
  // "<missing>" but the top, whose Id is the image's target digest and Tags its names; sizes the snapshots'
  // usage, 0 for an empty layer; Created in seconds.
  const NODE_HISTORY: HistoryEntry[] = [
    { Id: NODE12, Created: 1649800000, CreatedBy: '/bin/sh -c #(nop)  CMD ["node"]', Tags: ['node:12'], Size: 0, Comment: '' },
    { Id: '<missing>', Created: 1649799990, CreatedBy: '/bin/sh -c #(nop) COPY file:4d192565a7220e135cab6c77fbc1c73211b69f3d9fb37e62857b2c6eb9363d51 in /usr/local/bin/ ', Tags: null, Size: 4096, Comment: '' },
    { Id: '<missing>', Created: 1649700000, CreatedBy: '/bin/sh -c #(nop) ADD file:3c8f6a3c7a1e35d4b7cbd0f0b0a4ad2e3b2e1a1f0f6a1c1e5a4b0c7a8d9e0f1a in / ', Tags: null, Size: 129000000, Comment: '' },
  ];
  const NODE_LAYERS = [`sha256:${hex('11')}`, `sha256:${hex('12')}`];
  const ADD_LAYER = `sha256:${hex('13')}`;
  // The same image's history from kubia's side: the base's entries, all "<missing>" now, under the two of kubia.
  const baseBelow = NODE_HISTORY.map((e) => ({ ...e, Id: '<missing>', Tags: null }));
  const KUBIA_HISTORY: HistoryEntry[] = [
    { Id: KUBIA, Created: 1764000000, CreatedBy: 'ENTRYPOINT ["node" "app.js"]', Tags: ['kubia:latest', '127.0.0.1:5000/student/kubia:1.0'], Size: 0, Comment: BK },
    { Id: '<missing>', Created: 1764000000, CreatedBy: 'ADD app.js /app.js # buildkit', Tags: null, Size: 8192, Comment: BK },
    ...baseBelow,
  ];
  const input = { history: KUBIA_HISTORY, baseHistory: NODE_HISTORY, rootfsLayers: [...NODE_LAYERS, ADD_LAYER], baseRootfsLayers: NODE_LAYERS, baseRef: 'node:12' };

  it('passes the chapter\'s image: the base found by its commands and times, not by the "<missing>" IDs', () => {
    const judged = judgeLayers(input);
    expect(judged.message.en).toBe('2 history entries above node:12: ADD app.js /app.js, then ENTRYPOINT ["node", "app.js"] on top; 3 filesystem layers, 1 more than node:12\'s 2');
    expect(judged.ok).toBe(true);
    expect(isBuiltOn({ layers: input.rootfsLayers, history: KUBIA_HISTORY }, { layers: NODE_LAYERS, history: NODE_HISTORY })).toBe(true);
  });

  it('fails an extra RUN above the base, and an image on another base', () => {
    const extra: HistoryEntry = { Id: '<missing>', Created: 1764000000, CreatedBy: 'RUN /bin/sh -c echo extra > /extra.txt # buildkit', Tags: null, Size: 4096, Comment: BK };
    const withRun = judgeLayers({ ...input, history: [KUBIA_HISTORY[0]!, extra, ...KUBIA_HISTORY.slice(1)], rootfsLayers: [...NODE_LAYERS, ADD_LAYER, `sha256:${hex('14')}`] });
    expect(withRun.ok).toBe(false);
    expect(withRun.message.en).toMatch(/^expected 2 history entries above node:12 \(ADD app\.js, then ENTRYPOINT\); saw 3: ADD app\.js \/app\.js, RUN echo extra > \/extra\.txt, ENTRYPOINT/);
    const otherBase = judgeLayers({ ...input, history: [...KUBIA_HISTORY.slice(0, 2), { ...baseBelow[0]!, Created: 1 }, ...baseBelow.slice(1)] });
    expect(otherBase).toMatchObject({ ok: false, notFromBase: true });
  });

  it('judges layer sizes only as zero or not: the snapshotter\'s usage (8192, or 0) draws the same picture', () => {
    const facts = layerFacts({ ...input, baseSize: 330000000 });
    expect(facts?.above.map((e) => [e.instruction, e.makesLayer, e.expected])).toEqual([
      ['ENTRYPOINT ["node", "app.js"]', false, true],
      ['ADD app.js /app.js', true, true],
    ]);
    // A snapshot whose usage reads 0: RootFS still has one layer more, so the ADD still made it.
    const zero = layerFacts({ ...input, history: [KUBIA_HISTORY[0]!, { ...KUBIA_HISTORY[1]!, Size: 0 }, ...baseBelow], baseSize: 330000000 });
    expect(zero?.above.map((e) => e.makesLayer)).toEqual([false, true]);
  });

  it('RootFS.Layers are diff IDs: the base\'s are a prefix of the image\'s, exactly one more on top', () => {
    expect(judgeRootfs([...NODE_LAYERS, ADD_LAYER], NODE_LAYERS).ok).toBe(true);
    expect(judgeRootfs([...NODE_LAYERS, ADD_LAYER, `sha256:${hex('14')}`], NODE_LAYERS).message.en).toBe('expected 1 filesystem layer more than the base, saw 2 (2 in node:12, 4 in the image)');
    expect(judgeRootfs([`sha256:${hex('21')}`, NODE_LAYERS[1]!, ADD_LAYER], NODE_LAYERS).message.en).toBe("expected node:12's 2 filesystem layer(s) at the bottom of the image's; layer 1 differs");
  });

  it('reads `docker history --format \'{{json .}}\'` of CLI 29 the same (ID "<missing>", sizes as text)', () => {
    // docker/cli formatter/history.go: the JSON of one row's fields, one object a line.
    const stdout = [
      `{"Comment":"${BK}","CreatedAt":"2025-11-24T21:59:50Z","CreatedBy":"ENTRYPOINT [\\"node\\" \\"app.js\\"]","CreatedSince":"2 minutes ago","ID":"${KUBIA}","Size":"0B"}`,
      `{"Comment":"${BK}","CreatedAt":"2025-11-24T21:59:50Z","CreatedBy":"ADD app.js /app.js # buildkit","CreatedSince":"2 minutes ago","ID":"<missing>","Size":"8.19kB"}`,
    ].join('\n');
    expect(historyRows(stdout).map((r) => r.createdBy)).toEqual(['ENTRYPOINT ["node" "app.js"]', 'ADD app.js /app.js # buildkit']);
    expect(jsonRecords(stdout)[1]).toMatchObject({ ID: '<missing>' });
  });
});

describe('rmi on the containerd store: judged by the state after it, never by its output', () => {
  // moby daemon/containerd image_delete.go: `docker rmi kubia:latest` while 127.0.0.1:5000/student/kubia:1.0 names
  // the same target answers [{Untagged: "kubia:latest"}]; the last tag [{Untagged: …}, {Deleted: <Id>}], one
  // Deleted line where the graph-driver store prints one per layer. What judgeUntagOnly/judgeImageDeleted read
  // is the snapshot of inspects taken right after each step (labs/stop-remove), so no output wording matters.
  const base = { kubiaImage: 'kubia:latest', taggedRef: 'student/kubia:1.0', imageId: KUBIA };

  it('docker rmi kubia:latest: passes when only the tag went, fails when the image went with it', () => {
    const after = { kubia: null, tagged: KUBIA, imageExists: true, imageTags: ['student/kubia:1.0'] };
    expect(judgeUntagOnly({ ...base, commands: 'docker rmi kubia:latest', images: after })).toEqual({
      status: 'passed',
      message: expect.objectContaining({ en: 'right after docker rmi kubia:latest, kubia:latest was gone and student/kubia:1.0 still named image a1a1a1a1a1a1' }),
    });
    const forced = { kubia: null, tagged: null, imageExists: false, imageTags: [] };
    expect(judgeUntagOnly({ ...base, commands: 'docker rmi -f kubia:latest', images: forced }).message.en).toBe(
      'expected student/kubia:1.0 to keep image a1a1a1a1a1a1 right after docker rmi -f kubia:latest; it no longer resolved: the image itself was deleted',
    );
    // A rebuild in between: the tag names another Id, which is not the image the step began with.
    expect(judgeUntagOnly({ ...base, commands: 'docker rmi kubia:latest', images: { ...after, tagged: REBUILT } }).status).toBe('failed');
  });

  it('the last tag: the image gone passes; a dangling image kept for a container fails, "no tag" said', () => {
    const gone = { kubia: null, tagged: null, imageExists: false, imageTags: [] };
    expect(judgeImageDeleted({ ...base, commands: 'docker rmi student/kubia:1.0', images: gone }, false).status).toBe('passed');
    // A container still using it: the store keeps the image without names (moby-dangling@<digest>, listed without RepoTags).
    const kept = judgeImageDeleted({ ...base, commands: 'docker rmi student/kubia:1.0', images: { ...gone, imageExists: true } }, true);
    expect(kept.message.en).toBe('expected image a1a1a1a1a1a1 deleted once its last tag went (docker rmi student/kubia:1.0); it is still there with no tag');
  });
});

describe('events on API 1.52: only Type, Action, Actor.ID and Actor.Attributes', () => {
  // GET /events, API 1.52: the legacy status/id/from are gone (docs/api/version-history.md, v1.52). Image
  // events of the containerd store (moby daemon/containerd image_events.go): tag and untag with Actor.ID the
  // target digest and Attributes.name the familiar name; delete with Actor.ID and name both the Id.
  const STREAM = [
    `{"Type":"image","Action":"tag","Actor":{"ID":"${KUBIA}","Attributes":{"name":"kubia:latest"}},"scope":"local","time":1764000000,"timeNano":1764000000000000000}`,
    `{"Type":"image","Action":"tag","Actor":{"ID":"${KUBIA}","Attributes":{"name":"127.0.0.1:5000/student/kubia:1.0"}},"scope":"local","time":1764000010,"timeNano":1764000010000000000}`,
    `{"Type":"image","Action":"tag","Actor":{"ID":"${OTHER}","Attributes":{"name":"kubiax:latest"}},"scope":"local","time":1764000011,"timeNano":1764000011000000000}`,
    `{"Type":"image","Action":"untag","Actor":{"ID":"${KUBIA}","Attributes":{"name":"kubia:latest"}},"scope":"local","time":1764000100,"timeNano":1764000100000000000}`,
    `{"Type":"image","Action":"untag","Actor":{"ID":"${KUBIA}","Attributes":{"name":"127.0.0.1:5000/student/kubia:1.0"}},"scope":"local","time":1764000200,"timeNano":1764000200000000000}`,
    `{"Type":"image","Action":"delete","Actor":{"ID":"${KUBIA}","Attributes":{"name":"${KUBIA}"}},"scope":"local","time":1764000200,"timeNano":1764000200000000001}`,
    `{"Type":"image","Action":"delete","Actor":{"ID":"${OTHER}","Attributes":{"name":"${OTHER}"}},"scope":"local","time":1764000201,"timeNano":1764000201000000000}`,
    // What an API below 1.22 sent alone: no evidence.
    '{"status":"destroy","id":"0123456789ab","from":"kubia"}',
  ].join('\n');

  it('parses the stream without the legacy fields, and drops a line that has only them', () => {
    const events = parseEvents(STREAM);
    expect(events).toHaveLength(7);
    expect(events.every((e) => !('status' in e) && !('id' in e) && !('from' in e))).toBe(true);
  });

  it('stop-remove in check mode: the image kubia:latest named, and its deletion, by ID; another name\'s image is not counted', () => {
    const { tagged, deleted } = imageIdsNamed(parseEvents(STREAM), 'kubia:latest', 'docker');
    expect([...tagged]).toEqual([hex('a1')]);
    expect([...deleted]).toEqual([hex('a1')]);
    // Only the kept tag's events (kubia:latest untagged, not yet deleted): named, not deleted.
    const early = imageIdsNamed(parseEvents(STREAM.split('\n').slice(0, 4).join('\n')), 'kubia', 'docker');
    expect([...early.tagged]).toEqual([hex('a1')]);
    expect(early.deleted.size).toBe(0);
  });
});

describe('fields API 1.44–1.52 removed, and the containerd store leaves out', () => {
  // GET /images/{name}/json, API 1.52, containerd store (moby daemon/containerd image_inspect.go): no
  // VirtualSize (1.44), Container/ContainerConfig (1.45), Parent/Comment empty → omitted (1.52, version-history.md);
  // Descriptor added; Config and RootFS only when the platform's content is present.
  const INSPECT = {
    Id: KUBIA,
    RepoTags: ['kubia:latest'],
    RepoDigests: [`kubia@${KUBIA}`],
    Created: '2025-11-24T21:59:50.123456789Z',
    Config: { Env: ['PATH=/usr/local/bin:/usr/bin:/bin', 'NODE_VERSION=12.22.12'], Entrypoint: ['node', 'app.js'], WorkingDir: '', Labels: null },
    Architecture: 'arm64',
    Os: 'linux',
    Size: 51234567,
    GraphDriver: { Name: 'overlayfs', Data: null },
    RootFS: { Type: 'layers', Layers: [`sha256:${hex('11')}`, `sha256:${hex('12')}`, `sha256:${hex('13')}`] },
    Metadata: { LastTagTime: '2025-11-24T21:59:50.2Z' },
    Descriptor: { mediaType: 'application/vnd.oci.image.index.v1+json', digest: KUBIA, size: 856 },
  };

  it('reads an image without them', () => {
    const found = foundImageOf(INSPECT as never, []);
    expect(found).toMatchObject({ id: KUBIA, ref: 'kubia:latest', layers: INSPECT.RootFS.Layers, entrypoint: ['node', 'app.js'], labels: {}, workdir: '', size: 51234567 });
  });

  it('reads an image whose platform content is missing (no Config, no RootFS) as having no layers, not as a crash', () => {
    const { Config: _c, RootFS: _r, Size: _s, ...bare } = INSPECT;
    expect(foundImageOf({ ...bare, RepoTags: [], RepoDigests: [] } as never, [])).toMatchObject({ ref: 'a1a1a1a1a1a1', layers: [], entrypoint: null, labels: {}, env: [], size: 0 });
  });

  it('reads /version\'s API range where Engine 29 refuses clients below 1.44', () => {
    expect([C29.apiVersion, C29.minApiVersion]).toEqual(['1.52', '1.44']);
  });
});
