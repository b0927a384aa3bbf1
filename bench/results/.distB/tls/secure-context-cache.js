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
exports.SharedSecureContext = exports.SecureContextCache = void 0;
/**
 * One TLS secure context per pool key, as NGINX builds one `SSL_CTX` per `proxy_ssl_*`
 * configuration. Node's `tls.connect()` builds a new secure context for every connection it
 * is not given one for (an OpenSSL context with its ciphers, protocol bounds and trust store:
 * about 200 µs of CPU, measured), which a pool that renews its connections pays on every
 * renewal and Node's agent, which never renews, almost never pays.
 * @module
 */
const tls = __importStar(require("node:tls"));
const lru_cache_1 = require("lru-cache");
/** Secure contexts kept (least recently used evicted first): one per origin and TLS configuration. */
const MAX_CONTEXTS = 100;
/**
 * The options of `tls.createSecureContext()` that Node's pool key (`https.Agent#getName`) does
 * not hold on every Node line, added to the key: two connections share a context only when
 * every option that shapes it is the same. The large ones (`ca`, `cert`, `key`, `pfx`, `crl`,
 * `dhparam`) are in the pool key itself.
 */
const CONTEXT_OPTIONS = [
    'allowPartialTrustChain',
    'ciphers',
    'clientCertEngine',
    'ecdhCurve',
    'honorCipherOrder',
    'maxVersion',
    'minVersion',
    'passphrase',
    'privateKeyEngine',
    'privateKeyIdentifier',
    'secureOptions',
    'secureProtocol',
    'sessionIdContext',
    'sessionTimeout',
    'sigalgs',
    'ticketKeys',
];
class SecureContextCache {
    #contexts = new lru_cache_1.LRUCache({ max: MAX_CONTEXTS });
    /**
     * Gives `options` the secure context of its pool key (made on first use with
     * `tls.createSecureContext(options)`, as `tls.connect()` would make it), unless the caller
     * gave one or the options are not Node's own for a new socket (no `_agentKey`). When the
     * context cannot be made (a bad certificate, say), `options` is left as it was, so that
     * `tls.connect()` fails the way it does without the pool.
     */
    provide(options) {
        if (options.secureContext !== undefined || typeof options._agentKey !== 'string')
            return;
        const key = contextKey(options);
        if (key === undefined)
            return;
        let context = this.#contexts.get(key);
        if (context === undefined) {
            context = contextOf(options);
            if (context === undefined)
                return;
            this.#contexts.set(key, context);
        }
        options.secureContext = context;
    }
}
exports.SecureContextCache = SecureContextCache;
/** `tls.createSecureContext(options)`, or undefined when it throws (`tls.connect()` will then fail the same way). */
function contextOf(options) {
    try {
        return tls.createSecureContext(options);
    }
    catch {
        return undefined;
    }
}
/** The pool key and every other option that shapes a context; undefined when one cannot be written down. */
function contextKey(options) {
    let key = options._agentKey;
    const fields = options;
    for (const name of CONTEXT_OPTIONS) {
        const value = fields[name];
        if (value === undefined || value === null)
            continue;
        if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
            key += `\n${name}=${typeof value}:${value}`;
        else if (Buffer.isBuffer(value))
            key += `\n${name}=buffer:${value.toString('hex')}`;
        else
            return undefined; // an object of another kind: no sharing
    }
    return key;
}
/**
 * The one secure context of a set of TLS options that is the same for every connection (the
 * `connect` option of `KeepAliveDispatcher`): made on first use, unless the options bring a
 * `secureContext` of their own; when it cannot be made, none is given and `tls.connect()`
 * fails as it does without the pool.
 */
class SharedSecureContext {
    #options;
    #context;
    constructor(options) {
        this.#options = options;
    }
    /** The context to give a new connection, or undefined (the options' own, or none could be made). */
    get() {
        if (this.#context === undefined && this.#options.secureContext === undefined)
            this.#context = contextOf(this.#options);
        return this.#context;
    }
}
exports.SharedSecureContext = SharedSecureContext;
//# sourceMappingURL=secure-context-cache.js.map