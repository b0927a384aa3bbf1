/**
 * Node's agent constructors also work without `new`: `http.Agent(options)` and
 * `https.Agent(options)` return a new agent (Node's `Agent` is a function that calls itself
 * with `new` when called without it), and code written against them, Node's own agent tests
 * among it, calls them that way. An ES class throws when called; so the package exports its
 * classes behind a `Proxy` whose one trap is that call. Everything else (`new`, `extends`,
 * `instanceof`, the static members, `prototype`) reaches the class itself, and the class's
 * `prototype.constructor` is the callable one, so that `agent.constructor === HttpAgent`.
 * @module
 */

/** `ctor`, callable without `new` as well (a call constructs, as `new ctor(...args)` does). */
export function callableWithoutNew<C extends new (...args: never[]) => object>(ctor: C): C {
  const callable = new Proxy(ctor, {
    apply(target, thisArg: unknown, args: unknown[]): object {
      // `HttpAgent.call(this, options)` from an old-style subclass (`util.inherits`) would want
      // `this` initialised, which a class cannot do: it fails as a class call does, not silently.
      if (typeof thisArg === 'object' && thisArg !== null && thisArg instanceof target) {
        throw new TypeError(`Class constructor ${target.name} cannot be invoked without 'new' on an instance (subclass it with \`class … extends ${target.name}\`)`);
      }
      return Reflect.construct(target, args) as object;
    },
  });
  Object.defineProperty(ctor.prototype, 'constructor', { value: callable, writable: true, configurable: true, enumerable: false });
  return callable;
}
