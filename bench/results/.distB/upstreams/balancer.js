"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.eligible = eligible;
/** Whether a peer of the request's tier can be picked, as every NGINX getter tests it. */
function eligible(peer, tried, now) {
    return !tried.has(peer) && !peer.down && !peer.isFailed(now) && !peer.isFull();
}
//# sourceMappingURL=balancer.js.map