/**
 * Per-socket limits drawn with jitter, so that sockets opened together (a burst at start-up)
 * do not all reach their request limit or lifetime at the same moment and renew in a burst.
 * A drawn limit is never above the configured one.
 * @module
 */

/** A request limit drawn uniformly from the integers in `[ceil(limit × (1 − jitter)), limit]`, at least 1. */
export function drawRequestLimit(limit: number, jitter: number, random: () => number = Math.random): number {
  if (jitter === 0 || limit === Infinity) return limit;
  const low = Math.max(1, Math.ceil(limit * (1 - jitter)));
  return low + Math.floor(random() * (limit - low + 1));
}

/** A lifetime (ms) drawn uniformly from `(limit × (1 − jitter), limit]`. */
export function drawLifetime(limit: number, jitter: number, random: () => number = Math.random): number {
  if (jitter === 0 || limit === Infinity) return limit;
  return limit * (1 - jitter * random());
}
