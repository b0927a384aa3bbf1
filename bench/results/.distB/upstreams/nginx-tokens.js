"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.tokenizeNginx = void 0;
exports.statementsOf = statementsOf;
/**
 * NGINX configuration text as statements (with blocks), for reading `upstream` blocks, from the
 * tokens of `lib/options/nginx.ts` (after `ngx_conf_read_token`: quotes, `\` escapes, `#`
 * comments).
 * @module
 */
const errors_1 = require("../errors");
const nginx_1 = require("../options/nginx");
/** Splits `text` into tokens (the keepalive parser's tokenizer, after `ngx_conf_read_token`). */
exports.tokenizeNginx = nginx_1.tokenize;
/**
 * The statements of `tokens`, blocks nested. Each statement ends with `;` or is followed by
 * a `{ … }` block.
 * @throws {NginxConfigError} for a missing `;`, a stray `}` or `;`, or an unclosed block.
 */
function statementsOf(tokens) {
    let i = 0;
    const read = (inBlock) => {
        const out = [];
        for (;;) {
            const head = tokens[i];
            if (head === undefined) {
                if (inBlock)
                    throw new errors_1.NginxConfigError('unexpected end of text: missing "}"', inBlock.line);
                return out;
            }
            if (head.special) {
                if (head.text === '}' && inBlock) {
                    i++;
                    return out;
                }
                throw new errors_1.NginxConfigError(`unexpected "${head.text}"`, head.line);
            }
            const args = [];
            i++;
            while (tokens[i] !== undefined && !tokens[i].special)
                args.push(tokens[i++]);
            const stop = tokens[i];
            if (stop === undefined || stop.text === '}') {
                const last = args.at(-1) ?? head;
                const what = [head, ...args].map((t) => t.text).join(' ');
                throw new errors_1.NginxConfigError(`${stop ? 'unexpected "}"' : 'unexpected end of text'}: missing ";" after "${what}"`, last.line);
            }
            i++;
            out.push({ name: head, args, block: stop.text === '{' ? read(stop) : undefined });
        }
    };
    return read(undefined);
}
//# sourceMappingURL=nginx-tokens.js.map