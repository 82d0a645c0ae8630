import type { LabDef } from '../engine/define.js';
import { UsageError } from '../engine/errors.js';
import type { Names } from '../engine/names.js';
import { inspectContainer, inspectImage, type Docker } from '../docker/api.js';

/** The chapter-named containers and tags each lab's steps create; solve must not replace a user's own. */
export function createdBy(labId: string, names: Names): { containers: string[]; images: string[] } {
  switch (labId) {
    case 'hello-world':
      return { containers: [names.helloContainer], images: [] };
    case 'other-images':
      return { containers: [names.redisContainer], images: [] };
    case 'image-tags':
      return { containers: [names.redisTagContainer], images: [] };
    case 'node-app':
      return { containers: [names.nodeAppContainer], images: [] };
    case 'build-image':
      return { containers: [], images: [names.kubiaImage] };
    case 'run-container':
      return { containers: [names.kubiaContainer], images: [] };
    case 'tag-image':
      return { containers: [], images: [names.taggedRef] };
    case 'push-image':
      return { containers: [names.registryContainer], images: [] };
    default:
      return { containers: [], images: [] };
  }
}

/** solve leaves its result under the chapter's names: it refuses (exit 2) to replace what the user has. */
export async function refuseToReplace(docker: Docker, labs: readonly LabDef[], names: Names): Promise<void> {
  const taken: string[] = [];
  for (const lab of labs) {
    const { containers, images } = createdBy(lab.id, names);
    for (const name of containers) if (await inspectContainer(docker, name)) taken.push(`container ${name}`);
    for (const ref of images) if (await inspectImage(docker, ref)) taken.push(`image ${ref}`);
  }
  if (taken.length) {
    throw new UsageError(
      `solve would replace your ${taken.join(', ')}; remove them first (docker rm -f / docker rmi) or use \`labcheck run\`, which works under names of its own`,
    );
  }
}
