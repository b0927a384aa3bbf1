/**
 * `diagnostics_channel` channels, in the manner of undici's: subscribe with
 * `diagnostics_channel.subscribe('upstream-keepalive:socket:closed', fn)`. Each message is
 * also emitted on the agent as an event of the same short name (`socketClosed`, ...).
 * @module
 */
import diagnosticsChannel from 'node:diagnostics_channel';
import type { Agent, ClientRequest } from 'node:http';
import type { Duplex } from 'node:stream';
import type { CloseReason } from '../rules/close-reasons';

/** The channel names; the strings are part of the public contract. */
export const CHANNEL_NAMES = Object.freeze({
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
} as const);

/**
 * Which front-end of the pool published a message: `HttpAgent`, `HttpsAgent`, or
 * `KeepAliveDispatcher` (`upstream-keepalive/undici`, whose messages carry `dispatcher` in
 * place of `agent`). Every message on the channels has it.
 */
export type FrontEnd = 'HttpAgent' | 'HttpsAgent' | 'KeepAliveDispatcher';

/** The front-ends on Node's agent. */
export type AgentFrontEnd = Extract<FrontEnd, 'HttpAgent' | 'HttpsAgent'>;

/** A connection was opened. Agent event: `socketCreated`. */
export interface SocketCreatedMessage {
  /** The front-end that published it: `HttpAgent` or `HttpsAgent`. */
  frontEnd: AgentFrontEnd;
  /** The agent the event is about. */
  agent: Agent;
  /** The socket (a `net.Socket`, or a `tls.TLSSocket` for `HttpsAgent`). */
  socket: Duplex;
  /** The origin, `scheme://host:port` (the key of `getStats().origins`). */
  origin: string;
}

/** An open connection was given another request. Agent event: `socketReused`. */
export interface SocketReusedMessage extends SocketCreatedMessage {
  /** The request. */
  request: ClientRequest;
  /** How many requests the socket has started, this one included. */
  requests: number;
}

/** A connection left the pool for good. Agent event: `socketClosed`. */
export interface SocketClosedMessage extends SocketCreatedMessage {
  /** Why it closed (see `CloseReason`). */
  reason: CloseReason;
  /** Requests the socket carried. */
  requests: number;
  /** Milliseconds since it was opened. */
  age: number;
}

/** A request found no free socket and no room for a new one, and waits. Agent event: `requestQueued`. */
export interface RequestQueuedMessage {
  /** The front-end that published it: `HttpAgent` or `HttpsAgent`. */
  frontEnd: AgentFrontEnd;
  /** The agent the event is about. */
  agent: Agent;
  /** The request. */
  request: ClientRequest;
  /** The origin, `scheme://host:port`. */
  origin: string;
  /** Requests waiting for this origin, this one included. */
  queued: number;
}

/** A waiting request got a socket. Agent event: `requestDequeued`. */
export interface RequestDequeuedMessage {
  /** The front-end that published it: `HttpAgent` or `HttpsAgent`. */
  frontEnd: AgentFrontEnd;
  /** The agent the event is about. */
  agent: Agent;
  /** The request. */
  request: ClientRequest;
  /** The origin, `scheme://host:port`. */
  origin: string;
  /** Milliseconds it waited. */
  waited: number;
}

/**
 * A request was failed without being sent: the queue was full, it waited too long, the agent
 * was closed, or its caller aborted it while it waited. Agent event: `requestRejected`.
 */
export interface RequestRejectedMessage {
  /** The front-end that published it: `HttpAgent` or `HttpsAgent`. */
  frontEnd: AgentFrontEnd;
  /** The agent the event is about. */
  agent: Agent;
  /** The request. */
  request: ClientRequest;
  /** The origin, `scheme://host:port`. */
  origin: string;
  /** `'queue_full'`, `'queue_timeout'`, `'agent_closed'` or `'aborted'`. */
  reason: 'queue_full' | 'queue_timeout' | 'agent_closed' | 'aborted';
  /** Milliseconds it waited (0 when rejected at once). */
  waited: number;
  /** The error the request failed with (undefined for an abort). */
  error: Error | undefined;
}

/**
 * The channels. Not exported: nothing outside this module reads them, and a compiled
 * `export const` would be read through `exports` here too, on every request (in {@link wants}).
 */
const channels = {
  socketCreated: diagnosticsChannel.channel(CHANNEL_NAMES.socketCreated),
  socketReused: diagnosticsChannel.channel(CHANNEL_NAMES.socketReused),
  socketClosed: diagnosticsChannel.channel(CHANNEL_NAMES.socketClosed),
  requestQueued: diagnosticsChannel.channel(CHANNEL_NAMES.requestQueued),
  requestDequeued: diagnosticsChannel.channel(CHANNEL_NAMES.requestDequeued),
  requestRejected: diagnosticsChannel.channel(CHANNEL_NAMES.requestRejected),
};

/**
 * What publishes pool messages: an agent, or the undici dispatcher (an `EventEmitter` each).
 * @internal
 */
export interface PoolEmitter {
  listenerCount(eventName: string): number;
  emit(eventName: string, ...args: unknown[]): boolean;
}

/**
 * True when someone listens for `name`, on the channel or on the front-end: build the message
 * only then (the check keeps the request path free of allocations when nobody listens).
 * @internal
 */
export function wants(agent: PoolEmitter, name: keyof typeof channels): boolean {
  return channels[name].hasSubscribers || agent.listenerCount(name) > 0;
}

/**
 * Publishes `message` (which names its front-end) on the channel and emits it on the front-end
 * as the event of the same name.
 * @internal
 */
export function announce<M extends { readonly frontEnd: FrontEnd }>(agent: PoolEmitter, name: keyof typeof channels, message: M): void {
  channels[name].publish(message);
  agent.emit(name, message);
}
