/**
 * One request to an upstream group as the router carries it: its balancer state, the server
 * it is on, and the options Node is given for that server.
 * @module
 */
import type { ClientRequest, RequestOptions } from 'node:http';
import type { UpstreamAttemptFailure } from '../errors';
import type { UpstreamGroup } from '../upstreams/group';
import type { UpstreamRequest } from '../upstreams/options';
import type { Peer } from '../upstreams/peer';
import type { Tried } from '../upstreams/tried';
import type { InternalClientRequest } from './node-internals';
/** The key under which a request, and the options Node is given for it, carry its attempt. */
export declare const kAttempt: unique symbol;
/** One request to a group: its balancer state and the server it is on now. */
export interface Attempt {
    readonly group: UpstreamGroup;
    /** Made when the request first picks (after the group's names are first resolved). */
    tried: Tried;
    /** The caller's options (host: the group's name). */
    readonly base: RequestOptions;
    /** What `hashKey` sees of the request. */
    readonly view: UpstreamRequest;
    /** The server picked and not yet released. */
    peer: Peer | undefined;
    /** The servers whose connection failed, in order. */
    readonly failures: UpstreamAttemptFailure[];
    /** While it waits for a server below its `maxConns`: its queue timer. */
    waiting: NodeJS.Timeout | true | undefined;
}
export type AttemptRequest = InternalClientRequest & {
    [kAttempt]?: Attempt;
};
/** The attempt whose options these are, if the request goes to a group. */
export declare function attemptOf(options: unknown): Attempt | undefined;
/** The caller's options sent to `peer` (its host and port; the `Host` header is already set): the attempt's now. */
export declare function optionsFor(attempt: Attempt, peer: Peer, protocol: string): RequestOptions;
/** The stats' origin label of a server of a group: `scheme://host:port`. */
export declare function serverLabel(protocol: string, peer: {
    readonly host: string;
    readonly port: number;
}): string;
/** The host a request names, without a trailing dot. */
export declare function hostOf(options: RequestOptions): string;
/** What `hashKey` sees of a request. */
export declare function viewOf(req: ClientRequest, options: RequestOptions): UpstreamRequest;
//# sourceMappingURL=upstream-attempt.d.ts.map