"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.parseNginxAgentConfig = parseNginxAgentConfig;
/**
 * The whole text `fromNginx` takes: `upstream NAME { … }` blocks (the `upstreams` option) and
 * keepalive directives, inside the blocks or outside them, read into one agent's options.
 * @module
 */
const errors_1 = require("../errors");
const nginx_upstream_1 = require("../upstreams/nginx-upstream");
const DIRECTIVE_OF = {
    maxIdleSockets: 'keepalive',
    idleTimeout: 'keepalive_timeout',
    maxRequestsPerSocket: 'keepalive_requests',
    maxSocketLifetime: 'keepalive_time',
};
/**
 * Reads NGINX configuration text into agent options. One agent keeps one pool for all its
 * groups: the `keepalive N` of several blocks add up (each block's connections may be cached,
 * as in NGINX, under one LRU), and every other keepalive directive given in several places
 * must say the same (an agent per block is the way to differ).
 * @throws {NginxConfigError} for anything the blocks' or the directives' parsers reject, and
 *   for keepalive directives that differ between blocks.
 */
function parseNginxAgentConfig(text) {
    const config = (0, nginx_upstream_1.parseNginxUpstreams)(text);
    const options = { ...config.keepalive };
    const from = new Map();
    for (const block of config.blocks) {
        for (const [name, value] of Object.entries(block.keepaliveDirectives)) {
            const before = options[name];
            if (before === undefined)
                options[name] = value;
            else if (name === 'maxIdleSockets' && from.has(name))
                options[name] = before + value;
            else if (before !== value) {
                throw new errors_1.NginxConfigError(`"${DIRECTIVE_OF[name]}" of upstream "${block.name}" differs from the one given before (line ${from.get(name) ?? 1}): ` +
                    'one agent has one pool; give every block the same value, or build one agent per block', block.line);
            }
            from.set(name, block.line);
        }
    }
    const result = options;
    if (config.blocks.length > 0)
        result.upstreams = config.upstreams;
    return result;
}
//# sourceMappingURL=nginx-config.js.map