"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.ReleaseKey = void 0;
/**
 * The pool key of the connection being released. Node's own `'free'` listener, and the
 * `removeSocket` it calls, each ask `agent.getName(options)` of the options object the
 * `'free'` event carries: the socket's own options, whose key Node computed from that very
 * object when it created the socket (`_agentKey`), and which the connection keeps. While
 * Node's listener runs, the agent's `getName` answers those two asks with it instead of
 * building the key twice more per request (a string built from a dictionary-mode object:
 * about 3,000 instructions each, measured). Any other options object, and any agent whose
 * `getName` is not the class's own (a subclass or an instance that overrides it), get no
 * answer from here: the key is computed as Node computes it. So does an options object that
 * does not carry the connection's key as `_agentKey` (a caller emitting `'free'` itself).
 * @module
 */
const connection_1 = require("../connection/connection");
class ReleaseKey {
    /** The options object of the `'free'` event being handled (undefined: none). */
    #options = undefined;
    #key = '';
    /** The agent class's own `getName` (its prototype's). */
    #ownGetName;
    constructor(ownGetName) {
        this.#ownGetName = ownGetName;
    }
    /** Node's `'free'` listener is about to run for `socket`, with `options`. */
    note(agent, socket, options) {
        const conn = (0, connection_1.connectionOf)(socket);
        if (conn === undefined || options === null || typeof options !== 'object' || agent.getName !== this.#ownGetName)
            return;
        // The object Node made for this socket carries the key it made from it: any other object
        // (a caller emitting 'free' with options of its own) is asked of getName as Node would.
        if (options._agentKey !== conn.name)
            return;
        this.#options = options;
        this.#key = conn.name;
    }
    /** Node's `'free'` listener has returned. */
    clear() {
        this.#options = undefined;
    }
    /** The key for `options`, if it is the object of the `'free'` event being handled. */
    of(options) {
        return options === this.#options && options !== undefined ? this.#key : undefined;
    }
}
exports.ReleaseKey = ReleaseKey;
//# sourceMappingURL=release-key.js.map