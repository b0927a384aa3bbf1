import type { ClientRequestArgs } from 'node:http';
import { originLabel } from './origin';
import { addCounters, newCounters, type OriginCounters } from './stats';

/** What the registry keeps per origin. */
export interface OriginEntry {
  readonly label: string;
  readonly counters: OriginCounters;
  /** Sockets of this origin created and not yet closed. */
  open: number;
  /** Node's pool keys that map to this origin. */
  readonly names: Set<string>;
  /** When its last request started (ms, monotonic clock): its demand, for warm replacement. */
  lastRequestAt: number;
}

/**
 * Origins by label and by Node's pool key, with their counters. Bounded: past `maxOrigins`
 * entries, the least recently connected origin with no open socket and no queued request is
 * folded into the `retired` counters (so totals stay exact) and dropped, so that a gateway
 * that talks to ever-new hosts does not grow without bound.
 */
export class OriginRegistry {
  private readonly entries = new Map<string, OriginEntry>();
  private readonly byName = new Map<string, OriginEntry>();
  /** Counters of origins dropped from the per-origin view; part of the totals. */
  readonly retired: OriginCounters;

  constructor(
    private readonly protocol: string,
    private readonly tls: boolean,
    private readonly maxOrigins: number,
    private readonly hasQueued: (name: string) => boolean,
  ) {
    this.retired = newCounters(tls);
  }

  /** The origin label of a pool key, if the key is known. */
  labelOf(name: string): string | undefined {
    return this.byName.get(name)?.label;
  }

  /** The entry for a socket being created for pool key `name`: made most recent, created if new. */
  track(name: string, connectOptions: ClientRequestArgs): OriginEntry {
    let entry = this.byName.get(name);
    if (entry === undefined) {
      const label = originLabel(this.protocol, connectOptions);
      entry = this.entries.get(label);
      if (entry === undefined) {
        entry = { label, counters: newCounters(this.tls), open: 0, names: new Set(), lastRequestAt: -Infinity };
        this.prune();
      }
      entry.names.add(name);
      this.byName.set(name, entry);
    }
    // Most recently connected last.
    this.entries.delete(entry.label);
    this.entries.set(entry.label, entry);
    return entry;
  }

  /** Counters by origin label, for the stats. */
  counters(): Map<string, OriginCounters> {
    const out = new Map<string, OriginCounters>();
    for (const [label, entry] of this.entries) out.set(label, entry.counters);
    return out;
  }

  /** Pool key → origin label, for the stats. */
  labels(): Map<string, string> {
    const out = new Map<string, string>();
    for (const [name, entry] of this.byName) out.set(name, entry.label);
    return out;
  }

  private prune(): void {
    if (this.entries.size < this.maxOrigins) return;
    for (const entry of this.entries.values()) {
      if (entry.open > 0 || [...entry.names].some(this.hasQueued)) continue;
      addCounters(this.retired, entry.counters);
      this.entries.delete(entry.label);
      for (const name of entry.names) this.byName.delete(name);
      return;
    }
  }
}
