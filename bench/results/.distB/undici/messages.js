"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
//# sourceMappingURL=messages.js.map