/**
 * The one writer of Node's agent state: `sockets`, `freeSockets`, `requests`, `maxSockets` /
 * `maxTotalSockets`, the `'free'` and `'agentRemove'` events it emits on a socket, and
 * `socket._httpMessage`. Every operation is named for what it does to Node's agent, and each
 * Node behaviour it relies on is pinned by `__tests__/node-internals.test.ts`.
 * @module
 */
import type { ClientRequest } from 'node:http';
import type { InternalAgent, InternalClientRequest, InternalSocket } from './node-internals';

type SocketLists = NodeJS.Dict<InternalSocket[]>;

/** Socket limits as they were before they were changed for one `addRequest`. */
export interface SavedLimits {
  readonly maxSockets: number;
  readonly maxTotalSockets: number;
}

/** Lowers the limits Node compares with (for connections it does not count yet); returns the old ones. */
export function lowerLimits(agent: InternalAgent, byOrigin: number, byTotal: number): SavedLimits {
  const saved = { maxSockets: agent.maxSockets, maxTotalSockets: agent.maxTotalSockets };
  agent.maxSockets -= byOrigin;
  agent.maxTotalSockets -= byTotal;
  return saved;
}

/** Zero limits: Node can neither take a free socket it does not see nor open one, so it queues. */
export function closeLimits(agent: InternalAgent): SavedLimits {
  const saved = { maxSockets: agent.maxSockets, maxTotalSockets: agent.maxTotalSockets };
  agent.maxSockets = 0;
  agent.maxTotalSockets = 0;
  return saved;
}

export function restoreLimits(agent: InternalAgent, saved: SavedLimits): void {
  agent.maxSockets = saved.maxSockets;
  agent.maxTotalSockets = saved.maxTotalSockets;
}

/** Takes an origin's free list out of Node's sight (what is left of it after a socket was reserved). */
export function hideFreeList(agent: InternalAgent, name: string): InternalSocket[] | undefined {
  const lists = agent.freeSockets as SocketLists;
  const list = lists[name];
  delete lists[name];
  return list !== undefined && list.length > 0 ? list : undefined;
}

export function restoreFreeList(agent: InternalAgent, name: string, list: InternalSocket[]): void {
  (agent.freeSockets as SocketLists)[name] = list;
}

/** A free socket is reserved for a request: out of `freeSockets`, into `sockets` (where Node counts it as busy). */
export function reserveFree(agent: InternalAgent, name: string, socket: InternalSocket): void {
  removeFrom(agent.freeSockets as SocketLists, name, socket);
  ((agent.sockets as SocketLists)[name] ??= []).push(socket);
}

/** A reserved socket goes back to the free list (its request went elsewhere). */
export function unreserve(agent: InternalAgent, name: string, socket: InternalSocket): void {
  removeFrom(agent.sockets as SocketLists, name, socket);
  ((agent.freeSockets as SocketLists)[name] ??= []).push(socket);
}

/** Takes a socket out of a free list that Node is looking at, if it is still there. */
export function dropFree(agent: InternalAgent, name: string, socket: InternalSocket): void {
  const list = (agent.freeSockets as SocketLists)[name];
  if (list === undefined) return;
  const i = list.indexOf(socket);
  if (i !== -1) list.splice(i, 1);
}

/**
 * Closes a free socket and takes it out of the agent at once, Node's own way for a free socket
 * that errors (destroy, then `'agentRemove'`), so the counts are right before Node looks again.
 */
export function closeFreeSocket(socket: InternalSocket): void {
  socket.destroy();
  socket.emit('agentRemove');
}

/** Node's reuse of a free socket for `req` (drops its idle error listener, marks the request reused, refs it). */
export function reuseFor(agent: InternalAgent, socket: InternalSocket, req: ClientRequest): void {
  agent.reuseSocket(socket, req);
}

type FreeListener = (this: InternalAgent, socket: InternalSocket, options: unknown) => void;

/**
 * Runs `before(socket, options)` ahead of Node's own `'free'` listener (the one Node's `Agent`
 * constructor installs), and `after()` once it has returned, by chaining it: Node's listener is
 * replaced by one that calls `before`, then Node's, then `after`. The agent keeps one `'free'`
 * listener, as Node's does, and an emit stays on EventEmitter's single-listener path (two
 * listeners cost a copy of the listener array on every release). If Node's listener is not the
 * only one, `before` is prepended and `after` never runs.
 * @returns whether Node's listener was chained (`after` runs after it).
 */
export function chainFreeListener(
  agent: InternalAgent,
  before: (socket: InternalSocket, options: unknown) => void,
  after: () => void,
): boolean {
  const own = agent.rawListeners('free');
  const nodes = own.length === 1 ? (own[0] as FreeListener) : undefined;
  if (nodes === undefined) {
    agent.prependListener('free', before);
    return false;
  }
  agent.removeListener('free', nodes);
  agent.on('free', function onFree(this: InternalAgent, socket: InternalSocket, options: unknown) {
    before(socket, options);
    try {
      nodes.call(this, socket, options);
    } finally {
      after();
    }
  });
  return true;
}

/** Node's own hand-over of a freed socket to the head of its origin's queue. */
export function handToQueue(socket: InternalSocket): void {
  socket.emit('free');
}

/**
 * Node's own path for a freed socket with the origin's queue out of sight: it goes to the free
 * list (Node's `keepSocketAlive` and ours decide), not to a waiting request.
 */
export function handToPool(agent: InternalAgent, name: string, socket: InternalSocket): void {
  withQueueHidden(agent, name, () => socket.emit('free'));
}

/** Runs `fn` (a call into Node's agent) with `name`'s queue out of Node's sight. */
export function withQueueHidden(agent: InternalAgent, name: string, fn: () => void): void {
  const requests = agent.requests as NodeJS.Dict<ClientRequest[]>;
  const queue = requests[name];
  delete requests[name];
  try {
    fn();
  } finally {
    if (queue !== undefined) requests[name] = queue;
  }
}

/**
 * What Node's `reuseSocket` says of a request that goes out on a socket that served before
 * (`req.reusedSocket`, which callers read to retry a request a reused socket failed).
 */
export function markReused(req: ClientRequest): void {
  req.reusedSocket = true;
}

/**
 * What a socket whose bound request was aborted before it started shows Node's `'free'`
 * listener in place of that request: an exchange that may be followed by another.
 */
const SERVED_CLEANLY = Object.freeze({ shouldKeepAlive: true, res: null }) as unknown as InternalClientRequest;

/**
 * Whether Node gives a socket that carries a request its `parser` before its `_httpMessage`
 * (Node 20 and 22) or after (Node >= 24, whose `onSocket` sets `_httpMessage` a tick early):
 * learnt from the first socket that served a request, so that a socket that never carried one
 * gets both fields in the same order and every socket of the agent keeps one hidden class
 * (Node's optimised code then stays monomorphic; pinned by __tests__/node-internals.test.ts).
 */
let parserFirst: boolean | undefined;

/** Learns the order of Node's socket fields from a socket that has just served a request. */
export function learnSocketShape(socket: InternalSocket): void {
  if (parserFirst !== undefined) return;
  const keys = Object.keys(socket);
  const parser = keys.indexOf('parser');
  const message = keys.indexOf('_httpMessage');
  if (parser !== -1 && message !== -1) parserFirst = parser < message;
}

/** Lets Node's `'free'` listener pool a sound socket whose bound request never started on it. */
export function showServedCleanly(socket: InternalSocket): void {
  const s = socket as InternalSocket & { parser?: unknown };
  if ('parser' in s) s._httpMessage = SERVED_CLEANLY;
  else if (parserFirst === false) {
    s._httpMessage = SERVED_CLEANLY;
    s.parser = null;
  } else {
    s.parser = null;
    s._httpMessage = SERVED_CLEANLY;
  }
}

/** Takes a waiting request out of Node's queue. */
export function removeQueued(agent: InternalAgent, name: string, req: ClientRequest): void {
  const requests = agent.requests as NodeJS.Dict<ClientRequest[]>;
  const queue = requests[name];
  if (queue === undefined) return;
  const i = queue.indexOf(req);
  if (i !== -1) queue.splice(i, 1);
  if (queue.length === 0) delete requests[name];
}

/**
 * Fails a request that has no socket the way Node's agent fails one whose connection could not
 * be made: `req.onSocket(null, err)`, which emits its `'error'` (if any) and `'close'`. A
 * request its caller has destroyed meanwhile ends as Node ends it when it is handed a socket:
 * with the caller's own error, `socket hang up` after a `destroy()` without one, or no error
 * after `abort()`; never with `err`, which is about a request nobody waits for any more.
 */
export function failRequest(req: ClientRequest, err?: Error): void {
  (req as ClientRequest & { onSocket(socket: null, err?: Error): void }).onSocket(null, req.destroyed ? undefined : err);
}

function removeFrom(lists: SocketLists, name: string, socket: InternalSocket): void {
  const list = lists[name];
  if (list === undefined) return;
  const i = list.indexOf(socket);
  if (i !== -1) list.splice(i, 1);
  if (list.length === 0) delete lists[name];
}
