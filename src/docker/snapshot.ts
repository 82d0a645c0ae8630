import type { Docker } from './api.js';

/** The reads that are answered once per key: image and container inspects, image history, listings. */
const READS = {
  getImage: ['inspect', 'history'],
  getContainer: ['inspect'],
} as const;
const LISTINGS = ['listContainers', 'listImages'] as const;

/**
 * The engine as one snapshot, for `check`, which only reads: each distinct query (an inspect of one
 * name, a listing with its filters, an image's history) goes to the engine once however many checks
 * ask it (for all labs, 92 requests became 27). Every caller gets its own copy, so one check sorting
 * a list cannot change what another sees. Never for modes with steps, where the state changes.
 */
export function readOnce(docker: Docker): Docker {
  const answers = new Map<string, Promise<unknown>>();
  const once = (key: string, read: () => Promise<unknown>): Promise<unknown> => {
    let answer = answers.get(key);
    if (!answer) {
      answer = read();
      answers.set(key, answer);
    }
    return answer.then((value) => structuredClone(value));
  };
  return new Proxy(docker, {
    get(target, key, receiver) {
      if (key === 'getImage' || key === 'getContainer') {
        const methods: readonly string[] = READS[key];
        return (name: string) => {
          const object = target[key](name) as unknown as Record<string, unknown>;
          return new Proxy(object, {
            get(inner, method, innerReceiver) {
              const value = Reflect.get(inner, method, innerReceiver);
              if (typeof method !== 'string' || !methods.includes(method) || typeof value !== 'function') return value;
              return (...args: unknown[]) => once(`${key}(${name}).${method}(${JSON.stringify(args)})`, () => Reflect.apply(value, inner, args) as Promise<unknown>);
            },
          });
        };
      }
      if ((LISTINGS as readonly PropertyKey[]).includes(key)) {
        const list = Reflect.get(target, key, receiver) as (options?: unknown) => Promise<unknown>;
        return (options?: unknown) => once(`${String(key)}(${JSON.stringify(options ?? {})})`, () => list.call(target, options));
      }
      return Reflect.get(target, key, receiver);
    },
  });
}
