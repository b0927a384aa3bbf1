import type { UpstreamGroupSnapshot } from '../upstreams/stats';
import { CLOSE_REASONS, type CloseReasonCounts, emptyCloseReasonCounts } from '../rules/close-reasons';

/** Counters that only grow, kept per origin and in total. */
export interface OriginCounters {
  /** Sockets created (connections opened). */
  created: number;
  /** Requests that went out on a socket that had carried a request before. */
  reused: number;
  /** Requests started on a socket of this agent. */
  requests: number;
  /** Sockets closed, by reason. */
  closed: CloseReasonCounts;
  /** Warm replacements (`warmReplacement`): opened in the background, then used by a request or closed unused. */
  warm: WarmCounters;
  /** `HttpsAgent` only: TLS handshakes that resumed a session. */
  tlsResumed?: number;
  /** `HttpsAgent` only: full TLS handshakes. */
  tlsFull?: number;
}

/** Connections opened in the background to replace one about to be retired. */
export interface WarmCounters {
  /** Opened (also counted in `created`). */
  opened: number;
  /** Given a request. */
  used: number;
  /** Closed before any request. */
  wasted: number;
}

/** A snapshot of one origin (or of the whole agent). Plain data: `JSON.stringify` it freely. */
export interface OriginStats extends OriginCounters {
  /** Sockets bound to a request now (including those still connecting). */
  active: number;
  /** Sockets idle in the pool now. */
  idle: number;
  /** Requests waiting for a socket now. */
  queued: number;
  /** Connections being established now (TCP connect, TLS handshake, or an asynchronous `createConnection`). */
  connecting: number;
  /** How long the longest-waiting queued request has waited (ms); 0 when none waits. */
  oldestQueuedMs: number;
}

/** What `agent.getStats()` returns. */
export interface AgentStats extends OriginStats {
  /** Per origin, keyed `scheme://host:port` (e.g. `"http://127.0.0.1:8080"`; see docs for the details). */
  origins: Record<string, OriginStats>;
  /**
   * With the `upstreams` option: each group's counters and each server's state (up, failed
   * until …, probing, down, backup), requests, active, open, fails and picks. A server's
   * connections are also in `origins`, under its address. A group's `queued` requests (waiting
   * for a server under `maxConns`) are counted in the agent's `queued` too.
   */
  upstreams?: UpstreamGroupSnapshot[];
}

export function newCounters(tls = false): OriginCounters {
  const c: OriginCounters = { created: 0, reused: 0, requests: 0, closed: emptyCloseReasonCounts(), warm: { opened: 0, used: 0, wasted: 0 } };
  if (tls) {
    c.tlsResumed = 0;
    c.tlsFull = 0;
  }
  return c;
}

/** Adds the gauges and counters of `from` into `into`. */
function addStats(into: OriginStats, from: OriginStats): void {
  into.active += from.active;
  into.idle += from.idle;
  into.queued += from.queued;
  into.connecting += from.connecting;
  addCounters(into, from);
}

/** Adds the counters of `from` into `into`. */
export function addCounters(into: OriginCounters, from: OriginCounters): void {
  into.created += from.created;
  into.reused += from.reused;
  into.requests += from.requests;
  for (const reason of CLOSE_REASONS) into.closed[reason] += from.closed[reason];
  addWarm(into.warm, from.warm);
  if (from.tlsResumed !== undefined) into.tlsResumed = (into.tlsResumed ?? 0) + from.tlsResumed;
  if (from.tlsFull !== undefined) into.tlsFull = (into.tlsFull ?? 0) + from.tlsFull;
}

/** What {@link snapshotStats} reads. */
export interface StatsSources {
  /** Counters per origin label. */
  counters: ReadonlyMap<string, OriginCounters>;
  /** Counters of origins no longer listed; added to the totals. */
  retired: OriginCounters;
  /** Node's pool key → origin label. */
  origins: ReadonlyMap<string, string>;
  sockets: NodeJS.ReadOnlyDict<readonly unknown[]>;
  freeSockets: NodeJS.ReadOnlyDict<readonly unknown[]>;
  requests: NodeJS.ReadOnlyDict<readonly unknown[]>;
  /** Connections not yet established, per origin label. */
  connecting: ReadonlyMap<string, number>;
  /** The longest wait of a queued request (ms), overall and per origin label. */
  oldestQueued: { total: number; byOrigin: ReadonlyMap<string, number> };
  /** The totals show TLS handshakes (`tlsResumed`, `tlsFull`); an origin shows them when its counters have them. */
  tls: boolean;
}

/**
 * Builds the snapshot from the counters (per origin label) and the live socket and request
 * lists of Node's agent (per pool key, mapped to labels), so `active`, `idle` and `queued` are
 * always those of `agent.sockets`, `agent.freeSockets` and `agent.requests`.
 */
export function snapshotStats(src: StatsSources): AgentStats {
  const { counters, origins, tls } = src;
  const total: AgentStats = { ...emptyStats(tls), oldestQueuedMs: src.oldestQueued.total, origins: {} };
  addStats(total, { active: 0, idle: 0, queued: 0, connecting: 0, oldestQueuedMs: 0, ...src.retired, closed: { ...src.retired.closed }, warm: { ...src.retired.warm } });
  const tally = (lists: NodeJS.ReadOnlyDict<readonly unknown[]>, live: boolean): Map<string, number> => {
    const into = new Map<string, number>();
    for (const name of Object.keys(lists)) {
      const list = lists[name] ?? [];
      // An empty list names no origin (Node leaves one behind for a connection that failed to open).
      if (list.length === 0) continue;
      const label = origins.get(name) ?? name;
      let n = list.length;
      // A queued request its caller aborted stays in Node's queue until a socket frees; it is not waiting.
      if (live) for (const req of list) if ((req as { destroyed?: boolean }).destroyed === true) n--;
      into.set(label, (into.get(label) ?? 0) + n);
    }
    return into;
  };
  const active = tally(src.sockets, false);
  const idle = tally(src.freeSockets, false);
  const queued = tally(src.requests, true);
  const labels = new Set([...counters.keys(), ...active.keys(), ...idle.keys(), ...queued.keys()]);
  for (const label of labels) {
    const c = counters.get(label) ?? newCounters(tls);
    const origin: OriginStats = {
      active: active.get(label) ?? 0,
      idle: idle.get(label) ?? 0,
      queued: queued.get(label) ?? 0,
      connecting: src.connecting.get(label) ?? 0,
      oldestQueuedMs: src.oldestQueued.byOrigin.get(label) ?? 0,
      created: c.created,
      reused: c.reused,
      requests: c.requests,
      closed: { ...c.closed },
      warm: { ...c.warm },
    };
    // An origin shows its handshakes when it speaks TLS (a dispatcher pools http: and https: origins alike).
    if (c.tlsResumed !== undefined || c.tlsFull !== undefined) {
      origin.tlsResumed = c.tlsResumed ?? 0;
      origin.tlsFull = c.tlsFull ?? 0;
    }
    total.origins[label] = origin;
    addStats(total, origin);
  }
  return total;
}

function emptyStats(tls: boolean): OriginStats {
  return { active: 0, idle: 0, queued: 0, connecting: 0, oldestQueuedMs: 0, ...newCounters(tls) };
}

/** Adds warm-replacement counters `from` into `into`. */
export function addWarm(into: WarmCounters, from: WarmCounters): void {
  into.opened += from.opened;
  into.used += from.used;
  into.wasted += from.wasted;
}
