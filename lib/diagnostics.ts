/**
 * `diagnostics_channel` channels, in the manner of undici's: subscribe with
 * `diagnostics_channel.subscribe('upstream-keepalive:socket:closed', fn)`. Each message is
 * also emitted on the agent as an event of the same short name (`socketClosed`, ...).
 * @module
 */
import diagnosticsChannel from 'node:diagnostics_channel';
import type { Agent, ClientRequest } from 'node:http';
import type { Duplex } from 'node:stream';
import type { CloseReason } from './close-reasons';

/** The channel names; the strings are part of the public contract. */
export const CHANNEL_NAMES = Object.freeze({
  socketCreated: 'upstream-keepalive:socket:created',
  socketReused: 'upstream-keepalive:socket:reused',
  socketClosed: 'upstream-keepalive:socket:closed',
} as const);

/** A connection was opened. Agent event: `socketCreated`. */
export interface SocketCreatedMessage {
  agent: Agent;
  socket: Duplex;
  /** The origin, `scheme://host:port` (the key of `getStats().origins`). */
  origin: string;
}

/** An open connection was given another request. Agent event: `socketReused`. */
export interface SocketReusedMessage extends SocketCreatedMessage {
  request: ClientRequest;
  /** How many requests the socket has started, this one included. */
  requests: number;
}

/** A connection left the pool for good. Agent event: `socketClosed`. */
export interface SocketClosedMessage extends SocketCreatedMessage {
  reason: CloseReason;
  /** Requests the socket carried. */
  requests: number;
  /** Milliseconds since it was opened. */
  age: number;
}

/** @internal */
export const channels = {
  socketCreated: diagnosticsChannel.channel(CHANNEL_NAMES.socketCreated),
  socketReused: diagnosticsChannel.channel(CHANNEL_NAMES.socketReused),
  socketClosed: diagnosticsChannel.channel(CHANNEL_NAMES.socketClosed),
};
