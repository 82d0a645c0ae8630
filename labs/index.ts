import type { LabDef } from '../src/engine/define.js';
import helloWorld from './hello-world/index.js';
import buildImage from './build-image/index.js';
import imageLayers from './image-layers/index.js';

/** Every lab, in the chapter's order. */
export const LABS: readonly LabDef[] = [helloWorld, buildImage, imageLayers];

export const labIds = (): string[] => LABS.map((lab) => lab.id);
