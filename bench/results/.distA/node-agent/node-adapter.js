"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.lowerLimits = lowerLimits;
exports.closeLimits = closeLimits;
exports.restoreLimits = restoreLimits;
exports.hideFreeList = hideFreeList;
exports.restoreFreeList = restoreFreeList;
exports.reserveFree = reserveFree;
exports.unreserve = unreserve;
exports.dropFree = dropFree;
exports.closeFreeSocket = closeFreeSocket;
exports.reuseFor = reuseFor;
exports.chainFreeListener = chainFreeListener;
exports.handToQueue = handToQueue;
exports.learnSocketShape = learnSocketShape;
exports.showServedCleanly = showServedCleanly;
exports.removeQueued = removeQueued;
exports.failRequest = failRequest;
/** Lowers the limits Node compares with (for connections it does not count yet); returns the old ones. */
function lowerLimits(agent, byOrigin, byTotal) {
    const saved = { maxSockets: agent.maxSockets, maxTotalSockets: agent.maxTotalSockets };
    agent.maxSockets -= byOrigin;
    agent.maxTotalSockets -= byTotal;
    return saved;
}
/** Zero limits: Node can neither take a free socket it does not see nor open one, so it queues. */
function closeLimits(agent) {
    const saved = { maxSockets: agent.maxSockets, maxTotalSockets: agent.maxTotalSockets };
    agent.maxSockets = 0;
    agent.maxTotalSockets = 0;
    return saved;
}
function restoreLimits(agent, saved) {
    agent.maxSockets = saved.maxSockets;
    agent.maxTotalSockets = saved.maxTotalSockets;
}
/** Takes an origin's free list out of Node's sight (what is left of it after a socket was reserved). */
function hideFreeList(agent, name) {
    const lists = agent.freeSockets;
    const list = lists[name];
    delete lists[name];
    return list !== undefined && list.length > 0 ? list : undefined;
}
function restoreFreeList(agent, name, list) {
    agent.freeSockets[name] = list;
}
/** A free socket is reserved for a request: out of `freeSockets`, into `sockets` (where Node counts it as busy). */
function reserveFree(agent, name, socket) {
    removeFrom(agent.freeSockets, name, socket);
    (agent.sockets[name] ??= []).push(socket);
}
/** A reserved socket goes back to the free list (its request went elsewhere). */
function unreserve(agent, name, socket) {
    removeFrom(agent.sockets, name, socket);
    (agent.freeSockets[name] ??= []).push(socket);
}
/** Takes a socket out of a free list that Node is looking at, if it is still there. */
function dropFree(agent, name, socket) {
    const list = agent.freeSockets[name];
    if (list === undefined)
        return;
    const i = list.indexOf(socket);
    if (i !== -1)
        list.splice(i, 1);
}
/**
 * Closes a free socket and takes it out of the agent at once, Node's own way for a free socket
 * that errors (destroy, then `'agentRemove'`), so the counts are right before Node looks again.
 */
function closeFreeSocket(socket) {
    socket.destroy();
    socket.emit('agentRemove');
}
/** Node's reuse of a free socket for `req` (drops its idle error listener, marks the request reused, refs it). */
function reuseFor(agent, socket, req) {
    agent.reuseSocket(socket, req);
}
/**
 * Runs `before(socket, options)` ahead of Node's own `'free'` listener (the one Node's `Agent`
 * constructor installs), and `after()` once it has returned, by chaining it: Node's listener is
 * replaced by one that calls `before`, then Node's, then `after`. The agent keeps one `'free'`
 * listener, as Node's does, and an emit stays on EventEmitter's single-listener path (two
 * listeners cost a copy of the listener array on every release). If Node's listener is not the
 * only one, `before` is prepended and `after` never runs.
 * @returns whether Node's listener was chained (`after` runs after it).
 */
function chainFreeListener(agent, before, after) {
    const own = agent.rawListeners('free');
    const nodes = own.length === 1 ? own[0] : undefined;
    if (nodes === undefined) {
        agent.prependListener('free', before);
        return false;
    }
    agent.removeListener('free', nodes);
    agent.on('free', function onFree(socket, options) {
        before(socket, options);
        try {
            nodes.call(this, socket, options);
        }
        finally {
            after();
        }
    });
    return true;
}
/** Node's own hand-over of a freed socket to the head of its origin's queue. */
function handToQueue(socket) {
    socket.emit('free');
}
/**
 * What a socket whose bound request was aborted before it started shows Node's `'free'`
 * listener in place of that request: an exchange that may be followed by another.
 */
const SERVED_CLEANLY = Object.freeze({ shouldKeepAlive: true, res: null });
/**
 * Whether Node gives a socket that carries a request its `parser` before its `_httpMessage`
 * (Node 20 and 22) or after (Node >= 24, whose `onSocket` sets `_httpMessage` a tick early):
 * learnt from the first socket that served a request, so that a socket that never carried one
 * gets both fields in the same order and every socket of the agent keeps one hidden class
 * (Node's optimised code then stays monomorphic; pinned by __tests__/node-internals.test.ts).
 */
let parserFirst;
/** Learns the order of Node's socket fields from a socket that has just served a request. */
function learnSocketShape(socket) {
    if (parserFirst !== undefined)
        return;
    const keys = Object.keys(socket);
    const parser = keys.indexOf('parser');
    const message = keys.indexOf('_httpMessage');
    if (parser !== -1 && message !== -1)
        parserFirst = parser < message;
}
/** Lets Node's `'free'` listener pool a sound socket whose bound request never started on it. */
function showServedCleanly(socket) {
    const s = socket;
    if ('parser' in s)
        s._httpMessage = SERVED_CLEANLY;
    else if (parserFirst === false) {
        s._httpMessage = SERVED_CLEANLY;
        s.parser = null;
    }
    else {
        s.parser = null;
        s._httpMessage = SERVED_CLEANLY;
    }
}
/** Takes a waiting request out of Node's queue. */
function removeQueued(agent, name, req) {
    const requests = agent.requests;
    const queue = requests[name];
    if (queue === undefined)
        return;
    const i = queue.indexOf(req);
    if (i !== -1)
        queue.splice(i, 1);
    if (queue.length === 0)
        delete requests[name];
}
/**
 * Fails a request that has no socket the way Node's agent fails one whose connection could not
 * be made: `req.onSocket(null, err)`, which emits its `'error'` (if any) and `'close'`.
 */
function failRequest(req, err) {
    req.onSocket(null, err);
}
function removeFrom(lists, name, socket) {
    const list = lists[name];
    if (list === undefined)
        return;
    const i = list.indexOf(socket);
    if (i !== -1)
        list.splice(i, 1);
    if (list.length === 0)
        delete lists[name];
}
//# sourceMappingURL=node-adapter.js.map