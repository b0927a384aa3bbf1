// The bench's child processes (used by bench/run.mjs): start, message, snapshot, stop, and kill
// whatever is left when the orchestrator exits.
import { fork } from 'node:child_process';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const children = new Set();

process.on('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => process.exit(130));
}

/** Starts bench/<script> with `config` as JSON in argv[2]; `child.ready` / `child.loaded` resolve on those messages. */
export function forkChild(script, config, execArgv = [], args = []) {
  const child = fork(join(here, script), [JSON.stringify(config), ...args], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv });
  children.add(child);
  child.on('exit', () => children.delete(child));
  child.exited = new Promise((resolve) => child.on('exit', resolve));
  // Listened for at once: a child may be ready before the orchestrator gets round to it.
  child.ready = nextMessage(child, 'ready');
  child.loaded = nextMessage(child, 'loaded');
  child.ready.catch(() => {});
  child.loaded.catch(() => {});
  return child;
}

/** The child's next message of `type`; rejects if the child exits first. */
export function nextMessage(child, type) {
  return new Promise((resolve, reject) => {
    const onMessage = (msg) => {
      if (msg.type !== type) return;
      cleanup();
      resolve(msg);
    };
    const onExit = (code) => {
      cleanup();
      reject(new Error(`child exited (${code}) while waiting for '${type}'`));
    };
    const cleanup = () => {
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    child.on('message', onMessage);
    child.on('exit', onExit);
  });
}

let snapshotId = 0;
/** Asks a backend or proxy process for its counters ({type: 'snapshot', id}). */
export async function snapshot(child) {
  const id = ++snapshotId;
  const reply = new Promise((resolve, reject) => {
    const onMessage = (msg) => {
      if (msg.type === 'snapshot' && msg.id === id) {
        child.off('message', onMessage);
        resolve(msg);
      }
    };
    child.on('message', onMessage);
    child.once('exit', () => reject(new Error('child exited during a snapshot')));
  });
  child.send({ type: 'snapshot', id });
  return reply;
}

/** Asks a child to exit; kills it after 5 s. */
export async function stopChild(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  try {
    child.send({ type: 'exit' });
  } catch {
    // already gone
  }
  await Promise.race([child.exited, sleep(5000)]);
  if (child.exitCode === null && child.signalCode === null) {
    child.kill('SIGKILL');
    await child.exited;
  }
}
