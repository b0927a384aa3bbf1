"use strict";
/**
 * The shape of the `upstreams` option: NGINX `upstream` groups, as given and as resolved.
 * Each member's `Unit:`, `Default:` and `NGINX:` lines state what the spec
 * (`lib/upstreams/spec.ts`) holds.
 * @module
 */
Object.defineProperty(exports, "__esModule", { value: true });
//# sourceMappingURL=options.js.map