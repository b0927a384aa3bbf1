/**
 * Requests waiting for a connection of their origin: bounded by `maxQueuedRequests`, timed by
 * `queueTimeout`, failed before anything is sent (`QueueFullError`, `QueueTimeoutError`), and
 * announced as the agents announce theirs.
 * @module
 */
import type { Dispatcher } from 'undici';
import { QueueFullError, QueueTimeoutError } from '../errors';
import { announce, type RequestRejectedMessage, wants } from '../observability/diagnostics';
import { MAX_TIMER_MS } from '../rules/timers';
import { type DispatchCore, now } from './core';
import type { DispatcherRequestDequeuedMessage, DispatcherRequestQueuedMessage, DispatcherRequestRejectedMessage } from './messages';
import type { OriginPool, PoolExchange } from './origin-pool';

/** `x` found no idle connection and no room: it waits, unless the queue is full. */
export function enqueue(core: DispatchCore, op: OriginPool, x: PoolExchange): void {
  const o = core.options;
  if (op.queue.length >= o.maxQueuedRequests) {
    reject(core, op, x, 'queue_full', new QueueFullError(op.entry.label, o.maxQueuedRequests), 0);
    return;
  }
  x.queuedAt = now();
  op.queue.push(x);
  core.waiting.add(op);
  const timeout = o.queueTimeout;
  if (timeout > 0 && timeout !== Infinity) x.queueTimer = setTimeout(expire, Math.min(timeout, MAX_TIMER_MS), core, op, x).unref();
  if (wants(core.emitter, 'requestQueued')) {
    const message: DispatcherRequestQueuedMessage = { frontEnd: 'KeepAliveDispatcher', dispatcher: core.emitter as Dispatcher, request: x.opts, origin: op.entry.label, queued: op.queue.length };
    announce(core.emitter, 'requestQueued', message);
  }
}

/** The oldest waiting request of `op` gets a connection. */
export function dequeue(core: DispatchCore, op: OriginPool): PoolExchange {
  const x = op.queue.shift()!;
  settle(core, op, x);
  if (wants(core.emitter, 'requestDequeued')) {
    const message: DispatcherRequestDequeuedMessage = {
      frontEnd: 'KeepAliveDispatcher',
      dispatcher: core.emitter as Dispatcher,
      request: x.opts,
      origin: op.entry.label,
      waited: now() - x.queuedAt,
    };
    announce(core.emitter, 'requestDequeued', message);
  }
  return x;
}

/** The caller aborted `x` while it waited (its error is delivered by the exchange). */
export function withdraw(core: DispatchCore, op: OriginPool, x: PoolExchange): void {
  if (op.dropHandoff(x)) return; // it waited a microtask for a release: not queued
  if (!op.dropQueued(x)) return;
  settle(core, op, x);
  announceRejected(core, op, x, 'aborted', undefined, now() - x.queuedAt);
}

/** Fails every waiting request with `err` (`destroy()`). */
export function failAll(core: DispatchCore, op: OriginPool, err: Error): void {
  for (const x of op.queue.splice(0)) {
    settle(core, op, x);
    reject(core, op, x, 'agent_closed', err, now() - x.queuedAt);
  }
}

/** How long the longest-waiting request has waited (ms), overall and per origin label. */
export function oldestWaits(core: DispatchCore): { total: number; byOrigin: Map<string, number> } {
  const t = now();
  const byOrigin = new Map<string, number>();
  let total = 0;
  for (const op of core.waiting) {
    const head = op.queue[0];
    if (head === undefined) continue;
    const waited = t - head.queuedAt;
    byOrigin.set(op.entry.label, Math.max(waited, byOrigin.get(op.entry.label) ?? 0));
    if (waited > total) total = waited;
  }
  return { total, byOrigin };
}

/** Fails `x` before it is sent. */
export function reject(core: DispatchCore, op: OriginPool, x: PoolExchange, reason: RequestRejectedMessage['reason'], err: Error, waited: number): void {
  announceRejected(core, op, x, reason, err, waited);
  x.fail(err);
}

function settle(core: DispatchCore, op: OriginPool, x: PoolExchange): void {
  if (x.queueTimer !== undefined) clearTimeout(x.queueTimer);
  x.queueTimer = undefined;
  if (op.queue.length === 0) core.waiting.delete(op);
}

function expire(core: DispatchCore, op: OriginPool, x: PoolExchange): void {
  x.queueTimer = undefined;
  if (!op.dropQueued(x)) return;
  settle(core, op, x);
  reject(core, op, x, 'queue_timeout', new QueueTimeoutError(op.entry.label, core.options.queueTimeout), now() - x.queuedAt);
}

function announceRejected(core: DispatchCore, op: OriginPool, x: PoolExchange, reason: RequestRejectedMessage['reason'], err: Error | undefined, waited: number): void {
  if (!wants(core.emitter, 'requestRejected')) return;
  const message: DispatcherRequestRejectedMessage = {
    frontEnd: 'KeepAliveDispatcher',
    dispatcher: core.emitter as Dispatcher,
    request: x.opts,
    origin: op.entry.label,
    reason,
    waited,
    error: err,
  };
  announce(core.emitter, 'requestRejected', message);
}
