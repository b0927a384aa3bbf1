/**
 * CRC-32 (IEEE 802.3, reflected polynomial `0xEDB88320`), the checksum NGINX's `hash` and
 * `hash … consistent` balancers use (`ngx_crc32_init` / `ngx_crc32_update` /
 * `ngx_crc32_final` in `src/core/ngx_crc32.h`, over `ngx_crc32_table256`). Our own table,
 * because `zlib.crc32` exists only from Node 20.15 / 22.2 and the package supports Node 20.0;
 * the incremental form is needed as NGINX uses it: the consistent-hash points continue one
 * running checksum (`HOST \0 PORT`) with each previous point's 4 bytes.
 * @module
 */

/** The 256-entry lookup table of the reflected polynomial, as `ngx_crc32_table256`. */
const TABLE: Uint32Array = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

const encoder = new TextEncoder();

/** The bytes NGINX would hash for `text`: its UTF-8 encoding. */
export function bytesOf(text: string): Uint8Array {
  return encoder.encode(text);
}

/** A running checksum's start value (`ngx_crc32_init`). */
export const CRC32_INIT = 0xffffffff;

/** `crc` continued over `bytes` (`ngx_crc32_update`); not yet finalised. */
export function crc32Update(crc: number, bytes: Uint8Array): number {
  let c = crc >>> 0;
  for (let i = 0; i < bytes.length; i++) c = TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return c >>> 0;
}

/** A running checksum finished (`ngx_crc32_final`): the CRC-32 value, an unsigned 32-bit integer. */
export function crc32Final(crc: number): number {
  return (crc ^ 0xffffffff) >>> 0;
}

/**
 * The CRC-32 of `data` (a string is hashed as its UTF-8 bytes), as `ngx_crc32_long`.
 * @returns An unsigned 32-bit integer, e.g. `0xcbf43926` for `"123456789"`.
 */
export function crc32(data: string | Uint8Array): number {
  return crc32Final(crc32Update(CRC32_INIT, typeof data === 'string' ? bytesOf(data) : data));
}
