/**
 * The idle timeout of one pooled connection, armed lazily (the way Node's own timer lists
 * avoid a timer per activity): a timer already due at or before a new deadline is kept, and
 * when it fires early its owner re-arms it for what is left. A connection that goes idle after
 * every request therefore costs about one timer per idle timeout, not one per request, and
 * nothing while it carries a request (no socket timeout refreshed on every read and write).
 * @module
 */
import { MAX_TIMER_MS } from './timers';

/** Calls `due(item)` once its deadline may have passed; `due` decides (it may re-arm). */
export class IdleTimer<T> {
  readonly #item: T;
  readonly #due: (item: T) => void;
  #timer: NodeJS.Timeout | undefined = undefined;
  /** When the armed timer fires (ms, monotonic clock). */
  #firesAt = 0;

  constructor(item: T, due: (item: T) => void) {
    this.#item = item;
    this.#due = due;
  }

  /** The item's deadline is now `deadline` (`now`: the clock's reading; `Infinity`: no deadline). */
  arm(now: number, deadline: number): void {
    if (deadline === Infinity) return;
    if (this.#timer !== undefined) {
      if (this.#firesAt <= deadline) return; // it fires first, then re-arms for what is left
      clearTimeout(this.#timer);
    }
    // unref(): an idle connection never keeps a process alive (Node's free sockets are unref'd too).
    const delay = Math.max(1, Math.min(deadline - now, MAX_TIMER_MS));
    this.#firesAt = now + delay;
    this.#timer = setTimeout(fire<T>, delay, this).unref();
  }

  /**
   * For `due`: whether `deadline` has passed at `now` (1 ms of slack: timers start from the
   * loop's cached clock); if it has not (the timer was armed for an earlier deadline), re-arms
   * for what is left.
   */
  expired(now: number, deadline: number): boolean {
    if (deadline - now <= 1) return true;
    this.arm(now, deadline);
    return false;
  }

  /** No deadline any more (the item is gone for good). */
  clear(): void {
    if (this.#timer === undefined) return;
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** @internal The timer fired. */
  fired(): void {
    this.#timer = undefined;
    this.#due(this.#item);
  }
}

function fire<T>(timer: IdleTimer<T>): void {
  timer.fired();
}

