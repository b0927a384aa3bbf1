import type { InternalAgent, InternalSocket } from './node-internals';
export declare class ReleaseKey {
    #private;
    constructor(ownGetName: unknown);
    /** Node's `'free'` listener is about to run for `socket`, with `options`. */
    note(agent: InternalAgent, socket: InternalSocket, options: unknown): void;
    /** Node's `'free'` listener has returned. */
    clear(): void;
    /** The key for `options`, if it is the object of the `'free'` event being handled. */
    of(options: unknown): string | undefined;
}
//# sourceMappingURL=release-key.d.ts.map