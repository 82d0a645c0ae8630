import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { execa } from 'execa';

// In a fresh process (the module cache is the point), against the built dist/ (`npm test` builds first).
const root = join(import.meta.dirname, '../..');
const loaded = async (body: string) => {
  const script = `
    import Module, { createRequire } from 'node:module';
    import { loadDockerode } from ${JSON.stringify(join(root, 'dist/src/docker/dockerode.js'))};
    const require = createRequire(${JSON.stringify(join(root, 'package.json'))});
    const fromDockerode = createRequire(require.resolve('dockerode'));
    const fromModem = createRequire(fromDockerode.resolve('docker-modem'));
    // Files Node really compiled: a stand-in in the module cache is not one.
    const compiled = [];
    const compile = Module.prototype._compile;
    Module.prototype._compile = function (content, filename) { compiled.push(filename); return compile.call(this, content, filename); };
    const inCache = () => compiled.filter((f) => /node_modules\\/(@grpc|protobufjs|tar-fs|ssh2|@balena)\\//.test(f)).map((f) => f.match(/node_modules\\/((@[^/]+\\/)?[^/]+)\\//)[1]);
    const Dockerode = loadDockerode();
    ${body}
  `;
  const { stdout } = await execa('node', ['--input-type=module', '-e', script], { cwd: root });
  return JSON.parse(stdout);
};

describe('loadDockerode', () => {
  it('loads dockerode without gRPC, protobuf, tar-fs, the .dockerignore parser and ssh2', async () => {
    const result = await loaded(`console.log(JSON.stringify({ modules: [...new Set(inCache())], works: typeof new Dockerode({ socketPath: '/nonexistent.sock' }).listContainers }));`);
    expect(result).toEqual({ modules: [], works: 'function' });
  });

  it('loads each real module the first time dockerode uses it', async () => {
    const result = await loaded(`
      const client = new (fromModem('ssh2').Client)();
      const ignore = fromDockerode('@balena/dockerignore')({ ignorecase: false }).add('*.log');
      const grpc = fromDockerode('@grpc/grpc-js');
      console.log(JSON.stringify({
        sshClient: typeof client.connect,
        ignores: ignore.ignores('a.log'),
        grpcServer: typeof grpc.Server,
        tarPack: typeof fromDockerode('tar-fs').pack,
        modules: [...new Set(inCache())].sort(),
      }));
    `);
    expect(result).toEqual({ sshClient: 'function', ignores: true, grpcServer: 'function', tarPack: 'function', modules: expect.arrayContaining(['@balena/dockerignore', '@grpc/grpc-js', 'ssh2', 'tar-fs']) });
  });
});
