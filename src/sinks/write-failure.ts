/** Why a target could not store a batch; the buffered sink retries it whole. */
export type WriteFailureKind = 'auth' | 'throttled' | 'unavailable';

/**
 * A failed write with what the retry needs to know: auth failures are
 * reported as such, and a server's Retry-After is honoured.
 */
export class WriteFailure extends Error {
  constructor(
    message: string,
    readonly kind: WriteFailureKind,
    /** Wait at least this long before the retry (a server's Retry-After), ms. */
    readonly retryAfterMs?: number,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'WriteFailure';
  }
}
