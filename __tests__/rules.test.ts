/**
 * The transport-free pool rules, on plain facts: no socket is opened here.
 */
import { IdleLru, LruLink } from '../lib/rules/idle-lru';
import { IdleTimer } from '../lib/rules/idle-timer';
import { effectiveIdleTimeout, idleTimeoutReason } from '../lib/rules/idle-timeout';
import { drawLifetime, drawRequestLimit } from '../lib/rules/jitter';
import { keepAliveHintOf } from '../lib/rules/keep-alive-header';
import { type ClosedFacts, closeReasonOf, isLastRequest, needsValidationTurn, type ReleaseFacts, releaseVerdict, takeVerdict } from '../lib/rules/verdicts';

const sound: ReleaseFacts = {
  usable: true,
  errored: false,
  ended: false,
  exchange: { responseComplete: true, requestWrittenInFull: true, keepAlive: true, http11: true },
  requests: 1,
  requestLimit: 10,
  age: 100,
  lifetime: 1000,
  closing: false,
};

describe('releaseVerdict: may a released connection carry another request', () => {
  test.each([
    ['a sound exchange', {}, undefined],
    ['closed on this side (a caller destroyed it)', { usable: false }, 'not_reusable'],
    ['closed on this side after the server asked to close', { usable: false, exchange: { ...sound.exchange!, keepAlive: false } }, 'server_close'],
    ['closed on this side after an HTTP/1.0 response', { usable: false, exchange: { ...sound.exchange!, http11: false } }, 'server_close'],
    ['closed on this side before its response was complete', { usable: false, exchange: { ...sound.exchange!, responseComplete: false } }, 'not_reusable'],
    ['closed by the server', { usable: false, ended: true }, 'server_close'],
    ['closed after an error', { usable: false, errored: true }, 'error'],
    ['an error seen', { errored: true }, 'error'],
    ['the server ended its side', { ended: true }, 'server_close'],
    ['the response not read to its end', { exchange: { ...sound.exchange!, responseComplete: false } }, 'not_reusable'],
    ['the request not written in full', { exchange: { ...sound.exchange!, requestWrittenInFull: false } }, 'not_reusable'],
    ['the server asked to close', { exchange: { ...sound.exchange!, keepAlive: false } }, 'server_close'],
    ['an HTTP/1.0 response', { exchange: { ...sound.exchange!, http11: false } }, 'server_close'],
    ['the request limit reached', { requests: 10 }, 'max_requests'],
    ['the lifetime reached', { age: 1000 }, 'max_lifetime'],
    ['the pool closing', { closing: true }, 'agent_closed'],
    ['no exchange ran (its request never started)', { exchange: null }, undefined],
  ] as const)('%s', (_what, change, expected) => {
    expect(releaseVerdict({ ...sound, ...change } as ReleaseFacts)).toBe(expected);
  });

  test('an earlier rule wins: an error before the limit, the limit before the lifetime', () => {
    expect(releaseVerdict({ ...sound, errored: true, requests: 10 })).toBe('error');
    expect(releaseVerdict({ ...sound, requests: 10, age: 5000 })).toBe('max_requests');
    expect(releaseVerdict({ ...sound, age: 5000, closing: true })).toBe('max_lifetime');
  });
});

describe('takeVerdict and the turn', () => {
  test('a dead or non-idle connection is stale; one past its lifetime is not taken', () => {
    expect(takeVerdict(true, true, 10, 100)).toBeUndefined();
    expect(takeVerdict(false, true, 10, 100)).toBe('stale');
    expect(takeVerdict(true, false, 10, 100)).toBe('stale');
    expect(takeVerdict(true, true, 100, 100)).toBe('max_lifetime');
  });
  test('the last request, and the validation turn after validateAfterIdle', () => {
    expect(isLastRequest(5, 5)).toBe(true);
    expect(isLastRequest(4, 5)).toBe(false);
    expect(isLastRequest(1e9, Infinity)).toBe(false);
    expect(needsValidationTurn(1000, 1000)).toBe(true);
    expect(needsValidationTurn(999, 1000)).toBe(false);
    expect(needsValidationTurn(1e12, Infinity)).toBe(false);
    expect(needsValidationTurn(0, 0)).toBe(true);
  });
});

describe('effectiveIdleTimeout: the smallest of idleTimeout, the hint less its buffer, Node\'s timeout, the lifetime left', () => {
  test.each([
    ['idleTimeout alone', [60_000, undefined, 1000, 0, Infinity], 60_000, 'idle_timeout'],
    ['a hint of 5 s', [60_000, 5, 1000, 0, Infinity], 4000, 'idle_timeout'],
    ['a hint even with no Node timeout', [Infinity, 2, 1000, 0, Infinity], 1000, 'idle_timeout'],
    ['a hint of 1 s: nothing left', [60_000, 1, 1000, 0, Infinity], 0, 'idle_timeout'],
    ["Node's timeout", [60_000, undefined, 1000, 300, Infinity], 300, 'idle_timeout'],
    ['the lifetime left', [60_000, 5, 1000, 0, 2500], 2500, 'max_lifetime'],
    ['a lifetime already over', [60_000, undefined, 1000, 0, -5], -5, 'max_lifetime'],
  ] as const)('%s', (_what, [idle, hint, buffer, node, remaining], ms, reason) => {
    const got = effectiveIdleTimeout(idle, hint, buffer, node, remaining);
    expect(got).toBe(ms);
    expect(idleTimeoutReason(got, remaining)).toBe(reason);
  });
});

describe('IdleTimer: one lazily armed timer per connection', () => {
  /** A timer whose owner closes at `deadline` (re-armed until then), recording when `due` ran (ms after the start). */
  function watched(deadline: () => number) {
    const t0 = performance.now();
    const calls: { at: number; closed: boolean }[] = [];
    const timer: IdleTimer<string> = new IdleTimer('conn', () => {
      const now = performance.now();
      calls.push({ at: now - t0, closed: timer.expired(now, deadline()) });
    });
    return { timer, calls, t0 };
  }

  /** The calls that closed (early calls that only re-armed left out). */
  const closes = (calls: { closed: boolean }[]) => calls.filter((c) => c.closed).map((c) => c.closed);

  test('a later deadline keeps the armed timer, which re-arms for the rest when it fires', async () => {
    let deadline = 0;
    const { timer, calls, t0 } = watched(() => deadline);
    deadline = t0 + 40;
    timer.arm(t0, deadline);
    deadline = t0 + 120; // the connection went idle again: a later deadline, no new timer
    timer.arm(t0, deadline);
    await new Promise((r) => setTimeout(r, 300));
    // Timers start from the loop's cached clock, so on a busy machine a re-armed timer can fire a
    // few ms before the deadline and re-arm once more: any number of early calls, one close at the end.
    expect(closes(calls)).toEqual([true]);
    expect(calls[0]!.closed).toBe(false);
    expect(calls[0]!.at).toBeGreaterThanOrEqual(35);
    expect(calls[0]!.at).toBeLessThan(110);
    expect(calls.at(-1)!.at).toBeGreaterThanOrEqual(115);
  });

  test('an earlier deadline replaces the armed timer; clear() and Infinity arm nothing', async () => {
    let deadline = 0;
    const { timer, calls, t0 } = watched(() => deadline);
    timer.arm(t0, t0 + 200);
    deadline = t0 + 30;
    timer.arm(t0, deadline);
    await new Promise((r) => setTimeout(r, 100));
    expect(closes(calls)).toEqual([true]);
    expect(calls.at(-1)!.at).toBeLessThan(190); // the 200 ms timer was replaced
    const seen = calls.length;
    timer.arm(performance.now(), performance.now() + 30);
    timer.clear();
    timer.arm(performance.now(), Infinity);
    await new Promise((r) => setTimeout(r, 100));
    expect(calls).toHaveLength(seen);
  });
});

describe('IdleLru: the cross-origin idle cap', () => {
  class Entry {
    readonly lruLink: LruLink<Entry> = new LruLink<Entry>(this);
    constructor(readonly name: string | number) {}
  }
  const names = (entries: Entry[]) => entries.map((e) => e.name);
  test('makes room by evicting the least recently used, in order', () => {
    const lru = new IdleLru<Entry>(2);
    const evicted: Entry[] = [];
    for (const x of ['a', 'b', 'c', 'd']) {
      lru.makeRoom((old) => {
        evicted.push(old);
        lru.delete(old);
      });
      lru.add(new Entry(x));
    }
    expect(names(evicted)).toEqual(['a', 'b']);
    expect(names(lru.snapshot())).toEqual(['c', 'd']);
  });
  test('an entry taken out and put back is the most recent; an evictor that forgets to delete cannot loop', () => {
    const lru = new IdleLru<Entry>(2);
    const [one, two] = [new Entry(1), new Entry(2)];
    lru.add(one);
    lru.add(two);
    expect(lru.delete(one)).toBe(true);
    expect(lru.delete(one)).toBe(false);
    expect(lru.has(one)).toBe(false);
    lru.add(one);
    lru.add(one); // already in: keeps its place, counted once
    expect(lru.oldest()).toBe(two);
    expect(lru.size).toBe(2);
    let calls = 0;
    lru.makeRoom(() => calls++);
    expect(calls).toBe(1);
    expect(lru.size).toBe(1);
    expect(lru.snapshot()).toEqual([one]);
    const unbounded = new IdleLru<Entry>(Infinity);
    const entries = Array.from({ length: 1000 }, (_, i) => new Entry(i));
    for (const e of entries) {
      unbounded.makeRoom(() => {
        throw new Error('never');
      });
      unbounded.add(e);
    }
    expect(unbounded.size).toBe(1000);
  });
  test('deleting from the middle, the ends and the last entry keeps the order and the links', () => {
    const lru = new IdleLru<Entry>(Infinity);
    const e = Array.from({ length: 5 }, (_, i) => new Entry(i));
    for (const x of e) lru.add(x);
    lru.delete(e[2]!);
    lru.delete(e[0]!);
    lru.delete(e[4]!);
    expect(names(lru.snapshot())).toEqual([1, 3]);
    expect(lru.oldest()).toBe(e[1]);
    lru.delete(e[1]!);
    lru.delete(e[3]!);
    expect(lru.size).toBe(0);
    expect(lru.oldest()).toBeUndefined();
    expect(lru.snapshot()).toEqual([]);
    lru.add(e[4]!);
    lru.add(e[0]!);
    expect(names(lru.snapshot())).toEqual([4, 0]);
  });
});

describe('closeReasonOf: why a connection closed that the pool did not close', () => {
  const idle: ClosedFacts = {
    idle: true,
    errored: false,
    ended: false,
    bytesWhileIdle: false,
    idleFor: 60_000,
    armedTimeout: 60_000,
    armedByPool: true,
    idleReason: 'idle_timeout',
    exchange: null,
  };
  test.each([
    ['its idle timeout fired', {}, 'idle_timeout'],
    ['its idle timeout, which was its lifetime, fired', { idleReason: 'max_lifetime' }, 'max_lifetime'],
    ['a timeout set by someone else (a subclass) fired', { armedByPool: false, armedTimeout: 150, idleFor: 151 }, 'idle_timeout'],
    ['a timer firing a little early still counts', { idleFor: 59_500 }, 'idle_timeout'],
    ['closed long before its timeout', { idleFor: 10 }, 'stale'],
    ['bytes arrived while idle', { bytesWhileIdle: true }, 'stale'],
    ['the server ended it while idle', { ended: true }, 'stale'],
    ['an error while idle', { errored: true }, 'stale'],
    ['no timeout armed', { armedTimeout: 0 }, 'stale'],
  ] as const)('idle: %s', (_what, change, expected) => {
    expect(closeReasonOf({ ...idle, ...change } as ClosedFacts)).toBe(expected);
  });
  const busy: ClosedFacts = { ...idle, idle: false, exchange: { responseComplete: true, keepAlive: true, http11: true, requestDestroyed: false } };
  test.each([
    ['an error', { errored: true }, 'error'],
    ['the server answered close', { exchange: { ...busy.exchange!, keepAlive: false } }, 'server_close'],
    ['the server closed before the response ended', { ended: true, exchange: { ...busy.exchange!, responseComplete: false } }, 'error'],
    ['its caller destroyed the request', { ended: true, exchange: { ...busy.exchange!, responseComplete: false, requestDestroyed: true } }, 'server_close'],
    ['closed by its owner after a clean exchange', {}, 'not_reusable'],
  ] as const)('in use: %s', (_what, change, expected) => {
    expect(closeReasonOf({ ...busy, ...change } as ClosedFacts)).toBe(expected);
  });
});

describe('limits and hints', () => {
  test('drawn limits stay within [limit × (1 − jitter), limit]', () => {
    for (const r of [0, 0.5, 0.999999]) {
      const n = drawRequestLimit(1000, 0.1, () => r);
      expect(n).toBeGreaterThanOrEqual(900);
      expect(n).toBeLessThanOrEqual(1000);
      const t = drawLifetime(3_600_000, 0.1, () => r);
      expect(t).toBeGreaterThan(3_240_000);
      expect(t).toBeLessThanOrEqual(3_600_000);
    }
    expect(drawRequestLimit(1, 0.5, () => 0)).toBe(1);
    expect(drawRequestLimit(Infinity, 0.1)).toBe(Infinity);
  });
  test('the Keep-Alive hint is read from the raw headers, in any order and case', () => {
    expect(keepAliveHintOf(['Content-Type', 'x', 'Keep-Alive', 'max=100, timeout=5'])).toBe(5);
    expect(keepAliveHintOf(['keep-alive', 'TIMEOUT = "7"'])).toBe(7);
    expect(keepAliveHintOf(['keep-alive', 'max=5'])).toBeUndefined();
  });
  test('a fractional Keep-Alive timeout counts its whole seconds (as Node reads it: never longer than the server said)', () => {
    expect(keepAliveHintOf(['Keep-Alive', 'timeout=2.9'])).toBe(2);
    expect(keepAliveHintOf(['Keep-Alive', 'timeout=0.5, max=10'])).toBe(0);
    expect(keepAliveHintOf(['Keep-Alive', 'timeout="3.", max=10'])).toBe(3);
    expect(keepAliveHintOf(['Keep-Alive', 'timeout=2.9x'])).toBeUndefined();
  });
});
