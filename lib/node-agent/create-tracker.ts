/**
 * The `createSocket` calls under way (per call: its request, its pool key, whether it is still
 * pending) and the asynchronous connections not yet arrived, per pool key and in total: Node
 * counts a socket only once `createConnection` has returned it, so the pool counts those itself.
 * @module
 */
import type { ClientRequestArgs } from 'node:http';
import { connectOptionsOf, type InternalClientRequest } from './node-internals';

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

export class CreateTracker {
  #creating: CreateCall | undefined;
  readonly #pending = new Map<string, number>();
  #pendingTotal = 0;

  /** Asynchronous connections not yet arrived, in total. */
  get pendingTotal(): number {
    return this.#pendingTotal;
  }

  /** Asynchronous connections not yet arrived for pool key `name`. */
  pendingFor(name: string): number {
    return this.#pending.get(name) ?? 0;
  }

  /** Pending connections per pool key (for the stats). */
  pendingByName(): ReadonlyMap<string, number> {
    return this.#pending;
  }

  begin(req: InternalClientRequest, forAdd: boolean, nameOf: () => string): CreateCall {
    const call: CreateCall = { req, forAdd, nameOf, name: undefined, connectOptions: undefined, settled: false, pending: false, outer: this.#creating };
    this.#creating = call;
    return call;
  }

  /** `createConnection` was called (inside `createSocket`, or directly by anyone): note its options. */
  noteConnectOptions(args: readonly unknown[]): void {
    const call = this.#creating;
    if (call === undefined || call.name !== undefined) return;
    const options = connectOptionsOf(args);
    if (options?._agentKey === undefined) return;
    call.name = options._agentKey;
    call.connectOptions = options;
  }

  /** Node's `createSocket` returned. Returns true if its socket has not arrived: the connection is pending. */
  end(call: CreateCall): boolean {
    this.#creating = call.outer;
    call.outer = undefined;
    if (call.settled) return false;
    call.pending = true;
    const name = this.nameOf(call);
    this.#pending.set(name, this.pendingFor(name) + 1);
    this.#pendingTotal++;
    return true;
  }

  /** Node's `createSocket` threw (a `createConnection` or a lookup that throws): nothing is pending. */
  abandon(call: CreateCall): void {
    this.#creating = call.outer;
    call.outer = undefined;
    call.settled = true;
  }

  /** The call's socket (or error) arrived. */
  settle(call: CreateCall): void {
    call.settled = true;
    if (!call.pending) return;
    const name = this.nameOf(call);
    const n = this.pendingFor(name) - 1;
    if (n > 0) this.#pending.set(name, n);
    else this.#pending.delete(name);
    this.#pendingTotal--;
  }

  /** The call's pool key. */
  nameOf(call: CreateCall): string {
    return (call.name ??= call.nameOf());
  }
}
