/**
 * CRC-32 (IEEE 802.3, reflected polynomial `0xEDB88320`), the checksum NGINX's `hash` and
 * `hash … consistent` balancers use (`ngx_crc32_init` / `ngx_crc32_update` /
 * `ngx_crc32_final` in `src/core/ngx_crc32.h`, over `ngx_crc32_table256`). Our own table,
 * because `zlib.crc32` exists only from Node 20.15 / 22.2 and the package supports Node 20.0;
 * the incremental form is needed as NGINX uses it: the consistent-hash points continue one
 * running checksum (`HOST \0 PORT`) with each previous point's 4 bytes.
 * @module
 */
/** The bytes NGINX would hash for `text`: its UTF-8 encoding. */
export declare function bytesOf(text: string): Uint8Array;
/** A running checksum's start value (`ngx_crc32_init`). */
export declare const CRC32_INIT = 4294967295;
/** `crc` continued over `bytes` (`ngx_crc32_update`); not yet finalised. */
export declare function crc32Update(crc: number, bytes: Uint8Array): number;
/** A running checksum finished (`ngx_crc32_final`): the CRC-32 value, an unsigned 32-bit integer. */
export declare function crc32Final(crc: number): number;
/**
 * The CRC-32 of `data` (a string is hashed as its UTF-8 bytes), as `ngx_crc32_long`.
 * @returns An unsigned 32-bit integer, e.g. `0xcbf43926` for `"123456789"`.
 */
export declare function crc32(data: string | Uint8Array): number;
//# sourceMappingURL=crc32.d.ts.map