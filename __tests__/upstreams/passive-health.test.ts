/**
 * Passive health as ngx_http_upstream_round_robin.c keeps it: `fails`, `accessed` and
 * `checked` per peer; a peer is out while `fails >= max_fails && now - checked <=
 * fail_timeout` (ngx_http_upstream_get_peer); picking it after that sets `checked = now`,
 * so exactly one request probes it; a success with `accessed < checked` clears `fails`
 * (ngx_http_upstream_free_round_robin_peer). Backups take over only when no primary can be
 * picked. The clock is the test's.
 */
import type { Peer } from '../../lib/upstreams/peer';
import { harness, nameOf, request, sequence } from './helpers';

function picked(pick: Peer | 'busy' | 'none'): Peer {
  if (typeof pick === 'string') throw new Error(`expected a peer, got ${pick}`);
  return pick;
}

describe('maxFails / failTimeout', () => {
  test('maxFails 2, failTimeout 500: two failures in the window take the server out for 500 ms, then one request probes it', () => {
    const { group, clock, events } = harness({
      servers: [
        { address: 'a:80', weight: 100, maxFails: 2, failTimeout: 500 },
        { address: 'b:80', maxFails: 2, failTimeout: 500 },
      ],
    });
    const [a] = group.peers;
    const t0 = clock.now;
    // First failure: counted, a still up (1 < 2); weight 100 / max_fails 2 = 50 off.
    group.release(picked(group.pick(request(), group.tried())), 'failure');
    expect(a!.fails).toBe(1);
    expect(a!.effectiveWeight).toBe(50);
    expect(group.stateOf(a!)).toBe('up');
    // Second failure 100 ms later: a is out until t0 + 100 + 500.
    clock.advance(100);
    const second = picked(group.pick(request(), group.tried()));
    expect(second).toBe(a);
    group.release(second, 'failure');
    expect(a!.fails).toBe(2);
    expect(group.stats().peers[0]).toMatchObject({ state: 'failed', until: t0 + 600, fails: 2, failures: 2, unavailable: 1 });
    expect(events).toEqual([{ group: 'g', address: 'a:80', server: 'a:80', from: 'up', to: 'failed', at: t0 + 100, until: t0 + 600 }]);
    // Out for the whole window, its last millisecond included (`<=`).
    for (const at of [t0 + 101, t0 + 350, t0 + 600]) {
      clock.now = at;
      expect(sequence(group, 1)).toEqual(['b:80']);
    }
    // One millisecond later: eligible again, and the first request the balancer sends to it
    // probes it. Not at once: its effective weight, 51 - 100/2 = 1 after the second failure,
    // grows by one per pass. Current weights (a, b), b at 2 after the picks above:
    // a -2+1 = -1 (eff 2), b 3 -> b, b = 1;  a -1+2 = 1 (eff 3), b 2 -> b, b = -1;
    // a 1+3 = 4 (eff 4), b 0 -> a.
    clock.now = t0 + 601;
    expect(sequence(group, 2)).toEqual(['b:80', 'b:80']);
    const probe = picked(group.pick(request(), group.tried()));
    expect(probe).toBe(a);
    expect(group.stateOf(a!)).toBe('probing');
    // While the probe is out, no other request goes to a.
    expect(sequence(group, 3)).toEqual(['b:80', 'b:80', 'b:80']);
    group.release(probe, 'success');
    expect(a!.fails).toBe(0);
    expect(group.stateOf(a!)).toBe('up');
    expect(events.slice(1).map((e) => `${e.from}->${e.to}@${e.at - t0}`)).toEqual(['failed->probing@601', 'probing->up@601']);
  });

  test('a probe that fails takes the server out for another failTimeout', () => {
    const { group, clock, events } = harness({
      servers: [
        { address: 'a:80', maxFails: 2, failTimeout: 500 },
        { address: 'b:80', maxFails: 2, failTimeout: 500 },
      ],
    });
    const a = group.peers[0]!;
    const t0 = clock.now;
    for (let i = 0; i < 2; i++) {
      const tried = group.tried();
      group.release(picked(group.pick(request(), tried)), 'failure'); // a, then b (same request)
      group.release(picked(group.pick(request(), tried)), 'failure');
    }
    expect(group.stats().peers.map((p) => p.state)).toEqual(['failed', 'failed']);
    clock.now = t0 + 501;
    const probe = picked(group.pick(request(), group.tried()));
    group.release(probe, 'failure');
    expect(probe.fails).toBe(3);
    expect(group.stats().peers[probe.index]).toMatchObject({ state: 'failed', until: t0 + 1001 });
    expect(events.filter((e) => e.address === probe.address).map((e) => e.to)).toEqual(['failed', 'probing', 'failed']);
    expect(a.fails).toBeGreaterThanOrEqual(2);
  });

  test('failures more than failTimeout apart do not add up: a success after a new window clears them', () => {
    const { group, clock } = harness({ servers: [{ address: 'a:80', maxFails: 2, failTimeout: 500 }, { address: 'b:80', down: true }] });
    const a = group.peers[0]!;
    group.release(picked(group.pick(request(), group.tried())), 'failure');
    // A success in the same window does not clear fails (accessed == checked) ...
    group.release(picked(group.pick(request(), group.tried())), 'success');
    expect(a.fails).toBe(1);
    // ... one in a later window does (the pick moved `checked` past `accessed`).
    clock.advance(501);
    group.release(picked(group.pick(request(), group.tried())), 'success');
    expect(a.fails).toBe(0);
  });

  test('maxFails 0 turns the accounting off', () => {
    const { group, events } = harness({ servers: [{ address: 'a:80', maxFails: 0 }, { address: 'b:80' }] });
    const a = group.peers[0]!;
    for (let i = 0; i < 5; i++) group.release(a, 'failure');
    expect(group.stateOf(a)).toBe('up');
    expect(a.effectiveWeight).toBe(1);
    expect(events).toEqual([]);
  });

  test('a group of one server never takes it out (peers->single: its fails are cleared on every release)', () => {
    const { group, events } = harness({ servers: [{ address: 'a:80', maxFails: 1 }] });
    const tried = group.tried();
    expect(tried.remaining).toBe(1);
    const a = picked(group.pick(request(), tried));
    group.release(a, 'failure');
    expect(tried.canRetry()).toBe(false);
    expect(a.fails).toBe(0);
    expect(group.stateOf(a)).toBe('up');
    expect(sequence(group, 2)).toEqual(['a:80', 'a:80']);
    expect(events).toEqual([]);
    expect(group.stats().peers[0]).toMatchObject({ failures: 1, requests: 2, picks: 3 });
  });
});

describe('backup servers', () => {
  const options = {
    servers: [
      { address: 'a:80', weight: 5, failTimeout: 1_000 },
      { address: 'b:80', weight: 3, failTimeout: 1_000 },
      { address: 'c:80', backup: true },
    ],
  };

  test('used only when both primaries have failed; the request that found them failing ends on the backup', () => {
    const { group, events } = harness(options);
    const tried = group.tried();
    expect(tried.remaining).toBe(3);
    const first = picked(group.pick(request(), tried));
    group.release(first, 'failure');
    const second = picked(group.pick(request(), tried));
    group.release(second, 'failure');
    expect([first.address, second.address]).toEqual(['a:80', 'b:80']);
    expect(tried.canRetry()).toBe(true);
    const third = picked(group.pick(request(), tried));
    expect(third.address).toBe('c:80');
    expect(tried.tier).toBe('backup');
    group.release(third, 'success');
    expect(sequence(group, 5)).toEqual(['c:80', 'c:80', 'c:80', 'c:80', 'c:80']);
    expect(events.map((e) => `${e.address}:${e.to}`)).toEqual(['a:80:failed', 'b:80:failed']);
    expect(group.stats().peers.map((p) => p.state)).toEqual(['failed', 'failed', 'backup']);
  });

  test('back to the primaries after failTimeout: one probe each, the rest on the backup until a probe succeeds', () => {
    const { group, clock } = harness(options);
    const t0 = clock.now;
    const tried = group.tried();
    group.release(picked(group.pick(request(), tried)), 'failure');
    group.release(picked(group.pick(request(), tried)), 'failure');
    group.release(picked(group.pick(request(), tried)), 'success');
    clock.now = t0 + 1_000;
    expect(sequence(group, 1)).toEqual(['c:80']);
    clock.now = t0 + 1_001;
    // Both primaries can be probed; each by one request. Their effective weights are 0 after
    // the failure (5 - 5/1, 3 - 3/1), so the current weights decide: a -3, b 3 -> b first.
    const probeB = picked(group.pick(request(), group.tried()));
    const probeA = picked(group.pick(request(), group.tried()));
    expect([probeB.address, probeA.address]).toEqual(['b:80', 'a:80']);
    expect(sequence(group, 2)).toEqual(['c:80', 'c:80']);
    group.release(probeB, 'success');
    expect(sequence(group, 2)).toEqual(['b:80', 'b:80']);
    group.release(probeA, 'success');
    expect(group.stats().peers.map((p) => p.state)).toEqual(['up', 'up', 'backup']);
    // Weights recover by one per pass: after 8 more requests both are at full weight again.
    sequence(group, 8);
    expect(group.peers.map((p) => p.effectiveWeight)).toEqual([5, 3, 1]);
  });

  test('down primaries send every request to the backup', () => {
    const { group } = harness({ servers: [{ address: 'a:80', down: true }, { address: 'b:80', backup: true }] });
    expect(group.tried().remaining).toBe(1);
    expect(sequence(group, 3)).toEqual(['b:80', 'b:80', 'b:80']);
  });
});

describe('maxConns', () => {
  test('a server at its cap is skipped; when every server is, the pick is busy, and a release frees it', () => {
    const { group } = harness({ servers: [{ address: 'a:80', maxConns: 2 }, { address: 'b:80', maxConns: 1 }] });
    const held = [1, 2, 3].map(() => picked(group.pick(request(), group.tried())));
    expect(held.map((p) => p.address)).toEqual(['a:80', 'b:80', 'a:80']);
    expect(group.peers.map((p) => p.active)).toEqual([2, 1]);
    const waiting = group.tried();
    expect(group.pick(request(), waiting)).toBe('busy');
    expect(waiting.remaining).toBe(2);
    expect(waiting.picked).toEqual([]);
    group.release(held[1]!, 'success');
    expect(nameOf(group.pick(request(), waiting))).toBe('b:80');
    expect(group.stats()).toMatchObject({ picks: 4, busy: 1, none: 0 });
  });

  test('primaries at their cap send requests to the backup (NGINX switches tiers when get_peer finds none); a busy pick leaves the request on the primary tier', () => {
    const { group } = harness({ servers: [{ address: 'a:80', maxConns: 1 }, { address: 'b:80', backup: true, maxConns: 1 }] });
    const first = picked(group.pick(request(), group.tried()));
    const second = picked(group.pick(request(), group.tried()));
    expect([first.address, second.address]).toEqual(['a:80', 'b:80']);
    const waiting = group.tried();
    expect(group.pick(request(), waiting)).toBe('busy');
    expect(waiting.tier).toBe('primary');
    group.release(first, 'success');
    expect(nameOf(group.pick(request(), waiting))).toBe('a:80');
  });

  test('failed and down servers make none, not busy', () => {
    const { group } = harness({ servers: [{ address: 'a:80', maxConns: 1 }, { address: 'b:80', down: true }] });
    const only = picked(group.pick(request(), group.tried()));
    group.release(only, 'failure'); // single? no: two servers, so a fails and is out.
    expect(group.pick(request(), group.tried())).toBe('none');
  });

  test('Infinity is no limit', () => {
    const { group } = harness({ servers: [{ address: 'a:80', maxConns: Infinity }] });
    for (let i = 0; i < 50; i++) expect(nameOf(group.pick(request(), group.tried()))).toBe('a:80');
  });
});
