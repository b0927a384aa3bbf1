"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.sniOf = sniOf;
exports.openConnection = openConnection;
/**
 * Opens the connections of the pool (undici's `Client` asks through its `connect` option):
 * TCP, or TLS with session resumption from the dispatcher's LRU session cache, within
 * `connectTimeout`; the TLS handshake counted as resumed or full.
 * @module
 */
const node_net_1 = __importDefault(require("node:net"));
const node_tls_1 = __importDefault(require("node:tls"));
const errors_1 = require("../errors");
const timers_1 = require("../rules/timers");
const peer_1 = require("./peer");
/** TCP keepalive probes as undici's own connector sets them. */
const KEEPALIVE_INITIAL_DELAY = 60_000;
/** The SNI name of a connection: the one asked for, else the host unless it is an address (TLS sends no IP as SNI). */
function sniOf(hostname, servername) {
    if (servername)
        return servername;
    return node_net_1.default.isIP(hostname) === 0 ? hostname : '';
}
/**
 * Opens one connection for undici and calls `callback` once: with the socket when it is
 * established (`connect`, or `secureConnect` for TLS), or with the error. A connection not
 * established within the timeout is destroyed with a `ConnectTimeoutError`.
 */
function openConnection(settings, params, origin, report, callback) {
    const secure = params.protocol === 'https:';
    const host = params.hostname;
    const port = Number(params.port) || (secure ? 443 : 80);
    const localAddress = params.localAddress ?? undefined;
    let socket;
    let key = '';
    let offered;
    if (secure) {
        const servername = sniOf(host, params.servername);
        key = `${host}:${port}:${servername}`;
        offered = settings.sessions.get(key);
        const context = settings.context.get();
        socket = node_tls_1.default.connect({
            ...settings.connect,
            ...(context === undefined ? undefined : { secureContext: context }),
            host,
            port,
            servername: servername === '' ? undefined : servername,
            session: offered,
            localAddress,
            ALPNProtocols: ['http/1.1'],
        });
        // Every ticket the server sends refreshes the cache, also those that come after the handshake.
        socket.on('session', (session) => settings.sessions.set(key, session));
    }
    else {
        socket = node_net_1.default.connect({ ...settings.connect, host, port, localAddress });
    }
    socket.setNoDelay(true);
    socket.setKeepAlive(true, KEEPALIVE_INITIAL_DELAY);
    report.opened(socket);
    let timer;
    const timeout = settings.timeout;
    if (timeout > 0 && timeout !== Infinity) {
        timer = setTimeout(() => socket.destroy(new errors_1.ConnectTimeoutError(origin, timeout, secure)), Math.min(timeout, timers_1.MAX_TIMER_MS)).unref();
    }
    const ready = secure ? 'secureConnect' : 'connect';
    const settle = (err) => {
        if (timer !== undefined)
            clearTimeout(timer);
        socket.removeListener(ready, onReady);
        socket.removeListener('error', onError);
        socket.removeListener('close', onClose);
        callback(err, err === null ? socket : null);
    };
    const onReady = () => {
        if (secure) {
            const resumed = socket.isSessionReused();
            // A session the server no longer resumes is dropped at once; the new ticket replaces it.
            if (offered !== undefined && !resumed)
                settings.sessions.delete(key, offered);
            report.handshake(resumed);
        }
        settle(null);
    };
    const onError = (err) => {
        if (offered !== undefined)
            settings.sessions.delete(key, offered);
        socket.destroy();
        settle(err);
    };
    // Closed without an error (destroyed by the pool, say, before it was established).
    const onClose = () => settle(new peer_1.errors.SocketError(`the connection to ${origin} closed before it was established`));
    socket.once(ready, onReady);
    socket.once('error', onError);
    socket.once('close', onClose);
}
//# sourceMappingURL=connector.js.map