import { describe, expect, it } from 'vitest';
import { addsAppJs, analyzeDockerfile, entrypointExecNode, isNodeAppJs, parseImageRef, type Judgement } from '../../checks/dockerfile.js';
import { parses } from '../../checks/dockerfile-parses.js';
import { fromNode12 } from '../../checks/dockerfile-base.js';

const CHAPTER = 'FROM node:12\nADD app.js /app.js\nENTRYPOINT ["node", "app.js"]\n';

/** Both languages say something, and a failure names its line in both. */
/** A fragment both languages carry, or [en, zh]. */
type Fragment = string | [string, string];

function expectMessage(j: Judgement, line: number | undefined, ...fragments: Fragment[]): void {
  expect(j.message.en.length).toBeGreaterThan(0);
  expect(j.message.zh.length).toBeGreaterThan(0);
  expect(j.message.zh).toMatch(/[\u4e00-\u9fff]/);
  if (line !== undefined) {
    expect(j.line).toBe(line);
    expect(j.message.en).toContain(`line ${line}`);
    expect(j.message.zh).toContain(`第 ${line} 行`);
  }
  for (const f of fragments) {
    const [en, zh] = typeof f === 'string' ? [f, f] : f;
    expect(j.message.en).toContain(en);
    expect(j.message.zh).toContain(zh);
  }
}

describe('analyzeDockerfile', () => {
  it('reads the chapter Dockerfile', () => {
    const f = analyzeDockerfile(CHAPTER);
    expect(f.empty).toBe(false);
    expect(f.instructions.map((i) => [i.keyword, i.args, i.line])).toEqual([
      ['FROM', ['node:12'], 1],
      ['ADD', ['app.js', '/app.js'], 2],
      ['ENTRYPOINT', ['node', 'app.js'], 3],
    ]);
    expect(f.base).toMatchObject({ line: 1, image: 'node:12', repository: 'node', tag: '12', viaStages: [] });
    expect(f.adds).toEqual([{ keyword: 'ADD', line: 2, sources: ['app.js'], dest: '/app.js', workdir: '/', landing: '/app.js', heredoc: false, unknownVars: [], text: 'ADD app.js /app.js' }]);
    expect(f.entrypoint).toMatchObject({ form: 'exec', args: ['node', 'app.js'], line: 3 });
    expect(f.layerCounts).toEqual({ ADD: 1, COPY: 0, RUN: 0, total: 1 });
  });

  it('tells ADD and COPY apart', () => {
    const f = analyzeDockerfile('FROM node:12\nCOPY --chown=node:node app.js /app.js\nADD x /x\n');
    expect(f.adds.map((a) => a.keyword)).toEqual(['COPY', 'ADD']);
    expect(f.instructions[1]!.flags).toEqual(['--chown=node:node']);
    expect(f.layerCounts).toEqual({ ADD: 1, COPY: 1, RUN: 0, total: 2 });
  });

  it.each([
    ['chapter', CHAPTER, { ADD: 1, COPY: 0, RUN: 0, total: 1 }],
    ['extra RUN', 'FROM node:12\nRUN npm i -g x\nADD app.js /app.js\nENTRYPOINT ["node", "app.js"]\n', { ADD: 1, COPY: 0, RUN: 1, total: 2 }],
    ['continued RUN', 'FROM node:12\nRUN echo a && \\\n  echo b\nADD app.js /app.js\n', { ADD: 1, COPY: 0, RUN: 1, total: 2 }],
    ['earlier unrelated stage', 'FROM node:12 AS build\nRUN make\nFROM node:12\nCOPY --from=build /out /out\n', { ADD: 0, COPY: 1, RUN: 0, total: 1 }],
    ['final stage built on a stage', 'FROM node:12 AS base\nRUN apt-get update\nFROM base\nADD app.js /app.js\n', { ADD: 1, COPY: 0, RUN: 1, total: 2 }],
    ['only ENV and ENTRYPOINT', 'FROM node:12\nENV A=1\nENTRYPOINT ["node"]\n', { ADD: 0, COPY: 0, RUN: 0, total: 0 }],
  ])('counts layer instructions after the final FROM: %s', (_name, content, counts) => {
    expect(analyzeDockerfile(content).layerCounts).toEqual(counts);
  });

  it('lists the layer instructions with their lines', () => {
    const f = analyzeDockerfile('FROM node:12\nRUN x\nADD app.js /app.js\nENTRYPOINT ["node", "app.js"]\n');
    expect(f.layerInstructions.map((i) => `${i.line}:${i.text}`)).toEqual(['2:RUN x', '3:ADD app.js /app.js']);
  });

  it('marks exec and shell forms', () => {
    const f = analyzeDockerfile('FROM node:12\nRUN ["a", "b"]\nRUN a b\nCMD ["node" "x"]\n');
    expect(f.instructions.slice(1).map((i) => [i.form, i.jsonLike ?? false])).toEqual([
      ['exec', false],
      ['shell', false],
      ['shell', true],
    ]);
  });

  it.each([
    ['node:12', { repository: 'node', tag: '12' }],
    ['docker.io/library/node:12', { registry: 'docker.io', repository: 'library/node', tag: '12' }],
    ['node:12@sha256:abc', { repository: 'node', tag: '12', digest: 'sha256:abc' }],
    ['localhost:5000/node', { registry: 'localhost:5000', repository: 'node' }],
    ['node', { repository: 'node' }],
  ])('parseImageRef(%s)', (ref, parts) => {
    expect(parseImageRef(ref)).toEqual(parts);
  });
});

describe('parses', () => {
  it.each([
    ['chapter', CHAPTER, 1],
    ['ARG before FROM', 'ARG V=12\nFROM node:${V}\nADD app.js /app.js\n', 2],
    ['directive and comments', '# syntax=docker/dockerfile:1\n# the app\n\nFROM node:12\nCOPY app.js /\n', 4],
    ['lower-case keywords', 'from node:12\nadd app.js /app.js\n', 1],
    ['multi-stage', 'FROM node:12 AS base\nFROM base\n', 1],
  ])('passes: %s', (_name, content, fromLine) => {
    const j = parses(content);
    expect(j.ok).toBe(true);
    expectMessage(j, undefined, `${fromLine}`);
  });

  it.each([
    ['empty file', '', undefined, ['empty', '为空']],
    ['blank and comments only', '\n  \n# nothing\n', undefined, ['empty', '为空']],
    ['garbage', 'this is garbage\nmore of it\n', 1, 'THIS'],
    ['unknown keyword later', 'FROM node:12\nADD app.js /app.js\nENTRYPIONT ["node", "app.js"]\n', 3, 'ENTRYPIONT'],
    ['instruction before FROM', 'ADD app.js /app.js\nFROM node:12\n', 1, 'FROM'],
    ['no FROM at all', 'ADD app.js /app.js\nENTRYPOINT ["node", "app.js"]\n', 1, 'FROM'],
    ['FROM without image', 'FROM\nADD app.js /app.js\n', 1, 'FROM'],
    ['FROM with stray words', 'FROM node:12 app\n', 1, 'FROM node:12 app'],
    ['ADD with one argument', 'FROM node:12\nADD app.js\n', 2, 'ADD'],
    ['ENV without arguments', 'FROM node:12\nENV\n', 2, 'ENV'],
  ] as Array<[string, string, number | undefined, Fragment]>)('fails: %s', (_name, content, line, fragment) => {
    const j = parses(content);
    expect(j.ok).toBe(false);
    expectMessage(j, line, fragment);
  });
});

describe('fromNode12', () => {
  it.each([
    ['chapter', CHAPTER, 1],
    ['docker.io/library', 'FROM docker.io/library/node:12\n', 1],
    ['library/', 'FROM library/node:12\n', 1],
    ['index.docker.io', 'FROM index.docker.io/library/node:12\n', 1],
    ['ARG-given tag', 'ARG NODE=12\nFROM node:${NODE}\n', 2],
    ['--platform flag', 'FROM --platform=linux/amd64 node:12\n', 1],
    ['final stage of several', 'FROM busybox AS tools\nFROM node:12\n', 2],
    ['final stage named after a node:12 stage', 'FROM node:12 AS base\nFROM base\n', 1],
  ])('passes: %s', (_name, content, line) => {
    const j = fromNode12(content);
    expect(j.ok).toBe(true);
    expectMessage(j, line, 'node:12');
  });

  it.each([
    ['untagged', 'FROM node\n', 1, 'FROM node', 'node:latest'],
    ['latest', 'FROM node:latest\n', 1, 'FROM node:latest', 'latest'],
    ['node 14', 'FROM node:14\n', 1, 'FROM node:14', '14'],
    ['another image', 'FROM busybox\n', 1, 'FROM busybox', 'node:12'],
    ['final stage is node:14', 'FROM node:12\nFROM node:14\n', 2, 'FROM node:14', '14'],
    ['another registry', 'FROM quay.io/library/node:12\n', 1, 'quay.io', 'node:12'],
    ['digest without tag', 'FROM node@sha256:abc\n', 1, 'node@sha256:abc', 'node:latest'],
    ['ARG without value', 'ARG V\nFROM node:${V}\n', 2, 'node:${V}', 'node:12'],
    ['stage built on node:14', 'FROM node:14 AS base\nFROM base\n', 1, 'FROM node:14', '"base"'],
  ])('fails: %s', (_name, content, line, saw, fragment) => {
    const j = fromNode12(content);
    expect(j.ok).toBe(false);
    expectMessage(j, line, saw, fragment);
  });

  it.each([['', 'no FROM'], ['ADD app.js /app.js\n', 'no FROM']])('fails without FROM: %j', (content, fragment) => {
    const j = fromNode12(content);
    expect(j.ok).toBe(false);
    expectMessage(j, undefined);
    expect(j.message.en).toContain(fragment);
  });
});

describe('addsAppJs', () => {
  it.each([
    ['chapter ADD', CHAPTER, 2],
    ['COPY', 'FROM node:12\nCOPY app.js /app.js\n', 2],
    ['to the root directory', 'FROM node:12\nADD app.js /\n', 2],
    ['relative destination, no WORKDIR', 'FROM node:12\nADD app.js app.js\n', 2],
    ['COPY app.js . with no WORKDIR', 'FROM node:12\nCOPY app.js .\n', 2],
    ['COPY app.js ./ with no WORKDIR', 'FROM node:12\nCOPY app.js ./\n', 2],
    ['into the WORKDIR /', 'FROM node:12\nWORKDIR /\nCOPY app.js app.js\n', 3],
    ['relative WORKDIR back to /', 'FROM node:12\nWORKDIR /srv\nWORKDIR ..\nCOPY app.js .\n', 4],
    ['quoted paths', 'FROM node:12\nADD "app.js" "/app.js"\n', 2],
    ['single-quoted paths', "FROM node:12\nADD 'app.js' '/app.js'\n", 2],
    ['a variable the file sets', 'FROM node:12\nENV DEST=/app.js\nCOPY app.js ${DEST}\n', 3],
    ['an ARG default', 'FROM node:12\nARG DIR=/\nCOPY app.js $DIR\n', 3],
    ['app.js from a subfolder', 'FROM node:12\nADD src/app.js /app.js\n', 2],
    ['continued with a comment line inside', 'FROM node:12\nADD app.js \\\n# where it goes\n    /app.js\n', 2],
    ['escape directive', '# escape=`\nFROM node:12\nADD app.js `\n    /app.js\n', 3],
    ['./app.js', 'FROM node:12\nCOPY ./app.js /app.js\n', 2],
    ['JSON form', 'FROM node:12\nADD ["app.js", "/app.js"]\n', 2],
    ['with --chown', 'FROM node:12\nCOPY --chown=node:node app.js /app.js\n', 2],
    ['not the first ADD', 'FROM node:12\nADD package.json /package.json\nADD app.js /app.js\n', 3],
  ])('passes: %s', (_name, content, line) => {
    const j = addsAppJs(content);
    expect(j.ok).toBe(true);
    expectMessage(j, line, '/app.js');
  });

  it.each([
    ['no ADD', 'FROM node:12\nENTRYPOINT ["node", "app.js"]\n', 1, ['no ADD or COPY', '没有 ADD 或 COPY']],
    ['other file', 'FROM node:12\nADD other.js /app.js\n', 2, 'other.js'],
    ['other file, same name at dest', 'FROM node:12\nADD other.js /other.js\n', 2, 'other.js'],
    ['relative destination under a WORKDIR', 'FROM node:12\nWORKDIR /srv\nADD app.js app.js\n', 3, ['/srv/app.js', '/srv/app.js']],
    ['into the WORKDIR', 'FROM node:12\nWORKDIR /app\nCOPY app.js .\n', 3, ['/app/app.js', 'WORKDIR /app']],
    ['a URL', 'FROM node:12\nADD https://example.com/app.js /app.js\n', 2, 'https://example.com/app.js'],
    ['a variable with no value in the file', 'FROM node:12\nCOPY app.js $HOME/\n', 2, '$HOME'],
    ['other directory', 'FROM node:12\nADD app.js /srv/app.js\n', 2, '/srv/app.js'],
    ['trailing slash makes a directory', 'FROM node:12\nADD app.js /app.js/\n', 2, '/app.js/'],
    ['several sources', 'FROM node:12\nADD app.js util.js /\n', 2, '2'],
    ['from another stage', 'FROM node:12 AS b\nFROM node:12\nCOPY --from=b app.js /app.js\n', 3, '"b"'],
    ['only in an unrelated stage', 'FROM node:12 AS b\nADD app.js /app.js\nFROM node:12\n', 3, ['no ADD or COPY', '没有 ADD 或 COPY']],
  ] as Array<[string, string, number, Fragment]>)('fails: %s', (_name, content, line, fragment) => {
    const j = addsAppJs(content);
    expect(j.ok).toBe(false);
    expectMessage(j, line, 'ADD app.js /app.js', fragment);
  });
});

describe('entrypointExecNode', () => {
  it.each([
    ['chapter', CHAPTER, 3],
    ['absolute paths', 'FROM node:12\nENTRYPOINT ["/usr/local/bin/node", "/app.js"]\n', 2],
    ['continued over lines', 'FROM node:12\nENTRYPOINT ["node", \\\n  "app.js"]\n', 2],
    ['last ENTRYPOINT wins', 'FROM node:12\nENTRYPOINT ["sh"]\nENTRYPOINT ["node", "app.js"]\n', 3],
    ['inherited from the stage it builds on', 'FROM node:12 AS base\nENTRYPOINT ["node", "app.js"]\nFROM base\n', 2],
    ['./app.js', 'FROM node:12\nENTRYPOINT ["node", "./app.js"]\n', 2],
    ['spaces inside the JSON, lower case', 'from node:12\nentrypoint [ "node" , "app.js" ]', 2],
    ['escape directive, continued', '# escape=`\nFROM node:12\nENTRYPOINT ["node", `\n  "app.js"]\n', 3],
    ['tabs and CRLF', 'FROM node:12\r\nENTRYPOINT\t["node",\t"app.js"]\r\n', 2],
    ['a script path from a WORKDIR', 'FROM node:12\nWORKDIR /srv\nENTRYPOINT ["node", "../app.js"]\n', 3],
    ['app.js run where the WORKDIR put it', 'FROM node:12\nWORKDIR /app\nCOPY app.js .\nENTRYPOINT ["node", "app.js"]\n', 4],
  ])('passes: %s', (_name, content, line) => {
    const j = entrypointExecNode(content);
    expect(j.ok).toBe(true);
    expectMessage(j, line, 'ENTRYPOINT [', 'exec');
  });

  it.each([
    ['shell form', 'FROM node:12\nENTRYPOINT node app.js\n', 2, [['shell form', 'shell 形式'], '/bin/sh -c', 'docker stop', 'SIGTERM']],
    ['docker history spelling, no commas', 'FROM node:12\nENTRYPOINT ["node" "app.js"]\n', 2, [['shell form', 'shell 形式'], ['not valid JSON', '不是合法的 JSON']]],
    ['single quotes', "FROM node:12\nENTRYPOINT ['node', 'app.js']\n", 2, [['shell form', 'shell 形式'], ['not valid JSON', '不是合法的 JSON']]],
    ['CMD only', 'FROM node:12\nCMD ["node", "app.js"]\n', 2, ['ENTRYPOINT', 'CMD']],
    ['other script', 'FROM node:12\nENTRYPOINT ["node", "server.js"]\n', 2, ['server.js']],
    ['extra argument', 'FROM node:12\nENTRYPOINT ["node", "app.js", "--inspect"]\n', 2, ['--inspect']],
    ['not node', 'FROM node:12\nENTRYPOINT ["nodejs", "app.js"]\n', 2, ['nodejs']],
    ['last one is wrong', 'FROM node:12\nENTRYPOINT ["node", "app.js"]\nENTRYPOINT ["sh"]\n', 3, ['"sh"']],
    ['node in ENTRYPOINT, app.js in CMD', 'FROM node:12\nENTRYPOINT ["node"]\nCMD ["app.js"]\n', 2, ['ENTRYPOINT ["node"]']],
    ['app.js looked up in another WORKDIR', 'FROM node:12\nWORKDIR /srv\nADD app.js /app.js\nENTRYPOINT ["node", "app.js"]\n', 4, [['node would run /srv/app.js, while app.js is at /app.js', 'node 会运行 /srv/app.js，而 app.js 在 /app.js']]],
  ] as Array<[string, string, number, Fragment[]]>)('fails: %s', (_name, content, line, fragments) => {
    const j = entrypointExecNode(content);
    expect(j.ok).toBe(false);
    expectMessage(j, line, ...fragments);
  });

  it('fails without ENTRYPOINT or CMD', () => {
    const j = entrypointExecNode('FROM node:12\nADD app.js /app.js\n');
    expect(j.ok).toBe(false);
    expectMessage(j, undefined, 'ENTRYPOINT');
    expect(j.message.en).toContain('no ENTRYPOINT');
  });

  it.each([
    [['node', 'app.js'], true],
    [['/usr/bin/node', 'app.js'], true],
    [['node', '/app.js'], true],
    [['usr/bin/node', 'app.js'], false],
    [['/usr/bin/nodejs', 'app.js'], false],
    [['node'], false],
    [['/bin/sh', '-c', 'node app.js'], false],
  ])('isNodeAppJs(%j) = %s', (argv, ok) => {
    expect(isNodeAppJs(argv)).toBe(ok);
  });
});

describe('every judgement on broken Dockerfiles', () => {
  const judgements = { parses, fromNode12, addsAppJs, entrypointExecNode };
  it.each([
    ['chapter', CHAPTER, { parses: true, fromNode12: true, addsAppJs: true, entrypointExecNode: true }],
    ['wrong base', 'FROM node:14\nADD app.js /app.js\nENTRYPOINT ["node", "app.js"]\n', { parses: true, fromNode12: false, addsAppJs: true, entrypointExecNode: true }],
    ['no ADD', 'FROM node:12\nENTRYPOINT ["node", "app.js"]\n', { parses: true, fromNode12: true, addsAppJs: false, entrypointExecNode: true }],
    ['ADD other.js', 'FROM node:12\nADD other.js /other.js\nENTRYPOINT ["node", "app.js"]\n', { parses: true, fromNode12: true, addsAppJs: false, entrypointExecNode: true }],
    ['shell-form ENTRYPOINT', 'FROM node:12\nADD app.js /app.js\nENTRYPOINT node app.js\n', { parses: true, fromNode12: true, addsAppJs: true, entrypointExecNode: false }],
    ['CMD only', 'FROM node:12\nADD app.js /app.js\nCMD ["node", "app.js"]\n', { parses: true, fromNode12: true, addsAppJs: true, entrypointExecNode: false }],
    ['extra RUN', 'FROM node:12\nRUN apt-get update\nADD app.js /app.js\nENTRYPOINT ["node", "app.js"]\n', { parses: true, fromNode12: true, addsAppJs: true, entrypointExecNode: true }],
    ['empty', '', { parses: false, fromNode12: false, addsAppJs: false, entrypointExecNode: false }],
    ['garbage', '{"not": "a dockerfile"}\n', { parses: false, fromNode12: false, addsAppJs: false, entrypointExecNode: false }],
  ])('%s', (_name, content, expected) => {
    const facts = analyzeDockerfile(content);
    for (const [name, judge] of Object.entries(judgements)) {
      const j = judge(facts);
      expect({ name, ok: j.ok }).toEqual({ name, ok: expected[name as keyof typeof expected] });
      expect(j.message.en).not.toBe('');
      expect(j.message.zh).not.toBe('');
    }
  });
});

describe('reading Docker\'s way', () => {
  it.each([
    ['a comment after the JSON array', 'ENTRYPOINT ["node", "app.js"] # run it', { form: 'exec', args: ['node', 'app.js'], trailing: '# run it' }],
    ['text glued after the JSON array', 'ENTRYPOINT ["node", "app.js"]x', { form: 'exec', args: ['node', 'app.js'], trailing: 'x' }],
    ['no commas', 'ENTRYPOINT ["node" "app.js"]', { form: 'shell', jsonLike: true }],
    ['a number', 'ENTRYPOINT ["node", 1]', { form: 'shell', notStrings: true }],
    ['an unclosed array', 'ENTRYPOINT ["node", "app.js"', { form: 'shell', jsonLike: true }],
    ['a bracket inside a string', 'ENTRYPOINT ["node", "a]b"] # x', { form: 'exec', args: ['node', 'a]b'], trailing: '# x' }],
  ])('JSON form: %s', (_name, line, expected) => {
    const f = analyzeDockerfile(`FROM node:12\n${line}\n`);
    expect(f.instructions[1]).toMatchObject(expected);
  });

  it('takes flags on every instruction, as Docker does', () => {
    const f = analyzeDockerfile('FROM node:12\nENTRYPOINT --x ["node"]\nENV --y A=1\nCOPY -- app.js /app.js\n');
    expect(f.instructions.slice(1).map((i) => [i.flagList, i.rest])).toEqual([
      [[{ name: 'x', value: null }], '["node"]'],
      [[{ name: 'y', value: null }], 'A=1'],
      [[{ name: '', value: null }], 'app.js /app.js'],
    ]);
  });

  it('ignores an escape directive Docker ignores (after an unknown directive)', () => {
    const f = analyzeDockerfile('# foo=bar\n# escape=`\nFROM node:12\nADD app.js `\n  /app.js\n');
    expect(f.directives.escape).toBe('\\');
    expect(f.instructions.map((i) => i.keyword)).toEqual(['FROM', 'ADD', '/APP.JS']);
  });

  it('reads the final WORKDIR, from the base image when the file sets none', () => {
    expect(analyzeDockerfile('FROM node:12\nWORKDIR /srv\nWORKDIR app\n').workdir).toBe('/srv/app');
    expect(analyzeDockerfile('FROM node:12\nCOPY app.js .\n', { baseWorkdir: '/usr/src' }).adds[0]!.landing).toBe('/usr/src/app.js');
    expect(analyzeDockerfile('FROM node:12 AS b\nWORKDIR /x\nFROM b\nCOPY app.js .\n').adds[0]!.landing).toBe('/x/app.js');
  });

  it('drops an inherited CMD when ENTRYPOINT comes after it', () => {
    expect(analyzeDockerfile('FROM node:12 AS b\nCMD ["x"]\nFROM b\nENTRYPOINT ["node", "app.js"]\n').cmd).toBeUndefined();
  });
});

describe('entrypointExecNode with the image built from the file', () => {
  const TRAILING = 'FROM node:12\nADD app.js /app.js\nENTRYPOINT ["node", "app.js"] # run it\n';

  it('cannot tell, without an image, how Docker reads text after the JSON array', () => {
    const j = entrypointExecNode(TRAILING);
    expect(j).toMatchObject({ ok: false, undetermined: true, line: 3 });
    expect(j.message.en).toContain('Docker releases before mid-2024 run it in exec form, newer ones in shell form');
  });

  it('passes when the image shows exec form, fails when it shows shell form', () => {
    const exec = entrypointExecNode(TRAILING, { entrypoint: ['node', 'app.js'], workdir: '', fromThisFile: true });
    expect(exec.ok).toBe(true);
    expect(exec.message.en).toContain('the image shows Docker read it so');
    const shell = entrypointExecNode(TRAILING, { entrypoint: ['/bin/sh', '-c', '["node", "app.js"] # run it'], workdir: '', fromThisFile: true });
    expect(shell.ok).toBe(false);
    expect(shell.message.en).toContain('the image shows Docker took it as shell form, because of "# run it" after the JSON array');
  });

  it('in check mode hears an older image only where it matches a reading of the file', () => {
    expect(entrypointExecNode(TRAILING, { entrypoint: ['node', 'app.js'], workdir: '', fromThisFile: false }).ok).toBe(true);
    expect(entrypointExecNode(TRAILING, { entrypoint: ['node', 'server.js'], workdir: '', fromThisFile: false }).undetermined).toBe(true);
    expect(entrypointExecNode(CHAPTER, { entrypoint: ['node', 'server.js'], workdir: '/srv', fromThisFile: false }).ok).toBe(true);
  });

  it('looks the script up in the WORKDIR of the image built from the file', () => {
    const j = entrypointExecNode(CHAPTER, { entrypoint: ['node', 'app.js'], workdir: '/usr/src/app', fromThisFile: true });
    expect(j.ok).toBe(false);
    expect(j.message.en).toContain('node would run /usr/src/app/app.js');
  });
});

describe('fromNode12 with a pinned digest', () => {
  const PINNED = 'FROM node:12@sha256:aaaa\nADD app.js /app.js\n';
  const history = (...createdBy: string[]) => createdBy.map((c, i) => ({ Id: `sha256:${i}`, Created: 1, CreatedBy: c, Size: 1 }));
  const node12 = { layers: ['L-node'], history: history('node'), repoDigests: ['node@sha256:bbbb'] };

  it.each([
    ['the store says it is node:12\'s', { node12: { ...node12, repoDigests: ['node@sha256:aaaa'] } }, "sha256:aaaa is node:12's digest"],
    ['the registry says it is node:12\'s', { registryDigest: 'sha256:aaaa' }, "sha256:aaaa is node:12's digest"],
    ['the image was built on node:12\'s layers', { node12, built: { layers: ['L-node', 'L-app'], history: history('app', 'node') } }, "built on node:12's layers"],
    ['an earlier node 12 build', { registryDigest: 'sha256:bbbb', built: { layers: ['x'], history: history('x'), env: ['NODE_VERSION=12.22.12'] } }, 'NODE_VERSION 12.22.12'],
  ])('passes when %s', (_name, evidence, fragment) => {
    const j = fromNode12(PINNED, evidence);
    expect(j.ok).toBe(true);
    expect(j.message.en).toContain(fragment);
  });

  it('fails when the image was built on another image, naming it', () => {
    const j = fromNode12(PINNED, { node12, registryDigest: 'sha256:bbbb', built: { layers: ['L-busy', 'L-app'], history: history('app', 'busy') }, builtOn: 'busybox:latest' });
    expect(j).toMatchObject({ ok: false, line: 1 });
    expect(j.message.en).toBe("line 1: expected FROM node:12; saw FROM node:12@sha256:aaaa, which builds from the digest sha256:aaaa, not node:12's (node:12 is sha256:bbbb): the image was built on busybox:latest");
    expect(j.message.zh).toContain('镜像实际基于 busybox:latest 构建');
  });

  it('fails on a digest that is neither the store\'s nor the registry\'s node:12 when no image shows otherwise', () => {
    expect(fromNode12(PINNED, { registryDigest: 'sha256:bbbb' }).ok).toBe(false);
  });

  it('cannot tell when nothing of node:12 can be seen', () => {
    expect(fromNode12(PINNED, {})).toMatchObject({ ok: false, undetermined: true });
  });
});
