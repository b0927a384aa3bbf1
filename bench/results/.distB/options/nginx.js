"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.parseNginxTime = parseNginxTime;
exports.tokenize = tokenize;
exports.parseNginxKeepalive = parseNginxKeepalive;
exports.withOverrides = withOverrides;
/**
 * NGINX upstream keepalive directives (`keepalive`, `keepalive_timeout`, `keepalive_requests`,
 * `keepalive_time`) turned into agent options. Used by `HttpAgent.fromNginx()`.
 * @module
 */
const errors_1 = require("../errors");
/** The longest piece of the caller's text an error message quotes, in characters. */
const QUOTED_MAX = 80;
/**
 * `text` as an error message shows it: whole up to {@link QUOTED_MAX} characters; a longer
 * text is cut there, with an ellipsis, and its full length follows the quotes, so that a
 * 1 MB statement does not end up in the message (and in every log line that prints it).
 */
function excerpt(text) {
    if (text.length <= QUOTED_MAX)
        return { shown: text, after: '' };
    const code = text.charCodeAt(QUOTED_MAX - 1);
    const cut = code >= 0xd800 && code <= 0xdbff ? QUOTED_MAX - 1 : QUOTED_MAX; // keep a surrogate pair whole
    return { shown: `${text.slice(0, cut)}…`, after: ` (${text.length} characters)` };
}
/** `text` between `mark`s (double quotes by default), cut by {@link excerpt}. */
function quoted(text, mark = '"') {
    const { shown, after } = excerpt(text);
    return `${mark}${shown}${mark}${after}`;
}
/** `text` as a JSON string (escapes visible), cut by {@link excerpt}. */
function jsonQuoted(text) {
    const { shown, after } = excerpt(text);
    return `${JSON.stringify(shown)}${after}`;
}
/** Milliseconds per unit, largest first (the order in which NGINX wants them). */
const UNITS = [
    ['y', 365n * 86400000n],
    ['M', 30n * 86400000n],
    ['w', 7n * 86400000n],
    ['d', 86400000n],
    ['h', 3600000n],
    ['m', 60000n],
    ['s', 1000n],
    ['ms', 1n],
];
const SECONDS = UNITS.findIndex(([unit]) => unit === 's');
const MAX_MS = BigInt(Number.MAX_SAFE_INTEGER);
/** One part: digits, then an optional unit (`ms` tried before `m`), then optional spaces. */
const PART = /(\d*)(ms|[yMwdhms]?)( *)/y;
/** Parses an NGINX time; returns milliseconds, or the reason the text is not a time. */
function timeToMs(value) {
    if (value === '')
        return 'empty time';
    if (value[0] === ' ')
        return 'leading space';
    let total = 0n;
    let last = -1; // index in UNITS of the last unit used
    let bare = false; // a number without a unit was seen: it must be the last part
    PART.lastIndex = 0;
    while (PART.lastIndex < value.length) {
        const at = PART.lastIndex;
        const match = PART.exec(value);
        const [, digits = '', unit = ''] = match ?? [];
        if (digits === '') {
            const ch = value[at] ?? '';
            return unit !== '' ? `unit "${unit}" without a number` : `unexpected ${JSON.stringify(ch)} (units: ms, s, m, h, d, w, M, y)`;
        }
        if (bare)
            return `a number without a unit (seconds) must be the last part`;
        // A bare number means seconds, as in NGINX.
        const index = unit === '' ? SECONDS : UNITS.findIndex(([u]) => u === unit);
        if (unit === '')
            bare = true;
        if (index <= last) {
            return unit === '' && last >= SECONDS
                ? `a number without a unit (seconds) after "${UNITS[last][0]}"`
                : `unit "${UNITS[index][0]}" after "${UNITS[last][0]}" (each unit at most once, largest first)`;
        }
        last = index;
        total += BigInt(digits) * UNITS[index][1];
        if (total > MAX_MS)
            return `more than ${Number.MAX_SAFE_INTEGER} ms`;
    }
    return Number(total);
}
/**
 * Converts an NGINX time (the syntax of `keepalive_timeout`, `keepalive_time` and every other
 * NGINX time directive, after `ngx_parse_time`) to milliseconds.
 *
 * Units: `ms`, `s`, `m` (minutes), `h`, `d`, `w`, `M` (30 days), `y` (365 days); a number
 * without a unit means seconds. Parts combine, largest unit first and each unit at most once,
 * with or without spaces between them: `1h30m`, `1h 30m`, `1m30` (90 s), `1s500ms`.
 * Only decimal digits are numbers: no sign, no fraction.
 *
 * NGINX itself takes `ms` only in millisecond directives and `M` / `y` only in second
 * directives; both sets are accepted here. NGINX also lets a few odd spellings through
 * (`1hm`, `30 40`) that are rejected here.
 *
 * @param value The time, e.g. `"60s"` or `"1h 30m"`.
 * @param line The 1-based line reported in the error. Default: 1.
 * @returns Milliseconds, an integer from 0 to `Number.MAX_SAFE_INTEGER`.
 * @throws {NginxConfigError} (`code === 'ERR_UPSTREAM_KEEPALIVE_INVALID_NGINX_CONFIG'`) for an
 *   empty string, an unknown unit, a sign or fraction, a unit repeated or out of order, or a
 *   total above `Number.MAX_SAFE_INTEGER` ms.
 */
function parseNginxTime(value, line = 1) {
    const ms = timeToMs(value);
    if (typeof ms === 'string')
        throw new errors_1.NginxConfigError(`invalid time ${jsonQuoted(value)}: ${ms}`, line);
    return ms;
}
const ESCAPES = { '"': '"', "'": "'", '\\': '\\', t: '\t', r: '\r', n: '\n' };
/** Splits text into NGINX tokens, as `ngx_conf_read_token` does (quotes, `\` escapes, `#` comments). */
function tokenize(text) {
    const tokens = [];
    let line = 1;
    let i = 0;
    const isSpace = (ch) => ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n';
    while (i < text.length) {
        const ch = text[i];
        if (isSpace(ch)) {
            if (ch === '\n')
                line++;
            i++;
        }
        else if (ch === '#') {
            while (i < text.length && text[i] !== '\n')
                i++;
        }
        else if (ch === ';' || ch === '{' || ch === '}') {
            tokens.push({ text: ch, line, special: true, quoted: false });
            i++;
        }
        else {
            const start = line;
            const quote = ch === '"' || ch === "'" ? ch : undefined;
            let word = '';
            if (quote)
                i++;
            for (;;) {
                const c = text[i];
                if (c === undefined) {
                    if (quote)
                        throw new errors_1.NginxConfigError(`unexpected end of text: unclosed ${quote} quote`, start);
                    break;
                }
                if (quote ? c === quote : isSpace(c) || c === ';' || c === '{' || c === '}')
                    break;
                i++;
                if (c === '\\' && i < text.length) {
                    const next = text[i++];
                    word += ESCAPES[next] ?? `\\${next}`;
                    if (next === '\n')
                        line++;
                    continue;
                }
                if (c === '\n')
                    line++;
                word += c;
            }
            if (quote) {
                i++; // closing quote
                const after = text[i];
                if (after !== undefined && !isSpace(after) && after !== ';' && after !== '{' && after !== '}') {
                    throw new errors_1.NginxConfigError(`unexpected ${JSON.stringify(after)} after ${quoted(word, quote)}`, line);
                }
            }
            tokens.push({ text: word, line: start, special: false, quoted: quote !== undefined });
        }
    }
    return tokens;
}
const DIRECTIVES = {
    keepalive: { option: 'maxIdleSockets', time: false },
    keepalive_timeout: { option: 'idleTimeout', time: true },
    keepalive_requests: { option: 'maxRequestsPerSocket', time: false },
    keepalive_time: { option: 'maxSocketLifetime', time: true },
};
const isDirective = (name) => Object.hasOwn(DIRECTIVES, name);
/** The value of one directive's argument, checked. */
function directiveValue(name, arg) {
    const fail = (why) => {
        throw new errors_1.NginxConfigError(`invalid value ${jsonQuoted(arg.text)} in "${name}" directive: ${why}`, arg.line);
    };
    if (DIRECTIVES[name].time) {
        const ms = timeToMs(arg.text);
        if (typeof ms === 'string')
            return fail(ms);
        // NGINX takes 0; an agent cannot (an idle timeout or lifetime of 0 would pool nothing).
        return ms > 0 ? ms : fail('must be greater than 0');
    }
    const n = /^\d+$/.test(arg.text) ? Number(arg.text) : NaN;
    if (!(n > 0))
        return fail('must be a positive integer');
    return n <= Number.MAX_SAFE_INTEGER ? n : fail(`must be at most ${Number.MAX_SAFE_INTEGER}`);
}
/**
 * Reads NGINX upstream keepalive directives and returns the matching agent options:
 *
 * | directive | option | value |
 * | --- | --- | --- |
 * | `keepalive N;` | `maxIdleSockets` | integer ≥ 1 |
 * | `keepalive_timeout T;` | `idleTimeout` | time > 0, in ms |
 * | `keepalive_requests N;` | `maxRequestsPerSocket` | integer ≥ 1 |
 * | `keepalive_time T;` | `maxSocketLifetime` | time > 0, in ms |
 *
 * Times use NGINX's syntax (see {@link parseNginxTime}). The text follows NGINX's
 * configuration syntax: each directive ends with `;`, directives may share a line or span
 * several, `#` starts a comment to the end of the line, and arguments may be single- or
 * double-quoted (`keepalive_timeout "1h 30m";`).
 *
 * The parser is strict: only these four directives are accepted, each at most once. An
 * enclosing `upstream NAME { ... }` block, `server` lines and any other directive are errors,
 * so a typo cannot silently fall back to a default.
 *
 * @param text The directives, e.g. `keepalive 64; keepalive_timeout 60s;`.
 * @returns The options given by the text; `{}` for empty text or text with only comments.
 * @throws {NginxConfigError} (`code === 'ERR_UPSTREAM_KEEPALIVE_INVALID_NGINX_CONFIG'`, with the
 *   1-based `line`) for an unknown or repeated directive, a wrong number of arguments, a missing
 *   `;`, a brace, an unclosed quote, or a bad number or time.
 */
function parseNginxKeepalive(text) {
    if (typeof text !== 'string')
        throw new errors_1.NginxConfigError('the NGINX configuration must be a string', 1);
    const tokens = tokenize(text);
    const options = {};
    const seen = new Map();
    let i = 0;
    while (i < tokens.length) {
        const head = tokens[i];
        if (head.special)
            throw new errors_1.NginxConfigError(`unexpected "${head.text}"`, head.line);
        const args = [];
        let end = i + 1;
        while (end < tokens.length && !tokens[end].special)
            args.push(tokens[end++]);
        const stop = tokens[end];
        const statement = [head, ...args].map((t) => t.text).join(' ');
        // A directive name on a later line than the word before it: its `;` was forgotten.
        const runOn = args.findIndex((t, k) => !t.quoted && isDirective(t.text) && t.line > (k ? args[k - 1] : head).line);
        if (runOn >= 0) {
            const before = args.slice(0, runOn).map((t) => t.text);
            const prev = runOn ? args[runOn - 1] : head;
            throw new errors_1.NginxConfigError(`missing ";" after ${quoted([head.text, ...before].join(' '))}`, prev.line);
        }
        if (stop === undefined) {
            const last = args.length ? args[args.length - 1] : head;
            throw new errors_1.NginxConfigError(`unexpected end of text: missing ";" after ${quoted(statement)}`, last.line);
        }
        if (stop.text !== ';') {
            throw new errors_1.NginxConfigError(`unexpected "${stop.text}" after ${quoted(statement)} (blocks are not accepted)`, stop.line);
        }
        const name = head.text;
        if (!isDirective(name)) {
            throw new errors_1.NginxConfigError(`unknown directive ${quoted(name)} (accepted: keepalive, keepalive_timeout, keepalive_requests, keepalive_time)`, head.line);
        }
        const first = seen.get(name);
        if (first !== undefined) {
            throw new errors_1.NginxConfigError(`"${name}" directive is duplicate (first given on line ${first})`, head.line);
        }
        seen.set(name, head.line);
        if (args.length !== 1) {
            throw new errors_1.NginxConfigError(`invalid number of arguments in "${name}" directive: expected 1, got ${args.length} (${quoted(statement)})` +
                (DIRECTIVES[name].time && args.length > 1 ? `; quote a time that has spaces: ${quoted(args.map((t) => t.text).join(' '))}` : ''), head.line);
        }
        options[DIRECTIVES[name].option] = directiveValue(name, args[0]);
        i = end + 1;
    }
    return options;
}
/**
 * `parsed` with every option of `overrides` that is not `undefined` on top (an override key
 * present but `undefined` does not erase a directive).
 */
function withOverrides(parsed, overrides) {
    const merged = { ...parsed };
    if (overrides !== undefined && overrides !== null) {
        for (const [key, value] of Object.entries(overrides))
            if (value !== undefined)
                merged[key] = value;
    }
    return merged;
}
//# sourceMappingURL=nginx.js.map