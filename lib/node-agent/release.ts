/**
 * A connection is released (the first listener of the agent's `'free'` event, before Node's
 * own): the release rules, on every path Node takes, including its hand-over of a freed socket
 * to a queued request, which skips `keepSocketAlive` and `reuseSocket`.
 * @module
 */
import { connectionOf } from '../connection/connection';
import { idleTimeoutReason } from '../rules/idle-timeout';
import { type ExchangeFacts, type ReleaseFacts, releaseVerdict } from '../rules/verdicts';
import { now, type PoolCore } from './core';
import { idleBudget } from './idle';
import { assign, closeIdle, hadError, isHttp11, unassign } from './lifecycle';
import { learnSocketShape, markReused, showServedCleanly } from './node-adapter';
import { type InternalClientRequest, type InternalSocket, writtenSoFar } from './node-internals';

/**
 * Decides whether the socket may carry another request; if not, destroys it with the reason
 * (Node's listener then sees it unwritable and lets it go). If a request is queued, Node hands
 * the socket to it: count and mark it. If the socket will be pooled and its origin is at
 * `maxFreeSockets`, evict that origin's least recently used idle socket.
 */
export function onFree(core: PoolCore, socket: InternalSocket): void {
  const conn = connectionOf(socket);
  if (conn === undefined || conn.state === 'closed' || conn.handingOver) return;
  // The request that ran on the socket, if one did. Node >= 24 sets `_httpMessage` already in
  // `ClientRequest#onSocket`, a tick before it binds the request (`req.socket`, set in
  // `tickOnSocket`): a request destroyed in between comes with 'free' as `_httpMessage`
  // although it never started on the socket.
  const msg = socket._httpMessage ?? null;
  const prev = msg !== null && msg.socket === socket ? msg : null;
  // 'free' also fires for a socket whose bound request never started on it (aborted before
  // Node bound it): that request does not count.
  if (conn.current !== null && conn.current !== prev) unassign(conn);
  conn.current = null;
  if (prev !== null) learnSocketShape(socket);

  const f = FACTS;
  f.usable = socket.writable && !socket.destroyed;
  f.errored = hadError(socket);
  f.ended = socket.readableEnded;
  // What the socket had been given so far (-1: no exchange to measure); the next request starts there.
  const written = prev === null ? -1 : writtenSoFar(socket);
  f.exchange = prev === null ? null : exchangeOf(prev, written - conn.writtenBefore);
  f.requests = conn.requests;
  f.requestLimit = conn.requestLimit;
  const t = now();
  f.age = t - conn.createdAt;
  f.lifetime = conn.lifetime;
  f.closing = core.closing;
  const reason = releaseVerdict(f);
  f.exchange = null;
  conn.writtenAtRelease = written;
  // keepSocketAlive, if Node calls it next for this release, reads the same clock.
  conn.releasedAt = t;
  if (reason !== undefined) {
    conn.reason ??= reason;
    socket.destroy(); // not in the free list: Node removes it on 'close'
    return;
  }
  const agent = core.agent;
  const queue = agent.requests[conn.name];
  if (queue !== undefined && queue.length > 0) {
    // Node hands the socket straight to the head of the queue: rule 5 holds there too (a
    // server hinting `Keep-Alive: timeout=0` closes the connection as soon as it is quiet).
    if (prev !== null) {
      const ms = idleBudget(core, conn, prev.res, t);
      if (ms <= 0) {
        conn.reason ??= idleTimeoutReason(ms, conn.lifetime - f.age);
        socket.destroy(); // Node opens a new connection for the queue on 'close'
        return;
      }
    }
    const next = queue[0] as InternalClientRequest;
    core.queue.onDequeued(next);
    // A request waiting for its validation turn gets this socket instead of the one reserved
    // for it: a reused socket, as Node's agent would have reported for the one it took.
    if (core.parking.requests.delete(next) && conn.requests > 0) markReused(next);
    assign(core, conn, next, undefined, t);
    return;
  }
  if (prev === null && agent.keepAlive && (conn.requests > 0 || conn.warm)) {
    // The request bound to this pooled socket was aborted before it started: Node would
    // destroy the socket, as if it had served nothing. It is sound (its last exchange ended
    // cleanly), so show Node that exchange and let it go back to the pool. A warm replacement
    // has served nothing yet, but it was opened to be pooled.
    showServedCleanly(socket);
  } else if (prev === null || !agent.keepAlive) {
    // Node destroys a socket that served nothing, or any socket when keepAlive is off. On
    // Node >= 24 its listener would pool a never-used socket (it sees the aborted request
    // in `_httpMessage`): a socket that served nothing is never pooled, on every line.
    conn.reason ??= 'not_reusable';
    if (prev === null && conn.requests === 0) socket.destroy();
    return;
  }
  const free = agent.freeSockets[conn.name] as InternalSocket[] | undefined;
  const freeLen = free?.length ?? 0;
  const count = freeLen + (agent.sockets[conn.name]?.length ?? 0);
  if (agent.totalSocketCount > agent.maxTotalSockets || count > agent.maxSockets) {
    conn.reason ??= 'evicted'; // Node destroys a socket over the socket limits
    return;
  }
  if (free !== undefined) evictOverFreeCap(core, free, 1);
}

/**
 * Makes room for `adding` more idle sockets in an origin's free list under `maxFreeSockets`
 * (Node's cap, with the LRU rule: the oldest of the origin goes, not the one released).
 */
export function evictOverFreeCap(core: PoolCore, free: InternalSocket[], adding: number): void {
  while (free.length > 0 && free.length + adding > core.agent.maxFreeSockets) closeIdle(core, free[0]!, 'evicted');
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * The facts handed to the release rules, filled in place on every release (the rules are
 * synchronous and keep nothing): no allocation per request.
 */
const FACTS: Mutable<ReleaseFacts> = {
  usable: false,
  errored: false,
  ended: false,
  exchange: null,
  requests: 0,
  requestLimit: 0,
  age: 0,
  lifetime: 0,
  closing: false,
};
const EXCHANGE: Mutable<ExchangeFacts> = { responseComplete: false, requestWrittenInFull: false, keepAlive: false, http11: false };

/** The exchange that ran on the socket, as the release rules see it. */
function exchangeOf(req: InternalClientRequest, written: number): ExchangeFacts {
  const res = req.res;
  const complete = res !== undefined && res !== null && res.complete;
  const x = EXCHANGE;
  x.responseComplete = complete;
  x.requestWrittenInFull = complete && writtenInFull(req, written);
  // Node's parser sets shouldKeepAlive from the response as received (a `close` token, or
  // HTTP/1.0 without keep-alive); `res.headers` is not consulted, as a proxy may edit it.
  x.keepAlive = req.shouldKeepAlive;
  x.http11 = complete && isHttp11(res);
  return x;
}

/**
 * The request went out whole: as many body bytes as it declared (`Content-Length`, explicit
 * or computed by Node), or, for a chunked body, the terminating chunk (`end()` was called:
 * Node writes it then). `written` is what the socket was given for this request, head included.
 */
function writtenInFull(req: InternalClientRequest, written: number): boolean {
  if (!req.finished) return false;
  if (req.chunkedEncoding) return true;
  const head = req._header;
  if (typeof head !== 'string') return true; // a stand-in request: nothing to measure
  // The head is a latin1 string: one byte per character.
  const body = written - head.length;
  // No declared length and not chunked: a request without a body; anything sent is unframed.
  const declared = typeof req._contentLength === 'number' ? req._contentLength : 0;
  return body === declared;
}
