/**
 * The state one Node-agent pool shares among its parts (take, validation turn, release, idle,
 * creation, lifecycle): a plain interface, so that those modules need no import of the pool.
 * @module
 */
import type { Connection } from '../connection/connection';
import type { AgentFrontEnd } from '../observability/diagnostics';
import type { OriginRegistry } from '../observability/origin-registry';
import type { ResolvedPoolOptions } from '../options/options';
import type { IdleLru } from '../rules/idle-lru';
import type { AddScopes } from './add-request';
import type { CreateTracker } from './create-tracker';
import type { Parking } from './parking';
import type { InternalAgent } from './node-internals';
import type { QueueGuard } from './request-queue';

export interface PoolCore {
  readonly agent: InternalAgent;
  readonly options: ResolvedPoolOptions;
  /** The agent speaks TLS (`HttpsAgent`): count handshakes. */
  readonly tls: boolean;
  /** What its messages say published them. */
  readonly frontEnd: AgentFrontEnd;
  /** Idle connections of every origin, least recently used first (`maxIdleSockets`). */
  readonly idle: IdleLru<Connection>;
  /** Origins, their labels and counters (bounded). */
  readonly origins: OriginRegistry;
  /** Bounds, times and watches Node's request queue. */
  readonly queue: QueueGuard;
  /** The `addRequest` calls under way, innermost last. */
  readonly scopes: AddScopes;
  /** Requests in Node's queue for their validation turn (each has a socket reserved for it). */
  readonly parking: Parking;
  /** The `createSocket` calls under way and the asynchronous connections pending. */
  readonly creates: CreateTracker;
  /** Set by `close()`: nothing is pooled any more, new requests fail. */
  readonly closing: boolean;
  /** A connection was counted as closed (for `close()`'s promise). */
  connectionClosed(): void;
}

/** The monotonic clock of the pool (ms). */
export { now } from '../rules/clock';
