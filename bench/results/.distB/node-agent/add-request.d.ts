/**
 * The state of each `addRequest` call under way, on a stack: user code that runs inside one
 * call (a `socketClosed` listener fired by the take-time check, say) may make a request on the
 * same agent, and that call gets a scope of its own.
 * @module
 */
import { type SavedLimits } from './node-adapter';
import type { InternalAgent, InternalClientRequest, InternalSocket } from './node-internals';
/** One `addRequest` call. */
export interface AddScope {
    req: InternalClientRequest | null;
    /** Node's pool key, once Node asked for it (just before it takes a free socket). */
    name: string | undefined;
    /** Bound to a socket, or its connection is pending: Node did not queue it. */
    placed: boolean;
    /** Queued on purpose, for its validation turn (not subject to the queue bounds). */
    parked: boolean;
    /** The free list hidden from Node while it queues a parked request. */
    hiddenFree: InternalSocket[] | undefined;
    /** The socket limits to put back, once Node has made its decision. */
    saved: SavedLimits | undefined;
    /** The clock when Node asked for the pool key (ms, monotonic; 0: not read), for the request it binds. */
    at: number;
}
/** The `addRequest` calls under way, innermost last; scope objects are reused. */
export declare class AddScopes {
    #private;
    constructor(agent: InternalAgent);
    begin(req: InternalClientRequest): AddScope;
    /** The innermost call under way. */
    current(): AddScope | undefined;
    /** The call under way for `req`, if any (the innermost one that has it). */
    of(req: object): AddScope | undefined;
    /**
     * Puts back what was changed for Node's decision (socket limits, a hidden free list): called
     * as soon as Node has decided, before any user code can run, and again at the end.
     */
    restore(scope: AddScope): void;
    /** The call ends: restores, and takes the scope off the stack (it must be the innermost). */
    end(scope: AddScope): void;
}
//# sourceMappingURL=add-request.d.ts.map