import { join } from 'node:path';
import madge from 'madge';
import { describe, expect, it } from 'vitest';
import { root } from './support/docker.js';

// Read from the compiled dist/ (npm test builds first): the import graph as Node loads it.
describe('module structure', async () => {
  const graph = await madge(join(root, 'dist'), { fileExtensions: ['js'] });
  const deps = graph.obj();

  it('has no circular imports', () => {
    expect(graph.circular()).toEqual([]);
  });

  it('keeps the CLI a leaf: only the bin imports src/cli, which only parses and dispatches', () => {
    const intoCli = Object.entries(deps).flatMap(([from, to]) => (from.startsWith('src/cli/') ? [] : to.filter((d) => d.startsWith('src/cli/')).map((d) => `${from} -> ${d}`)));
    expect(intoCli).toEqual([]);
  });

  it('keeps the reporter interface a leaf of the engine types', () => {
    expect(deps['src/report/reporter.js']).toEqual([]);
  });
});
