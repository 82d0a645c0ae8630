import { describe, expect, it } from 'vitest';
import { describeListeners, listensOn, parseListeners } from '../../checks/listeners.js';

describe('parseListeners', () => {
  it('reads LISTEN sockets of /proc/net/tcp and tcp6', () => {
    const tcp = [
      '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
      '   0: 00000000:0BB8 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1 0000000000000000 100 0 0 10 0',
      '   1: 0100007F:1F90 0100007F:9C40 01 00000000:00000000 00:00000000 00000000     0        0 2 1 0000000000000000 20 4 30 10 -1',
    ].join('\n');
    const tcp6 = '   0: 00000000000000000000000000000000:1F90 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 3 1 0000000000000000 100 0 0 10 0';
    expect(parseListeners(`${tcp}\n${tcp6}\n${tcp6}`)).toEqual([{ port: 3000, loopback: false }, { port: 8080, loopback: false }]);
    expect(parseListeners('')).toEqual([]);
  });

  it('tells sockets bound to loopback only (127.0.0.1, ::1, ::ffff:127.0.0.1) from those on all interfaces', () => {
    const line = (addr: string, port: string) => `   0: ${addr}:${port} ${'0'.repeat(addr.length)}:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1`;
    const text = [
      line('0100007F', '1F90'),
      line('00000000000000000000000001000000', '0BB8'),
      line('0000000000000000FFFF00000100007F', '0050'),
      line('0000000000000000FFFF00000200A8C0', '0051'),
      line('0100007F', '01BB'),
      line('00000000', '01BB'),
    ].join('\n');
    expect(parseListeners(text)).toEqual([
      { port: 80, loopback: true },
      { port: 81, loopback: false },
      { port: 443, loopback: false },
      { port: 3000, loopback: true },
      { port: 8080, loopback: true },
    ]);
  });
});

describe('listensOn and describeListeners', () => {
  it('count a port only where a published port leads: not the container\'s loopback', () => {
    expect(listensOn([{ port: 8080, loopback: false }], 8080)).toBe(true);
    expect(listensOn([{ port: 8080, loopback: true }], 8080)).toBe(false);
    expect(listensOn([{ port: 3000, loopback: false }], 8080)).toBe(false);
    expect(listensOn(undefined, 8080)).toBe(false);
  });

  it('say what listens in a student\'s words', () => {
    expect(describeListeners([{ port: 3000, loopback: false }, { port: 8080, loopback: true }])).toBe('3000, 8080 (loopback only)');
    expect(describeListeners([])).toBe('nothing');
  });
});
