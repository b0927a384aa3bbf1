/**
 * NGINX configuration text as statements (with blocks), for reading `upstream` blocks, from the
 * tokens of `lib/options/nginx.ts` (after `ngx_conf_read_token`: quotes, `\` escapes, `#`
 * comments).
 * @module
 */
import { NginxConfigError } from '../errors';
import { tokenize, type Token } from '../options/nginx';

/** One word of configuration text, or one of `;`, `{`, `}` (`special`): the tokens of `lib/options/nginx.ts`. */
export type NginxToken = Token;

/** A directive: its name, its arguments, and its block if it has one (`upstream x { … }`). */
export interface NginxStatement {
  readonly name: NginxToken;
  readonly args: readonly NginxToken[];
  readonly block: readonly NginxStatement[] | undefined;
}

/** Splits `text` into tokens (the keepalive parser's tokenizer, after `ngx_conf_read_token`). */
export const tokenizeNginx: (text: string) => NginxToken[] = tokenize;

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
