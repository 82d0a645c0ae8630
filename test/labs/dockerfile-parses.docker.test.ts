// The table of literal Dockerfiles held to the real engine: each row built by both builders, Docker's verdict
// compared with the table's, and the parses check, given that build, compared with Docker.
import { describe, expect, it } from 'vitest';
import { analyzeDockerfile } from '../../checks/dockerfile.js';
import { parseErrorOf, parses } from '../../checks/dockerfile-parses.js';
import { track } from '../support/docker.js';
import { cleanEachTest } from '../support/labs.js';
import { build, contextWith, type Builder } from '../support/builders.js';
import { PARSE_TABLE } from '../support/dockerfiles.js';

cleanEachTest();

describe.each<Builder>(['legacy', 'buildkit'])("Docker's verdict on the table, %s builder", (builder) => {
  it.each(PARSE_TABLE.map((row) => [row.name, row] as const))('%s', async (_name, row) => {
    const built = await build(builder, contextWith(row.content), ['--label', `io.labcheck.run=${track()}`]);
    if (row.docker === 'refuses') {
      expect(built.ok).toBe(false);
      expect(built.output).toContain(row.words);
    } else {
      // Parsed: the build succeeded or failed later, for a reason that is not the parser's.
      expect(parseErrorOf(built.output), built.output).toBeUndefined();
    }
    // The check, given this very build, says what Docker said.
    const judged = parses(analyzeDockerfile(row.content), { ok: built.ok, output: built.output, command: 'docker build .' });
    expect(judged.ok, judged.message.en).toBe(row.docker === 'parses');
  });
});
