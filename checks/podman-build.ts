// A Dockerfile that takes down Podman 4.3's build: Buildah's warnOnUnsetBuildArgs dereferences the name of
// every ARG, and an ARG without one panics (imagebuildah/build.go:483). Through Podman's API that panic ends
// the whole `podman system service`, so every later lab of the class would meet no engine.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { analyzeDockerfile } from './dockerfile.js';
import { quotedWords } from './dockerfile-syntax.js';

/** The line of an ARG without a name, which Docker refuses ("ARG requires at least one argument") and Podman 4.3 crashes on. */
export function argWithoutName(content: string): number | undefined {
  return analyzeDockerfile(content).instructions.find((i) => i.keyword === 'ARG' && quotedWords(i.rest).length === 0)?.line;
}

/** The same, for the Dockerfile `docker build .` reads in a folder (`Dockerfile`, or `dockerfile` as the CLI falls back to). */
export async function argWithoutNameIn(dir: string): Promise<number | undefined> {
  for (const name of ['Dockerfile', 'dockerfile']) {
    const content = await readFile(join(dir, name), 'utf8').catch(() => undefined);
    if (content !== undefined) return argWithoutName(content);
  }
  return undefined;
}
