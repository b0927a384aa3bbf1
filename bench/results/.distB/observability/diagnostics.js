"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.channels = exports.CHANNEL_NAMES = void 0;
exports.wants = wants;
exports.announce = announce;
/**
 * `diagnostics_channel` channels, in the manner of undici's: subscribe with
 * `diagnostics_channel.subscribe('upstream-keepalive:socket:closed', fn)`. Each message is
 * also emitted on the agent as an event of the same short name (`socketClosed`, ...).
 * @module
 */
const node_diagnostics_channel_1 = __importDefault(require("node:diagnostics_channel"));
/** The channel names; the strings are part of the public contract. */
exports.CHANNEL_NAMES = Object.freeze({
    /** A connection was opened. */
    socketCreated: 'upstream-keepalive:socket:created',
    /** An open connection was given another request. */
    socketReused: 'upstream-keepalive:socket:reused',
    /** A connection left the pool for good, with its reason. */
    socketClosed: 'upstream-keepalive:socket:closed',
    /** A request waits for a socket. */
    requestQueued: 'upstream-keepalive:request:queued',
    /** A waiting request got a socket. */
    requestDequeued: 'upstream-keepalive:request:dequeued',
    /** A request was failed without being sent. */
    requestRejected: 'upstream-keepalive:request:rejected',
});
/** @internal */
exports.channels = {
    socketCreated: node_diagnostics_channel_1.default.channel(exports.CHANNEL_NAMES.socketCreated),
    socketReused: node_diagnostics_channel_1.default.channel(exports.CHANNEL_NAMES.socketReused),
    socketClosed: node_diagnostics_channel_1.default.channel(exports.CHANNEL_NAMES.socketClosed),
    requestQueued: node_diagnostics_channel_1.default.channel(exports.CHANNEL_NAMES.requestQueued),
    requestDequeued: node_diagnostics_channel_1.default.channel(exports.CHANNEL_NAMES.requestDequeued),
    requestRejected: node_diagnostics_channel_1.default.channel(exports.CHANNEL_NAMES.requestRejected),
};
/**
 * True when someone listens for `name`, on the channel or on the front-end: build the message
 * only then (the check keeps the request path free of allocations when nobody listens).
 * @internal
 */
function wants(agent, name) {
    return exports.channels[name].hasSubscribers || agent.listenerCount(name) > 0;
}
/**
 * Publishes `message` (which names its front-end) on the channel and emits it on the front-end
 * as the event of the same name.
 * @internal
 */
function announce(agent, name, message) {
    exports.channels[name].publish(message);
    agent.emit(name, message);
}
//# sourceMappingURL=diagnostics.js.map