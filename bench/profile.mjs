// Summarises CPU profiles written by `npm run bench -- --profile` (Node's --cpu-prof on the
// proxy processes): where the time goes, by area and by function, self and inclusive.
//
//   node bench/profile.mjs bench/results/profiles/proxy-ours-r1.cpuprofile [more.cpuprofile ...] [--top 25] [--match REGEXP]
//
// --match prints the inclusive time of every function whose name and location match REGEXP
// (e.g. --match 'addRequest|keepSocketAlive' to set our hooks against Node's own).
//
// Several files are added together (e.g. all rounds of one contender).
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';

const args = process.argv.slice(2);
const topIndex = args.indexOf('--top');
const top = topIndex >= 0 ? Number(args[topIndex + 1]) : 25;
const matchIndex = args.indexOf('--match');
const match = matchIndex >= 0 ? new RegExp(args[matchIndex + 1]) : null;
const files = args.filter((a) => a.endsWith('.cpuprofile'));
if (files.length === 0) {
  console.error('usage: node bench/profile.mjs <file.cpuprofile>... [--top N]');
  process.exit(2);
}

function area(url, name) {
  if (name === '(idle)') return 'idle';
  if (name === '(garbage collector)') return 'gc';
  if (name === '(program)') return 'program (native, not attributed)';
  if (url.includes('/dist/cjs/') || url.includes('/bench/results/.dist-')) return 'upstream-keepalive (dist/)';
  if (url.includes('/bench/')) return 'the bench (proxy.mjs)';
  if (url.includes('/node_modules/http-proxy/')) return 'http-proxy';
  if (url.includes('/node_modules/agentkeepalive/')) return 'agentkeepalive';
  if (url.includes('/node_modules/lru-cache/')) return 'lru-cache';
  if (url.startsWith('node:')) return 'node core (JS)';
  if (url === '') return 'native / builtins';
  return 'other';
}

const self = new Map(); // key -> µs
const inclusive = new Map(); // key -> µs (each key once per stack)
const areas = new Map();
let total = 0;
let idle = 0;

for (const file of files) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const key = (n) => {
    const f = n.callFrame;
    const where = f.url
      ? `${f.url.replace(/^.*\/bench\/results\/\.dist-\d+\//, 'dist/cjs/').replace(/^.*\/(dist\/cjs|node_modules)\//, '$1/')}:${f.lineNumber + 1}`
      : '';
    return `${f.functionName || '(anonymous)'} ${where}`.trim();
  };
  const nodeSelf = new Map();
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = profile.timeDeltas[i + 1] ?? 0; // the delta to the next sample is this sample's time
    nodeSelf.set(profile.samples[i], (nodeSelf.get(profile.samples[i]) ?? 0) + dt);
  }
  for (const [id, us] of nodeSelf) {
    const n = byId.get(id);
    const k = key(n);
    const a = area(n.callFrame.url, n.callFrame.functionName);
    total += us;
    if (a === 'idle') {
      idle += us;
      continue;
    }
    self.set(k, (self.get(k) ?? 0) + us);
    areas.set(a, (areas.get(a) ?? 0) + us);
    // Inclusive: every distinct function on the stack gets the sample's time once.
    const seen = new Set();
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      const ck = key(byId.get(cur));
      if (seen.has(ck)) continue;
      seen.add(ck);
      inclusive.set(ck, (inclusive.get(ck) ?? 0) + us);
    }
  }
}

const busy = total - idle;
const pct = (us) => `${((us / busy) * 100).toFixed(1).padStart(5)} %`;
const ms = (us) => `${(us / 1000).toFixed(0).padStart(7)} ms`;
console.log(`${files.map((f) => basename(f)).join(', ')}: ${(total / 1e6).toFixed(2)} s sampled, ${(busy / 1e6).toFixed(2)} s busy (percentages are of busy time)\n`);
console.log('by area (self time):');
for (const [a, us] of [...areas].sort((x, y) => y[1] - x[1])) console.log(`  ${ms(us)} ${pct(us)}  ${a}`);
console.log(`\ntop ${top} functions by self time:`);
for (const [k, us] of [...self].sort((x, y) => y[1] - x[1]).slice(0, top)) console.log(`  ${ms(us)} ${pct(us)}  ${k}`);
if (match) {
  console.log(`\nfunctions matching ${match} by inclusive time:`);
  for (const [k, us] of [...inclusive].filter(([k]) => match.test(k)).sort((x, y) => y[1] - x[1]).slice(0, top)) {
    console.log(`  ${ms(us)} ${pct(us)}  ${k}`);
  }
}
console.log(`\nupstream-keepalive functions by inclusive time (their callees included):`);
for (const [k, us] of [...inclusive].filter(([k]) => k.includes('dist/cjs/')).sort((x, y) => y[1] - x[1]).slice(0, top)) {
  console.log(`  ${ms(us)} ${pct(us)}  ${k}`);
}
