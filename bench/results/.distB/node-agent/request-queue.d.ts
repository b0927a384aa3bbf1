import type { ClientRequest } from 'node:http';
import { type AgentFrontEnd, type RequestRejectedMessage } from '../observability/diagnostics';
import type { InternalAgent } from './node-internals';
type Rejection = RequestRejectedMessage['reason'];
/**
 * Bounds and watches Node's request queue (`agent.requests`, which stays the queue):
 * `maxQueuedRequests` per origin and `queueTimeout`. A request is failed the way Node's agent
 * fails one whose connection could not be made: `req.onSocket(null, err)`, which emits the
 * request's `'error'` and `'close'`.
 *
 * A waiting request that its caller aborts (`req.destroy()`, an `AbortSignal`) stays in
 * Node's queue as it does with Node's agent, until a socket frees and Node passes it on (Node
 * emits the request's `'close'` then); nothing is patched onto the request to notice sooner.
 * It no longer counts: not against `maxQueuedRequests`, not in the `queued` stats, not in the
 * longest wait, and its `queueTimeout` does not fail it.
 */
export declare class QueueGuard {
    private readonly agent;
    private readonly frontEnd;
    private readonly maxQueuedRequests;
    private readonly queueTimeout;
    private readonly waiting;
    constructor(agent: InternalAgent, frontEnd: AgentFrontEnd, maxQueuedRequests: number, queueTimeout: number);
    /** Requests waiting now. */
    get size(): number;
    /** Node just queued `req` (the last of `agent.requests[name]`): bound it, time it, watch for aborts. */
    onQueued(req: ClientRequest, name: string, origin: string): void;
    /** Node is handing a socket to `req`, the head of its origin's queue. */
    onDequeued(req: ClientRequest): void;
    /** Fails every waiting request with an `AgentClosedError` (`agent.close()`). */
    failAll(): void;
    /** Milliseconds the longest-waiting request has waited, per origin and overall. */
    oldestWait(): {
        total: number;
        byOrigin: Map<string, number>;
    };
    /** Fails a request at once, before it is queued or sent (used for requests after `close()`). */
    reject(req: ClientRequest, origin: string, reason: Rejection, error: Error): void;
    private expire;
    private release;
    private announceRejected;
    private fail;
}
export {};
//# sourceMappingURL=request-queue.d.ts.map