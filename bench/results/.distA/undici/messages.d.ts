/**
 * The messages of `KeepAliveDispatcher`: on the same `diagnostics_channel` channels as the
 * agents' (`CHANNEL_NAMES`), and emitted on the dispatcher as events of the same short names.
 * They have the agents' fields, with `frontEnd: 'KeepAliveDispatcher'`, the `dispatcher` in
 * place of `agent`, and the dispatch options (`origin`, `path`, `method`, `headers`, ...) as
 * `request`.
 * @module
 */
import type { Duplex } from 'node:stream';
import type { Dispatcher } from 'undici';
import type { RequestRejectedMessage } from '../observability/diagnostics';
import type { CloseReason } from '../rules/close-reasons';
/** What every message of the dispatcher has. */
interface FromDispatcher {
    /** Which front-end published it. */
    frontEnd: 'KeepAliveDispatcher';
    /** The dispatcher the event is about. */
    dispatcher: Dispatcher;
    /** The origin, `scheme://host:port` (the key of `getStats().origins`). */
    origin: string;
}
/** A connection was opened. Event: `socketCreated`. */
export interface DispatcherSocketCreatedMessage extends FromDispatcher {
    /** The socket (a `net.Socket`, or a `tls.TLSSocket` for an `https:` origin). */
    socket: Duplex;
}
/** An open connection was given another request. Event: `socketReused`. */
export interface DispatcherSocketReusedMessage extends DispatcherSocketCreatedMessage {
    /** The request (its dispatch options). */
    request: Dispatcher.DispatchOptions;
    /** How many requests the connection has started, this one included. */
    requests: number;
}
/** A connection left the pool for good. Event: `socketClosed`. */
export interface DispatcherSocketClosedMessage extends DispatcherSocketCreatedMessage {
    /** Why it closed (see `CloseReason`). */
    reason: CloseReason;
    /** Requests the connection carried. */
    requests: number;
    /** Milliseconds since it was opened. */
    age: number;
}
/** A request found no idle connection and no room for a new one, and waits. Event: `requestQueued`. */
export interface DispatcherRequestQueuedMessage extends FromDispatcher {
    /** The request (its dispatch options). */
    request: Dispatcher.DispatchOptions;
    /** Requests waiting for this origin, this one included. */
    queued: number;
}
/** A waiting request got a connection. Event: `requestDequeued`. */
export interface DispatcherRequestDequeuedMessage extends FromDispatcher {
    /** The request (its dispatch options). */
    request: Dispatcher.DispatchOptions;
    /** Milliseconds it waited. */
    waited: number;
}
/**
 * A request was failed without being sent: the queue was full, it waited too long, the
 * dispatcher was destroyed, or its caller aborted it while it waited. Event: `requestRejected`.
 */
export interface DispatcherRequestRejectedMessage extends FromDispatcher {
    /** The request (its dispatch options). */
    request: Dispatcher.DispatchOptions;
    /** `'queue_full'`, `'queue_timeout'`, `'agent_closed'` (`destroy()`) or `'aborted'`. */
    reason: RequestRejectedMessage['reason'];
    /** Milliseconds it waited (0 when rejected at once). */
    waited: number;
    /** The error the request failed with (undefined for an abort). */
    error: Error | undefined;
}
/** The pool's events on the dispatcher, by name, with their message types. */
export interface DispatcherPoolEvents {
    /** A connection was opened. */
    socketCreated: DispatcherSocketCreatedMessage;
    /** An open connection was given another request. */
    socketReused: DispatcherSocketReusedMessage;
    /** A connection left the pool for good, with its reason. */
    socketClosed: DispatcherSocketClosedMessage;
    /** A request waits for a connection. */
    requestQueued: DispatcherRequestQueuedMessage;
    /** A waiting request got a connection. */
    requestDequeued: DispatcherRequestDequeuedMessage;
    /** A request was failed without being sent. */
    requestRejected: DispatcherRequestRejectedMessage;
}
export {};
//# sourceMappingURL=messages.d.ts.map