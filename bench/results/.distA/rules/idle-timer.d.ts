/** Calls `due(item)` once its deadline may have passed; `due` decides (it may re-arm). */
export declare class IdleTimer<T> {
    #private;
    constructor(item: T, due: (item: T) => void);
    /** The item's deadline is now `deadline` (`now`: the clock's reading; `Infinity`: no deadline). */
    arm(now: number, deadline: number): void;
    /**
     * For `due`: whether `deadline` has passed at `now` (1 ms of slack: timers start from the
     * loop's cached clock); if it has not (the timer was armed for an earlier deadline), re-arms
     * for what is left.
     */
    expired(now: number, deadline: number): boolean;
    /** No deadline any more (the item is gone for good). */
    clear(): void;
}
//# sourceMappingURL=idle-timer.d.ts.map