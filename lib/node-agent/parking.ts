/**
 * The requests waiting for their validation turn (`validation-turn.ts`): each sits in Node's
 * queue with a socket reserved for it, and what Node would do for a queued request (hand it a
 * connection still being made, or open a new one) is not done for it.
 * @module
 */
import { connectionOf } from '../connection/connection';
import type { InternalAgent, InternalSocket } from './node-internals';

/** The parked requests of one pool, and the turns under way. */
export class Parking {
  /** Requests in Node's queue for their validation turn. */
  readonly requests = new WeakSet<object>();
  /** Validation turns under way (0: no request is parked, nothing to look up). */
  turns = 0;

  /**
   * Every request in `name`'s queue waits for its validation turn (each has a socket reserved):
   * Node must give them neither a connection still being made nor a new one of their own. (A
   * request waiting for a socket under `maxSockets` among them: Node serves the queue as usual.)
   */
  onlyParkedQueued(agent: InternalAgent, name: string): boolean {
    if (this.turns === 0) return false;
    const queue = agent.requests[name];
    if (queue === undefined || queue.length === 0) return false;
    for (const req of queue) if (!this.requests.has(req)) return false;
    return true;
  }

  /**
   * Node's `removeSocket` opens a new connection for the head of the origin's queue: not for
   * requests waiting for their validation turn, which have a socket reserved, unless the socket
   * Node removes is a reserved one (a parked request lost its socket: the new connection
   * replaces it). Returns the origin whose queue Node must not see while it removes `socket`
   * (undefined: Node sees everything). Asked before the pool counts the socket's close.
   */
  queueToHide(agent: InternalAgent, socket: InternalSocket): string | undefined {
    if (this.turns === 0) return undefined;
    const conn = connectionOf(socket);
    return conn !== undefined && conn.state !== 'reserved' && this.onlyParkedQueued(agent, conn.name) ? conn.name : undefined;
  }
}
