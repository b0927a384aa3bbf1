import { spawn } from 'node:child_process';

/** How a `node -e` script ended: its exit code (null if killed) and what it printed. */
export interface NodeScriptRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `script` with `node -e` (this process's node), killed after `timeoutMs`. */
export function runNodeScript(script: string, timeoutMs = 8000): Promise<NodeScriptRun> {
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(kill);
      resolve({ code, stdout, stderr });
    });
  });
}
