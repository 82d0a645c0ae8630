import Module, { createRequire } from 'node:module';
import type Dockerode from 'dockerode';

// dockerode requires, as it loads, modules for features labcheck does not use on its way: gRPC and
// protobuf loaders for BuildKit sessions, tar-fs and a .dockerignore parser for builds sent over the
// API (labcheck builds with the CLI, as the chapter does), and ssh2 for ssh:// engines. Together
// they are three quarters of its load time (~150 of ~200 ms here, measured with `npm run bench`),
// which every `labcheck check` paid. Each is put in the module cache as a stand-in that loads the
// real module the first time it is used, so all of dockerode still works. No option of dockerode or
// Node 20 defers them (module.enableCompileCache needs Node 22), hence this by hand.

type Loader = () => unknown;

/** A callable, constructible stand-in for a value loaded on first use. */
function deferred(load: Loader): unknown {
  const real = () => load() as ((...args: unknown[]) => unknown) & Record<PropertyKey, unknown>;
  return new Proxy(function standIn() {}, {
    get: (_, key) => real()[key],
    has: (_, key) => key in real(),
    apply: (_, self, args) => Reflect.apply(real(), self, args),
    construct: (_, args) => Reflect.construct(real() as unknown as new (...a: unknown[]) => object, args),
  });
}

/** Caches a stand-in for the module at `path`; the real module replaces it on first use. */
function standIn(require: NodeJS.Require, path: string, exportsOf: (load: Loader) => unknown): void {
  if (require.cache[path]) return;
  let real: unknown;
  const load = () => {
    if (real === undefined) {
      delete require.cache[path];
      real = require(path);
    }
    return real;
  };
  const mod = new Module(path);
  mod.filename = path;
  mod.loaded = true;
  mod.exports = exportsOf(load);
  require.cache[path] = mod;
}

/** Modules dockerode and docker-modem require at load time but use only inside functions labcheck rarely or never calls. */
export const DEFERRED = {
  dockerode: ['@grpc/grpc-js', '@grpc/proto-loader', 'tar-fs', '@balena/dockerignore'],
  // docker-modem reads `require('ssh2').Client` at load time: the member is deferred, not the module.
  'docker-modem': ['ssh2'],
} as const;

let loaded: typeof Dockerode | undefined;

/** dockerode's constructor, with the modules it does not need up front deferred. */
export function loadDockerode(): typeof Dockerode {
  if (loaded) return loaded;
  const require = createRequire(import.meta.url);
  const fromDockerode = createRequire(require.resolve('dockerode'));
  const fromModem = createRequire(fromDockerode.resolve('docker-modem'));
  for (const id of DEFERRED.dockerode) standIn(fromDockerode, fromDockerode.resolve(id), deferred);
  standIn(fromModem, fromModem.resolve('ssh2'), (load) => ({ Client: deferred(() => (load() as { Client: unknown }).Client) }));
  loaded = require('dockerode') as typeof Dockerode;
  return loaded;
}
