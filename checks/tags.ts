// The `<id>/kubia:1.0` tags of the local store, read from GET /images/json whatever the engine's store.
import type { ImageInfo } from 'dockerode';
import { familiarName } from './refs.js';

/** `<id>/kubia:1.0`, with or without a registry host in front. */
const TAGGED = /^.+\/kubia:1\.0$/;

export interface KubiaTag {
  tag: string;
  id: string;
  repoDigests: string[];
}

/**
 * Every `*\/kubia:1.0` tag among the listed images, named as the docker CLI shows it (Podman lists names in
 * full). Only Id, RepoTags and RepoDigests are read: API 1.44 removed VirtualSize, and the containerd store
 * lists every tag with a RepoDigest `name@<Id>` from the start (daemon/containerd image_list.go).
 */
export function kubiaTagsIn(images: readonly Pick<ImageInfo, 'Id' | 'RepoTags' | 'RepoDigests'>[]): KubiaTag[] {
  return images.flatMap((image) =>
    (image.RepoTags ?? []).filter((tag) => TAGGED.test(tag)).map((tag) => ({ tag: familiarName(tag), id: image.Id, repoDigests: image.RepoDigests ?? [] })),
  );
}
