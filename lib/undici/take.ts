/**
 * A request looks for a connection: an idle one of its origin, most recently used first,
 * that passes the take-time rules (`takeVerdict`: alive, and younger than its lifetime), with
 * a validation turn when it has been idle `validateAfterIdle`; else a new one within
 * `maxSockets` and `maxTotalSockets`; else it waits.
 * @module
 */
import { AgentClosedError } from '../errors';
import { needsValidationTurn, takeVerdict } from '../rules/verdicts';
import { type DispatchCore, now } from './core';
import { closeSlot, run } from './lifecycle';
import type { OriginPool, PoolExchange, PoolSlot } from './origin-pool';
import { dequeue, enqueue } from './queue';
import { restOrServe } from './release';

/** Finds `x` a connection of `op`, or queues it. */
export function place(core: DispatchCore, op: OriginPool, x: PoolExchange): void {
  if (core.destroyed) {
    x.fail(new AgentClosedError());
    return;
  }
  for (;;) {
    const slot = op.idle[op.idle.length - 1];
    if (slot === undefined) break;
    const t = now();
    const reason = takeVerdict(slot.takeable, slot.state === 'idle', t - slot.createdAt, slot.lifetime);
    if (reason !== undefined) {
      closeSlot(core, slot, reason);
      continue;
    }
    op.idle.pop();
    core.lru.delete(slot);
    if (needsValidationTurn(t - slot.idleSince, core.options.validateAfterIdle)) {
      // A close, a reset or stray bytes the server sent meanwhile are read in this turn,
      // before the request is written: if the connection turns out dead, another is found.
      slot.state = 'reserved';
      op.parked++;
      setImmediate(nextTurn, core, slot, x);
      return;
    }
    run(slot, x);
    return;
  }
  if (op.completing > 0) {
    // A connection of the origin is being released (a microtask away): wait for it.
    op.handoff.push(x);
    return;
  }
  if (mayOpen(core, op)) run(core.newSlot(op), x);
  else enqueue(core, op, x);
}

/**
 * A new connection of `op` fits: under `maxSockets`, and under `maxTotalSockets`, where the
 * least recently used idle connection of another origin makes room if needed.
 */
function mayOpen(core: DispatchCore, op: OriginPool): boolean {
  const o = core.options;
  if (op.slots.size >= o.maxSockets) return false;
  if (core.total < o.maxTotalSockets) return true;
  const oldest = core.lru.oldest();
  if (oldest === undefined) return false;
  closeSlot(core, oldest, 'evicted', null, false);
  return core.total < o.maxTotalSockets;
}

/**
 * Two immediates, as for the agents: the first may run in the check phase right after the poll
 * phase running now (whose readiness list predates what arrived meanwhile); the second runs
 * after the next poll phase, which reads what is pending on the socket.
 */
function nextTurn(core: DispatchCore, slot: PoolSlot, x: PoolExchange): void {
  setImmediate(validationTurn, core, slot, x);
}

function validationTurn(core: DispatchCore, slot: PoolSlot, x: PoolExchange): void {
  const op = slot.group;
  // The origin stays while the request is parked (it may have no connection left for a moment).
  const unpark = (): void => {
    op.parked--;
    core.dropIfEmpty(op);
  };
  if (slot.state !== 'reserved') {
    // It closed during its turn (stale): the request looks again.
    op.parked--;
    if (x.phase === 'waiting') place(core, op, x);
    else core.dropIfEmpty(op);
    return;
  }
  if (x.phase !== 'waiting') {
    // The caller gave up meanwhile: the connection goes back as it was.
    slot.state = 'active';
    unpark();
    restOrServe(core, slot, slot.lastHint);
    return;
  }
  if (!slot.takeable) {
    closeSlot(core, slot, 'stale');
    op.parked--;
    place(core, op, x);
    return;
  }
  unpark();
  run(slot, x);
}

/** No connection of `op` is completing any more: the requests that waited for one look again. */
export function placeHandoffs(core: DispatchCore, op: OriginPool): void {
  if (op.completing > 0 || op.handoff.length === 0) return;
  for (const x of op.handoff.splice(0)) if (x.phase === 'waiting') place(core, op, x);
}

/** Something left the pool: the oldest waiting request of `op`, else of another origin waiting for total room, gets a new connection. */
export function serveWaiting(core: DispatchCore, op: OriginPool): void {
  const o = core.options;
  if (core.total >= o.maxTotalSockets) return;
  if (op.queue.length > 0 && op.slots.size < o.maxSockets) {
    run(core.newSlot(op), dequeue(core, op));
    return;
  }
  for (const other of core.waiting) {
    if (other.queue.length > 0 && other.slots.size < o.maxSockets) {
      run(core.newSlot(other), dequeue(core, other));
      return;
    }
  }
}
