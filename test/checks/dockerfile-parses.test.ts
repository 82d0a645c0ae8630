import { describe, expect, it } from 'vitest';
import { parseErrorOf, parses } from '../../checks/dockerfile-parses.js';
import { PARSE_TABLE } from '../support/dockerfiles.js';

describe('parses follows Docker on literal Dockerfiles', () => {
  it.each(PARSE_TABLE.map((row) => [row.name, row] as const))('%s', (_name, row) => {
    const j = parses(row.content);
    // Without a build, the reading follows current Docker; the rows it decides otherwise than 20.10 say so.
    const expected = row.newer ?? row.docker;
    expect(j.ok).toBe(expected === 'parses');
    expect(j.message.zh).toMatch(/[\u4e00-\u9fff]/);
    if (expected === 'refuses' && row.words) expect(j.message.en).toContain(row.words);
  });

  it('names the line Docker names', () => {
    const j = parses('FROM node:12\nADD app.js /app.js\nENV NAME\n');
    expect(j).toMatchObject({ ok: false, line: 3 });
    expect(j.message.en).toBe('expected a Dockerfile Docker can parse; saw: line 3: ENV must have two arguments');
    expect(j.message.zh).toBe('应为 Docker 能解析的 Dockerfile；实际：第 3 行：Docker 拒绝解析：ENV must have two arguments');
  });
});

describe('a build of the file decides', () => {
  const build = (ok: boolean, output: string) => ({ ok, output, command: 'docker build -t kubia:latest .' });

  it('fails a file labcheck reads as fine when the build refused to parse it, in Docker\'s words', () => {
    const j = parses('FROM node:12\nCOPY --link app.js /app.js\n', build(false, 'Error response from daemon: dockerfile parse error line 2: Unknown flag: link'));
    expect(j).toMatchObject({ ok: false, line: 2 });
    expect(j.message.en).toBe('line 2: expected a Dockerfile Docker can parse; docker build -t kubia:latest . refused it: Unknown flag: link');
  });

  it('passes a file Docker built, whatever labcheck read', () => {
    const j = parses('FROM node:12\nCOPY <<EOF /x\nhello\nEOF\n', build(true, ''));
    expect(j.ok).toBe(true);
    expect(j.message.en).toContain('docker build -t kubia:latest . parsed and built it');
  });

  it('keeps its own reading when the build failed for another reason', () => {
    expect(parses('FROM node:12\nADD missing.js /app.js\n', build(false, 'ADD failed: file not found in build context')).ok).toBe(true);
    expect(parses('FROM node:12\nENV NAME\n', build(false, 'failed to solve: something else')).ok).toBe(false);
  });

  it.each([
    ['legacy, with a line', 'Error response from daemon: dockerfile parse error line 2: Unknown flag: force', { line: 2, message: 'Unknown flag: force' }],
    ['legacy, line parser', 'Error response from daemon: failed to parse Dockerfile: ENV must have two arguments', { message: 'ENV must have two arguments' }],
    ['BuildKit, with a line', 'failed to solve with frontend dockerfile.v0: failed to create LLB definition: dockerfile parse error line 2: Unknown flag: force', { line: 2, message: 'Unknown flag: force' }],
    ['BuildKit, line parser', 'failed to solve with frontend dockerfile.v0: failed to create LLB definition: ENV must have two arguments', { message: 'ENV must have two arguments' }],
  ])('parseErrorOf: %s', (_name, output, expected) => {
    expect(parseErrorOf(output)).toEqual(expected);
  });

  it.each([
    'failed to solve with frontend dockerfile.v0: failed to create LLB definition: 127.0.0.1:5000/library/node:99: not found',
    'ADD failed: file not found in build context or excluded by .dockerignore: stat missing.js: file does not exist',
    'the --chmod option requires BuildKit. Refer to https://docs.docker.com/go/buildkit/',
    "failed to solve with frontend dockerfile.v0: failed to create LLB definition: Invalid containerPort: abc",
  ])('parseErrorOf says nothing of other failures: %s', (output) => {
    expect(parseErrorOf(output)).toBeUndefined();
  });
});
