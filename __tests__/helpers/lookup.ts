/**
 * A `lookup` option that resolves every name to 127.0.0.1 for its first `answered` calls and
 * never answers after them: a connection opened then stays connecting (no server needed).
 */
export function lookupThatHangsAfter(answered: number): { lookup: never; calls: () => number } {
  let calls = 0;
  const lookup = (_host: string, options: { all?: boolean }, cb: (...args: unknown[]) => void): void => {
    if (++calls > answered) return;
    if (options.all === true) cb(null, [{ address: '127.0.0.1', family: 4 }]);
    else cb(null, '127.0.0.1', 4);
  };
  return { lookup: lookup as never, calls: () => calls };
}

/**
 * A `lookup` option that resolves every name to 127.0.0.1, except that it throws synchronously
 * from its call number `answered + 1` on while `broken()` says so (a lookup that fails as it is
 * called, before any I/O).
 */
export function lookupThatThrowsAfter(answered: number, broken: () => boolean): { lookup: never; calls: () => number } {
  let calls = 0;
  const lookup = (_host: string, options: { all?: boolean }, cb: (...args: unknown[]) => void): void => {
    if (++calls > answered && broken()) throw new Error('lookup boom');
    if (options.all === true) cb(null, [{ address: '127.0.0.1', family: 4 }]);
    else cb(null, '127.0.0.1', 4);
  };
  return { lookup: lookup as never, calls: () => calls };
}
