/**
 * One request to an upstream group as the router carries it: its balancer state, the server
 * it is on, and the options Node is given for that server.
 * @module
 */
import type { ClientRequest, RequestOptions } from 'node:http';
import type { UpstreamAttemptFailure } from '../errors';
import { kOriginLabel, originLabel } from '../observability/origin';
import type { UpstreamGroup } from '../upstreams/group';
import type { UpstreamRequest } from '../upstreams/options';
import type { Peer } from '../upstreams/peer';
import type { Tried } from '../upstreams/tried';
import type { InternalClientRequest } from './node-internals';

/** The key under which a request, and the options Node is given for it, carry its attempt. */
const kAttempt: unique symbol = Symbol('upstream-keepalive.upstreamAttempt');
export { kAttempt };

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
  /** While it waits for a server below its `maxConns`: its queue timer, and since when it waits (ms, monotonic). */
  waiting: NodeJS.Timeout | true | undefined;
  waitingSince: number;
}

export type AttemptRequest = InternalClientRequest & { [kAttempt]?: Attempt };
type AttemptOptions = RequestOptions & { [kAttempt]?: Attempt };

/** The attempt whose options these are, if the request goes to a group. */
export function attemptOf(options: unknown): Attempt | undefined {
  return options !== null && typeof options === 'object' ? (options as AttemptOptions)[kAttempt] : undefined;
}

/** The caller's options sent to `peer` (its host and port; the `Host` header is already set): the attempt's now. */
export function optionsFor(attempt: Attempt, peer: Peer, protocol: string): RequestOptions {
  attempt.peer = peer;
  const options: AttemptOptions & { [kOriginLabel]?: string } = { ...attempt.base, host: peer.host, port: peer.port };
  // The stats' origin is the server (for TLS the servername is the group's name).
  options[kOriginLabel] = serverLabel(protocol, peer);
  if (options.hostname !== undefined && options.hostname !== null) options.hostname = peer.host;
  options[kAttempt] = attempt;
  return options;
}

/** The stats' origin label of a server of a group: `scheme://host:port`. */
export function serverLabel(protocol: string, peer: { readonly host: string; readonly port: number }): string {
  return originLabel(protocol, { host: peer.host, port: peer.port });
}

/** The host a request names, without a trailing dot. */
export function hostOf(options: RequestOptions): string {
  const host = String(options.host ?? options.hostname ?? 'localhost');
  return host.endsWith('.') ? host.slice(0, -1) : host;
}

/** What `hashKey` sees of a request. */
export function viewOf(req: ClientRequest, options: RequestOptions): UpstreamRequest {
  const r = req as ClientRequest & { method?: string; path?: string };
  const headers = typeof r.getHeaders === 'function' ? r.getHeaders() : {};
  return {
    method: r.method ?? options.method ?? 'GET',
    path: r.path ?? options.path ?? '/',
    headers: headers as UpstreamRequest['headers'],
    host: hostOf(options),
  };
}
