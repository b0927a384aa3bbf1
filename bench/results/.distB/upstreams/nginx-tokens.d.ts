import { type Token } from '../options/nginx';
/** One word of configuration text, or one of `;`, `{`, `}` (`special`): the tokens of `lib/options/nginx.ts`. */
export type NginxToken = Token;
/** A directive: its name, its arguments, and its block if it has one (`upstream x { … }`). */
export interface NginxStatement {
    readonly name: NginxToken;
    readonly args: readonly NginxToken[];
    readonly block: readonly NginxStatement[] | undefined;
}
/** Splits `text` into tokens (the keepalive parser's tokenizer, after `ngx_conf_read_token`). */
export declare const tokenizeNginx: (text: string) => NginxToken[];
/**
 * The statements of `tokens`, blocks nested. Each statement ends with `;` or is followed by
 * a `{ … }` block.
 * @throws {NginxConfigError} for a missing `;`, a stray `}` or `;`, or an unclosed block.
 */
export declare function statementsOf(tokens: readonly NginxToken[]): NginxStatement[];
//# sourceMappingURL=nginx-tokens.d.ts.map