import { describe, expect, it } from 'vitest';
import { findHostname, hostnameShown, nearMisses, neverEnded, type Answer } from '../../checks/answer.js';

const host = '3f2a9c81d0be';
const answer = (body: string, more: Partial<Answer> = {}): Answer => ({ kind: 'answered', status: 200, body, truncated: false, complete: true, end: 'ended', attempts: 1, ...more });

describe('findHostname', () => {
  it.each([
    ['the chapter\'s words', `Hey there, this is ${host}. Your IP is ::ffff:172.17.0.1. \n`, 1],
    ['the first edition\'s words', `You've hit ${host}\n`, 1],
    ['a student\'s own words', `Hello, you hit ${host}!`, 1],
    ['a page with the hostname on line 5', `<!doctype html>\n<html>\n<head></head>\n<body>\n<p>Served by <b>${host}</b></p>\n</body>\n`, 5],
    ['JSON', `{"host":"${host}"}`, 1],
    ['other case (hostnames are case-insensitive)', `this is ${host.toUpperCase()}`, 1],
    ['CRLF lines', `line one\r\nhost: ${host}\r\n`, 2],
  ])('finds it as a word of the body: %s', (_, body, line) => {
    expect(findHostname(body, host)?.line).toBe(line);
  });

  it.each([
    ['only a prefix of it', `this is ${host.slice(0, 8)}.`],
    ['all but its last character', `this is ${host.slice(0, -1)}`],
    ['inside a longer word', `this is ${host}ff`],
    ['after word characters', `this is x${host}`],
    ['joined by a dash', `this is ${host}-2`],
    ['not at all', 'Hey there!'],
  ])('does not find it in a body holding %s', (_, body) => {
    expect(findHostname(body, host)).toBeUndefined();
  });

  it('gives the line it stands on, trimmed', () => {
    expect(findHostname(`a\n   <p>${host}</p>   \nb`, host)).toEqual({ line: 2, text: `<p>${host}</p>` });
  });

  it('finds a later whole occurrence after one inside a longer word', () => {
    expect(findHostname(`x${host} and ${host}`, host)?.line).toBe(1);
  });
});

describe('hostnameShown', () => {
  it('shows a one-line body whole, and a page\'s line by number', () => {
    expect(hostnameShown(`You've hit ${host}\n`, { line: 1, text: `You've hit ${host}` }).en).toBe(`: "You've hit ${host}\\n"`);
    expect(hostnameShown(`a\nb\n${host}\n`, { line: 3, text: host }).en).toBe(` on line 3 of its body: "${host}"`);
  });
});

describe('nearMisses', () => {
  it.each<[string, Partial<Answer>, string]>([
    [`this is ${host}ff`, {}, `; the body holds it only inside the longer word "${host}ff"`],
    [`this is ${host.slice(0, 8)}.`, {}, `; the body holds only "${host.slice(0, 8)}", the start of it`],
    ['Hey there!', { headers: [['X-Served-By', host]] }, '; it is only in the response header X-Served-By, which curl does not print'],
    ['Hey there!', {}, ''],
  ])('says what came near: %s', (body, more, en) => {
    const text = nearMisses(answer(body, more), host);
    expect(text.en).toBe(en);
    expect(Boolean(text.zh)).toBe(Boolean(en));
  });
});

describe('neverEnded', () => {
  it('is undefined for an answer that ended, and says why for one that did not', () => {
    expect(neverEnded(answer('x'))).toBeUndefined();
    expect(neverEnded(answer('x', { complete: false, end: 'stalled', idleMs: 2000 }))?.en).toBe('the response never ended: nothing more came for 2000 ms and it was not ended, so curl would wait forever');
  });
});
