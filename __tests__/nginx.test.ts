import { NginxConfigError } from '../lib/errors';
import { parseNginxKeepalive, parseNginxTime } from '../lib/options/nginx';

const CODE = 'ERR_UPSTREAM_KEEPALIVE_INVALID_NGINX_CONFIG';

/** Runs `fn`, expects a NginxConfigError, and returns it. */
function configError(fn: () => unknown): NginxConfigError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(NginxConfigError);
    expect(err).toBeInstanceOf(SyntaxError);
    const e = err as NginxConfigError;
    expect(e.code).toBe(CODE);
    return e;
  }
  throw new Error('expected a NginxConfigError, nothing was thrown');
}

function expectRejected(text: string, line: number, ...inMessage: string[]): NginxConfigError {
  const err = configError(() => parseNginxKeepalive(text));
  expect(err.line).toBe(line);
  expect(err.message).toContain(`(line ${line})`);
  for (const part of inMessage) expect(err.message).toContain(part);
  return err;
}

describe('parseNginxTime', () => {
  it.each([
    ['0', 0],
    ['30', 30_000],
    ['250ms', 250],
    ['45s', 45_000],
    ['5m', 300_000],
    ['2h', 7_200_000],
    ['1d', 86_400_000],
    ['1w', 604_800_000],
    ['1M', 2_592_000_000],
    ['1y', 31_536_000_000],
    ['1h30m', 5_400_000],
    ['1h 30m', 5_400_000],
    ['1h   30m  ', 5_400_000],
    ['1m30', 90_000],
    ['1s500ms', 1_500],
    ['1y1M1w1d1h1m1s1ms', 31_536_000_000 + 2_592_000_000 + 604_800_000 + 86_400_000 + 3_600_000 + 60_000 + 1_000 + 1],
    ['007s', 7_000],
  ])('%j is %d ms', (text, ms) => {
    expect(parseNginxTime(text)).toBe(ms);
  });

  it('takes Number.MAX_SAFE_INTEGER ms, and not one more', () => {
    expect(parseNginxTime(`${Number.MAX_SAFE_INTEGER}ms`)).toBe(Number.MAX_SAFE_INTEGER);
    expect(configError(() => parseNginxTime(`${BigInt(Number.MAX_SAFE_INTEGER) + 1n}ms`)).message).toContain('more than');
    expect(configError(() => parseNginxTime('1000000000y')).message).toContain('more than');
    expect(configError(() => parseNginxTime('99999999999999999999999999s')).message).toContain('more than');
  });

  it.each([
    ['', 'empty'],
    ['-1s', 'unexpected "-"'],
    ['+1s', 'unexpected "+"'],
    ['1.5s', 'unexpected "."'],
    ['10x', 'unexpected "x"'],
    ['10S', 'unexpected "S"'],
    ['s', 'without a number'],
    ['1hm', 'without a number'],
    ['30m1h', 'unit "h" after "m"'],
    ['1s1s', 'unit "s" after "s"'],
    ['1ms1s', 'unit "s" after "ms"'],
    ['1s 30', 'after "s"'],
    ['30 40', 'must be the last part'],
    [' 1h', 'leading space'],
    ['1h\t30m', 'unexpected "\\t"'],
  ])('rejects %j (%s)', (text, why) => {
    const err = configError(() => parseNginxTime(text, 7));
    expect(err.line).toBe(7);
    expect(err.message).toContain(JSON.stringify(text));
    expect(err.message).toContain(why);
  });

  it('reports line 1 by default', () => {
    expect(configError(() => parseNginxTime('1x')).line).toBe(1);
  });
});

describe('parseNginxKeepalive', () => {
  it('maps the contract example', () => {
    expect(parseNginxKeepalive('keepalive 64; keepalive_timeout 60s; keepalive_requests 10000; keepalive_time 1h;')).toEqual({
      maxIdleSockets: 64,
      idleTimeout: 60_000,
      maxRequestsPerSocket: 10_000,
      maxSocketLifetime: 3_600_000,
    });
  });

  it('gives {} for empty text, whitespace and comments', () => {
    expect(parseNginxKeepalive('')).toEqual({});
    expect(parseNginxKeepalive(' \n\t\r\n ')).toEqual({});
    expect(parseNginxKeepalive('# keepalive 64;\n  # nothing here\n')).toEqual({});
  });

  it('leaves out directives not given', () => {
    const options = parseNginxKeepalive('keepalive_time 1h30m;');
    expect(options).toEqual({ maxSocketLifetime: 5_400_000 });
    expect(Object.keys(options)).toEqual(['maxSocketLifetime']);
  });

  it('reads many lines, comments and spread-out directives', () => {
    const text = [
      '# upstream keepalive settings',
      'keepalive 32;   # idle connections',
      '',
      'keepalive_timeout',
      '    75s',
      ';',
      'keepalive_requests 500; keepalive_time 2h; # two on a line',
      '#keepalive 1;',
    ].join('\n');
    expect(parseNginxKeepalive(text)).toEqual({
      maxIdleSockets: 32,
      idleTimeout: 75_000,
      maxRequestsPerSocket: 500,
      maxSocketLifetime: 7_200_000,
    });
  });

  it('reads CRLF line endings and tabs', () => {
    expect(parseNginxKeepalive('keepalive\t8;\r\nkeepalive_timeout\t5s;\r\n')).toEqual({ maxIdleSockets: 8, idleTimeout: 5_000 });
  });

  it('reads single- and double-quoted arguments', () => {
    expect(parseNginxKeepalive(`keepalive "16"; keepalive_timeout "1h 30m"; keepalive_requests '100'; keepalive_time '1d 12h';`)).toEqual({
      maxIdleSockets: 16,
      idleTimeout: 5_400_000,
      maxRequestsPerSocket: 100,
      maxSocketLifetime: 129_600_000,
    });
    expect(parseNginxKeepalive('keepalive_timeout "10s" ;keepalive 4;#c')).toEqual({ idleTimeout: 10_000, maxIdleSockets: 4 });
    // `#` inside quotes is part of the value, not a comment.
    expectRejected('keepalive_timeout "#1s";', 1, '"#1s"');
  });

  it('takes every time unit', () => {
    expect(parseNginxKeepalive('keepalive_timeout 1500ms;')).toEqual({ idleTimeout: 1_500 });
    expect(parseNginxKeepalive('keepalive_timeout 90;')).toEqual({ idleTimeout: 90_000 });
    expect(parseNginxKeepalive('keepalive_time "1y 1M 1w 1d 1h 1m 1s 1ms";')).toEqual({
      maxSocketLifetime: 31_536_000_000 + 2_592_000_000 + 604_800_000 + 86_400_000 + 3_600_000 + 60_000 + 1_000 + 1,
    });
  });

  it('takes large counts up to Number.MAX_SAFE_INTEGER', () => {
    expect(parseNginxKeepalive(`keepalive_requests ${Number.MAX_SAFE_INTEGER};`)).toEqual({ maxRequestsPerSocket: Number.MAX_SAFE_INTEGER });
    expectRejected(`keepalive_requests ${BigInt(Number.MAX_SAFE_INTEGER) + 1n};`, 1, 'keepalive_requests', 'at most');
  });

  describe('rejects', () => {
    it('an unknown directive', () => {
      expectRejected('keepalive 8;\nkeepalive_timeout 5s;\nkeepalive_timeuot 5s;', 3, 'unknown directive "keepalive_timeuot"');
      expectRejected('server 127.0.0.1:8080;', 1, 'unknown directive "server"');
      expectRejected('Keepalive 8;', 1, 'unknown directive "Keepalive"');
    });

    it('a directive given twice, naming both lines', () => {
      const err = expectRejected('keepalive 8;\n\nkeepalive 16;', 3, '"keepalive" directive is duplicate', 'line 1');
      expect(err.line).toBe(3);
    });

    it('a missing semicolon between directives', () => {
      expectRejected('keepalive 64\nkeepalive_timeout 60s;', 1, 'missing ";"', 'keepalive 64');
      expectRejected('keepalive 64;\n\nkeepalive_requests 100\nkeepalive_time 1h;', 3, 'missing ";"', 'keepalive_requests 100');
    });

    it('a missing semicolon at the end of the text', () => {
      expectRejected('keepalive 64;\nkeepalive_timeout 60s', 2, 'unexpected end of text', 'missing ";"', 'keepalive_timeout 60s');
      expectRejected('keepalive', 1, 'missing ";"');
    });

    it.each([
      ['keepalive 0;', 'keepalive', '"0"', 'positive integer'],
      ['keepalive -1;', 'keepalive', '"-1"', 'positive integer'],
      ['keepalive 1.5;', 'keepalive', '"1.5"', 'positive integer'],
      ['keepalive 1e3;', 'keepalive', '"1e3"', 'positive integer'],
      ['keepalive "";', 'keepalive', '""', 'positive integer'],
      ['keepalive_requests 0;', 'keepalive_requests', '"0"', 'positive integer'],
      ['keepalive_requests 10k;', 'keepalive_requests', '"10k"', 'positive integer'],
      ['keepalive_timeout 10x;', 'keepalive_timeout', '"10x"', 'unexpected "x"'],
      ['keepalive_timeout 30m1h;', 'keepalive_timeout', '"30m1h"', 'unit "h" after "m"'],
      ['keepalive_timeout "";', 'keepalive_timeout', '""', 'empty'],
      ['keepalive_timeout -5s;', 'keepalive_timeout', '"-5s"', 'unexpected "-"'],
      ['keepalive_timeout 0;', 'keepalive_timeout', '"0"', 'greater than 0'],
      ['keepalive_time 0s;', 'keepalive_time', '"0s"', 'greater than 0'],
      ['keepalive_time 1.5h;', 'keepalive_time', '"1.5h"', 'unexpected "."'],
    ])('%j', (text, directive, value, why) => {
      expectRejected(`# settings\n${text}`, 2, `"${directive}" directive`, value, why);
    });

    it('a bad value on its own line reports that line', () => {
      expectRejected('keepalive_timeout\n\n  10x\n;', 3, 'keepalive_timeout', '"10x"');
    });

    it('a wrong number of arguments', () => {
      expectRejected('keepalive;', 1, 'invalid number of arguments in "keepalive" directive', 'got 0');
      expectRejected('keepalive 8;\nkeepalive_timeout 1h 30m;', 2, '"keepalive_timeout" directive', 'got 2', 'quote a time that has spaces: "1h 30m"');
      expectRejected('keepalive_requests 1 2 3;', 1, '"keepalive_requests" directive', 'got 3');
    });

    it('blocks, braces and stray semicolons', () => {
      expectRejected('upstream backend {\n  keepalive 8;\n}', 1, 'unexpected "{"');
      expectRejected('keepalive 8;\n}', 2, 'unexpected "}"');
      expectRejected('keepalive 8;\n;', 2, 'unexpected ";"');
    });

    it('an unclosed quote or text glued to a closing quote', () => {
      expectRejected('keepalive 8;\nkeepalive_timeout "60s;\n', 2, 'unclosed');
      expectRejected(`keepalive_timeout '60s'x;`, 1, 'unexpected "x"');
    });

    it('a value that is not a string', () => {
      expect(configError(() => parseNginxKeepalive(64 as unknown as string)).line).toBe(1);
    });
  });
});

describe('error messages quote at most 80 characters of the text', () => {
  const MB = 1024 * 1024;
  /** The message's own text, without the (line N) suffix NginxConfigError adds. */
  const bounded = (err: NginxConfigError): void => {
    expect(err.message.length).toBeLessThan(400);
    expect(err.message).toContain('…');
  };

  it.each([
    ['a 1 MB statement with too many arguments', `keepalive_requests ${'1 '.repeat(MB / 2)};`, 'invalid number of arguments', `${MB + 'keepalive_requests '.length - 1} characters`],
    ['a 1 MB time with spaces', `keepalive_timeout ${'1s '.repeat(MB / 3)};`, 'quote a time that has spaces', 'characters)'],
    ['a 1 MB directive name', `${'x'.repeat(MB)} 1;`, `unknown directive "${'x'.repeat(80)}…" (${MB} characters)`, '(accepted:'],
    ['a 1 MB value', `keepalive ${'9'.repeat(MB)};`, `invalid value "${'9'.repeat(80)}…" (${MB} characters) in "keepalive" directive`, 'at most'],
    ['a 1 MB time', `keepalive_time ${'1'.repeat(MB)}x;`, `invalid value "${'1'.repeat(80)}…" (${MB + 1} characters) in "keepalive_time" directive`, ''],
    ['a 1 MB statement without its ";"', `keepalive ${'9'.repeat(MB)}`, `missing ";" after "keepalive ${'9'.repeat(70)}…" (${MB + 10} characters)`, 'unexpected end of text'],
    ['a 1 MB statement before a brace', `upstream ${'b'.repeat(MB)} {`, `unexpected "{" after "upstream ${'b'.repeat(71)}…" (${MB + 9} characters)`, 'blocks'],
    ['a 1 MB statement run into the next directive', `keepalive ${'1 '.repeat(MB / 2)}\nkeepalive_timeout 1s;`, 'missing ";" after "keepalive 1 1', 'characters)'],
    ['a 1 MB quoted word with text glued to it', `keepalive_timeout '${'6'.repeat(MB)}'x;`, `unexpected "x" after '${'6'.repeat(80)}…' (${MB} characters)`, ''],
  ])('%s', (_name, text, ...parts) => {
    const err = configError(() => parseNginxKeepalive(text));
    bounded(err);
    for (const part of parts) expect(err.message).toContain(part);
  });

  it('parseNginxTime on a 1 MB string', () => {
    const err = configError(() => parseNginxTime(`${'5'.repeat(MB)}q`));
    bounded(err);
    expect(err.message).toContain(`invalid time "${'5'.repeat(80)}…" (${MB + 1} characters)`);
  });

  it('80 characters are quoted whole, 81 are cut, and a surrogate pair is never split', () => {
    const at80 = 'y'.repeat(80);
    expect(configError(() => parseNginxKeepalive(`${at80} 1;`)).message).toContain(`unknown directive "${at80}" (accepted`);
    expect(configError(() => parseNginxKeepalive(`${at80}z 1;`)).message).toContain(`unknown directive "${at80}…" (81 characters)`);
    const emoji = `${'a'.repeat(79)}\u{1F600}${'b'.repeat(10)}`; // the pair sits at 79–80
    const message = configError(() => parseNginxKeepalive(`${emoji} 1;`)).message;
    expect(message).toContain(`"${'a'.repeat(79)}…" (91 characters)`);
    expect(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(message)).toBe(false);
  });
});
