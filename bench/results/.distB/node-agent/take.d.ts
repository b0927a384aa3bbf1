import { type PoolCore } from './core';
export declare function onGetName(core: PoolCore, name: string): void;
//# sourceMappingURL=take.d.ts.map