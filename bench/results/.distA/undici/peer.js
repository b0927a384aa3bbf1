"use strict";
var __createBinding = (this && this.__createBinding) || (Object.create ? (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    var desc = Object.getOwnPropertyDescriptor(m, k);
    if (!desc || ("get" in desc ? !m.__esModule : desc.writable || desc.configurable)) {
      desc = { enumerable: true, get: function() { return m[k]; } };
    }
    Object.defineProperty(o, k2, desc);
}) : (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    o[k2] = m[k];
}));
var __setModuleDefault = (this && this.__setModuleDefault) || (Object.create ? (function(o, v) {
    Object.defineProperty(o, "default", { enumerable: true, value: v });
}) : function(o, v) {
    o["default"] = v;
});
var __importStar = (this && this.__importStar) || (function () {
    var ownKeys = function(o) {
        ownKeys = Object.getOwnPropertyNames || function (o) {
            var ar = [];
            for (var k in o) if (Object.prototype.hasOwnProperty.call(o, k)) ar[ar.length] = k;
            return ar;
        };
        return ownKeys(o);
    };
    return function (mod) {
        if (mod && mod.__esModule) return mod;
        var result = {};
        if (mod != null) for (var k = ownKeys(mod), i = 0; i < k.length; i++) if (k[i] !== "default") __createBinding(result, mod, k[i]);
        __setModuleDefault(result, mod);
        return result;
    };
})();
Object.defineProperty(exports, "__esModule", { value: true });
exports.CONTROLLER_API_ONLY = exports.parseHeaders = exports.errors = exports.Dispatcher = exports.Client = void 0;
/**
 * The one module that loads the peer dependency `undici` (the subpath `upstream-keepalive/undici`
 * is the only part of the package that needs it). What the rest of the front-end uses of it:
 * its `Client` (one per pooled connection), its `Dispatcher` base class (which carries
 * `request`, `stream`, `pipeline`, `connect`, `upgrade` and `compose`), its errors, and its
 * header parser.
 * @module
 */
const undici = __importStar(require("undici"));
exports.Client = undici.Client, exports.Dispatcher = undici.Dispatcher, exports.errors = undici.errors;
exports.parseHeaders = undici.util.parseHeaders;
/**
 * undici ≥ 8 hands a `Client` only handlers of the controller API (`onRequestStart`,
 * `onResponseStart`, ...); undici 7 runs the older callbacks (`onConnect`, `onHeaders`, ...)
 * itself and wraps the controller API into them. undici 8 is recognised by the wrapper it
 * exports for older dispatchers (`Dispatcher1Wrapper`).
 */
exports.CONTROLLER_API_ONLY = typeof undici.Dispatcher1Wrapper === 'function';
//# sourceMappingURL=peer.js.map