/**
 * Our CRC-32 (NGINX's ngx_crc32_*), against the standard check values and, where the Node
 * running the tests has it (>= 20.15 / 22.2), against `zlib.crc32`.
 */
import * as zlib from 'node:zlib';
import { bytesOf, crc32, CRC32_INIT, crc32Final, crc32Update } from '../../lib/upstreams/crc32';

const reference: ((data: string | Uint8Array) => number) | undefined = typeof zlib.crc32 === 'function' ? (d) => zlib.crc32(d) : undefined;

describe('crc32', () => {
  test.each([
    ['', 0x00000000],
    ['a', 0xe8b7be43],
    ['abc', 0x352441c2],
    ['123456789', 0xcbf43926],
    ['The quick brown fox jumps over the lazy dog', 0x414fa339],
  ])('%j is %i', (text, value) => {
    expect(crc32(text)).toBe(value);
    expect(crc32(bytesOf(text))).toBe(value);
  });

  test('strings are hashed as UTF-8', () => {
    expect(crc32('é')).toBe(crc32(new Uint8Array([0xc3, 0xa9])));
  });

  test('the running form (init, update, update, final) is the one-shot value', () => {
    const whole = crc32('10.0.0.1\u00008080');
    let c = crc32Update(CRC32_INIT, bytesOf('10.0.0.1'));
    c = crc32Update(c, new Uint8Array([0]));
    c = crc32Update(c, bytesOf('8080'));
    expect(crc32Final(c)).toBe(whole);
  });

  (reference ? test : test.skip)('agrees with zlib.crc32 over 2,000 random inputs', () => {
    let seed = 7;
    const next = (): number => (seed = (seed * 1_103_515_245 + 12_345) >>> 0);
    for (let n = 0; n < 2_000; n++) {
      const bytes = new Uint8Array(next() % 64);
      for (let i = 0; i < bytes.length; i++) bytes[i] = next() & 0xff;
      expect(crc32(bytes)).toBe(reference!(bytes));
    }
  });
});
