// The names a lab's steps use: the chapter's own (check, solve) or run-scoped ones (run, selftest).
export interface Names {
  runScoped: boolean;
  helloContainer: string;
  redisContainer: string;
  redisTagContainer: string;
  nodeAppContainer: string;
  /** Repository of the built image; `docker run <kubiaRepo>` means `<kubiaRepo>:latest`. */
  kubiaRepo: string;
  kubiaImage: string;
  kubiaContainer: string;
  /** The Docker Hub id in `<id>/kubia:1.0`. */
  userId: string;
  taggedRef: string;
  registryContainer: string;
  registryVolume: string;
}

export const CHAPTER_USER_ID = 'yourid';

export function chapterNames(userId = CHAPTER_USER_ID): Names {
  return {
    runScoped: false,
    helloContainer: 'labcheck-hello-world',
    redisContainer: 'labcheck-redis',
    redisTagContainer: 'labcheck-redis-5.0.7',
    nodeAppContainer: 'labcheck-node-app',
    kubiaRepo: 'kubia',
    kubiaImage: 'kubia:latest',
    kubiaContainer: 'kubia-container',
    userId,
    taggedRef: `${userId}/kubia:1.0`,
    registryContainer: 'labcheck-registry',
    registryVolume: 'labcheck-registry',
  };
}

/** Every name carries the run id, so two runs never collide and a user's own kubia is never touched. */
export function runNames(runId: string): Names {
  return {
    runScoped: true,
    helloContainer: `hello-world-${runId}`,
    redisContainer: `redis-${runId}`,
    redisTagContainer: `redis-5.0.7-${runId}`,
    nodeAppContainer: `node-app-${runId}`,
    kubiaRepo: `kubia-${runId}`,
    kubiaImage: `kubia-${runId}:latest`,
    kubiaContainer: `kubia-container-${runId}`,
    userId: runId,
    taggedRef: `${runId}/kubia:1.0`,
    registryContainer: `registry-${runId}`,
    registryVolume: `registry-${runId}`,
  };
}

/** lc + 8 hex digits: short enough for names, random enough that two runs never meet. */
export function newRunId(random: () => number = Math.random): string {
  let id = 'lc';
  for (let i = 0; i < 8; i++) id += Math.floor(random() * 16).toString(16);
  return id;
}
