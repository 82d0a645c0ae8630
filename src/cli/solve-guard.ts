import type { LabDef } from '../engine/define.js';
import { UsageError } from '../engine/errors.js';
import type { Names } from '../engine/names.js';
import { inspectContainer, inspectImage, type Docker } from '../docker/api.js';

/** solve leaves its result under the chapter's names: it refuses (exit 2) to replace what the user has of what the labs create. */
export async function refuseToReplace(docker: Docker, labs: readonly LabDef[], names: Names): Promise<void> {
  const taken: string[] = [];
  for (const lab of labs) {
    const { containers = [], images = [], volumes = [] } = lab.creates?.(names) ?? {};
    for (const name of containers) if (await inspectContainer(docker, name)) taken.push(`container ${name}`);
    for (const ref of images) if (await inspectImage(docker, ref)) taken.push(`image ${ref}`);
    for (const name of volumes) if (await docker.getVolume(name).inspect().then(() => true, () => false)) taken.push(`volume ${name}`);
  }
  if (taken.length) {
    throw new UsageError(
      `solve would replace your ${taken.join(', ')}; remove them first (docker rm -f / docker rmi / docker volume rm) or use \`labcheck run\`, which works under names of its own`,
    );
  }
}
