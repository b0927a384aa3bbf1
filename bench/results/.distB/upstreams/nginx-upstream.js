"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.parseNginxUpstreamBlock = parseNginxUpstreamBlock;
exports.parseNginxUpstreams = parseNginxUpstreams;
/**
 * NGINX `upstream NAME { … }` blocks read into groups of the `upstreams` option: `server`
 * lines, the balancing method (`least_conn`, `hash KEY [consistent]`, `random [two
 * [least_conn]]`), and the keepalive directives, which `parseNginxKeepalive` reads as it
 * reads them outside a block. Directives an agent cannot honour are errors, never ignored.
 * @module
 */
const errors_1 = require("../errors");
const nginx_1 = require("../options/nginx");
const nginx_key_1 = require("./nginx-key");
const nginx_server_1 = require("./nginx-server");
const nginx_tokens_1 = require("./nginx-tokens");
const validate_1 = require("./validate");
const KEEPALIVE = ['keepalive', 'keepalive_timeout', 'keepalive_requests', 'keepalive_time'];
const REJECTED = {
    ip_hash: 'an agent does not see the address of the client a request comes from, which ip_hash hashes; ' +
        'to keep each client on one server, hash on a header that the proxy in front sets: hash $http_x_forwarded_for consistent;',
    resolver: 'an agent resolves names with the system resolver (dns.lookup, or the agent’s lookup option); remove it, ' +
        'and give its valid= as the group’s resolveInterval (the names of "resolve" servers are resolved every 30s by default)',
    resolver_timeout: 'an agent resolves names with the system resolver (dns.lookup, or the agent’s lookup option); remove it',
    least_time: 'it is NGINX Plus’s; use least_conn',
    ntlm: 'it is NGINX Plus’s',
    queue: 'it is NGINX Plus’s; give the agent the options maxQueuedRequests and queueTimeout',
    sticky: 'it is NGINX Plus’s; use hash KEY consistent',
    state: 'it is NGINX Plus’s',
    health_check: 'it is NGINX Plus’s; the agent has passive health checks only (max_fails, fail_timeout)',
};
const DIRECTIVES = ['server', 'least_conn', 'hash', 'random', 'zone', ...KEEPALIVE, ...Object.keys(REJECTED)];
const statementText = (s) => [s.name, ...s.args].map((t) => t.text).join(' ');
/** A directive name on a later line than the word before it: the `;` before it was forgotten. */
function checkRunOn(s, names = DIRECTIVES) {
    s.args.forEach((arg, k) => {
        const before = k === 0 ? s.name : s.args[k - 1];
        if (!arg.quoted && names.includes(arg.text) && arg.line > before.line) {
            const head = [s.name, ...s.args.slice(0, k)].map((t) => t.text).join(' ');
            throw new errors_1.NginxConfigError(`missing ";" after "${head}"`, before.line);
        }
    });
}
function args(s, min, max) {
    if (s.args.length < min || s.args.length > max) {
        const expected = min === max ? `${min}` : `${min} to ${max}`;
        throw new errors_1.NginxConfigError(`invalid number of arguments in "${s.name.text}" directive: expected ${expected}, got ${s.args.length}`, s.name.line);
    }
    return s.args;
}
/** The keepalive statements as text for `parseNginxKeepalive`, each word on its original line. */
function keepaliveText(statements) {
    let text = '';
    let line = 1;
    // A word is written as it was, unless it was quoted or needs quotes to stay one word.
    const word = (t) => t.quoted || t.text === '' || /[\s;{}"'#\\]/.test(t.text)
        ? `"${t.text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\r/g, '\\r')}"`
        : t.text;
    for (const s of statements) {
        for (const token of [s.name, ...s.args]) {
            for (; line < token.line; line++)
                text += '\n';
            text += `${word(token)} `;
        }
        text += ';';
    }
    return text;
}
/** The balancing directive read into the group. */
function readMethod(s, group) {
    const name = s.name.text;
    const invalid = (t) => {
        throw new errors_1.NginxConfigError(`invalid parameter ${JSON.stringify(t.text)} in "${name}" directive`, t.line);
    };
    if (name === 'least_conn') {
        args(s, 0, 0);
        group.balance = 'least_conn';
    }
    else if (name === 'hash') {
        const [key, mode] = args(s, 1, 2);
        if (mode !== undefined && mode.text !== 'consistent')
            invalid(mode);
        group.balance = 'hash';
        group.hashKey = (0, nginx_key_1.compileHashKey)(key.text, key.line);
        if (mode !== undefined)
            group.consistent = true;
    }
    else {
        const [two, method] = args(s, 0, 2);
        if (two !== undefined && two.text !== 'two')
            invalid(two);
        // ngx_http_upstream_random: "two" may be followed by the only method it has, least_conn.
        if (method !== undefined && method.text !== 'least_conn')
            invalid(method);
        group.balance = 'random';
        if (two !== undefined)
            group.two = true;
    }
}
/**
 * Reads the content of one `upstream NAME { … }` block.
 * @param name The group's name.
 * @param body The text between the braces, or its statements (from {@link statementsOf}).
 * @param line The line of `upstream NAME {` (and of the body's first line, for text). Default: 1.
 * @throws {NginxConfigError} (`code === 'ERR_UPSTREAM_KEEPALIVE_INVALID_NGINX_CONFIG'`, with
 *   the 1-based `line`) for an unknown directive or one an agent cannot honour (`ip_hash`,
 *   NGINX Plus's), a bad `server` line, a second balancing method, a `backup` server with
 *   `hash` or `random`, no primary server, or a bad keepalive directive.
 */
function parseNginxUpstreamBlock(name, body, line = 1) {
    const statements = typeof body === 'string' ? (0, nginx_tokens_1.statementsOf)((0, nginx_tokens_1.tokenizeNginx)(body).map((t) => ({ ...t, line: t.line + line - 1 }))) : body;
    const group = { servers: [] };
    const servers = [];
    const backupLines = [];
    const keepalive = [];
    let method;
    for (const s of statements) {
        const directive = s.name.text;
        checkRunOn(s);
        if (s.block !== undefined)
            throw new errors_1.NginxConfigError(`unexpected "{" after "${statementText(s)}" (no block inside "upstream")`, s.name.line);
        const reason = REJECTED[directive];
        if (reason !== undefined)
            throw new errors_1.NginxConfigError(`"${directive}" is not supported: ${reason}`, s.name.line);
        if (directive === 'server') {
            const read = (0, nginx_server_1.readServer)(s);
            servers.push(read.server);
            backupLines.push(read.lines.get('backup') ?? 0);
        }
        else if (directive === 'least_conn' || directive === 'hash' || directive === 'random') {
            if (method !== undefined) {
                throw new errors_1.NginxConfigError(`load balancing method redefined: "${directive}" after "${method.name.text}" (line ${method.name.line}); give one`, s.name.line);
            }
            method = s;
            readMethod(s, group);
        }
        else if (KEEPALIVE.includes(directive)) {
            keepalive.push(s);
        }
        else if (directive === 'zone') {
            // The group's state is shared by every request of the agent, as a zone shares it between workers.
            args(s, 1, 2);
        }
        else {
            throw new errors_1.NginxConfigError(`unknown directive ${JSON.stringify(directive)} in "upstream" (accepted: ${DIRECTIVES.slice(0, 9).join(', ')}, zone)`, s.name.line);
        }
    }
    if (servers.length === 0)
        throw new errors_1.NginxConfigError(`no servers are inside upstream "${name}"`, line);
    const backupAt = backupLines.find((l) => l > 0);
    if (backupAt !== undefined && (group.balance === 'hash' || group.balance === 'random')) {
        const where = method.name.line === backupAt ? '' : ` (given on line ${method.name.line})`;
        throw new errors_1.NginxConfigError(`balancing method "${method.name.text}"${where} does not support parameter "backup"`, backupAt);
    }
    if (servers.every((s) => s.backup === true))
        throw new errors_1.NginxConfigError(`no servers in upstream "${name}": every server is a backup`, line);
    group.servers = servers;
    try {
        (0, validate_1.resolveUpstreamGroup)(name, group);
    }
    catch (err) {
        if (!(err instanceof errors_1.InvalidOptionTypeError || err instanceof errors_1.InvalidOptionRangeError))
            throw err;
        throw new errors_1.NginxConfigError(`upstream "${name}": ${err.message}`, line);
    }
    return Object.freeze({ name, group: Object.freeze(group), keepaliveDirectives: (0, nginx_1.parseNginxKeepalive)(keepaliveText(keepalive)), line });
}
/**
 * Reads a text of `upstream NAME { … }` blocks and keepalive directives outside them (which
 * `parseNginxKeepalive` reads).
 * @throws {NginxConfigError} as `parseNginxUpstreamBlock`, and for a block other than
 *   `upstream`, an `upstream` without a name or a block, or two blocks of the same name
 *   (names are compared without case).
 */
function parseNginxUpstreams(text) {
    if (typeof text !== 'string')
        throw new errors_1.NginxConfigError('the NGINX configuration must be a string', 1);
    const blocks = [];
    const bare = [];
    const upstreams = {};
    const seen = new Map();
    for (const s of (0, nginx_tokens_1.statementsOf)((0, nginx_tokens_1.tokenizeNginx)(text))) {
        const line = s.name.line;
        checkRunOn(s, [...KEEPALIVE, 'upstream']);
        if (s.name.text !== 'upstream') {
            if (s.block !== undefined)
                throw new errors_1.NginxConfigError(`unexpected block "${statementText(s)} {" (only "upstream" blocks are accepted)`, line);
            if (!KEEPALIVE.includes(s.name.text) && DIRECTIVES.includes(s.name.text)) {
                throw new errors_1.NginxConfigError(`"${s.name.text}" is accepted only inside an "upstream NAME { ... }" block`, line);
            }
            bare.push(s);
            continue;
        }
        if (s.block === undefined || s.args.length !== 1) {
            throw new errors_1.NginxConfigError('"upstream" takes a name and a block: upstream NAME { server HOST:PORT; ... }', line);
        }
        const name = s.args[0].text;
        if (!(0, validate_1.isGroupName)(name)) {
            throw new errors_1.NginxConfigError(`invalid upstream name ${JSON.stringify(name)}: a group is named by a host name (letters, digits, "_", ".", "-")`, line);
        }
        const first = seen.get(name.toLowerCase());
        if (first !== undefined)
            throw new errors_1.NginxConfigError(`upstream "${name}" is duplicate (first given on line ${first})`, line);
        seen.set(name.toLowerCase(), line);
        const block = parseNginxUpstreamBlock(name, s.block, line);
        blocks.push(block);
        upstreams[name] = block.group;
    }
    return Object.freeze({ blocks: Object.freeze(blocks), upstreams: Object.freeze(upstreams), keepalive: (0, nginx_1.parseNginxKeepalive)(keepaliveText(bare)) });
}
//# sourceMappingURL=nginx-upstream.js.map