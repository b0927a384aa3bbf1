"use strict";
/**
 * CRC-32 (IEEE 802.3, reflected polynomial `0xEDB88320`), the checksum NGINX's `hash` and
 * `hash … consistent` balancers use (`ngx_crc32_init` / `ngx_crc32_update` /
 * `ngx_crc32_final` in `src/core/ngx_crc32.h`, over `ngx_crc32_table256`). Our own table,
 * because `zlib.crc32` exists only from Node 20.15 / 22.2 and the package supports Node 20.0;
 * the incremental form is needed as NGINX uses it: the consistent-hash points continue one
 * running checksum (`HOST \0 PORT`) with each previous point's 4 bytes.
 * @module
 */
Object.defineProperty(exports, "__esModule", { value: true });
exports.CRC32_INIT = void 0;
exports.bytesOf = bytesOf;
exports.crc32Update = crc32Update;
exports.crc32Final = crc32Final;
exports.crc32 = crc32;
/** The 256-entry lookup table of the reflected polynomial, as `ngx_crc32_table256`. */
const TABLE = (() => {
    const table = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
        let c = n;
        for (let k = 0; k < 8; k++)
            c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
        table[n] = c >>> 0;
    }
    return table;
})();
const encoder = new TextEncoder();
/** The bytes NGINX would hash for `text`: its UTF-8 encoding. */
function bytesOf(text) {
    return encoder.encode(text);
}
/** A running checksum's start value (`ngx_crc32_init`). */
exports.CRC32_INIT = 0xffffffff;
/** `crc` continued over `bytes` (`ngx_crc32_update`); not yet finalised. */
function crc32Update(crc, bytes) {
    let c = crc >>> 0;
    for (let i = 0; i < bytes.length; i++)
        c = TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
    return c >>> 0;
}
/** A running checksum finished (`ngx_crc32_final`): the CRC-32 value, an unsigned 32-bit integer. */
function crc32Final(crc) {
    return (crc ^ 0xffffffff) >>> 0;
}
/**
 * The CRC-32 of `data` (a string is hashed as its UTF-8 bytes), as `ngx_crc32_long`.
 * @returns An unsigned 32-bit integer, e.g. `0xcbf43926` for `"123456789"`.
 */
function crc32(data) {
    return crc32Final(crc32Update(exports.CRC32_INIT, typeof data === 'string' ? bytesOf(data) : data));
}
//# sourceMappingURL=crc32.js.map