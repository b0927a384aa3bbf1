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
  /** Per origin, keyed by Node's pool key (`agent.getName()`, e.g. `"127.0.0.1:8080:"`). */
  origins: Record<string, OriginStats>;
}

export function newCounters(): OriginCounters {
  return { created: 0, reused: 0, requests: 0, closed: emptyCloseReasonCounts() };
}

/** Adds `from` into `into`. */
function addStats(into: OriginStats, from: OriginStats): void {
  into.active += from.active;
  into.idle += from.idle;
  into.created += from.created;
  into.reused += from.reused;
  into.requests += from.requests;
  for (const reason of CLOSE_REASONS) into.closed[reason] += from.closed[reason];
}

/**
 * Builds the snapshot from the counters and the live socket lists of Node's agent, so the
 * `active` / `idle` figures are always those of `agent.sockets` / `agent.freeSockets`.
 */
export function snapshotStats(
  counters: ReadonlyMap<string, OriginCounters>,
  sockets: NodeJS.ReadOnlyDict<readonly unknown[]>,
  freeSockets: NodeJS.ReadOnlyDict<readonly unknown[]>,
): AgentStats {
  const total: AgentStats = { active: 0, idle: 0, ...newCounters(), origins: {} };
  const names = new Set([...counters.keys(), ...Object.keys(sockets), ...Object.keys(freeSockets)]);
  for (const name of names) {
    const c = counters.get(name) ?? newCounters();
    const origin: OriginStats = {
      active: sockets[name]?.length ?? 0,
      idle: freeSockets[name]?.length ?? 0,
      created: c.created,
      reused: c.reused,
      requests: c.requests,
      closed: { ...c.closed },
    };
    total.origins[name] = origin;
    addStats(total, origin);
  }
  return total;
}
