"use strict";
var __createBinding = (this && this.__createBinding) || (Object.create ? (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    var desc = Object.getOwnPropertyDescriptor(m, k);
    if (!desc || ("get" in desc ? !m.__esModule : desc.writable || desc.configurable)) {
      desc = { enumerable: true, get: function() { return m[k]; } };
    }
    Object.defineProperty(o, k2, desc);
}) : (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    o[k2] = m[k];
}));
var __setModuleDefault = (this && this.__setModuleDefault) || (Object.create ? (function(o, v) {
    Object.defineProperty(o, "default", { enumerable: true, value: v });
}) : function(o, v) {
    o["default"] = v;
});
var __importStar = (this && this.__importStar) || (function () {
    var ownKeys = function(o) {
        ownKeys = Object.getOwnPropertyNames || function (o) {
            var ar = [];
            for (var k in o) if (Object.prototype.hasOwnProperty.call(o, k)) ar[ar.length] = k;
            return ar;
        };
        return ownKeys(o);
    };
    return function (mod) {
        if (mod && mod.__esModule) return mod;
        var result = {};
        if (mod != null) for (var k = ownKeys(mod), i = 0; i < k.length; i++) if (k[i] !== "default") __createBinding(result, mod, k[i]);
        __setModuleDefault(result, mod);
        return result;
    };
})();
Object.defineProperty(exports, "__esModule", { value: true });
exports.HttpAgent = void 0;
const http = __importStar(require("node:http"));
const nginx_1 = require("../options/nginx");
const nginx_config_1 = require("../options/nginx-config");
const pooling_agent_1 = require("./pooling-agent");
const HttpAgentBase = (0, pooling_agent_1.withKeepAlivePool)(http.Agent);
/**
 * A drop-in `http.Agent` with NGINX's upstream keepalive semantics: a pool of persistent
 * connections with a total idle cap and LRU eviction (`maxIdleSockets`), an idle timeout that
 * respects the server's `Keep-Alive` hint, a per-connection request limit, a connection
 * lifetime, and upstream reuse even when the client sent `Connection: close`.
 *
 * @example
 * ```ts
 * import * as http from 'node:http';
 * import { HttpAgent } from 'upstream-keepalive';
 * const agent = new HttpAgent({ maxIdleSockets: 64 });
 * http.get('http://127.0.0.1:8080/', { agent }, (res) => res.resume());
 * ```
 */
class HttpAgent extends HttpAgentBase {
    /**
     * @param options Node's `http.Agent` options (`keepAlive` defaults to `true`) and ours.
     * @throws {TypeError|RangeError} with `code === 'ERR_UPSTREAM_KEEPALIVE_INVALID_OPTION'`.
     */
    constructor(options) {
        super(options);
    }
    /**
     * Builds an agent from NGINX configuration: upstream keepalive directives, e.g.
     * `keepalive 64; keepalive_timeout 60s; keepalive_requests 10000; keepalive_time 1h;`, and
     * whole `upstream NAME { server HOST:PORT weight=5; … }` blocks (the `upstreams` option; see
     * docs/upstreams.md). `overrides` are applied on top. Unknown directives and bad values throw
     * a `SyntaxError` with `code === 'ERR_UPSTREAM_KEEPALIVE_INVALID_NGINX_CONFIG'`.
     */
    static fromNginx(text, overrides) {
        return new HttpAgent((0, nginx_1.withOverrides)((0, nginx_config_1.parseNginxAgentConfig)(text), overrides));
    }
}
exports.HttpAgent = HttpAgent;
//# sourceMappingURL=http-agent.js.map