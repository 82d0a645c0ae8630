import { describe, expect, it } from 'vitest';
import { extractFlags, flagProblem, quotedWords, readDirectives, readJson, readNameValues, shellWord } from '../../checks/dockerfile-syntax.js';

describe('readDirectives', () => {
  it.each([
    ['none', 'FROM node:12\n', { escape: '\\', lines: [] }],
    ['escape', '# escape=`\nFROM node:12\n', { escape: '`', lines: [0] }],
    ['no spaces, upper case, CRLF', '#ESCAPE=`\r\nFROM x\r\n', { escape: '`', lines: [0] }],
    ['after a BOM and leading blanks', '\ufeff  # escape=`\nFROM x\n', { escape: '`', lines: [0] }],
    ['syntax then escape', '# syntax=docker/dockerfile:1\n# escape=`\nFROM x\n', { escape: '`', lines: [0, 1], syntax: 'docker/dockerfile:1' }],
    ['after a blank line: a comment', '\n# escape=`\nFROM x\n', { escape: '\\', lines: [] }],
    ['after a comment: a comment', '# hi\n# escape=`\nFROM x\n', { escape: '\\', lines: [] }],
    ['after an unknown directive: a comment', '# foo=bar\n# escape=`\nFROM x\n', { escape: '\\', lines: [] }],
  ])('%s', (_name, content, expected) => {
    expect(readDirectives(content)).toEqual(expected);
  });

  it.each([
    ['an escape of another character', '# escape=x\nFROM x\n', "invalid escape token 'x' does not match ` or \\"],
    ['escape twice', '# escape=`\n# escape=\\\nFROM x\n', 'only one escape parser directive can be used'],
  ])('refuses %s', (_name, content, message) => {
    expect(readDirectives(content).problem?.message).toBe(message);
  });
});

describe('readJson', () => {
  it.each([
    ['["node", "app.js"]', { form: 'exec', argv: ['node', 'app.js'], trailing: '' }],
    ['  [ "node" ,\t"app.js" ]', { form: 'exec', argv: ['node', 'app.js'], trailing: '' }],
    ['["node", "app.js"] # c', { form: 'exec', argv: ['node', 'app.js'], trailing: '# c' }],
    ['["a\\"]b"] x', { form: 'exec', argv: ['a"]b'], trailing: 'x' }],
    ['[]', { form: 'exec', argv: [], trailing: '' }],
    ['["node" "app.js"]', { form: 'shell' }],
    ["['node']", { form: 'shell' }],
    ['["node",]', { form: 'shell' }],
    ['["node"', { form: 'shell' }],
    ['node app.js', { form: 'shell' }],
    ['["node", 1]', { form: 'not-strings' }],
    ['[["a"]]', { form: 'not-strings' }],
  ])('%s', (rest, expected) => {
    expect(readJson(rest)).toEqual(expected);
  });
});

describe('shellWord', () => {
  const env = new Map([['A', 'x'], ['EMPTY', '']]);
  it.each([
    ['plain', 'app.js', 'app.js'],
    ['double quotes', '"app.js"', 'app.js'],
    ['single quotes keep $', "'$A'", '$A'],
    ['escaped space', 'my\\ app.js', 'my app.js'],
    ['escape in double quotes only before " $ \\', '"a\\b\\"c"', 'a\\b"c'],
    ['variable', '/$A/y', '/x/y'],
    ['braces', '${A}.js', 'x.js'],
    ['default when unset', '${NOPE:-d}', 'd'],
    ['default when empty', '${EMPTY:-d}', 'd'],
    ['no default when set', '${A:-d}', 'x'],
    ['alternative', '${A:+alt}', 'alt'],
    ['backtick escape', 'a` b', 'a b', '`'],
  ] as Array<[string, string, string, ('\\' | '`')?]>)('%s', (_name, word, value, escape) => {
    expect(shellWord(word, env, escape).value).toBe(value);
  });

  it('names the variables it cannot know', () => {
    expect(shellWord('$HOME/app.js', env)).toEqual({ value: '/app.js', unknown: ['HOME'] });
  });

  it('reports an unterminated quote', () => {
    expect(shellWord('"app.js', env).error).toContain('double-quote');
  });
});

describe('flags', () => {
  it.each([
    ['ADD', [{ name: 'force', value: null }], 'Unknown flag: force'],
    ['COPY', [{ name: 'chown', value: null }], 'Missing a value on flag: chown'],
    ['COPY', [{ name: 'chown', value: '1' }, { name: 'chown', value: '2' }], 'Duplicate flag specified: chown'],
    ['COPY', [{ name: 'link', value: 'maybe' }], 'Expecting boolean value for flag link, not: maybe'],
    ['COPY', [{ name: 'link', value: '' }], 'Missing a value on flag: link'],
    ['ENV', [{ name: 'x', value: null }], 'Unknown flag: x'],
  ])('%s %j: %s', (keyword, flags, message) => {
    expect(flagProblem(keyword, flags)).toBe(message);
  });

  it.each([
    ['COPY', [{ name: 'chown', value: '1:1' }, { name: 'link', value: null }]],
    ['COPY', [{ name: '', value: null }, { name: 'whatever', value: null }]],
    ['RUN', [{ name: 'mount', value: 'a' }, { name: 'mount', value: 'b' }]],
    ['ARG', [{ name: 'anything', value: null }]],
  ])('%s %j is fine', (keyword, flags) => {
    expect(flagProblem(keyword, flags)).toBeUndefined();
  });

  it('extractFlags takes the leading --words, up to a bare --', () => {
    expect(extractFlags('--x --y="a b" rest --z')).toEqual({ flags: [{ name: 'x', value: null }, { name: 'y', value: 'a b' }], rest: 'rest --z' });
    expect(extractFlags('-- --x')).toEqual({ flags: [], rest: '--x' });
    expect(extractFlags('["a"]')).toEqual({ flags: [], rest: '["a"]' });
  });
});

describe('readNameValues and quotedWords', () => {
  it.each([
    ['ENV', 'NAME', { problem: 'ENV must have two arguments' }],
    ['LABEL', 'key', { problem: 'LABEL must have two arguments' }],
    ['ENV', 'A=1 B', { problem: `Syntax error - can't find = in "B". Must be of the form: name=value` }],
    ['ENV', '=x', { problem: 'ENV names can not be blank' }],
    ['ENV', 'A B C', { pairs: [['A', 'B C']] }],
    ['LABEL', 'a="x y" b=', { pairs: [['a', '"x y"'], ['b', '']] }],
  ] as const)('%s %s', (keyword, rest, expected) => {
    expect(readNameValues(keyword, rest)).toEqual(expected);
  });

  it('keeps quoted blanks in one word', () => {
    expect(quotedWords(`a="x y" 'b c' d\\ e`)).toEqual(['a="x y"', "'b c'", 'd\\ e']);
  });
});
