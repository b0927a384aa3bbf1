/**
 * NGINX configuration text as tokens and statements (with blocks), for reading `upstream`
 * blocks. The token rules are those of `lib/options/nginx.ts` (after `ngx_conf_read_token`:
 * quotes, `\` escapes, `#` comments), whose tokenizer is not exported; its `Token` shape is
 * the same, so that its tokens can be given here once it is.
 * @module
 */
import { NginxConfigError } from '../errors';

/** One word of configuration text, or one of `;`, `{`, `}` (`special`). */
export interface NginxToken {
  readonly text: string;
  /** 1-based line. */
  readonly line: number;
  /** `;`, `{` or `}` outside quotes. */
  readonly special: boolean;
  readonly quoted: boolean;
}

/** A directive: its name, its arguments, and its block if it has one (`upstream x { … }`). */
export interface NginxStatement {
  readonly name: NginxToken;
  readonly args: readonly NginxToken[];
  readonly block: readonly NginxStatement[] | undefined;
}

const ESCAPES: Readonly<Record<string, string>> = { '"': '"', "'": "'", '\\': '\\', t: '\t', r: '\r', n: '\n' };
const isSpace = (ch: string | undefined): boolean => ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n';
const isSpecial = (ch: string | undefined): boolean => ch === ';' || ch === '{' || ch === '}';

/** Splits `text` into tokens. */
export function tokenizeNginx(text: string): NginxToken[] {
  const tokens: NginxToken[] = [];
  let line = 1;
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (isSpace(ch)) {
      if (ch === '\n') line++;
      i++;
      continue;
    }
    if (ch === '#') {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    if (isSpecial(ch)) {
      tokens.push({ text: ch, line, special: true, quoted: false });
      i++;
      continue;
    }
    const start = line;
    const quote = ch === '"' || ch === "'" ? ch : undefined;
    if (quote) i++;
    let word = '';
    for (;;) {
      const c = text[i];
      if (c === undefined) {
        if (quote) throw new NginxConfigError(`unexpected end of text: unclosed ${quote} quote`, start);
        break;
      }
      if (quote ? c === quote : isSpace(c) || isSpecial(c)) break;
      i++;
      if (c === '\\' && i < text.length) {
        const next = text[i++]!;
        word += ESCAPES[next] ?? `\\${next}`;
        if (next === '\n') line++;
        continue;
      }
      if (c === '\n') line++;
      word += c;
    }
    if (quote) {
      i++;
      const after = text[i];
      if (after !== undefined && !isSpace(after) && !isSpecial(after)) {
        throw new NginxConfigError(`unexpected ${JSON.stringify(after)} after ${quote}${word}${quote}`, line);
      }
    }
    tokens.push({ text: word, line: start, special: false, quoted: quote !== undefined });
  }
  return tokens;
}

/**
 * The statements of `tokens`, blocks nested. Each statement ends with `;` or is followed by
 * a `{ … }` block.
 * @throws {NginxConfigError} for a missing `;`, a stray `}` or `;`, or an unclosed block.
 */
export function statementsOf(tokens: readonly NginxToken[]): NginxStatement[] {
  let i = 0;
  const read = (inBlock: NginxToken | undefined): NginxStatement[] => {
    const out: NginxStatement[] = [];
    for (;;) {
      const head = tokens[i];
      if (head === undefined) {
        if (inBlock) throw new NginxConfigError('unexpected end of text: missing "}"', inBlock.line);
        return out;
      }
      if (head.special) {
        if (head.text === '}' && inBlock) {
          i++;
          return out;
        }
        throw new NginxConfigError(`unexpected "${head.text}"`, head.line);
      }
      const args: NginxToken[] = [];
      i++;
      while (tokens[i] !== undefined && !tokens[i]!.special) args.push(tokens[i++]!);
      const stop = tokens[i];
      if (stop === undefined || stop.text === '}') {
        const last = args.at(-1) ?? head;
        const what = [head, ...args].map((t) => t.text).join(' ');
        throw new NginxConfigError(`${stop ? 'unexpected "}"' : 'unexpected end of text'}: missing ";" after "${what}"`, last.line);
      }
      i++;
      out.push({ name: head, args, block: stop.text === '{' ? read(stop) : undefined });
    }
  };
  return read(undefined);
}
