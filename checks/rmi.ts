// `docker rmi` judged by the store's state right after it, never by what it printed: the graph-driver store
// prints `Untagged:` and a `Deleted:` line per layer, the containerd store (Engine 29, Docker Desktop) one
// `Deleted: <Id>`, Podman `Untagged:` and the bare ID; a refusal (HTTP 409) is worded by each its own way.
import { failed, passed } from '../src/engine/define.js';
import { t } from '../src/engine/lang.js';
import type { Outcome } from '../src/engine/types.js';
import { shortId } from './containers.js';
import { sameImageId } from './image-ids.js';

export interface ImageSnapshot {
  /** Image ID each name resolves to, null when it resolves to nothing. */
  kubia: string | null;
  tagged: string | null;
  /** The image the run started with, by ID: still there, and under which tags. */
  imageExists: boolean;
  imageTags: string[];
}

export interface RmiJudged {
  kubiaImage: string;
  taggedRef: string;
  /** The commands of the step, as shown (`docker rmi kubia:latest`). */
  commands: string;
  /** kubia:latest's image ID before any step. */
  imageId: string | undefined;
  /** The state right after the step. */
  images: ImageSnapshot;
}

/** `docker rmi kubia:latest` while `<id>/kubia:1.0` names the same image: only the tag goes. */
export function judgeUntagOnly({ kubiaImage, taggedRef, commands, imageId, images }: RmiJudged): Outcome {
  if (!imageId) return failed(t(`expected ${kubiaImage} to exist before ${commands}; it did not`, `期望在 ${commands} 之前 ${kubiaImage} 存在；但它不存在`));
  if (images.kubia) return failed(t(`expected ${kubiaImage} gone right after ${commands}; it still named ${shortId(images.kubia)}`, `期望 ${commands} 之后 ${kubiaImage} 不复存在；它仍指向 ${shortId(images.kubia)}`));
  if (!sameImageId(images.tagged, imageId)) {
    const saw = images.tagged ? `it named ${shortId(images.tagged)}` : images.imageExists ? 'it no longer resolved' : 'it no longer resolved: the image itself was deleted';
    const sawZh = images.tagged ? `它指向 ${shortId(images.tagged)}` : images.imageExists ? '它已无法解析' : '它已无法解析：镜像本身被删除了';
    return failed(t(
      `expected ${taggedRef} to keep image ${shortId(imageId)} right after ${commands}; ${saw}`,
      `期望 ${commands} 之后 ${taggedRef} 仍保留镜像 ${shortId(imageId)}；${sawZh}`,
    ));
  }
  return passed(t(
    `right after ${commands}, ${kubiaImage} was gone and ${taggedRef} still named image ${shortId(imageId)}`,
    `${commands} 之后 ${kubiaImage} 不复存在，${taggedRef} 仍指向镜像 ${shortId(imageId)}`,
  ));
}

/** The removal of the image's last tag: the image itself is gone (`left` when it still resolves by its ID, then or now). */
export function judgeImageDeleted({ kubiaImage, commands, imageId, images }: Omit<RmiJudged, 'taggedRef'>, left: boolean): Outcome {
  if (!imageId) return failed(t(`expected ${kubiaImage} to exist before the steps; it did not`, `期望步骤开始前 ${kubiaImage} 存在；但它不存在`));
  if (left) {
    const tags = images.imageTags.length ? `tags ${images.imageTags.join(', ')}` : 'no tag';
    return failed(t(
      `expected image ${shortId(imageId)} deleted once its last tag went (${commands}); it is still there with ${tags}`,
      `期望最后一个标签删除（${commands}）后镜像 ${shortId(imageId)} 被删除；它仍然存在，标签为 ${images.imageTags.join(', ') || '无'}`,
    ));
  }
  return passed(t(`right after ${commands}, image ${shortId(imageId)} was gone`, `${commands} 之后镜像 ${shortId(imageId)} 已被删除`));
}
