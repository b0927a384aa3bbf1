/**
 * `performance.now()` of `node:perf_hooks`, not the global `performance`: on Node 20 the
 * global is a lazy accessor of `globalThis`, and reading it costs a getter call and a global
 * load that cannot be cached (~150 instructions, measured) on every read.
 */
export declare const now: () => number;
//# sourceMappingURL=clock.d.ts.map