// The class's junit.xml built on a thread of its own (see buildClassJunitAside): its input comes as
// workerData, its XML goes back as the one message.
import { parentPort, workerData } from 'node:worker_threads';
import type { Lang } from '../engine/types.js';
import { buildClassJunit } from './junit.js';
import type { StudentReport } from './types.js';

const { reports, lang } = workerData as { reports: StudentReport[]; lang: Lang };
parentPort?.postMessage(buildClassJunit(reports, lang));
