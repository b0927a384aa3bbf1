// Medians, spreads, ratios to Node's agent and the verdicts the report prints.

export function median(xs) {
  const v = xs.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return null;
  const mid = v.length >> 1;
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

/** Lower quartile, median and upper quartile of `values`. */
export function quartiles(values) {
  const s = [...values].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return { q25: q(0.25), median: median(s), q75: q(0.75) };
}

/**
 * Runs `batch(name)` for every name, `batches` times over, the order rotated every batch so
 * that no contender always follows the same one (a progress count on a terminal); returns each
 * name's results in batch order.
 */
export async function rotatedBatches(names, batches, batch) {
  const runs = Object.fromEntries(names.map((n) => [n, []]));
  for (let b = 0; b < batches; b++) {
    for (let i = 0; i < names.length; i++) {
      const name = names[(b + i) % names.length];
      runs[name].push(await batch(name));
    }
    if (process.stderr.isTTY) process.stderr.write(`\r${b + 1}/${batches}`);
  }
  if (process.stderr.isTTY) process.stderr.write('\r\x1b[2K');
  return runs;
}

function finite(xs) {
  return xs.filter((x) => typeof x === 'number' && Number.isFinite(x));
}

/** Median, min, max and relative spread ((max − min) / median) of one metric over the runs. */
export function summarize(xs) {
  const v = finite(xs);
  if (v.length === 0) return { median: null, min: null, max: null, spread: null, n: 0 };
  const med = median(v);
  const min = Math.min(...v);
  const max = Math.max(...v);
  return { median: med, min, max, spread: med ? (max - min) / Math.abs(med) : max === min ? 0 : null, n: v.length };
}

/** A run's spread above this (as a fraction of the median) is called too wide to conclude. */
export const WIDE_SPREAD = 0.15;

/**
 * The ratio of a contender to Node's agent: median over median, and the range of the ratios of
 * the runs paired by round (round i of the contender against round i of Node's agent, taken in
 * the same interleaved pass). The verdict says whether all paired ratios fall on one side of 1.
 */
export function ratioToNode(contenderRuns, nodeRuns, metric) {
  const c = contenderRuns.map((r) => r[metric]);
  const n = nodeRuns.map((r) => r[metric]);
  const mc = median(c);
  const mn = median(n);
  if (mc === null || mn === null || mn === 0) return null;
  const paired = [];
  for (let i = 0; i < Math.min(c.length, n.length); i++) {
    if (Number.isFinite(c[i]) && Number.isFinite(n[i]) && n[i] !== 0) paired.push(c[i] / n[i]);
  }
  const lo = paired.length ? Math.min(...paired) : null;
  const hi = paired.length ? Math.max(...paired) : null;
  let verdict;
  if (lo === null) verdict = 'n/a';
  else if (lo > 1) verdict = 'higher in every run';
  else if (hi < 1) verdict = 'lower in every run';
  else verdict = 'no clear difference';
  return { ratio: mc / mn, pairedMin: lo, pairedMax: hi, verdict };
}

/**
 * A target "value ≤ / ≥ threshold" judged over every run: 'met' when every run meets it,
 * 'not met' when none does, 'inconclusive' when the runs straddle it.
 */
export function judge(values, op, threshold) {
  const v = finite(values);
  if (v.length === 0) return { verdict: 'n/a', values: v };
  const ok = v.map((x) => (op === '<=' ? x <= threshold : x >= threshold));
  const verdict = ok.every(Boolean) ? 'met' : ok.some(Boolean) ? 'inconclusive' : 'not met';
  return { verdict, values: v, median: median(v) };
}
