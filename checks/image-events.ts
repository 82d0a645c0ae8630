// What the engine's image events show a name was given and what became of it, whatever the image store.
import type { EngineEvent } from '../src/docker/events.js';
import type { EngineKind } from '../src/docker/engine-info.js';
import { idKey } from './image-ids.js';
import { sameRef } from './refs.js';

/**
 * The image IDs `tag` and `untag` events gave or took a name from (the name in Actor.Attributes.name), and
 * those of them a `delete` event removed, as keys (idKey). `untag` names the image too: Podman's build
 * records no `tag` of the name it gives (only `build`, by ID). Docker's graph-driver store and its
 * containerd store (daemon/containerd image_events.go: Actor.ID the image's target digest) alike.
 */
export function imageIdsNamed(events: readonly EngineEvent[], name: string, kind: EngineKind): { tagged: Set<string>; deleted: Set<string> } {
  const named = (e: EngineEvent) => e.Type === 'image' && (e.Action === 'tag' || e.Action === 'untag') && sameRef(e.Actor.Attributes?.name ?? '', name, kind);
  // Keys without `sha256:`, which Podman's image events leave out.
  const tagged = new Set(events.filter(named).map((e) => idKey(e.Actor.ID)));
  const deleted = new Set(events.filter((e) => e.Type === 'image' && e.Action === 'delete' && tagged.has(idKey(e.Actor.ID))).map((e) => idKey(e.Actor.ID)));
  return { tagged, deleted };
}
