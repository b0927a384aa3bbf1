"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
//# sourceMappingURL=stats.js.map