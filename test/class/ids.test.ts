import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_FILE_SAFE_LENGTH, fileSafeId, idOfFileSafe, isHashedFileSafeId } from '../../src/class/ids.js';

// Ids as folder names come: any well-formed text, ASCII-heavy so the kept characters are exercised too.
const anyId = fc.oneof(
  fc.string({ unit: fc.constantFrom(...'aAbBzZ09_-.~ =+@\'"<&>\t\n'), minLength: 1, maxLength: 30 }),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 120 }),
);

describe('fileSafeId', () => {
  it.each([
    ['alice', 'alice'],
    ['s1234_x-y', 's1234_x-y'],
    ['alice.smith', 'alice.smith'],
    ['Alice', '~41lice'],
    ['alice smith', 'alice~20smith'],
    ['-rf', '~2drf'],
    ['a-', 'a-'],
    ['.', '~2e'],
    ['..', '~2e~2e'],
    ['.hidden', '~2ehidden'],
    ['trailing.', 'trailing~2e'],
    ['=SUM(A1)', '~3d~53~55~4d~28~411~29'],
    ['o\'brien "x"', 'o~27brien~20~22x~22'],
    ['a/b\\c', 'a~2fb~5cc'],
    ['张三', '~e5~bc~a0~e4~b8~89'],
    ['~', '~7e'],
    ['con', '~63on'],
    ['con.txt', '~63on.txt'],
    ['lpt1', '~6cpt1'],
    ['console', 'console'],
    ['tab\there', 'tab~09here'],
  ])('%j → %j', (id, name) => {
    expect(fileSafeId(id)).toBe(name);
    expect(idOfFileSafe(name)).toBe(id);
  });

  it('refuses what no folder can be named', () => {
    expect(() => fileSafeId('')).toThrow(/cannot be empty/);
    expect(() => fileSafeId('a\uD800b')).toThrow(/lone surrogate/);
  });

  it('shortens a very long id with a hash: unique, not reversible', () => {
    const long = 'Ü'.repeat(255);
    const name = fileSafeId(long);
    expect(name.length).toBeLessThanOrEqual(MAX_FILE_SAFE_LENGTH);
    expect(name).toMatch(/^(~c3~9c)+~~[0-9a-f]{40}$/);
    expect(isHashedFileSafeId(name)).toBe(true);
    expect(idOfFileSafe(name)).toBeUndefined();
    expect(fileSafeId(`${long.slice(0, -1)}ü`)).not.toBe(name);
    expect(fileSafeId('a'.repeat(MAX_FILE_SAFE_LENGTH))).toBe('a'.repeat(MAX_FILE_SAFE_LENGTH));
    expect(fileSafeId('a'.repeat(MAX_FILE_SAFE_LENGTH + 1))).toMatch(/^a{158}~~[0-9a-f]{40}$/);
  });

  it.each([
    ['~4', /two lower-case hex digits/],
    ['~4A', /two lower-case hex digits/],
    ['Alice', /always escaped/],
    ['a b', /always escaped/],
    ['~ff', /not UTF-8/],
    ['~61', /fileSafeId never writes it/],
    ['-rf', /fileSafeId never writes it/],
    ['con', /fileSafeId never writes it/],
  ])('idOfFileSafe refuses %j', (name, why) => {
    expect(() => idOfFileSafe(name)).toThrow(why);
  });
});

describe('fileSafeId properties', () => {
  it('idOfFileSafe(fileSafeId(id)) is id whenever the name is not hashed', () => {
    fc.assert(
      fc.property(anyId, (id) => {
        const name = fileSafeId(id);
        if (!isHashedFileSafeId(name)) expect(idOfFileSafe(name)).toBe(id);
      }),
      { numRuns: 2000 },
    );
  });

  it('names are short, lower case, portable and never special', () => {
    fc.assert(
      fc.property(anyId, (id) => {
        const name = fileSafeId(id);
        expect(name.length).toBeLessThanOrEqual(MAX_FILE_SAFE_LENGTH);
        expect(name).toMatch(/^[a-z0-9_.~-]+$/);
        expect(name).not.toMatch(/^[.-]|\.$/);
        expect(name.split('.')[0]).not.toMatch(/^(con|prn|aux|nul|com\d|lpt\d)$/);
      }),
      { numRuns: 2000 },
    );
  });

  it('distinct ids give distinct names, also compared case-insensitively', () => {
    fc.assert(
      fc.property(fc.uniqueArray(anyId, { minLength: 2, maxLength: 40 }), (ids) => {
        const folded = new Set(ids.map((id) => fileSafeId(id).toLowerCase()));
        expect(folded.size).toBe(ids.length);
      }),
      { numRuns: 500 },
    );
  });

  it('ids differing only in case, long or short, stay apart', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'abcXYZ'), minLength: 1, maxLength: 400 }), (id) => {
        const upper = id.toUpperCase();
        if (upper !== id) expect(fileSafeId(upper).toLowerCase()).not.toBe(fileSafeId(id).toLowerCase());
      }),
    );
  });
});

describe('on a real file system', () => {
  it('every odd id becomes a file of its own that reads back to it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'labcheck-ids-'));
    const ids = ['Alice', 'alice', 'ALICE', '.', '..', '-rf', '=1+1', 'con', 'a b', '张三', 'e\u0301', '\u00e9', 'x'.repeat(300), 'X'.repeat(300)];
    for (const id of ids) writeFileSync(join(dir, `${fileSafeId(id)}.json`), id, { flag: 'wx' });
    const names = readdirSync(dir);
    expect(names).toHaveLength(ids.length);
    const back = names.map((n) => idOfFileSafe(n.replace(/\.json$/, ''))).filter((id) => id !== undefined).sort();
    expect(back).toEqual(ids.filter((id) => id.length < 300).sort());
  });
});
