/** The largest delay `setTimeout` honours (a larger one fires after 1 ms); longer waits are taken in steps. */
export declare const MAX_TIMER_MS: number;
//# sourceMappingURL=timers.d.ts.map