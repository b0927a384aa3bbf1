"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.now = void 0;
/**
 * The pools' monotonic clock (ms), read a few times per request.
 * @module
 */
const node_perf_hooks_1 = require("node:perf_hooks");
/**
 * `performance.now()` of `node:perf_hooks`, not the global `performance`: on Node 20 the
 * global is a lazy accessor of `globalThis`, and reading it costs a getter call and a global
 * load that cannot be cached (~150 instructions, measured) on every read.
 */
const now = () => node_perf_hooks_1.performance.now();
exports.now = now;
//# sourceMappingURL=clock.js.map