"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.IdleTimer = void 0;
/**
 * The idle timeout of one pooled connection, armed lazily (the way Node's own timer lists
 * avoid a timer per activity): a timer already due at or before a new deadline is kept, and
 * when it fires early its owner re-arms it for what is left. A connection that goes idle after
 * every request therefore costs about one timer per idle timeout, not one per request, and
 * nothing while it carries a request (no socket timeout refreshed on every read and write).
 * @module
 */
const timers_1 = require("./timers");
/** Calls `due(item)` once its deadline may have passed; `due` decides (it may re-arm). */
class IdleTimer {
    #item;
    #due;
    #timer = undefined;
    /** When the armed timer fires (ms, monotonic clock). */
    #firesAt = 0;
    constructor(item, due) {
        this.#item = item;
        this.#due = due;
    }
    /** The item's deadline is now `deadline` (`now`: the clock's reading; `Infinity`: no deadline). */
    arm(now, deadline) {
        if (deadline === Infinity)
            return;
        if (this.#timer !== undefined) {
            if (this.#firesAt <= deadline)
                return; // it fires first, then re-arms for what is left
            clearTimeout(this.#timer);
        }
        // unref(): an idle connection never keeps a process alive (Node's free sockets are unref'd too).
        const delay = Math.max(1, Math.min(deadline - now, timers_1.MAX_TIMER_MS));
        this.#firesAt = now + delay;
        this.#timer = setTimeout((fire), delay, this).unref();
    }
    /**
     * For `due`: whether `deadline` has passed at `now` (1 ms of slack: timers start from the
     * loop's cached clock); if it has not (the timer was armed for an earlier deadline), re-arms
     * for what is left.
     */
    expired(now, deadline) {
        if (deadline - now <= 1)
            return true;
        this.arm(now, deadline);
        return false;
    }
    /** No deadline any more (the item is gone for good). */
    clear() {
        if (this.#timer === undefined)
            return;
        clearTimeout(this.#timer);
        this.#timer = undefined;
    }
    /** @internal The timer fired. */
    fired() {
        this.#timer = undefined;
        this.#due(this.#item);
    }
}
exports.IdleTimer = IdleTimer;
function fire(timer) {
    timer.fired();
}
//# sourceMappingURL=idle-timer.js.map