"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.CreateTracker = void 0;
const node_internals_1 = require("./node-internals");
class CreateTracker {
    #creating;
    #pending = new Map();
    #pendingTotal = 0;
    /** Asynchronous connections not yet arrived, in total. */
    get pendingTotal() {
        return this.#pendingTotal;
    }
    /** Asynchronous connections not yet arrived for pool key `name`. */
    pendingFor(name) {
        return this.#pending.get(name) ?? 0;
    }
    /** Pending connections per pool key (for the stats). */
    pendingByName() {
        return this.#pending;
    }
    begin(req, forAdd, nameOf) {
        const call = { req, forAdd, nameOf, name: undefined, connectOptions: undefined, settled: false, pending: false, outer: this.#creating };
        this.#creating = call;
        return call;
    }
    /** `createConnection` was called (inside `createSocket`, or directly by anyone): note its options. */
    noteConnectOptions(args) {
        const call = this.#creating;
        if (call === undefined || call.name !== undefined)
            return;
        const options = (0, node_internals_1.connectOptionsOf)(args);
        if (options?._agentKey === undefined)
            return;
        call.name = options._agentKey;
        call.connectOptions = options;
    }
    /** Node's `createSocket` returned. Returns true if its socket has not arrived: the connection is pending. */
    end(call) {
        this.#creating = call.outer;
        call.outer = undefined;
        if (call.settled)
            return false;
        call.pending = true;
        const name = this.nameOf(call);
        this.#pending.set(name, this.pendingFor(name) + 1);
        this.#pendingTotal++;
        return true;
    }
    /** The call's socket (or error) arrived. */
    settle(call) {
        call.settled = true;
        if (!call.pending)
            return;
        const name = this.nameOf(call);
        const n = this.pendingFor(name) - 1;
        if (n > 0)
            this.#pending.set(name, n);
        else
            this.#pending.delete(name);
        this.#pendingTotal--;
    }
    /** The call's pool key. */
    nameOf(call) {
        return (call.name ??= call.nameOf());
    }
}
exports.CreateTracker = CreateTracker;
//# sourceMappingURL=create-tracker.js.map