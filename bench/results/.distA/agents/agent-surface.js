"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
//# sourceMappingURL=agent-surface.js.map