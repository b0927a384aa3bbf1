"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.now = void 0;
/** The monotonic clock of the pool (ms). */
var clock_1 = require("../rules/clock");
Object.defineProperty(exports, "now", { enumerable: true, get: function () { return clock_1.now; } });
//# sourceMappingURL=core.js.map