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
exports.HttpsAgent = void 0;
const https = __importStar(require("node:https"));
const nginx_1 = require("../options/nginx");
const nginx_config_1 = require("../options/nginx-config");
const node_internals_1 = require("../node-agent/node-internals");
const spec_1 = require("../options/spec");
const pooling_agent_1 = require("./pooling-agent");
const session_cache_1 = require("../tls/session-cache");
const secure_context_cache_1 = require("../tls/secure-context-cache");
const HttpsAgentBase = (0, pooling_agent_1.withKeepAlivePool)(https.Agent, spec_1.HTTPS_AGENT_OPTIONS);
/**
 * The same pool as {@link HttpAgent}, over TLS: a drop-in `https.Agent` (a real subclass)
 * whose TLS session cache is an LRU (Node's is first-in-first-out), refreshed from every
 * session ticket, including tickets that arrive after the handshake or while the socket is
 * idle, and cleared of a session as soon as a handshake offering it does not resume.
 */
class HttpsAgent extends HttpsAgentBase {
    sessions;
    /** One TLS secure context per pool key, made once rather than for every connection. */
    contexts = new secure_context_cache_1.SecureContextCache();
    /** The session `_getSession` handed to the connection being opened. */
    offered;
    /**
     * @param options Node's `https.Agent` options (`keepAlive` defaults to `true`) and ours.
     * @throws {TypeError|RangeError} with `code === 'ERR_UPSTREAM_KEEPALIVE_INVALID_OPTION'`.
     */
    constructor(options) {
        super(options);
        this.sessions = new session_cache_1.TlsSessionCache(this.maxCachedSessions);
    }
    /** The TLS sessions held now, for inspection: origin keys, most recently used first. */
    get cachedSessionKeys() {
        return this.sessions.keys();
    }
    /** @hidden Node's hook: opens the TLS connection (records which session it offered), in every call form Node accepts. */
    createConnection(...args) {
        const options = (0, node_internals_1.connectOptionsOf)(args);
        if (options !== undefined)
            this.contexts.provide(options);
        this.offered = undefined;
        const socket = super.createConnection(...args);
        const offered = this.offered;
        this.offered = undefined;
        if (socket && offered !== undefined) {
            const key = options?._agentKey;
            if (key !== undefined)
                this.watchResumption(socket, key, offered);
        }
        return socket;
    }
    /**
     * A handshake that offered a session and did not resume it (the server rotated its ticket
     * keys, or forgot the session), or that failed, drops that session at once; a ticket from
     * the new handshake then takes its place.
     */
    watchResumption(socket, key, offered) {
        const onSecure = () => {
            socket.removeListener('close', onClose);
            if (!socket.isSessionReused())
                this.sessions.delete(key, offered);
        };
        const onClose = () => {
            socket.removeListener('secureConnect', onSecure);
            this.sessions.delete(key, offered);
        };
        socket.once('secureConnect', onSecure);
        socket.once('close', onClose);
    }
    /** @hidden Node's session-cache hook. */
    _getSession(key) {
        const session = this.sessions.get(key);
        this.offered = session;
        return session;
    }
    /** @hidden Node's session-cache hook. */
    _cacheSession(key, session) {
        this.sessions.set(key, session);
    }
    /**
     * Node calls this for any socket that closes with an error, even long after a good
     * handshake; a session is dropped here only by a failed or non-resumed handshake that
     * offered it (see `watchResumption`), so a reset connection does not cost a full handshake.
     */
    _evictSession(_key) { }
    /**
     * Builds an agent from NGINX upstream keepalive directives; see `HttpAgent.fromNginx`.
     */
    static fromNginx(text, overrides) {
        return new HttpsAgent((0, nginx_1.withOverrides)((0, nginx_config_1.parseNginxAgentConfig)(text), overrides));
    }
}
exports.HttpsAgent = HttpsAgent;
//# sourceMappingURL=https-agent.js.map