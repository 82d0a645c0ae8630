import type { LabDef } from '../src/engine/define.js';
import helloWorld from './hello-world/index.js';
import otherImages from './other-images/index.js';
import imageTags from './image-tags/index.js';
import nodeApp from './node-app/index.js';
import dockerfile from './dockerfile/index.js';
import buildImage from './build-image/index.js';
import imageLayers from './image-layers/index.js';
import runContainer from './run-container/index.js';
import containerInfo from './container-info/index.js';
import tagImage from './tag-image/index.js';
import pushImage from './push-image/index.js';
import stopRemove from './stop-remove/index.js';

/** Every lab, in the chapter's order. */
export const LABS: readonly LabDef[] = [helloWorld, otherImages, imageTags, nodeApp, dockerfile, buildImage, imageLayers, runContainer, containerInfo, tagImage, pushImage, stopRemove];

export const labIds = (): string[] => LABS.map((lab) => lab.id);
