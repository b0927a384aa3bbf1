/** The largest delay `setTimeout` honours (a larger one fires after 1 ms); longer waits are taken in steps. */
export const MAX_TIMER_MS = 2 ** 31 - 1;
