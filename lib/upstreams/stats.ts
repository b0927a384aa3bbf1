/**
 * What an upstream group reports: the state of each server, its counters, and the events
 * when a server changes state.
 * @module
 */
import type { UpstreamBalance } from './options';

/**
 * A server's state, as NGINX's passive health sees it:
 * - `up`: a primary that can be picked;
 * - `backup`: a backup server that can be picked (used only when no primary can be);
 * - `failed`: `maxFails` failures within `failTimeout`; not picked until `until`;
 * - `probing`: `failTimeout` has passed since it failed: the next request that the balancer
 *   sends to it probes it (only one at a time), and a success makes it `up` again;
 * - `down`: marked `down`, never picked.
 */
export type UpstreamPeerState = 'up' | 'backup' | 'failed' | 'probing' | 'down';

/** One server of a group, as `UpstreamGroup.stats()` reports it. */
export interface UpstreamPeerStats {
  /** The address connected to, e.g. `10.0.0.1:8080`: as configured, or one a `resolve` server's name resolved to. */
  readonly address: string;
  /** The server as configured (equal to `address` unless the server is resolved), e.g. `api.internal:8080`. */
  readonly server: string;
  /** The host connected to (the address without its port). */
  readonly host: string;
  /** The port connected to. */
  readonly port: number;
  /** Whether it is a backup server. */
  readonly backup: boolean;
  /** Its state now. */
  readonly state: UpstreamPeerState;
  /** For `failed`: the time (of the group's clock, ms) up to which it is not picked. */
  readonly until: number | undefined;
  /** The configured weight. */
  readonly weight: number;
  /** NGINX's `effective_weight`: lowered by failures, back up by one per pick made while it can be picked. */
  readonly effectiveWeight: number;
  /** Requests in progress on it: picked and not yet released (NGINX's `conns`). */
  readonly active: number;
  /** Connections to it open now, as the agent reports them (`connectionOpened` / `connectionClosed`). */
  readonly open: number;
  /** Of those, idle in the pool now (set by the agent's `getStats()`; 0 from the group alone). */
  readonly idle: number;
  /** Times the balancer picked it. */
  readonly picks: number;
  /** Picks released as `success`: requests it served. */
  readonly requests: number;
  /** Picks released as `failure`, in all. */
  readonly failures: number;
  /** NGINX's `fails`: the failures counted now towards `maxFails` (reset by a success after a check). */
  readonly fails: number;
  /** Times it became `failed`. */
  readonly unavailable: number;
}

/** A group, as `UpstreamGroup.stats()` reports it. */
export interface UpstreamGroupStats {
  /** The group's name. */
  readonly name: string;
  /** Its balancing method. */
  readonly balance: UpstreamBalance;
  /** Picks that found a server. */
  readonly picks: number;
  /** Picks answered `busy`: every server that could take the request was at its `maxConns`. */
  readonly busy: number;
  /** Picks answered `none`: no server could take the request. */
  readonly none: number;
  /**
   * The peers now: primaries, then backups, each in the order of the configuration (the
   * addresses of a `resolve` server in the order they were first resolved).
   */
  readonly peers: readonly UpstreamPeerStats[];
  /** The servers re-resolved while the agent runs (`resolve` on a hostname); absent when there are none. */
  readonly resolved?: readonly UpstreamResolveStats[];
}

/** A group as `getStats().upstreams` reports it: its counters, and its queue under `maxConns`. */
export interface UpstreamGroupSnapshot extends UpstreamGroupStats {
  /** Requests waiting now for one of its servers to be below its `maxConns` (not those their callers aborted). */
  readonly queued: number;
  /** How long the longest-waiting one has waited (ms; 0: none waits). */
  readonly oldestQueuedMs: number;
}

/** A failed resolution of a `resolve` server's name. */
export interface UpstreamResolveFailure {
  /** The error's code (`ENOTFOUND`, `EAI_AGAIN`, `ETIMEOUT` …), if it has one. */
  readonly code: string | undefined;
  /** The error message of the lookup. */
  readonly message: string;
  /** When (the group's clock, ms). */
  readonly at: number;
}

/** A server given with `resolve`, as `UpstreamGroup.stats()` reports it. */
export interface UpstreamResolveStats {
  /** The server as configured, e.g. `api.internal:8080`. */
  readonly server: string;
  /** The name resolved. */
  readonly host: string;
  /** The port its addresses are connected on. */
  readonly port: number;
  /** The addresses of its last successful resolution, e.g. `10.0.0.1:8080`: each a peer in `peers`. */
  readonly addresses: readonly string[];
  /** Resolutions that gave addresses. */
  readonly resolutions: number;
  /** Resolutions that failed (the addresses stayed what they were). */
  readonly failures: number;
  /** When it last resolved (the group's clock, ms); `undefined` before its first success. */
  readonly resolvedAt: number | undefined;
  /** The last failure, if any (kept after a later success: compare `at` with `resolvedAt`). */
  readonly lastError: UpstreamResolveFailure | undefined;
}

/** A server changed state; given to the group's `onStateChange`. */
export interface UpstreamStateChange {
  /** The group's name. */
  readonly group: string;
  /** The peer's address (see {@link UpstreamPeerStats.address}). */
  readonly address: string;
  /** The server as configured (see {@link UpstreamPeerStats.server}). */
  readonly server: string;
  /** The state before. */
  readonly from: UpstreamPeerState;
  /** The state now. */
  readonly to: UpstreamPeerState;
  /** When (the group's clock, ms). */
  readonly at: number;
  /** For `to === 'failed'`: up to when it is not picked. */
  readonly until: number | undefined;
}
