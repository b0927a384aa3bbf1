/**
 * Helpers of the upstream tests: a group built from plain options, a clock the test moves,
 * and a request.
 */
import { UpstreamGroup, type UpstreamGroupRuntime } from '../../lib/upstreams/group';
import type { UpstreamGroupOptions, UpstreamRequest } from '../../lib/upstreams/options';
import type { Peer } from '../../lib/upstreams/peer';
import type { UpstreamStateChange } from '../../lib/upstreams/stats';
import { resolveUpstreamGroup } from '../../lib/upstreams/validate';

/** A clock the test sets; starts at 100 000 ms. */
export class FakeClock {
  now = 100_000;
  readonly read = (): number => this.now;
  advance(ms: number): void {
    this.now += ms;
  }
}

export interface Harness {
  readonly group: UpstreamGroup;
  readonly clock: FakeClock;
  readonly events: UpstreamStateChange[];
}

/** A group named `g` from `options`, with a fake clock and the events recorded. */
export function harness(options: UpstreamGroupOptions, runtime: Omit<UpstreamGroupRuntime, 'clock' | 'onStateChange'> = {}): Harness {
  const clock = new FakeClock();
  const events: UpstreamStateChange[] = [];
  const group = new UpstreamGroup(resolveUpstreamGroup('g', options), { ...runtime, clock: clock.read, onStateChange: (e) => events.push(e) });
  return { group, clock, events };
}

/** A request to group `g`. */
export function request(path = '/', headers: UpstreamRequest['headers'] = {}): UpstreamRequest {
  return { method: 'GET', path, headers, host: 'g' };
}

/** The address of a pick, or the answer when it found none. */
export function nameOf(pick: Peer | 'busy' | 'none'): string {
  return typeof pick === 'string' ? pick : pick.address;
}

/** `n` sequential requests, each picked and released as success: the addresses picked. */
export function sequence(group: UpstreamGroup, n: number, req: UpstreamRequest = request()): string[] {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const pick = group.pick(req, group.tried());
    out.push(nameOf(pick));
    if (typeof pick !== 'string') group.release(pick, 'success');
  }
  return out;
}

/** Counts of each value. */
export function tally(values: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const v of values) counts[v] = (counts[v] ?? 0) + 1;
  return counts;
}

/** A source of "random" numbers that returns `values` in turn, then fails the test. */
export function randomOf(values: readonly number[]): () => number {
  let i = 0;
  return () => {
    if (i >= values.length) throw new Error('the test ran out of random numbers');
    return values[i++]!;
  };
}
