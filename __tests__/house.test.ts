/**
 * The shape of lib/: small files, no import circle, and rules that know no transport.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';

const LIB = join(__dirname, '..', 'lib');
const files = (readdirSync(LIB, { recursive: true }) as string[]).filter((f) => f.endsWith('.ts')).map((f) => normalize(f));
const source = (f: string): string => readFileSync(join(LIB, f), 'utf8');

/** The relative imports of a module (type-only ones included), as paths under lib/. */
function importsOf(f: string): string[] {
  const out: string[] = [];
  for (const m of source(f).matchAll(/(?:import|export)\s[^'"]*?from\s+'(\.{1,2}\/[^']+)'/g)) {
    out.push(normalize(join(dirname(f), `${m[1]}.ts`)));
  }
  return out;
}

describe('lib/', () => {
  test('no file is over 300 lines', () => {
    const long = files.map((f) => [f, source(f).split('\n').length] as const).filter(([, n]) => n > 300);
    expect(long).toEqual([]);
  });

  test('index.ts only re-exports', () => {
    const statements = source('index.ts')
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .split(';')
      .map((s) => s.trim())
      .filter(Boolean);
    for (const s of statements) expect(s).toMatch(/^export\s/);
  });

  test('no import circle (type-only imports included)', () => {
    const graph = new Map(files.map((f) => [f, importsOf(f)]));
    for (const [f, deps] of graph) for (const d of deps) expect([f, graph.has(d)]).toEqual([f, true]);
    const state = new Map<string, 'visiting' | 'done'>();
    const cycles: string[] = [];
    const visit = (f: string, path: string[]): void => {
      if (state.get(f) === 'done') return;
      if (state.get(f) === 'visiting') {
        cycles.push([...path.slice(path.indexOf(f)), f].join(' -> '));
        return;
      }
      state.set(f, 'visiting');
      for (const d of graph.get(f) ?? []) visit(d, [...path, f]);
      state.set(f, 'done');
    };
    for (const f of files) visit(f, []);
    expect(cycles).toEqual([]);
  });

  test('the rules know no transport: nothing from node:http, node:https, node:net or node:tls, nor from the front-ends', () => {
    for (const f of files.filter((x) => x.startsWith('rules'))) {
      const text = source(f);
      expect([f, /from\s+'(node:)?(http|https|net|tls)'/.test(text)]).toEqual([f, false]);
      for (const d of importsOf(f)) expect([f, relative('rules', dirname(d)).startsWith('..')]).toEqual([f, false]);
    }
  });
});
