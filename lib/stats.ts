import { CLOSE_REASONS, type CloseReasonCounts, emptyCloseReasonCounts } from './close-reasons';

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
  /** `HttpsAgent` only: TLS handshakes that resumed a session. */
  tlsResumed?: number;
  /** `HttpsAgent` only: full TLS handshakes. */
  tlsFull?: number;
}

/** A snapshot of one origin (or of the whole agent). Plain data: `JSON.stringify` it freely. */
export interface OriginStats extends OriginCounters {
  /** Sockets bound to a request now (including those still connecting). */
  active: number;
  /** Sockets idle in the pool now. */
  idle: number;
}

/** What `agent.getStats()` returns. */
export interface AgentStats extends OriginStats {
  /** Per origin, keyed `scheme://host:port` (e.g. `"http://127.0.0.1:8080"`; see docs for the details). */
  origins: Record<string, OriginStats>;
}

export function newCounters(tls = false): OriginCounters {
  const c: OriginCounters = { created: 0, reused: 0, requests: 0, closed: emptyCloseReasonCounts() };
  if (tls) {
    c.tlsResumed = 0;
    c.tlsFull = 0;
  }
  return c;
}

/** Adds `from` into `into`. */
function addStats(into: OriginStats, from: OriginStats): void {
  into.active += from.active;
  into.idle += from.idle;
  into.created += from.created;
  into.reused += from.reused;
  into.requests += from.requests;
  for (const reason of CLOSE_REASONS) into.closed[reason] += from.closed[reason];
  if (from.tlsResumed !== undefined) into.tlsResumed = (into.tlsResumed ?? 0) + from.tlsResumed;
  if (from.tlsFull !== undefined) into.tlsFull = (into.tlsFull ?? 0) + from.tlsFull;
}

/**
 * Builds the snapshot from the counters (per origin label) and the live socket lists of
 * Node's agent (per pool key, mapped to labels by `origins`), so the `active` / `idle`
 * figures are always those of `agent.sockets` / `agent.freeSockets`.
 */
export function snapshotStats(
  counters: ReadonlyMap<string, OriginCounters>,
  origins: ReadonlyMap<string, string>,
  sockets: NodeJS.ReadOnlyDict<readonly unknown[]>,
  freeSockets: NodeJS.ReadOnlyDict<readonly unknown[]>,
  tls: boolean,
): AgentStats {
  const total: AgentStats = { active: 0, idle: 0, ...newCounters(tls), origins: {} };
  const active = new Map<string, number>();
  const idle = new Map<string, number>();
  const tally = (into: Map<string, number>, lists: NodeJS.ReadOnlyDict<readonly unknown[]>): void => {
    for (const name of Object.keys(lists)) {
      const label = origins.get(name) ?? name;
      into.set(label, (into.get(label) ?? 0) + (lists[name]?.length ?? 0));
    }
  };
  tally(active, sockets);
  tally(idle, freeSockets);
  const labels = new Set([...counters.keys(), ...active.keys(), ...idle.keys()]);
  for (const label of labels) {
    const c = counters.get(label) ?? newCounters(tls);
    const origin: OriginStats = {
      active: active.get(label) ?? 0,
      idle: idle.get(label) ?? 0,
      created: c.created,
      reused: c.reused,
      requests: c.requests,
      closed: { ...c.closed },
    };
    if (tls) {
      origin.tlsResumed = c.tlsResumed ?? 0;
      origin.tlsFull = c.tlsFull ?? 0;
    }
    total.origins[label] = origin;
    addStats(total, origin);
  }
  return total;
}
