"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.AddScopes = void 0;
/**
 * The state of each `addRequest` call under way, on a stack: user code that runs inside one
 * call (a `socketClosed` listener fired by the take-time check, say) may make a request on the
 * same agent, and that call gets a scope of its own.
 * @module
 */
const node_adapter_1 = require("./node-adapter");
/** The `addRequest` calls under way, innermost last; scope objects are reused. */
class AddScopes {
    #agent;
    #stack = [];
    #spare = [];
    constructor(agent) {
        this.#agent = agent;
    }
    begin(req) {
        const scope = this.#spare.pop() ?? { req: null, name: undefined, placed: false, parked: false, hiddenFree: undefined, saved: undefined, at: 0 };
        scope.req = req;
        this.#stack.push(scope);
        return scope;
    }
    /** The innermost call under way. */
    current() {
        // Asked on every release too, with no call under way: `stack[-1]` would be a named
        // property lookup ("-1") through the runtime, twice per request.
        const stack = this.#stack;
        return stack.length === 0 ? undefined : stack[stack.length - 1];
    }
    /** The call under way for `req`, if any (the innermost one that has it). */
    of(req) {
        for (let i = this.#stack.length - 1; i >= 0; i--)
            if (this.#stack[i].req === req)
                return this.#stack[i];
        return undefined;
    }
    /**
     * Puts back what was changed for Node's decision (socket limits, a hidden free list): called
     * as soon as Node has decided, before any user code can run, and again at the end.
     */
    restore(scope) {
        if (scope.saved !== undefined) {
            (0, node_adapter_1.restoreLimits)(this.#agent, scope.saved);
            scope.saved = undefined;
        }
        if (scope.hiddenFree !== undefined && scope.name !== undefined) {
            (0, node_adapter_1.restoreFreeList)(this.#agent, scope.name, scope.hiddenFree);
            scope.hiddenFree = undefined;
        }
    }
    /** The call ends: restores, and takes the scope off the stack (it must be the innermost). */
    end(scope) {
        this.restore(scope);
        const stack = this.#stack;
        if (stack[stack.length - 1] === scope)
            stack.pop();
        else {
            const i = stack.lastIndexOf(scope);
            if (i !== -1)
                stack.splice(i, 1);
        }
        scope.req = null;
        scope.name = undefined;
        scope.placed = false;
        scope.parked = false;
        scope.at = 0;
        this.#spare.push(scope);
    }
}
exports.AddScopes = AddScopes;
//# sourceMappingURL=add-request.js.map