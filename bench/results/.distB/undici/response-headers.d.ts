/** What the pool needs to know of a final response. */
export interface ResponseFacts {
    /** The `Keep-Alive: timeout=N` hint, in seconds. */
    hint: number | undefined;
    /** The response's `Connection` header has the `close` token. */
    close: boolean;
}
type Raw = readonly (Buffer | string | readonly (Buffer | string)[])[];
/** Fills `facts` from raw headers (one pass; only names of 10 characters are looked at). */
export declare function readRawResponse(facts: ResponseFacts, raw: Raw | null | undefined): void;
/** Fills `facts` from parsed headers. */
export declare function readParsedResponse(facts: ResponseFacts, headers: Readonly<Record<string, string | string[] | undefined>>): void;
export {};
//# sourceMappingURL=response-headers.d.ts.map