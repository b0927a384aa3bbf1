/**
 * The state of each `addRequest` call under way, on a stack: user code that runs inside one
 * call (a `socketClosed` listener fired by the take-time check, say) may make a request on the
 * same agent, and that call gets a scope of its own.
 * @module
 */
import { restoreFreeList, restoreLimits, type SavedLimits } from './node-adapter';
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
export class AddScopes {
  readonly #agent: InternalAgent;
  readonly #stack: AddScope[] = [];
  readonly #spare: AddScope[] = [];

  constructor(agent: InternalAgent) {
    this.#agent = agent;
  }

  begin(req: InternalClientRequest): AddScope {
    const scope = this.#spare.pop() ?? { req: null, name: undefined, placed: false, parked: false, hiddenFree: undefined, saved: undefined, at: 0 };
    scope.req = req;
    this.#stack.push(scope);
    return scope;
  }

  /** The innermost call under way. */
  current(): AddScope | undefined {
    // Asked on every release too, with no call under way: `stack[-1]` would be a named
    // property lookup ("-1") through the runtime, twice per request.
    const stack = this.#stack;
    return stack.length === 0 ? undefined : stack[stack.length - 1];
  }

  /** The call under way for `req`, if any (the innermost one that has it). */
  of(req: object): AddScope | undefined {
    for (let i = this.#stack.length - 1; i >= 0; i--) if (this.#stack[i]!.req === req) return this.#stack[i];
    return undefined;
  }

  /**
   * Puts back what was changed for Node's decision (socket limits, a hidden free list): called
   * as soon as Node has decided, before any user code can run, and again at the end.
   */
  restore(scope: AddScope): void {
    if (scope.saved !== undefined) {
      restoreLimits(this.#agent, scope.saved);
      scope.saved = undefined;
    }
    if (scope.hiddenFree !== undefined && scope.name !== undefined) {
      restoreFreeList(this.#agent, scope.name, scope.hiddenFree);
      scope.hiddenFree = undefined;
    }
  }

  /** The call ends: restores, and takes the scope off the stack (it must be the innermost). */
  end(scope: AddScope): void {
    this.restore(scope);
    const stack = this.#stack;
    if (stack[stack.length - 1] === scope) stack.pop();
    else {
      const i = stack.lastIndexOf(scope);
      if (i !== -1) stack.splice(i, 1);
    }
    scope.req = null;
    scope.name = undefined;
    scope.placed = false;
    scope.parked = false;
    scope.at = 0;
    this.#spare.push(scope);
  }
}
