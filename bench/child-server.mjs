// What bench/overhead.mjs and bench/fetch.mjs share: a loopback server run in a child process
// (the script forks itself with a flag), so that the parent's CPU figures are the client's
// alone, and the reading of their numeric command-line options.
import { fork } from 'node:child_process';

/** The number after `--name` in `argv`, or `dflt`. */
export function numberOption(argv, name, dflt) {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? Number(argv[i + 1]) : dflt;
}

/** In the child: listen on a free loopback port, send it to the parent, end with the parent. */
export function serveParent(server) {
  server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
  process.on('disconnect', () => process.exit(0));
}

/** In the parent: fork `script` with `args` as the server child; resolves with its port and a stop(). */
export function forkServer(script, args) {
  const child = fork(script, args, { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the server process exited (${code})`)));
    child.once('message', ({ port }) => resolve({ port, stop: () => child.disconnect() }));
  });
}
