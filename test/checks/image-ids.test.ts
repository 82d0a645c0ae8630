import { describe, expect, it } from 'vitest';
import { idKey, idRef, sameImageId } from '../../checks/image-ids.js';

const HEX = '9ce7a2845fe03e18d40122c491632e63b24baa2e6e30c0453bfcecf371e1838f';

describe('image IDs as opaque keys', () => {
  it('keys Docker\'s and Podman\'s spellings of one ID alike', () => {
    expect(idKey(`sha256:${HEX}`)).toBe(HEX);
    expect(idKey(HEX.toUpperCase())).toBe(HEX);
    expect(idKey(` ${HEX}\n`)).toBe(HEX);
    expect(idKey(undefined)).toBe('');
  });

  it('compares IDs with IDs only, and nothing with nothing as different', () => {
    expect(sameImageId(`sha256:${HEX}`, HEX)).toBe(true);
    expect(sameImageId(HEX, `sha256:${HEX.replace(/f$/, 'e')}`)).toBe(false);
    expect(sameImageId(undefined, undefined)).toBe(false);
    expect(sameImageId('', null)).toBe(false);
  });

  it('asks the engine by sha256:<hex>, which Podman answers 404 for a gone image (a bare hex is a 500 there)', () => {
    expect(idRef(HEX)).toBe(`sha256:${HEX}`);
    expect(idRef(`sha256:${HEX}`)).toBe(`sha256:${HEX}`);
  });
});
