/**
 * Warm replacement: when a connection is about to be retired (its last allowed request, or
 * the end of its lifetime near) while its origin has demand, a replacement is opened in the
 * background, within every socket limit, so that the next request finds it ready.
 * @module
 */

import { isLastRequest } from './verdicts';

/** An origin whose previous request started at most this long ago (ms) has demand. */
export const DEMAND_WINDOW_MS = 1000;

/** How long before the end of its lifetime (ms) a connection counts as about to be retired. */
export function lifetimeMargin(lifetime: number): number {
  return Math.min(5000, lifetime * 0.05);
}

/** The request that just started on the connection is its last, or it started near the end of its lifetime. */
export function retiresSoon(requests: number, requestLimit: number, age: number, lifetime: number): boolean {
  return isLastRequest(requests, requestLimit) || age + lifetimeMargin(lifetime) >= lifetime;
}

/** The origin's previous request started within {@link DEMAND_WINDOW_MS} of `now`. */
export function hasRecentDemand(now: number, previousRequestAt: number): boolean {
  return now - previousRequestAt <= DEMAND_WINDOW_MS;
}

/**
 * The counts a replacement must fit in, as they are when it would be opened. (An idle
 * connection of the origin does not make it needless: under load the connection being retired
 * carried its share of the requests, and without a replacement the pool shrinks by one at each
 * renewal until a request opens one on its own path.)
 */
export interface ReplacementRoom {
  /** The origin's sockets (active, idle and pending) and its cap. */
  readonly originSockets: number;
  readonly maxSockets: number;
  /** The agent's sockets (and pending ones) and its cap. */
  readonly totalSockets: number;
  readonly maxTotalSockets: number;
  /** Idle sockets of the origin, of the agent, and the caps. */
  readonly originIdle: number;
  readonly maxFreeSockets: number;
  readonly idle: number;
  readonly maxIdleSockets: number;
}

/** A replacement may be opened: it fits under every limit. */
export function mayOpenReplacement(r: ReplacementRoom): boolean {
  return (
    r.originSockets < r.maxSockets &&
    r.totalSockets < r.maxTotalSockets &&
    r.originIdle < r.maxFreeSockets &&
    r.idle < r.maxIdleSockets
  );
}

/**
 * The most a warm replacement may take to connect (ms): nobody waits for it, and an unfinished
 * TCP connect keeps a process alive that is otherwise done (no `unref()` reaches it). One SYN
 * retransmission (Linux: at 1 s) and a slow handshake fit; a server that drops connections
 * for longer is better found by the next request's own connection, under `connectTimeout`.
 */
export const WARM_CONNECT_LIMIT_MS = 3000;

/** The connect timeout of a warm replacement: `connectTimeout` (0 or `Infinity`: none), at most {@link WARM_CONNECT_LIMIT_MS}. */
export function warmConnectTimeout(connectTimeout: number): number {
  return connectTimeout > 0 && connectTimeout < WARM_CONNECT_LIMIT_MS ? connectTimeout : WARM_CONNECT_LIMIT_MS;
}
