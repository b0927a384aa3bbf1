"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.ControllerFace = void 0;
const peer_1 = require("./peer");
/** A raw header list: undici ≥ 8 keeps it on the controller; a parsed object is turned back into pairs. */
function rawOf(raw, parsed) {
    if (Array.isArray(raw))
        return raw;
    const out = [];
    for (const [name, value] of Object.entries(parsed)) {
        if (Array.isArray(value))
            for (const v of value)
                out.push(name, v);
        else
            out.push(name, value);
    }
    return out;
}
class ControllerFace {
    #x;
    #controller = null;
    #resume = () => this.#controller?.resume();
    constructor(x) {
        this.#x = x;
    }
    onRequestStart(controller) {
        this.#controller = controller;
        this.#x.onConnect((err) => controller.abort(err ?? new peer_1.errors.RequestAbortedError()));
    }
    onResponseStarted() {
        this.#x.onResponseStarted();
    }
    onResponseStart(controller, statusCode, headers, statusText) {
        this.#controller = controller;
        if (!this.#x.onHeaders(statusCode, rawOf(controller.rawHeaders, headers), this.#resume, statusText ?? '', headers))
            controller.pause();
    }
    onResponseData(controller, chunk) {
        if (!this.#x.onData(chunk))
            controller.pause();
    }
    onResponseEnd(controller, trailers) {
        this.#x.onComplete(rawOf(controller.rawTrailers, trailers), trailers);
    }
    onResponseError(_controller, err) {
        this.#x.onError(err);
    }
    onRequestUpgrade(controller, statusCode, headers, socket) {
        this.#x.onUpgrade(statusCode, rawOf(controller.rawHeaders, headers), socket, headers);
    }
    onBodySent(...args) {
        this.#x.onBodySent(...args);
    }
    onRequestSent() {
        this.#x.onRequestSent();
    }
}
exports.ControllerFace = ControllerFace;
//# sourceMappingURL=controller-face.js.map