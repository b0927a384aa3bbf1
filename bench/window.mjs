// The measured window of a benchmark run, shared by bench/loadgen.mjs and bench/client.mjs.
import { createHistogram } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

/** What one measured window saw. */
export class Window {
  constructor() {
    this.hist = createHistogram();
    this.responses = 0;
    this.non2xx = 0;
    this.errors = 0;
    this.errorCodes = {};
    this.recording = false;
    this.startedAt = 0;
    this.elapsedMs = 0;
    /** Responses seen in or out of the window (the warm-up counts them). */
    this.seen = 0;
  }
  start() {
    this.recording = true;
    this.startedAt = performance.now();
  }
  stop() {
    if (!this.recording) return;
    this.recording = false;
    this.elapsedMs += performance.now() - this.startedAt;
  }
  response(status, latencyMs) {
    this.seen++;
    if (!this.recording) return;
    this.responses++;
    if (status < 200 || status > 299) this.non2xx++;
    else this.hist.record(Math.max(1, Math.round(latencyMs * 1000)));
  }
  error(err) {
    if (!this.recording) return;
    this.errors++;
    const code = err?.code ?? err?.message ?? String(err);
    this.errorCodes[code] = (this.errorCodes[code] ?? 0) + 1;
  }
  result() {
    const n = this.hist.count;
    return {
      responses: this.responses,
      ok: n,
      non2xx: this.non2xx,
      errors: this.errors,
      errorCodes: this.errorCodes,
      elapsedMs: this.elapsedMs,
      reqPerSec: this.elapsedMs > 0 ? (this.responses / this.elapsedMs) * 1000 : 0,
      p50Ms: n ? this.hist.percentile(50) / 1000 : null,
      p99Ms: n ? this.hist.percentile(99) / 1000 : null,
      meanMs: n ? this.hist.mean / 1000 : null,
    };
  }
}

/**
 * The IPC side of the marks: `mark(phase, extra)` sends {type: 'mark', phase, ...extra} and
 * resolves when the orchestrator answers {type: 'marked'} (after taking its snapshots).
 * Also exits on {type: 'exit'} and when the orchestrator goes away.
 */
export function ipcMarks() {
  let markResolve;
  process.on('message', (msg) => {
    if (msg.type === 'marked') markResolve?.();
    else if (msg.type === 'exit') process.exit(0);
  });
  process.on('disconnect', () => process.exit(0));
  return (phase, extra = {}) =>
    new Promise((resolve) => {
      markResolve = resolve;
      const u = process.cpuUsage();
      process.send({ type: 'mark', phase, driverCpuMicros: u.user + u.system, ...extra });
    });
}

/**
 * The warm-up before the window: at least `warmupMs`, then until `warmupResponses` responses
 * have arrived, at most `warmupMaxMs` in all. The count is one renewal wave of the scenario's
 * request limit: the first sockets a process destroys and creates after its code was optimised
 * make V8 deoptimise and recompile Node's socket code once (docs/design.md, "The hot path,
 * measured"); a window that holds that one-time cost measures the JIT, not the pool. Every
 * contender of a scenario waits for the same count. Returns what the warm-up took.
 */
export async function warmUp(window, config) {
  const t0 = performance.now();
  await sleep(config.warmupMs);
  const want = config.warmupResponses ?? 0;
  const max = config.warmupMaxMs ?? 0;
  while (window.seen < want && performance.now() - t0 < max) await sleep(20);
  return { ms: Math.round(performance.now() - t0), responses: window.seen };
}
