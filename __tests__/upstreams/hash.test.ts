/**
 * `hash KEY` and `hash KEY consistent` as src/http/modules/ngx_http_upstream_hash_module.c
 * computes them, checked against hashes computed here from their definitions (with
 * `zlib.crc32` where the running Node has it).
 */
import * as zlib from 'node:zlib';
import { crc32 } from '../../lib/upstreams/crc32';
import { chashPoints, findChashPoint } from '../../lib/upstreams/hash';
import { Peer } from '../../lib/upstreams/peer';
import { Tier } from '../../lib/upstreams/tier';
import { resolveUpstreamGroup } from '../../lib/upstreams/validate';
import type { UpstreamGroupOptions, UpstreamServerOptions } from '../../lib/upstreams/options';
import { harness, nameOf, request, sequence } from './helpers';

const ref = (data: string | Uint8Array): number => (typeof zlib.crc32 === 'function' ? zlib.crc32(data) : crc32(data));
const byPath = (r: { path: string }): string => r.path;

function hashGroup(servers: UpstreamServerOptions[], extra: Partial<UpstreamGroupOptions> = {}) {
  return harness({ balance: 'hash', hashKey: byPath, servers, ...extra });
}

/** The peer indexes of the first `rounds` rounds of `hash KEY` (Cache::Memcached's formula). */
function rounds(key: string, weights: readonly number[], n: number): number[] {
  const total = weights.reduce((a, b) => a + b, 0);
  let hash = 0;
  const out: number[] = [];
  for (let rehash = 0; rehash < n; rehash++) {
    hash = (hash + ((ref(rehash > 0 ? `${rehash}${key}` : key) >>> 16) & 0x7fff)) >>> 0;
    let w = hash % total;
    let p = 0;
    while (w >= weights[p]!) w -= weights[p++]!;
    out.push(p);
  }
  return out;
}

const three = [{ address: 'a:80' }, { address: 'b:80' }, { address: 'c:80' }];

describe('hash KEY', () => {
  test('the key "123456789" goes to b of three: (0xcbf43926 >> 16) & 0x7fff = 19444, 19444 % 3 = 1', () => {
    const { group } = hashGroup(three);
    expect(sequence(group, 5, request('123456789'))).toEqual(Array(5).fill('b:80'));
  });

  test('the same key always reaches the same server, and keys spread by weight', () => {
    const { group } = hashGroup([{ address: 'a:80', weight: 3 }, { address: 'b:80' }]);
    const counts = { 'a:80': 0, 'b:80': 0 } as Record<string, number>;
    for (let i = 0; i < 1_000; i++) {
      const path = `/item/${i}`;
      const first = sequence(group, 1, request(path))[0]!;
      expect(sequence(group, 2, request(path))).toEqual([first, first]);
      expect(first).toBe(rounds(path, [3, 1], 1)[0] === 0 ? 'a:80' : 'b:80');
      counts[first]!++;
    }
    expect(counts['a:80']).toBeGreaterThan(680);
    expect(counts['a:80']).toBeLessThan(820);
  });

  test('a key whose server is down is rehashed: crc32("1" + KEY) added, and so on', () => {
    // A key whose first round lands on b and second on c, where round robin would give a.
    const key = Array.from({ length: 500 }, (_, i) => `/k${i}`).find((k) => {
      const r = rounds(k, [1, 1, 1], 2);
      return r[0] === 1 && r[1] === 2;
    })!;
    expect(key).toEqual(expect.any(String));
    const { group } = hashGroup([{ address: 'a:80' }, { address: 'b:80', down: true }, { address: 'c:80' }]);
    expect(sequence(group, 3, request(key))).toEqual(['c:80', 'c:80', 'c:80']);
  });

  test('the next upstream of a request continues its rounds (the tried server is skipped)', () => {
    const key = Array.from({ length: 500 }, (_, i) => `/n${i}`).find((k) => {
      const r = rounds(k, [1, 1, 1], 3);
      return r[0] === 0 && r[1] === 0 && r[2] === 2;
    })!;
    expect(key).toEqual(expect.any(String));
    const { group } = hashGroup(three);
    const tried = group.tried();
    const first = group.pick(request(key), tried);
    expect(nameOf(first)).toBe('a:80');
    group.release(first as Peer, 'failure');
    expect(nameOf(group.pick(request(key), tried))).toBe('c:80');
    expect(tried.scratch.rehash).toBe(3);
  });

  test('after 20 rounds without a server, round robin picks', () => {
    const key = Array.from({ length: 200 }, (_, i) => `/r${i}`).find((k) => rounds(k, [100, 1], 21).every((p) => p === 0))!;
    expect(key).toEqual(expect.any(String));
    const { group } = hashGroup([{ address: 'a:80', weight: 100, down: true }, { address: 'b:80' }]);
    const tried = group.tried();
    expect(nameOf(group.pick(request(key), tried))).toBe('b:80');
    expect(tried.scratch.tries).toBe(21);
  });

  test('an empty key is balanced by round robin', () => {
    const { group } = hashGroup(three, { hashKey: () => '' });
    expect(sequence(group, 3)).toEqual(['a:80', 'b:80', 'c:80']);
  });
});

function tierOf(addresses: readonly string[], weights: readonly number[] = []): Tier {
  const group = resolveUpstreamGroup('g', { servers: addresses.map((address, i) => ({ address, weight: weights[i] ?? 1 })) });
  return new Tier(
    group.servers.map((s, i) => new Peer('g', s, i)),
    false,
    false,
  );
}

describe('hash KEY consistent (ketama)', () => {
  const five = ['10.0.0.1:8080', '10.0.0.2:8080', '10.0.0.3:8080', '10.0.0.4:8080', '10.0.0.5:8080'];

  test('160 points per unit of weight, each crc32(HOST \\0 PORT PREV) with PREV the previous point as 4 little-endian bytes', () => {
    const points = chashPoints(tierOf(['10.0.0.1:8080', 'b.example:81'], [1, 2]));
    expect(points.hashes).toHaveLength(480);
    expect([...points.hashes].sort((x, y) => x - y)).toEqual(points.hashes);
    const base = [...Buffer.from('10.0.0.1'), 0, ...Buffer.from('8080')];
    const first = ref(new Uint8Array([...base, 0, 0, 0, 0]));
    const le = Buffer.alloc(4);
    le.writeUInt32LE(first);
    const second = ref(new Uint8Array([...base, ...le]));
    for (const hash of [first, second]) {
      expect(points.servers[points.hashes.indexOf(hash)]).toBe('10.0.0.1:8080');
    }
    // A name without a port hashes HOST \0 with an empty port.
    const bare = chashPoints(tierOf(['backend.example']));
    expect(bare.hashes).toContain(ref(new Uint8Array([...Buffer.from('backend.example'), 0, 0, 0, 0, 0])));
  });

  test('a key starts at the first point >= crc32(KEY), wrapping past the last', () => {
    const points = chashPoints(tierOf(five));
    const h = points.hashes;
    expect(findChashPoint(points, 0)).toBe(0);
    expect(findChashPoint(points, h[10]!)).toBe(10);
    expect(findChashPoint(points, h[10]! + 1)).toBe(11);
    expect(findChashPoint(points, 0xffffffff)).toBe(h.at(-1) === 0xffffffff ? h.length - 1 : h.length);
  });

  function mapKeys(servers: readonly string[], down: readonly string[] = []): string[] {
    const { group } = hashGroup(
      servers.map((address) => ({ address, down: down.includes(address) })),
      { consistent: true },
    );
    return Array.from({ length: 1_000 }, (_, i) => sequence(group, 1, request(`/user/${i}`))[0]!);
  }

  test('the same key always reaches the same server', () => {
    const { group } = hashGroup(five.map((address) => ({ address })), { consistent: true });
    for (let i = 0; i < 100; i++) {
      const r = request(`/user/${i}`);
      const first = sequence(group, 1, r)[0];
      expect(sequence(group, 3, r)).toEqual([first, first, first]);
    }
  });

  test.each([
    ['removed from the configuration', (gone: string) => mapKeys(five.filter((s) => s !== gone))],
    ['marked down', (gone: string) => mapKeys(five, [gone])],
  ])('one of five servers %s: only its keys move, at most a third more than 1/5 of 1,000', (_how, without) => {
    const before = mapKeys(five);
    for (const gone of five) {
      const after = without(gone);
      const moved = before.filter((server, i) => server !== after[i]);
      expect(moved.length).toBeLessThanOrEqual(Math.round((1_000 / 5) * (4 / 3)));
      expect(new Set(moved)).toEqual(new Set([gone]));
      expect(moved.length).toBe(before.filter((s) => s === gone).length);
    }
  });

  test('a failed server sends its keys on along the ring; the next upstream of a request too', () => {
    const { group } = hashGroup(five.map((address) => ({ address })), { consistent: true });
    const r = request('/user/7');
    const tried = group.tried();
    const first = group.pick(r, tried) as Peer;
    group.release(first, 'failure');
    const second = group.pick(r, tried) as Peer;
    expect(second.address).not.toBe(first.address);
    group.release(second, 'success');
    // first is out now: a new request with the key goes where the retry went.
    expect(sequence(group, 1, r)).toEqual([second.address]);
  });
});
