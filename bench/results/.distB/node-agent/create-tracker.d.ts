/**
 * The `createSocket` calls under way (per call: its request, its pool key, whether it is still
 * pending) and the asynchronous connections not yet arrived, per pool key and in total: Node
 * counts a socket only once `createConnection` has returned it, so the pool counts those itself.
 * @module
 */
import type { ClientRequestArgs } from 'node:http';
import { type InternalClientRequest } from './node-internals';
/** One `createSocket` call. */
export interface CreateCall {
    readonly req: InternalClientRequest;
    /** Opened by `addRequest` for `req` (not by `removeSocket` for a queued request). */
    readonly forAdd: boolean;
    /** The pool key as Node computes it in `createSocket`, should `createConnection` not say. */
    readonly nameOf: () => string;
    name: string | undefined;
    connectOptions: ClientRequestArgs | undefined;
    settled: boolean;
    pending: boolean;
    outer: CreateCall | undefined;
}
export declare class CreateTracker {
    #private;
    /** Asynchronous connections not yet arrived, in total. */
    get pendingTotal(): number;
    /** Asynchronous connections not yet arrived for pool key `name`. */
    pendingFor(name: string): number;
    /** Pending connections per pool key (for the stats). */
    pendingByName(): ReadonlyMap<string, number>;
    begin(req: InternalClientRequest, forAdd: boolean, nameOf: () => string): CreateCall;
    /** `createConnection` was called (inside `createSocket`, or directly by anyone): note its options. */
    noteConnectOptions(args: readonly unknown[]): void;
    /** Node's `createSocket` returned. Returns true if its socket has not arrived: the connection is pending. */
    end(call: CreateCall): boolean;
    /** The call's socket (or error) arrived. */
    settle(call: CreateCall): void;
    /** The call's pool key. */
    nameOf(call: CreateCall): string;
}
//# sourceMappingURL=create-tracker.d.ts.map