/**
 * `upstream-keepalive/undici` as a consumer's project resolves it, from a private build (a build
 * of dist/ running elsewhere meanwhile does not matter): `require` and `import` give the same
 * class; the package root never loads undici (users of the agents need not install it); the
 * declarations type-check with `nodenext` (package `exports`) and `node10`
 * (`typesVersions`) resolution, with undici's own types, and a misuse is an error.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '../..');
const tsc = join(root, 'node_modules/typescript/bin/tsc');

function run(file: string, args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(file, args, { cwd, timeout: 120_000, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      resolve({ code: err === null ? 0 : typeof err.code === 'number' ? err.code : 1, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

let work: string;
beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'uk-undici-package-'));
  const pkg = join(work, 'node_modules/upstream-keepalive');
  mkdirSync(pkg, { recursive: true });
  for (const dep of ['lru-cache', 'undici']) symlinkSync(join(root, 'node_modules', dep), join(work, 'node_modules', dep), 'dir');
  copyFileSync(join(root, 'package.json'), join(pkg, 'package.json'));
  const built = await run(process.execPath, [join(root, 'scripts/build.mjs'), '--out', join(pkg, 'dist')], root);
  if (built.code !== 0) throw new Error(`build failed:\n${built.stdout}\n${built.stderr}`);
  writeFileSync(join(work, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }));
}, 150_000);
afterAll(() => {
  if (work !== undefined) rmSync(work, { recursive: true, force: true });
});

test('require and import give the same class; the root entry does not load undici', async () => {
  const rootOnly = await run(
    process.execPath,
    ['-e', "const m = require('upstream-keepalive'); console.log(JSON.stringify({ undici: Object.keys(require.cache).some((f) => f.includes('/undici/')), dispatcher: 'KeepAliveDispatcher' in m }))"],
    work,
  );
  expect(JSON.parse(rootOnly.stdout)).toEqual({ undici: false, dispatcher: false });
  const script = `
    import { createRequire } from 'node:module';
    import { KeepAliveDispatcher } from 'upstream-keepalive/undici';
    const require = createRequire(import.meta.url);
    const cjs = require('upstream-keepalive/undici');
    const d = new KeepAliveDispatcher();
    console.log(JSON.stringify({
      same: cjs.KeepAliveDispatcher === KeepAliveDispatcher,
      isDispatcher: d instanceof require('undici').Dispatcher,
      resolved: import.meta.resolve('upstream-keepalive/undici').replace(/^.*node_modules\\//, ''),
    }));
    await d.close();`;
  const r = await run(process.execPath, ['--input-type=module', '-e', script], work);
  expect(r.stderr).toBe('');
  expect(JSON.parse(r.stdout)).toEqual({ same: true, isDispatcher: true, resolved: 'upstream-keepalive/dist/esm/undici.mjs' });
});

/** The declarations and tsc do not depend on the Node line: they are checked on the floor line (20), once per `npm run test:node`. */
const onTheFloorLine = process.versions.node.startsWith('20.') ? test : test.skip;

onTheFloorLine('the declarations type-check for a consumer (nodenext with every declaration checked, node10), and a misuse is an error', async () => {
  const good = `import { KeepAliveDispatcher, type AgentStats, type KeepAliveDispatcherOptions, isRetryableReuseError } from 'upstream-keepalive/undici';
import { setGlobalDispatcher, request, type Dispatcher } from 'undici';
const options: KeepAliveDispatcherOptions = { maxIdleSockets: 8, maxSockets: 4, connect: { rejectUnauthorized: true } };
const dispatcher = new KeepAliveDispatcher(options);
const asUndici: Dispatcher = dispatcher;
setGlobalDispatcher(dispatcher);
dispatcher.on('socketClosed', (m) => console.log(m.reason.toUpperCase(), m.frontEnd));
dispatcher.on('connect', (origin, targets) => console.log(origin.host, targets.length));
const stats: AgentStats = dispatcher.getStats();
export const used = [asUndici, stats.idle, isRetryableReuseError(new Error('x')), request, KeepAliveDispatcher.fromNginx('keepalive 8;')];
`;
  const bad = `import { KeepAliveDispatcher } from 'upstream-keepalive/undici';
export const a = new KeepAliveDispatcher({ maxIdleSockets: '8' });
// @ts-expect-error: not an event of the dispatcher
new KeepAliveDispatcher().on('socketClosd', () => {});
`;
  writeFileSync(join(work, 'good.ts'), good);
  writeFileSync(join(work, 'bad.ts'), bad);
  const check = async (module: string, resolution: string, skipLibCheck: boolean, files: string[]): Promise<string[]> => {
    writeFileSync(
      join(work, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { target: 'ES2022', module, moduleResolution: resolution, strict: true, noEmit: true, skipLibCheck, esModuleInterop: true, types: ['node'], typeRoots: [join(root, 'node_modules/@types')] },
        files,
      }),
    );
    const r = await run(process.execPath, [tsc, '-p', join(work, 'tsconfig.json'), '--pretty', 'false'], work);
    return r.stdout.split('\n').filter((l) => /error TS/.test(l));
  };
  // The exports map (nodenext), every declaration checked, ours and undici's: the one misuse only.
  const errors = await check('nodenext', 'nodenext', false, ['good.ts', 'bad.ts']);
  expect(errors).toHaveLength(1);
  expect(errors[0]).toMatch(/^bad\.ts\(2,.*TS2322/);
  // typesVersions (node10, which reads no exports map).
  expect(await check('commonjs', 'node10', true, ['good.ts'])).toEqual([]);
}, 120_000);
