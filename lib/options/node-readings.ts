/**
 * Node's own readings of the two agent options that both Node and the pool use
 * (`maxFreeSockets`, `maxCachedSessions`): Node never rejects a value of either, so neither do
 * we. Each function gives the number that Node's code ends up comparing with, so that an odd
 * value behaves here as it does in Node's agent.
 * @module
 */

/**
 * `maxFreeSockets` as Node's agent reads it: `options.maxFreeSockets || 256`, then
 * `freeLen >= maxFreeSockets` on every release. `undefined` (the default: ours is
 * `maxIdleSockets`) for a falsy value (`0`, `null`, `NaN`, `false`, `''`); a number as given
 * (`≤ 0`: no socket is kept); anything else as the comparison converts it (`'5'` → 5, `true` →
 * 1), and `Infinity` where the comparison is never true (`{}`: no cap, as in Node).
 */
export function nodeFreeSocketCap(value: unknown): number | undefined {
  if (!value) return undefined;
  if (typeof value === 'number') return value;
  const n = Number(value as string); // a symbol throws a TypeError, as Node's comparison would
  return Number.isNaN(n) ? Infinity : n;
}

/**
 * `maxCachedSessions` as Node's `https.Agent` reads it: `undefined` is 100; exactly `0` turns
 * the cache off; otherwise a new session evicts the oldest while `list.length >= value`, so the
 * cache holds `max(1, ceil(value))` sessions (`null`, `false`, `-1`: one), and none is ever
 * evicted where the comparison is never true (`NaN`, `{}`, `Infinity`: unbounded).
 */
export function nodeSessionCapacity(value: unknown): number {
  if (value === undefined) return 100;
  if (value === 0) return 0;
  const n = typeof value === 'number' ? value : Number(value as string);
  if (Number.isNaN(n) || n === Infinity) return Infinity;
  return Math.max(1, Math.ceil(n));
}
