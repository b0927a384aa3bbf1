/**
 * A connection's life in the dispatcher's pool: its sockets opened and counted, requests run
 * on it, its sockets closed and counted under their reason, and the connection leaving the pool.
 * @module
 */
import type { Socket } from 'node:net';
import { announce, wants } from '../observability/diagnostics';
import type { CloseReason } from '../rules/close-reasons';
import { drawLifetime, drawRequestLimit } from '../rules/jitter';
import { inferredReason } from './close-reason';
import { ControllerFace } from './controller-face';
import { type DispatchCore, now } from './core';
import type { DispatcherSocketClosedMessage, DispatcherSocketCreatedMessage, DispatcherSocketReusedMessage } from './messages';
import type { PoolExchange, PoolSlot } from './origin-pool';
import { CONTROLLER_API_ONLY } from './peer';
import type { Dispatcher } from 'undici';

/** The socket close listener of each socket, to take it off when the socket is taken over (an upgrade). */
const closeListeners = new WeakMap<Socket, () => void>();

/** A socket of `slot` exists (its connection is being established): count it, draw its limits, watch its close. */
export function socketOpened(core: DispatchCore, slot: PoolSlot, socket: Socket): void {
  const o = core.options;
  slot.beginConnection(socket, now(), drawRequestLimit(o.maxRequestsPerSocket, o.limitJitter), drawLifetime(o.maxSocketLifetime, o.limitJitter));
  const entry = slot.group.entry;
  entry.open++;
  entry.counters.created++;
  if (slot.warm) entry.counters.warm.opened++;
  core.sockets++;
  const onClose = (): void => socketClosed(core, slot, socket);
  closeListeners.set(socket, onClose);
  socket.once('close', onClose);
  if (wants(core.emitter, 'socketCreated')) {
    const message: DispatcherSocketCreatedMessage = { frontEnd: 'KeepAliveDispatcher', dispatcher: core.emitter as Dispatcher, socket, origin: entry.label };
    announce(core.emitter, 'socketCreated', message);
  }
}

/** Counts a socket of `slot` as closed (or taken over), once, under its reason. */
function account(core: DispatchCore, slot: PoolSlot, socket: Socket, reason: CloseReason): void {
  closeListeners.delete(socket);
  const entry = slot.group.entry;
  entry.open--;
  entry.counters.closed[reason]++;
  if (slot.warm && slot.requests === 0) entry.counters.warm.wasted++;
  core.sockets--;
  if (wants(core.emitter, 'socketClosed')) {
    const message: DispatcherSocketClosedMessage = {
      frontEnd: 'KeepAliveDispatcher',
      dispatcher: core.emitter as Dispatcher,
      socket,
      origin: entry.label,
      reason,
      requests: slot.requests,
      age: now() - slot.createdAt,
    };
    announce(core.emitter, 'socketClosed', message);
  }
  if (slot.socket === socket) {
    slot.socket = null;
    slot.connecting = false;
  }
}

/** A socket of `slot` closed. */
function socketClosed(core: DispatchCore, slot: PoolSlot, socket: Socket): void {
  const current = slot.socket === socket;
  const reason = (current ? slot.reason : undefined) ?? inferredReason(slot, socket, !(current && slot.connecting));
  account(core, slot, socket, reason);
  // Idle (or in its validation turn): nothing waits on its Client; it leaves the pool. In use,
  // the request's error (which undici reports next) closes it; a request not yet started on it
  // goes to the new socket undici opens for it.
  if (slot.state === 'idle' || slot.state === 'reserved') closeSlot(core, slot, reason);
  core.checkClosed();
}

/** The request on `slot` upgraded the connection: its socket is the caller's now (`not_reusable`). */
export function socketTakenOver(core: DispatchCore, slot: PoolSlot): void {
  const socket = slot.socket;
  if (socket === null) return;
  const onClose = closeListeners.get(socket);
  if (onClose !== undefined) socket.removeListener('close', onClose);
  account(core, slot, socket, 'not_reusable');
}

/** Runs `x` on `slot` (taken from the pool, or new). */
export function run(slot: PoolSlot, x: PoolExchange): void {
  slot.state = 'active';
  slot.current = x;
  x.slot = slot;
  x.phase = 'dispatched';
  slot.client.dispatch(x.opts, (CONTROLLER_API_ONLY ? new ControllerFace(x) : x) as Dispatcher.DispatchHandler);
}

/** undici started `x` on the socket of its connection: count the request. */
export function requestStarted(core: DispatchCore, x: PoolExchange): void {
  const slot = x.slot!;
  x.startedOn = slot.socket;
  slot.requests++;
  x.reused = slot.requests > 1;
  const entry = slot.group.entry;
  const counters = entry.counters;
  counters.requests++;
  if (slot.warm && slot.requests === 1) counters.warm.used++;
  if (x.reused) {
    counters.reused++;
    if (wants(core.emitter, 'socketReused') && slot.socket !== null) {
      const message: DispatcherSocketReusedMessage = {
        frontEnd: 'KeepAliveDispatcher',
        dispatcher: core.emitter as Dispatcher,
        socket: slot.socket,
        origin: entry.label,
        request: x.opts,
        requests: slot.requests,
      };
      announce(core.emitter, 'socketReused', message);
    }
  }
}

/**
 * Takes `slot` out of the pool for good, its current connection closing with `reason` (the
 * first decision wins; `undefined`: the socket's close will tell), failing a request it still
 * carries with `err`. `serve`: what waits for room may take it at once.
 */
export function closeSlot(core: DispatchCore, slot: PoolSlot, reason: CloseReason | undefined, err: Error | null = null, serve = true): void {
  if (slot.state === 'closed') return;
  if (reason !== undefined) slot.reason ??= reason;
  const op = slot.group;
  if (slot.state === 'idle') {
    core.lru.delete(slot);
    op.dropIdle(slot);
  }
  slot.dispose(err);
  op.slots.delete(slot);
  core.total--;
  if (serve) core.slotGone(op);
}
