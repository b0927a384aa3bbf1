"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.MAX_TIMER_MS = void 0;
/** The largest delay `setTimeout` honours (a larger one fires after 1 ms); longer waits are taken in steps. */
exports.MAX_TIMER_MS = 2 ** 31 - 1;
//# sourceMappingURL=timers.js.map